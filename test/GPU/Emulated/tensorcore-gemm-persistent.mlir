// The TensorCore GEMMs run on the host (--test-stl-gpu-emulate-kernels,
// test/lib/Emulator): every function below is lowered by the GPU passes and
// its kernels are interpreted with the Hopper semantics they rely on (mbarrier
// phases and transaction counts, TMA tiled loads with 128-byte swizzle and
// multicast, wgmma shared-memory descriptors and accumulator fragments,
// clusters, asynchronous completion), then compared bit for bit with the
// reference product on integer-valued inputs.
//
// The first six are the persistent sm_90a configurations of the GPU
// execution test (test/GPU/Execution/tensorcore-gemm-persistent.mlir) at its
// shapes; then f16 and bf16 results, extents the block tile does not divide,
// a single k-tile; then everything again with the configurations that
// stl-select-kernel-config chooses.
//
// RUN: stl-test-opt %s --test-stl-gpu-emulate-kernels -o /dev/null | FileCheck %s
//
// With at most 3 blocks, every block walks many tiles and the stage ring's
// phases carry across tiles (the ring is reused as on a full GPU).
// RUN: stl-test-opt %s --test-stl-gpu-emulate-kernels=grid-limit=3 -o /dev/null | FileCheck %s --check-prefix=FEW
//
// With the configurations stl-select-kernel-config chooses for these shapes.
// RUN: stl-test-opt %s --test-stl-gpu-emulate-kernels="pipeline=stl-select-kernel-config{overwrite=1},stl-gpu-pad-hadamard,convert-stl-to-gpu grid-limit=8" -o /dev/null | FileCheck %s --check-prefix=SELECTED

// CHECK: @one_consumer: 946400 values equal the reference (1 launches, 264 blocks, 8820 wgmma, 4410 TMA loads, 0 mma.sync)
// CHECK: @two_consumers: 946400 values equal the reference (1 launches, 132 blocks, 9800 wgmma, 2450 TMA loads, 0 mma.sync)
// CHECK: @wide: 946400 values equal the reference (1 launches, 70 blocks, 3920 wgmma, 2450 TMA loads, 0 mma.sync)
// CHECK: @ring2: 946400 values equal the reference (1 launches, 126 blocks, 3528 wgmma, 3528 TMA loads, 0 mma.sync)
// CHECK: @cluster_two_consumers: 946400 values equal the reference (1 launches, 126 blocks, 7056 wgmma, 1764 TMA loads, 0 mma.sync)
// CHECK: @cluster_one_consumer: 946400 values equal the reference (1 launches, 132 blocks, 3920 wgmma, 2940 TMA loads, 0 mma.sync)
// CHECK: @f16_result: 98304 values equal the reference
// CHECK: @bf16_result_unaligned: 40800 values equal the reference
// CHECK: @single_k_tile: 16384 values equal the reference
// CHECK: @uneven_extents: 48384 values equal the reference

// FEW: @one_consumer: 946400 values equal the reference (1 launches, 3 blocks,
// FEW: @two_consumers: 946400 values equal the reference (1 launches, 3 blocks,
// FEW: @wide: 946400 values equal the reference (1 launches, 3 blocks,
// FEW: @ring2: 946400 values equal the reference (1 launches, 3 blocks,
// FEW: @cluster_two_consumers: 946400 values equal the reference (1 launches, 2 blocks,
// FEW: @cluster_one_consumer: 946400 values equal the reference (1 launches, 2 blocks,
// FEW: @f16_result: 98304 values equal the reference
// FEW: @bf16_result_unaligned: 40800 values equal the reference
// FEW: @single_k_tile: 16384 values equal the reference
// FEW: @uneven_extents: 48384 values equal the reference

// SELECTED-COUNT-10: values equal the reference

func.func @one_consumer(%a: tensor<7x520x400xf16>, %b: tensor<7x400x260xf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16], schedule = persistent>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @two_consumers(%a: tensor<7x520x400xbf16>, %b: tensor<7x400x260xbf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 64, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 64, 16], schedule = persistent>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @wide(%a: tensor<7x520x400xf16>, %b: tensor<7x400x260xf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @ring2(%a: tensor<7x520x400xbf16>, %b: tensor<7x400x260xbf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 192, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 192, 16], schedule = persistent>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @cluster_two_consumers(%a: tensor<7x520x400xf16>, %b: tensor<7x400x260xf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent, cluster = 2>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @cluster_one_consumer(%a: tensor<7x520x400xbf16>, %b: tensor<7x400x260xbf16>) -> tensor<7x520x260xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 256, 64], warp_layout = [1, 1], stages = 3, mma_shape = [64, 256, 16], schedule = persistent, cluster = 2>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  return %p : tensor<7x520x260xf32>
}

func.func @f16_result(%a: tensor<3x128x320xf16>, %b: tensor<3x320x256xf16>) -> tensor<3x128x256xf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<3x128x320xf16>, tensor<3x320x256xf16> -> tensor<3x128x256xf16>
  return %p : tensor<3x128x256xf16>
}

func.func @bf16_result_unaligned(%a: tensor<3x100x72xbf16>, %b: tensor<3x72x136xbf16>) -> tensor<3x100x136xbf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<3x100x72xbf16>, tensor<3x72x136xbf16> -> tensor<3x100x136xbf16>
  return %p : tensor<3x100x136xbf16>
}

func.func @single_k_tile(%a: tensor<1x128x64xbf16>, %b: tensor<1x64x128xbf16>) -> tensor<1x128x128xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 2, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<1x128x64xbf16>, tensor<1x64x128xbf16> -> tensor<1x128x128xf32>
  return %p : tensor<1x128x128xf32>
}

func.func @uneven_extents(%a: tensor<7x96x200xbf16>, %b: tensor<7x200x72xbf16>) -> tensor<7x96x72xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<7x96x200xbf16>, tensor<7x200x72xbf16> -> tensor<7x96x72xf32>
  return %p : tensor<7x96x72xf32>
}
