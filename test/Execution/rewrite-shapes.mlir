// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Shapes, layouts and accumulation: the rewritten program prints exactly
// the numbers of the unrewritten one, for square, rectangular (<2,2,3>) and
// larger tiles.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s

// Every product is rewritten.
// RUN: stl-opt %s --stl-rewrite-matmul=force=true | FileCheck %s --check-prefix=IR
// IR-COUNT-9: stl.matmul
// IR-NOT: linalg.matmul
// IR-NOT: linalg.batch_matmul

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

// A b x m x n batch of matrices, entries ((k * 5 + i * p + j * q) mod r) - s.
func.func @batch(%b: index, %m: index, %n: index, %p: index, %q: index, %r: index, %s: f32) -> tensor<?x?x?xf32> {
  %e = tensor.empty(%b, %m, %n) : tensor<?x?x?xf32>
  %c5 = arith.constant 5 : index
  %0 = linalg.generic {indexing_maps = [affine_map<(k, i, j) -> (k, i, j)>], iterator_types = ["parallel", "parallel", "parallel"]}
      outs(%e : tensor<?x?x?xf32>) {
  ^bb0(%out: f32):
    %k = linalg.index 0 : index
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %k5 = arith.muli %k, %c5 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %s0 = arith.addi %k5, %ip : index
    %sum = arith.addi %s0, %jq : index
    %mod = arith.remui %sum, %r : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

func.func @print3(%t: tensor<?x?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// Square, accumulating into a non-zero C.
func.func @square(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// Rectangular: M = 4, K = 12, N = 6.
func.func @rectangular(%a: tensor<4x12xf32>, %b: tensor<12x6xf32>, %c: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x12xf32>, tensor<12x6xf32>) outs(%c : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// No tile divides 5 x 7 x 3: padding on every side; zero-filled output.
func.func @non_divisible(%a: tensor<5x7xf32>, %b: tensor<7x3xf32>) -> tensor<5x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<5x3xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<5x3xf32>) -> tensor<5x3xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<5x7xf32>, tensor<7x3xf32>) outs(%c : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// A^T * B + C with A stored K x M.
func.func @transpose_a(%a: tensor<7x5xf32>, %b: tensor<7x6xf32>, %c: tensor<5x6xf32>) -> tensor<5x6xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<7x5xf32>, tensor<7x6xf32>) outs(%c : tensor<5x6xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// A * B^T + C with B stored N x K.
func.func @transpose_b(%a: tensor<6x9xf32>, %b: tensor<5x9xf32>, %c: tensor<6x5xf32>) -> tensor<6x5xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<6x9xf32>, tensor<5x9xf32>) outs(%c : tensor<6x5xf32>) -> tensor<6x5xf32>
  return %0 : tensor<6x5xf32>
}

// (A * B)^T + C written as a generic with a transposed output.
func.func @transpose_out(%a: tensor<5x4xf32>, %b: tensor<4x6xf32>, %c: tensor<6x5xf32>) -> tensor<6x5xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<5x4xf32>, tensor<4x6xf32>) outs(%c : tensor<6x5xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<6x5xf32>
  return %0 : tensor<6x5xf32>
}

// Batched, non-divisible, accumulating.
func.func @batched(%a: tensor<3x5x7xf32>, %b: tensor<3x7x3xf32>, %c: tensor<3x5x3xf32>) -> tensor<3x5x3xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x5x7xf32>, tensor<3x7x3xf32>) outs(%c : tensor<3x5x3xf32>) -> tensor<3x5x3xf32>
  return %0 : tensor<3x5x3xf32>
}

