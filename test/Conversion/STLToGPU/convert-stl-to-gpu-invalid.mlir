// The conversion only reads what earlier passes decided; when they did not
// run, it says which pass is missing instead of guessing.
// RUN: stl-opt %s --split-input-file --verify-diagnostics --convert-stl-to-gpu

func.func @no_config(%a: tensor<7x32x32xf16>, %b: tensor<7x32x32xf16>) -> tensor<7x32x32xf32> {
  // expected-error @below {{has no stl.kernel_config; run --stl-select-kernel-config and --stl-gpu-pad-hadamard first}}
  %p = stl.hadamard %a, %b : tensor<7x32x32xf16>, tensor<7x32x32xf16> -> tensor<7x32x32xf32>
  return %p : tensor<7x32x32xf32>
}

// -----

func.func @not_padded(%a: tensor<3x64x64xf16>, %b: tensor<3x64x30xf16>) -> tensor<3x64x30xf32> {
  // expected-error @below {{extents 64x64x30 are not multiples of the block tile; run --stl-gpu-pad-hadamard first}}
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 32, 32], warp_layout = [1, 1], stages = 4, mma_shape = [16, 8, 16]>} : tensor<3x64x64xf16>, tensor<3x64x30xf16> -> tensor<3x64x30xf32>
  return %p : tensor<3x64x30xf32>
}

// -----

func.func @matmul(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @below {{run --stl-decompose before the GPU lowering}}
  %y = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<7x?x2xf32> {
  // expected-error @below {{has dynamic shapes, which the GPU lowering does not support yet}}
  %e = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<?x4xf32> -> tensor<7x?x2xf32>
  return %e : tensor<7x?x2xf32>
}
