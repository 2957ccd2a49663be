// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_90a | FileCheck %s --check-prefix=SM90A
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_90 | FileCheck %s --check-prefix=SM90
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a schedule=data_parallel" | FileCheck %s --check-prefix=DP
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,128,64 stages=3 schedule=data_parallel" | FileCheck %s --check-prefix=OVERRIDE
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,128,64 warp-layout=2,1" | FileCheck %s --check-prefix=PINNED-PERSISTENT
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a cluster=2" | FileCheck %s --check-prefix=CLUSTER

// The configuration is chosen from the chip and the shapes, and recorded on
// each stl.hadamard; the lowering only reads it.

// sm_90a defaults to the persistent warp-specialized kernel. A product
// with at least one 128x256 tile per SM gets them (two consumer warpgroups
// stacked along M, as many stages as shared memory holds); the data-parallel
// kernel wants the GPU filled twice for them. sm_80/sm_90 get 128x128x32
// with 2x2 warps.
// SM90A-LABEL: func @large
//       SM90A:   stl.hadamard {{.*}}{stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent>}
// DP-LABEL: func @large
//       DP:   stl.hadamard {{.*}}{stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16]>}
// With cluster=2, tiles whose rhs boxes split between two blocks (BN 128
// or 256) get clusters; thinner ones (@thin, @tall) keep cluster 1.
// CLUSTER-LABEL: func @large
//       CLUSTER:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent, cluster = 2>
// PINNED-PERSISTENT-LABEL: func @large
//       PINNED-PERSISTENT:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 7, mma_shape = [64, 128, 16], schedule = persistent>
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

// Fewer 128x128 tiles (56) than SMs: the persistent kernel takes 64x128
// tiles (112, two blocks per SM); the data-parallel one 128x128 in one
// warpgroup.
// SM90A-LABEL: func @medium
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent>
// DP-LABEL: func @medium
//       DP:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16]>
// CLUSTER-LABEL: func @medium
//       CLUSTER:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent, cluster = 2>
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
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16], schedule = persistent>
// CLUSTER-LABEL: func @thin
//       CLUSTER:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16], schedule = persistent>
// SM80-LABEL: func @thin
//       SM80:   #stl.kernel_config<chip = "sm_80", block_tile = [32, 64, 32], warp_layout = [1, 1], stages = 4, mma_shape = [16, 8, 16]>
func.func @thin(%a: tensor<2x49x16x100xf16>, %b: tensor<2x49x100x40xf16>) -> tensor<2x49x16x40xf16> {
  %p = stl.hadamard %a, %b : tensor<2x49x16x100xf16>, tensor<2x49x100x40xf16> -> tensor<2x49x16x40xf16>
  return %p : tensor<2x49x16x40xf16>
}

// -----

// Tall and narrow: 56 tiles of 128x64 would leave SMs idle, so the
// persistent kernel takes 64x64; the data-parallel one keeps 128 rows,
// which need two warpgroups when BN is not 128.
// SM90A-LABEL: func @tall
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16], schedule = persistent>
// DP-LABEL: func @tall
//       DP:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 64, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 64, 16]>
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

// -----

// Shallow products (K <= 128) are mostly epilogue: the persistent kernel
// takes 64x128 tiles, two blocks per SM, instead of 128x256.
// SM90A-LABEL: func @shallow
//       SM90A:   #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent>
// DP-LABEL: func @shallow
//       DP:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16]>
func.func @shallow(%a: tensor<24x2048x128xbf16>, %b: tensor<24x128x2048xbf16>) -> tensor<24x2048x2048xf32> {
  %p = stl.hadamard %a, %b : tensor<24x2048x128xbf16>, tensor<24x128x2048xbf16> -> tensor<24x2048x2048xf32>
  return %p : tensor<24x2048x2048xf32>
}
