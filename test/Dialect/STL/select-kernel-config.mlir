// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_90a | FileCheck %s --check-prefix=SM90A
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_90 | FileCheck %s --check-prefix=SM90
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,128,64 stages=3" | FileCheck %s --check-prefix=OVERRIDE

// The configuration is chosen from the chip and the shapes, and recorded on
// each stl.hadamard; the lowering only reads it.

// A product that fills an H100 twice with 128x256 tiles gets them (two
// warpgroups stacked along M); sm_80/sm_90 get 128x128x32 with 2x2 warps.
// SM90A-LABEL: func @large
//       SM90A:   stl.hadamard {{.*}}{stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16]>}
// SM80-LABEL: func @large
//       SM80:   stl.hadamard {{.*}}{stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 4, mma_shape = [16, 8, 16]>}
// SM90-LABEL: func @large
//       SM90:   #stl.kernel_config<chip = "sm_90", block_tile = [128, 128, 32], warp_layout = [2, 2]
// OVERRIDE-LABEL: func @large
//       OVERRIDE:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 3, mma_shape = [64, 128, 16]>
func.func @large(%a: tensor<7x2048x2048xbf16>, %b: tensor<7x2048x2048xbf16>) -> tensor<7x2048x2048xf32> {
  %p = stl.hadamard %a, %b : tensor<7x2048x2048xbf16>, tensor<7x2048x2048xbf16> -> tensor<7x2048x2048xf32>
  return %p : tensor<7x2048x2048xf32>
}

// -----

// Too few 128x256 tiles to fill the GPU: 128x128 in one warpgroup.
// SM90A-LABEL: func @medium
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16]>
// SM80-LABEL: func @medium
//       SM80:   #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 4
func.func @medium(%a: tensor<7x512x512xf16>, %b: tensor<7x512x256xf16>) -> tensor<7x512x256xf32> {
  %p = stl.hadamard %a, %b : tensor<7x512x512xf16>, tensor<7x512x256xf16> -> tensor<7x512x256xf32>
  return %p : tensor<7x512x256xf32>
}

// -----

// Thin products (batch dimensions fold into the GEMM batch) get the
// smallest tiles that cover them.
// SM90A-LABEL: func @thin
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16]>
// SM80-LABEL: func @thin
//       SM80:   #stl.kernel_config<chip = "sm_80", block_tile = [32, 64, 32], warp_layout = [1, 1], stages = 4, mma_shape = [16, 8, 16]>
func.func @thin(%a: tensor<2x49x16x100xf16>, %b: tensor<2x49x100x40xf16>) -> tensor<2x49x16x40xf16> {
  %p = stl.hadamard %a, %b : tensor<2x49x16x100xf16>, tensor<2x49x100x40xf16> -> tensor<2x49x16x40xf16>
  return %p : tensor<2x49x16x40xf16>
}

// -----

// Tall and narrow: 128 rows need two warpgroups when BN is not 128.
// SM90A-LABEL: func @tall
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 64, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 64, 16]>
func.func @tall(%a: tensor<7x1024x64xbf16>, %b: tensor<7x64x32xbf16>) -> tensor<7x1024x32xf32> {
  %p = stl.hadamard %a, %b : tensor<7x1024x64xbf16>, tensor<7x64x32xbf16> -> tensor<7x1024x32xf32>
  return %p : tensor<7x1024x32xf32>
}

// -----

// A configuration already in the IR is kept.
// SM80-LABEL: func @pinned
//       SM80:   #stl.kernel_config<chip = "sm_80", block_tile = [64, 64, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>
func.func @pinned(%a: tensor<7x512x512xf16>, %b: tensor<7x512x512xf16>) -> tensor<7x512x512xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 64, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>} : tensor<7x512x512xf16>, tensor<7x512x512xf16> -> tensor<7x512x512xf32>
  return %p : tensor<7x512x512xf32>
}

// -----

// f32 operands have no TensorCore kernel here: the SIMT fallback
// (mma_shape [1, 1, 1]), one thread per output element.
// SM90A-LABEL: func @f32
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [16, 16, 1], warp_layout = [1, 1], stages = 1, mma_shape = [1, 1, 1]>
// SM80-LABEL: func @f32
//       SM80:   #stl.kernel_config<chip = "sm_80", block_tile = [16, 16, 1], warp_layout = [1, 1], stages = 1, mma_shape = [1, 1, 1]>
func.func @f32(%a: tensor<7x50x30xf32>, %b: tensor<7x30x20xf32>) -> tensor<7x50x20xf32> {
  %p = stl.hadamard %a, %b : tensor<7x50x30xf32>, tensor<7x30x20xf32> -> tensor<7x50x20xf32>
  return %p : tensor<7x50x20xf32>
}
