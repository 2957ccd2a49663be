// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// The tiled and vectorized CPU code (stl-cpu-tile-and-vectorize) computes
// every product exactly like a plain scalar loop nest written with scf.for
// in the same program: full cache tiles, extents the tiles do not divide
// (primes among them), batches, and the STL form of the same products. The
// data are small integers, so any changed number shows as a nonzero
// difference.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-cpu-pipeline="cache-tile=16,32,8 register-tile=4,8,2" | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-cpu-pipeline=vectorize=false | %{exec} | FileCheck %s

// The products are vectorized.
// RUN: stl-opt %s --stl-cpu-pipeline --mlir-print-ir-after=stl-cpu-tile-and-vectorize -o /dev/null 2>&1 | FileCheck %s --check-prefix=IR
// IR: vector.fma

func.func private @printF32(f32)
func.func private @printNewline()

// An m x n matrix with entries ((i * p + j * q) mod 7) - 3.
func.func @matrix(%m: index, %n: index, %p: index, %q: index) -> tensor<?x?xf32> {
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %mod = arith.remui %sum, %c7 : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %c3 = arith.constant 3.0 : f32
    %v = arith.subf %f, %c3 : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// The reference: C = A * B with scalar scf.for loops (no linalg op, so no
// pass tiles or vectorizes it).
func.func @reference(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %k = tensor.dim %a, %c1 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %r = scf.for %i = %c0 to %m step %c1 iter_args(%ci = %e) -> tensor<?x?xf32> {
    %ri = scf.for %j = %c0 to %n step %c1 iter_args(%cj = %ci) -> tensor<?x?xf32> {
      %s = scf.for %l = %c0 to %k step %c1 iter_args(%acc = %zero) -> f32 {
        %x = tensor.extract %a[%i, %l] : tensor<?x?xf32>
        %y = tensor.extract %b[%l, %j] : tensor<?x?xf32>
        %xy = arith.mulf %x, %y : f32
        %sum = arith.addf %acc, %xy : f32
        scf.yield %sum : f32
      }
      %u = tensor.insert %s into %cj[%i, %j] : tensor<?x?xf32>
      scf.yield %u : tensor<?x?xf32>
    }
    scf.yield %ri : tensor<?x?xf32>
  }
  return %r : tensor<?x?xf32>
}

// max |x - y| over two m x n matrices.
func.func @maxdiff(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?xf32>
  %r = scf.for %i = %c0 to %m step %c1 iter_args(%a = %zero) -> f32 {
    %ri = scf.for %j = %c0 to %n step %c1 iter_args(%b = %a) -> f32 {
      %u = tensor.extract %x[%i, %j] : tensor<?x?xf32>
      %v = tensor.extract %y[%i, %j] : tensor<?x?xf32>
      %d = arith.subf %u, %v : f32
      %ad = math.absf %d : f32
      %mx = arith.maximumf %b, %ad : f32
      scf.yield %mx : f32
    }
    scf.yield %ri : f32
  }
  return %r : f32
}

func.func @report(%got: tensor<?x?xf32>, %a: tensor<?x?xf32>, %b: tensor<?x?xf32>) {
  %want = call @reference(%a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = call @maxdiff(%got, %want) : (tensor<?x?xf32>, tensor<?x?xf32>) -> f32
  call @printF32(%d) : (f32) -> ()
  call @printNewline() : () -> ()
  return
}

// One static product M x K x N, checked against the reference.
func.func @check_128x96x256() {
  %c128 = arith.constant 128 : index
  %c96 = arith.constant 96 : index
  %c256 = arith.constant 256 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = call @matrix(%c128, %c96, %c1, %c2) : (index, index, index, index) -> tensor<?x?xf32>
  %b = call @matrix(%c96, %c256, %c2, %c1) : (index, index, index, index) -> tensor<?x?xf32>
  %as = tensor.cast %a : tensor<?x?xf32> to tensor<128x96xf32>
  %bs = tensor.cast %b : tensor<?x?xf32> to tensor<96x256xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<128x256xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x256xf32>) -> tensor<128x256xf32>
  %p = linalg.matmul ins(%as, %bs : tensor<128x96xf32>, tensor<96x256xf32>) outs(%f : tensor<128x256xf32>) -> tensor<128x256xf32>
  %pd = tensor.cast %p : tensor<128x256xf32> to tensor<?x?xf32>
  call @report(%pd, %a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> ()
  return
}

// Extents no tile divides: 7 x 13 x 11 (primes) and 100 x 60 x 36; the
// product accumulates into a nonzero init.
func.func @check_odd() {
  %c7 = arith.constant 7 : index
  %c13 = arith.constant 13 : index
  %c11 = arith.constant 11 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %a = call @matrix(%c7, %c13, %c3, %c1) : (index, index, index, index) -> tensor<?x?xf32>
  %b = call @matrix(%c13, %c11, %c1, %c3) : (index, index, index, index) -> tensor<?x?xf32>
  %as = tensor.cast %a : tensor<?x?xf32> to tensor<7x13xf32>
  %bs = tensor.cast %b : tensor<?x?xf32> to tensor<13x11xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<7x11xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<7x11xf32>) -> tensor<7x11xf32>
  %p = linalg.matmul ins(%as, %bs : tensor<7x13xf32>, tensor<13x11xf32>) outs(%f : tensor<7x11xf32>) -> tensor<7x11xf32>
  %pd = tensor.cast %p : tensor<7x11xf32> to tensor<?x?xf32>
  call @report(%pd, %a, %b) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> ()

  %c100 = arith.constant 100 : index
  %c60 = arith.constant 60 : index
  %c36 = arith.constant 36 : index
  %x = call @matrix(%c100, %c60, %c3, %c1) : (index, index, index, index) -> tensor<?x?xf32>
  %y = call @matrix(%c60, %c36, %c1, %c3) : (index, index, index, index) -> tensor<?x?xf32>
  %xs = tensor.cast %x : tensor<?x?xf32> to tensor<100x60xf32>
  %ys = tensor.cast %y : tensor<?x?xf32> to tensor<60x36xf32>
  %e2 = tensor.empty() : tensor<100x36xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<100x36xf32>) -> tensor<100x36xf32>
  %q = linalg.matmul ins(%xs, %ys : tensor<100x60xf32>, tensor<60x36xf32>) outs(%f2 : tensor<100x36xf32>) -> tensor<100x36xf32>
  %qd = tensor.cast %q : tensor<100x36xf32> to tensor<?x?xf32>
  call @report(%qd, %x, %y) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> ()
  return
}

