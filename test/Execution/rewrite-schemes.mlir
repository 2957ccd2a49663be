// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Every exact library scheme, and schemes read from files, give exactly the
// numbers of the unrewritten program (integer-valued data: no rounding).

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=winograd force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=naive-2x3x4 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-scheme export winograd -o %t.json
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=%t.json force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=%S/Inputs/rewrite-strassen-halved.json force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s

// Both products are rewritten (so the runs above do execute STL code).
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" | FileCheck %s --check-prefix=IR
// IR-COUNT-2: stl.matmul
// IR-NOT: linalg.matmul

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

// 12 is a multiple of every tile extent: no padding; C is accumulated into.
func.func @square(%a: tensor<12x12xf32>, %b: tensor<12x12xf32>, %c: tensor<12x12xf32>) -> tensor<12x12xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<12x12xf32>, tensor<12x12xf32>) outs(%c : tensor<12x12xf32>) -> tensor<12x12xf32>
  return %0 : tensor<12x12xf32>
}

// 7 x 5 x 9: padded for every tile but <1,1,1>.
func.func @odd(%a: tensor<7x5xf32>, %b: tensor<5x9xf32>) -> tensor<7x9xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<7x9xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<7x9xf32>) -> tensor<7x9xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<7x5xf32>, tensor<5x9xf32>) outs(%c : tensor<7x9xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}

func.func @main() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c9 = arith.constant 9 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %f1 = arith.constant 1.0 : f32
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32

  %a = call @matrix(%c12, %c12, %c7, %c3, %c5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b = call @matrix(%c12, %c12, %c5, %c2, %c7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c = call @matrix(%c12, %c12, %c3, %c5, %c11, %f1) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %as = tensor.cast %a : tensor<?x?xf32> to tensor<12x12xf32>
  %bs = tensor.cast %b : tensor<?x?xf32> to tensor<12x12xf32>
  %cs = tensor.cast %c : tensor<?x?xf32> to tensor<12x12xf32>
  %r = call @square(%as, %bs, %cs) : (tensor<12x12xf32>, tensor<12x12xf32>, tensor<12x12xf32>) -> tensor<12x12xf32>
  %rd = tensor.cast %r : tensor<12x12xf32> to tensor<?x?xf32>
  call @print(%rd) : (tensor<?x?xf32>) -> ()

  %x = call @matrix(%c7, %c5, %c3, %c2, %c7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %y = call @matrix(%c5, %c9, %c2, %c5, %c9, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %xs = tensor.cast %x : tensor<?x?xf32> to tensor<7x5xf32>
  %ys = tensor.cast %y : tensor<?x?xf32> to tensor<5x9xf32>
  %s = call @odd(%xs, %ys) : (tensor<7x5xf32>, tensor<5x9xf32>) -> tensor<7x9xf32>
  %sd = tensor.cast %s : tensor<7x9xf32> to tensor<?x?xf32>
  call @print(%sd) : (tensor<?x?xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [12, 12] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[14,   -11,   13,   -2,   15,   0,   3,   16,   -9,   4,   0,   6],
// CHECK-NEXT: [-3,   19,   -12,   10,   -7,   15,   -2,   -1,   21,   -10,   12,   -5],
// CHECK-NEXT: [0,   -2,   14,   2,   7,   -5,   14,   2,   0,   16,   -7,   9],
// CHECK-NEXT: [23,   -2,   5,   8,   1,   4,   -10,   14,   0,   7,   10,   3],
// CHECK-NEXT: [-20,   13,   0,   5,   10,   4,   16,   -18,   15,   2,   7,   1],
// CHECK-NEXT: [18,   -7,   6,   2,   8,   4,   -4,   20,   -16,   8,   4,   10],
// CHECK-NEXT: [1,   12,   -8,   3,   -3,   19,   2,   3,   14,   -6,   5,   -1],
// CHECK-NEXT: [4,   2,   18,   -5,   11,   -12,   18,   -5,   4,   9,   -3,   13],
// CHECK-NEXT: [16,   2,   -2,   12,   -6,   8,   -6,   18,   4,   0,   14,   -4],
// CHECK-NEXT: [-16,   17,   4,   9,   3,   8,   9,   -14,   8,   6,   0,   5],
// CHECK-NEXT: [22,   -14,   10,   -5,   12,   -3,   0,   24,   -12,   12,   -3,   14],
// CHECK-NEXT: [-6,   16,   -4,   7,   1,   12,   6,   -4,   18,   -13,   9,   -8]]
// CHECK: rank = 2 offset = 0 sizes = [7, 9] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[10,   -18,   26,   -20,   24,   -13,   -5,   -15,   -7],
// CHECK-NEXT: [-3,   19,   -13,   18,   -14,   -1,   -6,   -2,   -7],
// CHECK-NEXT: [-16,   -7,   11,   -7,   11,   11,   -7,   11,   -7],
// CHECK-NEXT: [-1,   -5,   0,   -4,   1,   -12,   20,   -11,   21],
// CHECK-NEXT: [14,   -3,   -11,   -1,   -9,   28,   -16,   30,   -14],
// CHECK-NEXT: [-6,   -8,   -1,   -12,   -5,   -16,   18,   -20,   14],
// CHECK-NEXT: [2,   22,   -12,   26,   -8,   3,   -4,   7,   0]]
