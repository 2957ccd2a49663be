// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Dynamic shapes: one rewritten function is correct for every size,
// divisible by the tile or not (the padding is computed at run time).

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=hopcroft-kerr --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=laderman --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen-4x4 --stl-cpu-pipeline | %{exec} | FileCheck %s

// RUN: stl-opt %s --stl-rewrite-matmul | FileCheck %s --check-prefix=IR
// IR-COUNT-3: stl.matmul {{.*}} -> tensor<?x?xf32>
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

// One function for every size: the rewrite pads at run time.
func.func @dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// A * B^T with dynamic sizes, from a zero-filled output.
func.func @dynamic_transpose_b(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c0 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// Static K, dynamic M and N.
func.func @partly_dynamic(%a: tensor<?x5xf32>, %b: tensor<5x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x5xf32>, tensor<5x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
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
  %f5 = arith.constant 5.0 : f32
  %a0 = call @matrix(%i1, %i1, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b0 = call @matrix(%i1, %i1, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c0 = call @matrix(%i1, %i1, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r1 = call @dynamic(%a0, %b0, %c0) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r1_d = tensor.cast %r1 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r1_d) : (tensor<?x?xf32>) -> ()
  %a1 = call @matrix(%i5, %i7, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b1 = call @matrix(%i7, %i3, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c1 = call @matrix(%i5, %i3, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r2 = call @dynamic(%a1, %b1, %c1) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r2_d = tensor.cast %r2 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r2_d) : (tensor<?x?xf32>) -> ()
  %a2 = call @matrix(%i8, %i8, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b2 = call @matrix(%i8, %i8, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c2 = call @matrix(%i8, %i8, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r3 = call @dynamic(%a2, %b2, %c2) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r3_d = tensor.cast %r3 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r3_d) : (tensor<?x?xf32>) -> ()
  %a3 = call @matrix(%i3, %i2, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b3 = call @matrix(%i2, %i9, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c3 = call @matrix(%i3, %i9, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r4 = call @dynamic(%a3, %b3, %c3) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r4_d = tensor.cast %r4 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r4_d) : (tensor<?x?xf32>) -> ()
  %a4 = call @matrix(%i4, %i12, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b4 = call @matrix(%i12, %i6, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c4 = call @matrix(%i4, %i6, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r5 = call @dynamic(%a4, %b4, %c4) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r5_d = tensor.cast %r5 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r5_d) : (tensor<?x?xf32>) -> ()
  %a5 = call @matrix(%i6, %i6, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b5 = call @matrix(%i6, %i6, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c5 = call @matrix(%i6, %i6, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r6 = call @dynamic(%a5, %b5, %c5) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r6_d = tensor.cast %r6 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r6_d) : (tensor<?x?xf32>) -> ()
  %ta0 = call @matrix(%i5, %i7, %i2, %i3, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tb0 = call @matrix(%i3, %i7, %i3, %i1, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r7 = call @dynamic_transpose_b(%ta0, %tb0) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r7_d = tensor.cast %r7 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r7_d) : (tensor<?x?xf32>) -> ()
  %ta1 = call @matrix(%i2, %i3, %i2, %i3, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %tb1 = call @matrix(%i4, %i3, %i3, %i1, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %r8 = call @dynamic_transpose_b(%ta1, %tb1) : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r8_d = tensor.cast %r8 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r8_d) : (tensor<?x?xf32>) -> ()
  %pa = call @matrix(%i7, %i5, %i3, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %pb = call @matrix(%i5, %i9, %i2, %i5, %i9, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %pc = call @matrix(%i7, %i9, %i1, %i1, %i3, %f1) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %pas = tensor.cast %pa : tensor<?x?xf32> to tensor<?x5xf32>
  %pbs = tensor.cast %pb : tensor<?x?xf32> to tensor<5x?xf32>
  %r9 = call @partly_dynamic(%pas, %pbs, %pc) : (tensor<?x5xf32>, tensor<5x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r9_d = tensor.cast %r9 : tensor<?x?xf32> to tensor<?x?xf32>
  call @print(%r9_d) : (tensor<?x?xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [1, 1] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[1]]
// CHECK: rank = 2 offset = 0 sizes = [5, 3] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-4,   -8,   16],
// CHECK-NEXT: [4,   5,   -12],
// CHECK-NEXT: [-8,   -3,   6],
// CHECK-NEXT: [15,   -10,   4],
// CHECK-NEXT: [-13,   13,   -14]]
// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-1,   -7,   15,   -16,   6,   3,   4,   1],
// CHECK-NEXT: [1,   4,   -11,   13,   -16,   1,   0,   3],
// CHECK-NEXT: [-2,   -1,   4,   2,   3,   -6,   2,   0],
// CHECK-NEXT: [15,   -10,   4,   0,   7,   -4,   -11,   6],
// CHECK-NEXT: [-19,   11,   -12,   4,   6,   4,   6,   -17],
// CHECK-NEXT: [3,   -3,   8,   -12,   -1,   7,   -3,   5],
// CHECK-NEXT: [5,   -3,   -7,   6,   -12,   5,   4,   7],
// CHECK-NEXT: [2,   3,   8,   -5,   7,   -13,   6,   -7]]
// CHECK: rank = 2 offset = 0 sizes = [3, 9] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[3,   -1,   2,   -6,   11,   -4,   -1,   5,   1],
// CHECK-NEXT: [-6,   9,   -1,   0,   -10,   5,   -5,   -4,   11],
// CHECK-NEXT: [-5,   -7,   2,   11,   -5,   4,   2,   -3,   -5]]
// CHECK: rank = 2 offset = 0 sizes = [4, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[10,   -15,   9,   -6,   11,   -4],
// CHECK-NEXT: [-7,   15,   -16,   6,   -11,   11],
// CHECK-NEXT: [-4,   -6,   10,   -2,   3,   -9],
// CHECK-NEXT: [19,   -6,   1,   4,   -3,   0]]
// CHECK: rank = 2 offset = 0 sizes = [6, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-3,   -9,   13,   -11,   4,   1],
// CHECK-NEXT: [2,   7,   -6,   6,   -14,   5],
// CHECK-NEXT: [-8,   -3,   6,   8,   -1,   -6],
// CHECK-NEXT: [17,   -12,   -2,   4,   7,   -8],
// CHECK-NEXT: [-14,   14,   -11,   -4,   10,   6],
// CHECK-NEXT: [1,   -5,   6,   -7,   -3,   5]]
// CHECK: rank = 2 offset = 0 sizes = [5, 3] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[12,   -8,   2],
// CHECK-NEXT: [-8,   12,   7],
// CHECK-NEXT: [0,   -10,   5],
// CHECK-NEXT: [1,   -4,   -4],
// CHECK-NEXT: [9,   9,   -6]]
// CHECK: rank = 2 offset = 0 sizes = [2, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[6,   -9,   6,   -9],
// CHECK-NEXT: [0,   7,   -1,   -4]]
// CHECK: rank = 2 offset = 0 sizes = [7, 9] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[9,   -18,   27,   -21,   24,   -12,   -6,   -15,   -6],
// CHECK-NEXT: [-3,   20,   -14,   18,   -13,   -2,   -6,   -1,   -8],
// CHECK-NEXT: [-15,   -8,   11,   -6,   10,   11,   -6,   10,   -7],
// CHECK-NEXT: [-2,   -5,   1,   -5,   1,   -11,   19,   -11,   22],
// CHECK-NEXT: [14,   -2,   -12,   -1,   -8,   27,   -16,   31,   -15],
// CHECK-NEXT: [-5,   -9,   -1,   -11,   -6,   -16,   19,   -21,   14],
// CHECK-NEXT: [1,   22,   -11,   25,   -8,   4,   -5,   7,   1]]