// A transposed operand: C = A * B^T written as linalg.matmul_transpose_b
// style generic contraction over (i, j, k) with B indexed (j, k).
func.func @check_transposed() {
  %c24 = arith.constant 24 : index
  %c40 = arith.constant 40 : index
  %c32 = arith.constant 32 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = call @matrix(%c24, %c40, %c1, %c2) : (index, index, index, index) -> tensor<?x?xf32>
  %bt = call @matrix(%c32, %c40, %c2, %c1) : (index, index, index, index) -> tensor<?x?xf32>
  %as = tensor.cast %a : tensor<?x?xf32> to tensor<24x40xf32>
  %bts = tensor.cast %bt : tensor<?x?xf32> to tensor<32x40xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<24x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<24x32xf32>) -> tensor<24x32xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%as, %bts : tensor<24x40xf32>, tensor<32x40xf32>) outs(%f : tensor<24x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %xy = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %xy : f32
    linalg.yield %s : f32
  } -> tensor<24x32xf32>
  %pd = tensor.cast %p : tensor<24x32xf32> to tensor<?x?xf32>
  // The reference needs B, not B^T.
  %be = tensor.empty() : tensor<40x32xf32>
  %b = linalg.transpose ins(%bts : tensor<32x40xf32>) outs(%be : tensor<40x32xf32>) permutation = [1, 0]
  %bd = tensor.cast %b : tensor<40x32xf32> to tensor<?x?xf32>
  call @report(%pd, %a, %bd) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> ()
  return
}

func.func @main() {
  call @check_128x96x256() : () -> ()
  call @check_odd() : () -> ()
  call @check_transposed() : () -> ()
  return
}

// CHECK: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NOT: {{[0-9]}}
