// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Approximate schemes change results: without allow-approximate the pass
// refuses them; with it the program runs and its product differs from the
// reference (printed first: max |STL - reference|, then max |reference|).
// Exact schemes differ by exactly 0 on this integer data.

// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=truncated-4x4x4-r24 2>&1 | FileCheck %s --check-prefix=REFUSED
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=cp-als-4x4x4-r24 2>&1 | FileCheck %s --check-prefix=REFUSED
// REFUSED: error: stl-rewrite-matmul: scheme '{{.*}}' is approximate (relative error {{.*}}); it changes results and mixes rows within a tile; pass allow-approximate=true to use it anyway

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s --check-prefix=EXACT
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen-4x4 --stl-cpu-pipeline 2>/dev/null | %{exec} | FileCheck %s --check-prefix=EXACT
// EXACT: data =
// EXACT-NEXT: [0]
// EXACT: data =
// EXACT-NEXT: [144]

// RUN: stl-opt %s --stl-rewrite-matmul="scheme=truncated-4x4x4-r24 allow-approximate=true" --stl-cpu-pipeline 2>/dev/null | %{exec} | FileCheck %s --check-prefix=TRUNCATED
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=cp-als-4x4x4-r24 allow-approximate=true" --stl-cpu-pipeline 2>/dev/null | %{exec} | FileCheck %s --check-prefix=CPALS
// TRUNCATED: data =
// TRUNCATED-NEXT: [132]
// TRUNCATED: data =
// TRUNCATED-NEXT: [144]
// CPALS: data =
// CPALS-NEXT: {{\[}}{{[1-9][0-9]*(\.[0-9]+)?}}]
// CPALS: data =
// CPALS-NEXT: [144]

// The rewritten run does use the approximate scheme on @product only.
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=truncated-4x4x4-r24 allow-approximate=true" 2>&1 | FileCheck %s --check-prefix=IR
// IR: remark: not rewritten to STL: body is not a multiply-add of the inputs
// IR-LABEL: func.func @product
// IR: stl.matmul {{.*}}"truncated-4x4x4-r24"
// IR-LABEL: func.func @reference
// IR-NOT: stl.matmul

func.func private @printMemrefF32(tensor<*xf32>)

// An m x n matrix with entries ((i * p + j * q) mod r) - s: small integers,
// so every product is exact in f32 and any changed number shows.
func.func @matrix(%m: index, %n: index, %p: index, %q: index, %r: index, %s: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %mod = arith.remui %sum, %r : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}


// The product the pass rewrites.
func.func @product(%a: tensor<16x12xf32>, %b: tensor<12x8xf32>) -> tensor<16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<16x8xf32>) -> tensor<16x8xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<16x12xf32>, tensor<12x8xf32>) outs(%c : tensor<16x8xf32>) -> tensor<16x8xf32>
  return %0 : tensor<16x8xf32>
}

// The same product written as acc - (-a) * b, which the pass leaves alone
// (with a remark): the reference every run compares against.
func.func @reference(%a: tensor<16x12xf32>, %b: tensor<12x8xf32>) -> tensor<16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<16x8xf32>) -> tensor<16x8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<16x12xf32>, tensor<12x8xf32>) outs(%c : tensor<16x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %nx = arith.negf %x : f32
    %p = arith.mulf %nx, %y : f32
    %s = arith.subf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<16x8xf32>
  return %0 : tensor<16x8xf32>
}

// max |x - y| over all entries, as a 1-element tensor.
func.func @max_abs_diff(%x: tensor<16x8xf32>, %y: tensor<16x8xf32>) -> tensor<1xf32> {
  %e = tensor.empty() : tensor<16x8xf32>
  %d = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<16x8xf32>, tensor<16x8xf32>) outs(%e : tensor<16x8xf32>) {
  ^bb0(%u: f32, %v: f32, %out: f32):
    %s = arith.subf %u, %v : f32
    %a = math.absf %s : f32
    linalg.yield %a : f32
  } -> tensor<16x8xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1xf32>) -> tensor<1xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (0)>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%d : tensor<16x8xf32>) outs(%init : tensor<1xf32>) {
  ^bb0(%u: f32, %out: f32):
    %r = arith.maximumf %u, %out : f32
    linalg.yield %r : f32
  } -> tensor<1xf32>
  return %m : tensor<1xf32>
}

func.func @print1(%t: tensor<1xf32>) {
  %u = tensor.cast %t : tensor<1xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %i3 = arith.constant 3 : index
  %i5 = arith.constant 5 : index
  %i7 = arith.constant 7 : index
  %i8 = arith.constant 8 : index
  %i11 = arith.constant 11 : index
  %i12 = arith.constant 12 : index
  %i13 = arith.constant 13 : index
  %i16 = arith.constant 16 : index
  %i17 = arith.constant 17 : index
  %f6 = arith.constant 6.0 : f32
  %f8 = arith.constant 8.0 : f32
  %a_d = call @matrix(%i16, %i12, %i7, %i3, %i17, %f8) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %a = tensor.cast %a_d : tensor<?x?xf32> to tensor<16x12xf32>
  %b_d = call @matrix(%i12, %i8, %i5, %i11, %i13, %f6) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b = tensor.cast %b_d : tensor<?x?xf32> to tensor<12x8xf32>
  %p = call @product(%a, %b) : (tensor<16x12xf32>, tensor<12x8xf32>) -> tensor<16x8xf32>
  %r = call @reference(%a, %b) : (tensor<16x12xf32>, tensor<12x8xf32>) -> tensor<16x8xf32>
  %d = call @max_abs_diff(%p, %r) : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<1xf32>
  call @print1(%d) : (tensor<1xf32>) -> ()
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<16x8xf32>) -> tensor<16x8xf32>
  %scale = call @max_abs_diff(%r, %z) : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<1xf32>
  call @print1(%scale) : (tensor<1xf32>) -> ()
  return
}
