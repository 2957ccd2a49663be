// RUN: stl-opt %s --stl-gpu-pad-hadamard | FileCheck %s

// Operands are zero-padded to the block tile [BM, BN, BK] = [64, 32, 32]:
// rows 40 -> 64, inner 30 -> 32, columns 20 -> 32; the result is sliced
// back. The configuration moves to the padded product.

// CHECK-LABEL: func @pad
//  CHECK-SAME:   %[[A:.*]]: tensor<7x40x30xf16>, %[[B:.*]]: tensor<7x30x20xf16>
//       CHECK:   %[[PA:.*]] = tensor.pad %[[A]] low[0, 0, 0] high[0, 24, 2]
//       CHECK:     tensor.yield %{{.*}} : f16
//       CHECK:   } : tensor<7x40x30xf16> to tensor<7x64x32xf16>
//       CHECK:   %[[PB:.*]] = tensor.pad %[[B]] low[0, 0, 0] high[0, 2, 12]
//       CHECK:   } : tensor<7x30x20xf16> to tensor<7x32x32xf16>
//       CHECK:   %[[P:.*]] = stl.hadamard %[[PA]], %[[PB]] {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32]
//  CHECK-SAME:     -> tensor<7x64x32xf32>
//       CHECK:   %[[S:.*]] = tensor.extract_slice %[[P]][0, 0, 0] [7, 40, 20] [1, 1, 1] : tensor<7x64x32xf32> to tensor<7x40x20xf32>
//       CHECK:   return %[[S]]
func.func @pad(%a: tensor<7x40x30xf16>, %b: tensor<7x30x20xf16>) -> tensor<7x40x20xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32], warp_layout = [1, 1], stages = 2, mma_shape = [16, 8, 16]>} : tensor<7x40x30xf16>, tensor<7x30x20xf16> -> tensor<7x40x20xf32>
  return %p : tensor<7x40x20xf32>
}

// CHECK-LABEL: func @aligned
//   CHECK-NOT:   tensor.pad
//       CHECK:   stl.hadamard %arg0, %arg1
//   CHECK-NOT:   tensor.extract_slice
func.func @aligned(%a: tensor<7x64x32xf16>, %b: tensor<7x32x32xf16>) -> tensor<7x64x32xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32], warp_layout = [1, 1], stages = 2, mma_shape = [16, 8, 16]>} : tensor<7x64x32xf16>, tensor<7x32x32xf16> -> tensor<7x64x32xf32>
  return %p : tensor<7x64x32xf32>
}

// Without a configuration nothing changes.
// CHECK-LABEL: func @unconfigured
//   CHECK-NOT:   tensor.pad
func.func @unconfigured(%a: tensor<7x40x30xf16>, %b: tensor<7x30x20xf16>) -> tensor<7x40x20xf32> {
  %p = stl.hadamard %a, %b : tensor<7x40x30xf16>, tensor<7x30x20xf16> -> tensor<7x40x20xf32>
  return %p : tensor<7x40x20xf32>
}