// Batched A^T and B^T.
func.func @batched_transposed(%a: tensor<2x6x4xf32>, %b: tensor<2x5x6xf32>, %c: tensor<2x4x5xf32>) -> tensor<2x4x5xf32> {
  %0 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, k, m)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
    ins(%a, %b : tensor<2x6x4xf32>, tensor<2x5x6xf32>) outs(%c : tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// 1 x 1 x 1: all padding.
func.func @tiny(%a: tensor<1x1xf32>, %b: tensor<1x1xf32>, %c: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x1xf32>, tensor<1x1xf32>) outs(%c : tensor<1x1xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

func.func @main() {
  %i1 = arith.constant 1 : index
  %i2 = arith.constant 2 : index
  %i3 = arith.constant 3 : index
  %i4 = arith.constant 4 : index
  %i5 = arith.constant 5 : index
  %i6 = arith.constant 6 : index
  %i7 = arith.constant 7 : index
  %i8 = arith.constant 8 : index
  %i9 = arith.constant 9 : index
  %i11 = arith.constant 11 : index
  %i12 = arith.constant 12 : index
  %f1 = arith.constant 1.0 : f32
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32
  %f4 = arith.constant 4.0 : f32
  %f5 = arith.constant 5.0 : f32
  %square_a_d = call @matrix(%i8, %i8, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %square_a = tensor.cast %square_a_d : tensor<?x?xf32> to tensor<8x8xf32>
  %square_b_d = call @matrix(%i8, %i8, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %square_b = tensor.cast %square_b_d : tensor<?x?xf32> to tensor<8x8xf32>
  %square_c_d = call @matrix(%i8, %i8, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %square_c = tensor.cast %square_c_d : tensor<?x?xf32> to tensor<8x8xf32>
  %r1 = call @square(%square_a, %square_b, %square_c) : (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r1_d = tensor.cast %r1 : tensor<8x8xf32> to tensor<?x?xf32>
  call @print(%r1_d) : (tensor<?x?xf32>) -> ()
  %rect_a_d = call @matrix(%i4, %i12, %i3, %i7, %i9, %f4) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %rect_a = tensor.cast %rect_a_d : tensor<?x?xf32> to tensor<4x12xf32>
  %rect_b_d = call @matrix(%i12, %i6, %i2, %i5, %i6, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %rect_b = tensor.cast %rect_b_d : tensor<?x?xf32> to tensor<12x6xf32>
  %rect_c_d = call @matrix(%i4, %i6, %i1, %i1, %i3, %f1) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %rect_c = tensor.cast %rect_c_d : tensor<?x?xf32> to tensor<4x6xf32>
  %r2 = call @rectangular(%rect_a, %rect_b, %rect_c) : (tensor<4x12xf32>, tensor<12x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %r2_d = tensor.cast %r2 : tensor<4x6xf32> to tensor<?x?xf32>
  call @print(%r2_d) : (tensor<?x?xf32>) -> ()
  %nondiv_a_d = call @matrix(%i5, %i7, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %nondiv_a = tensor.cast %nondiv_a_d : tensor<?x?xf32> to tensor<5x7xf32>
  %nondiv_b_d = call @matrix(%i7, %i3, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %nondiv_b = tensor.cast %nondiv_b_d : tensor<?x?xf32> to tensor<7x3xf32>
  %r3 = call @non_divisible(%nondiv_a, %nondiv_b) : (tensor<5x7xf32>, tensor<7x3xf32>) -> tensor<5x3xf32>
  %r3_d = tensor.cast %r3 : tensor<5x3xf32> to tensor<?x?xf32>
  call @print(%r3_d) : (tensor<?x?xf32>) -> ()
  %ta_a_d = call @matrix(%i7, %i5, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ta_a = tensor.cast %ta_a_d : tensor<?x?xf32> to tensor<7x5xf32>
  %ta_b_d = call @matrix(%i7, %i6, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ta_b = tensor.cast %ta_b_d : tensor<?x?xf32> to tensor<7x6xf32>
  %ta_c_d = call @matrix(%i5, %i6, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ta_c = tensor.cast %ta_c_d : tensor<?x?xf32> to tensor<5x6xf32>
  %r4 = call @transpose_a(%ta_a, %ta_b, %ta_c) : (tensor<7x5xf32>, tensor<7x6xf32>, tensor<5x6xf32>) -> tensor<5x6xf32>
  %r4_d = tensor.cast %r4 : tensor<5x6xf32> to tensor<?x?xf32>
  call @print(%r4_d) : (tensor<?x?xf32>) -> ()
  %tb_a_d = call @matrix(%i6, %i9, %i2, %i3, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tb_a = tensor.cast %tb_a_d : tensor<?x?xf32> to tensor<6x9xf32>
  %tb_b_d = call @matrix(%i5, %i9, %i3, %i1, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tb_b = tensor.cast %tb_b_d : tensor<?x?xf32> to tensor<5x9xf32>
  %tb_c_d = call @matrix(%i6, %i5, %i1, %i2, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tb_c = tensor.cast %tb_c_d : tensor<?x?xf32> to tensor<6x5xf32>
  %r5 = call @transpose_b(%tb_a, %tb_b, %tb_c) : (tensor<6x9xf32>, tensor<5x9xf32>, tensor<6x5xf32>) -> tensor<6x5xf32>
  %r5_d = tensor.cast %r5 : tensor<6x5xf32> to tensor<?x?xf32>
  call @print(%r5_d) : (tensor<?x?xf32>) -> ()
  %to_a_d = call @matrix(%i5, %i4, %i3, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %to_a = tensor.cast %to_a_d : tensor<?x?xf32> to tensor<5x4xf32>
  %to_b_d = call @matrix(%i4, %i6, %i1, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %to_b = tensor.cast %to_b_d : tensor<?x?xf32> to tensor<4x6xf32>
  %to_c_d = call @matrix(%i6, %i5, %i2, %i1, %i3, %f1) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %to_c = tensor.cast %to_c_d : tensor<?x?xf32> to tensor<6x5xf32>
  %r6 = call @transpose_out(%to_a, %to_b, %to_c) : (tensor<5x4xf32>, tensor<4x6xf32>, tensor<6x5xf32>) -> tensor<6x5xf32>
  %r6_d = tensor.cast %r6 : tensor<6x5xf32> to tensor<?x?xf32>
  call @print(%r6_d) : (tensor<?x?xf32>) -> ()
  %ba_d = call @batch(%i3, %i5, %i7, %i3, %i2, %i7, %f3) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %ba = tensor.cast %ba_d : tensor<?x?x?xf32> to tensor<3x5x7xf32>
  %bb_d = call @batch(%i3, %i7, %i3, %i2, %i3, %i5, %f2) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %bb = tensor.cast %bb_d : tensor<?x?x?xf32> to tensor<3x7x3xf32>
  %bc_d = call @batch(%i3, %i5, %i3, %i1, %i2, %i4, %f2) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %bc = tensor.cast %bc_d : tensor<?x?x?xf32> to tensor<3x5x3xf32>
  %r7 = call @batched(%ba, %bb, %bc) : (tensor<3x5x7xf32>, tensor<3x7x3xf32>, tensor<3x5x3xf32>) -> tensor<3x5x3xf32>
  %r7_d = tensor.cast %r7 : tensor<3x5x3xf32> to tensor<?x?x?xf32>
  call @print3(%r7_d) : (tensor<?x?x?xf32>) -> ()
  %bta_d = call @batch(%i2, %i6, %i4, %i2, %i3, %i7, %f3) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %bta = tensor.cast %bta_d : tensor<?x?x?xf32> to tensor<2x6x4xf32>
  %btb_d = call @batch(%i2, %i5, %i6, %i3, %i1, %i5, %f2) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %btb = tensor.cast %btb_d : tensor<?x?x?xf32> to tensor<2x5x6xf32>
  %btc_d = call @batch(%i2, %i4, %i5, %i1, %i1, %i3, %f1) : (index, index, index, index, index, index, f32) -> tensor<?x?x?xf32>
  %btc = tensor.cast %btc_d : tensor<?x?x?xf32> to tensor<2x4x5xf32>
  %r8 = call @batched_transposed(%bta, %btb, %btc) : (tensor<2x6x4xf32>, tensor<2x5x6xf32>, tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  %r8_d = tensor.cast %r8 : tensor<2x4x5xf32> to tensor<?x?x?xf32>
  call @print3(%r8_d) : (tensor<?x?x?xf32>) -> ()
  %tiny_a_d = call @matrix(%i1, %i1, %i1, %i1, %i5, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tiny_a = tensor.cast %tiny_a_d : tensor<?x?xf32> to tensor<1x1xf32>
  %tiny_b_d = call @matrix(%i1, %i1, %i1, %i1, %i7, %f4) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tiny_b = tensor.cast %tiny_b_d : tensor<?x?xf32> to tensor<1x1xf32>
  %tiny_c_d = call @matrix(%i1, %i1, %i1, %i1, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tiny_c = tensor.cast %tiny_c_d : tensor<?x?xf32> to tensor<1x1xf32>
  %r9 = call @tiny(%tiny_a, %tiny_b, %tiny_c) : (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %r9_d = tensor.cast %r9 : tensor<1x1xf32> to tensor<?x?xf32>
  call @print(%r9_d) : (tensor<?x?xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-1,   -7,   15,   -16,   6,   3,   4,   1],
// CHECK-NEXT: [1,   4,   -11,   13,   -16,   1,   0,   3],
// CHECK-NEXT: [-2,   -1,   4,   2,   3,   -6,   2,   0],
// CHECK-NEXT: [15,   -10,   4,   0,   7,   -4,   -11,   6],
// CHECK-NEXT: [-19,   11,   -12,   4,   6,   4,   6,   -17],
// CHECK-NEXT: [3,   -3,   8,   -12,   -1,   7,   -3,   5],
// CHECK-NEXT: [5,   -3,   -7,   6,   -12,   5,   4,   7],
// CHECK-NEXT: [2,   3,   8,   -5,   7,   -13,   6,   -7]]
// CHECK: rank = 2 offset = 0 sizes = [4, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[21,   -20,   -19,   -3,   -2,   23],
// CHECK-NEXT: [22,   -1,   -3,   -20,   -19,   21],
// CHECK-NEXT: [5,   -3,   -2,   -1,   -3,   4],
// CHECK-NEXT: [21,   -20,   -19,   -3,   -2,   23]]
// CHECK: rank = 2 offset = 0 sizes = [5, 3] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[1,   -8,   11],
// CHECK-NEXT: [6,   2,   -9],
// CHECK-NEXT: [-9,   2,   6],
// CHECK-NEXT: [11,   -8,   1],
// CHECK-NEXT: [-9,   12,   -9]]
// CHECK: rank = 2 offset = 0 sizes = [5, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[4,   -2,   -1,   -4,   4,   8],
// CHECK-NEXT: [-13,   11,   -4,   -1,   -9,   1],
// CHECK-NEXT: [10,   -17,   9,   7,   -6,   -1],
// CHECK-NEXT: [3,   6,   -8,   9,   2,   -9],
// CHECK-NEXT: [-10,   -1,   4,   -8,   15,   -1]]
// CHECK: rank = 2 offset = 0 sizes = [6, 5] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[10,   -2,   1,   -11,   2],
// CHECK-NEXT: [-7,   13,   8,   -12,   -2],
// CHECK-NEXT: [-3,   -7,   -1,   15,   -4],
// CHECK-NEXT: [1,   -11,   -3,   0,   13],
// CHECK-NEXT: [12,   11,   -5,   -6,   -12],
// CHECK-NEXT: [-3,   -2,   14,   0,   -9]]
// CHECK: rank = 2 offset = 0 sizes = [6, 5] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[9,   -3,   -1,   -2,   0],
// CHECK-NEXT: [-9,   10,   -3,   -2,   -4],
// CHECK-NEXT: [10,   -4,   0,   0,   0],
// CHECK-NEXT: [-6,   -1,   11,   -8,   11],
// CHECK-NEXT: [-4,   -3,   -6,   12,   -8],
// CHECK-NEXT: [10,   -2,   -3,   -1,   1]]
// CHECK: rank = 3 offset = 0 sizes = [3, 5, 3] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}{{\[}}[1,    3,    -4],
// CHECK-NEXT: [-11,    1,    4],
// CHECK-NEXT: [-9,    9,    -9],
// CHECK-NEXT: [7,    0,    -8],
// CHECK-NEXT: [-2,    5,    3]],
// CHECK-NEXT: {{\[}}[-1,    6,    4],
// CHECK-NEXT: [8,    -14,    -2],
// CHECK-NEXT: [3,    -9,    13],
// CHECK-NEXT: [1,    3,    -4],
// CHECK-NEXT: [-11,    1,    4]],
// CHECK-NEXT: {{\[}}[-10,    -2,    5],
// CHECK-NEXT: [-8,    10,    -8],
// CHECK-NEXT: [4,    1,    -11],
// CHECK-NEXT: [-1,    6,    4],
// CHECK-NEXT: [8,    -14,    -2]]]
// CHECK: rank = 3 offset = 0 sizes = [2, 4, 5] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}{{\[}}[5,    -10,    15,    -8,    -3],
// CHECK-NEXT: [-7,    15,    -11,    6,    -2],
// CHECK-NEXT: [-5,    -5,    8,    6,    -4],
// CHECK-NEXT: [-6,    -1,    -1,    -4,    11]],
// CHECK-NEXT: {{\[}}[11,    -6,    -5,    11,    -11],
// CHECK-NEXT: [-4,    -2,    0,    -6,    11],
// CHECK-NEXT: [5,    9,    -5,    -6,    -2],
// CHECK-NEXT: [7,    -11,    14,    -6,    -4]]]
// CHECK: rank = 2 offset = 0 sizes = [1, 1] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[10]]
