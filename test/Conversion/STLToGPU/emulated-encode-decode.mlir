// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// DEFINE: %{emulate} = --stl-decompose --test-stl-convert-encode-decode-to-gpu --test-stl-gpu-emulate-launches --stl-cpu-pipeline

// The encode and decode kernels of the GPU lowering run as host loops
// (--test-stl-gpu-emulate-launches; the products stay on the CPU path) and must
// print exactly what the CPU reference prints: same tiling math, including
// the pads and slices the kernels fuse, batch dimensions and inits.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-test-opt %s --stl-rewrite-matmul="scheme=strassen force=true" %{emulate} | %{exec} | FileCheck %s
// RUN: stl-test-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" %{emulate} | %{exec} | FileCheck %s
// RUN: stl-test-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true" %{emulate} | %{exec} | FileCheck %s

// The kernels really are emulated: no stl op but the products is left.
// RUN: stl-test-opt %s --stl-rewrite-matmul=force=true --stl-decompose --test-stl-convert-encode-decode-to-gpu | FileCheck %s --check-prefix=IR
// IR-COUNT-6: gpu.launch_func
// IR-NOT: stl.encode
// IR-NOT: stl.decode

// CHECK: sizes = [7, 5] strides = [5, 1] data =
// CHECK-NEXT: [9,   -13,   10,   -2,   -4],
// CHECK-NEXT: [10,   4,   -7,   -3,   -4],
// CHECK-NEXT: [-3,   -7,   4,   10,   -4],
// CHECK-NEXT: [-2,   10,   -13,   9,   -4],
// CHECK-NEXT: [-8,   6,   5,   -6,   3],
// CHECK-NEXT: [0,   -5,   -5,   0,   10],
// CHECK-NEXT: [-6,   5,   6,   -8,   3]]
// CHECK: sizes = [2, 4, 6] strides = [24, 6, 1] data =
// CHECK-NEXT: [-1,    0,    -5,    -14,    0,    1],
// CHECK-NEXT: [-5,    1,    -6,    7,    -7,    -11],
// CHECK-NEXT: [-9,    -1,    -4,    -7,    -2,    -5],
// CHECK-NEXT: [4,    -5,    3,    -9,    -4,    1]],
// CHECK-NEXT: [-10,    -7,    6,    -5,    1,    -6],
// CHECK-NEXT: [1,    -1,    -13,    -5,    -1,    0],
// CHECK-NEXT: [-1,    -2,    8,    -3,    -10,    -4],
// CHECK-NEXT: [0,    -3,    -9,    2,    -4,    4]]]

func.func private @printMemrefF32(tensor<*xf32>)

// Entries ((i * p + j * q) mod r) - s: small integers, exact in f16 and f32.
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

// f16 operands, no tile divides M = 7 or N = 5: the encode kernel reads the
// padded X through bounds checks, the decode kernel writes the sliced Y.
func.func @unaligned(%a: tensor<7x6xf16>, %b: tensor<6x5xf16>) -> tensor<7x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<7x5xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<7x5xf32>) -> tensor<7x5xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<7x6xf16>, tensor<6x5xf16>) outs(%c : tensor<7x5xf32>) -> tensor<7x5xf32>
  return %0 : tensor<7x5xf32>
}

// Batched, accumulating into a non-zero C (the decode kernel's init).
func.func @batched(%a: tensor<2x4x8xf32>, %b: tensor<2x8x6xf32>, %c: tensor<2x4x6xf32>) -> tensor<2x4x6xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xf32>, tensor<2x8x6xf32>) outs(%c : tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  return %0 : tensor<2x4x6xf32>
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
  %i12 = arith.constant 12 : index
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32
  %f4 = arith.constant 4.0 : f32

  %ua = call @matrix(%i7, %i6, %i3, %i5, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ua_s = tensor.cast %ua : tensor<?x?xf32> to tensor<7x6xf32>
  %ua_h = arith.truncf %ua_s : tensor<7x6xf32> to tensor<7x6xf16>
  %ub = call @matrix(%i6, %i5, %i2, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ub_s = tensor.cast %ub : tensor<?x?xf32> to tensor<6x5xf32>
  %ub_h = arith.truncf %ub_s : tensor<6x5xf32> to tensor<6x5xf16>
  %u = call @unaligned(%ua_h, %ub_h) : (tensor<7x6xf16>, tensor<6x5xf16>) -> tensor<7x5xf32>
  %u_p = tensor.cast %u : tensor<7x5xf32> to tensor<*xf32>
  call @printMemrefF32(%u_p) : (tensor<*xf32>) -> ()

  %ba = call @matrix(%i8, %i8, %i3, %i7, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ba_s = tensor.cast %ba : tensor<?x?xf32> to tensor<8x8xf32>
  %ba_b = tensor.expand_shape %ba_s [[0, 1], [2]] output_shape [2, 4, 8] : tensor<8x8xf32> into tensor<2x4x8xf32>
  %bb = call @matrix(%i12, %i8, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %bb_s = tensor.cast %bb : tensor<?x?xf32> to tensor<12x8xf32>
  %bb_c = tensor.collapse_shape %bb_s [[0, 1]] : tensor<12x8xf32> into tensor<96xf32>
  %bb_b = tensor.expand_shape %bb_c [[0, 1, 2]] output_shape [2, 8, 6] : tensor<96xf32> into tensor<2x8x6xf32>
  %bc = call @matrix(%i8, %i6, %i1, %i4, %i3, %f4) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %bc_s = tensor.cast %bc : tensor<?x?xf32> to tensor<8x6xf32>
  %bc_b = tensor.expand_shape %bc_s [[0, 1], [2]] output_shape [2, 4, 6] : tensor<8x6xf32> into tensor<2x4x6xf32>
  %b = call @batched(%ba_b, %bb_b, %bc_b) : (tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  %b_p = tensor.cast %b : tensor<2x4x6xf32> to tensor<*xf32>
  call @printMemrefF32(%b_p) : (tensor<*xf32>) -> ()
  return
}
