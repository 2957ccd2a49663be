// The data-parallel sm_90a GEMM and the sm_80 mma.sync GEMM (also what
// chip=sm_90 runs) on the host emulation (--test-stl-gpu-emulate-kernels,
// test/lib/Emulator): nvgpu.warpgroup.mma as upstream lowers it (wgmmas,
// commit, wait_group 1), cp.async copies that land at cp.async.wait_group,
// ldmatrix and mma.sync.m16n8k16 with the PTX fragment layouts. Three of the
// five configurations of the GPU execution test
// (test/GPU/Execution/tensorcore-gemm.mlir) at its shapes, then an f16
// result; the other two, wg1 and wg2_tall, give a warpgroup 128 rows
// (tensorcore-gemm-tall.mlir). A warp's lanes run in lockstep, so a missing
// block barrier between warps is not observable here; the GPU run covers
// that.
//
// RUN: stl-test-opt %s --test-stl-gpu-emulate-kernels -o /dev/null | FileCheck %s
// CHECK: @wg2: 61880 values equal the reference (1 launches, 14 blocks, 196 wgmma, 490 TMA loads, 0 mma.sync)
// CHECK: @warps: 61880 values equal the reference (1 launches, 14 blocks, 0 wgmma, 0 TMA loads, {{[0-9]+}} mma.sync)
// CHECK: @warps_small: 61880 values equal the reference (1 launches, 42 blocks, 0 wgmma, 0 TMA loads, {{[0-9]+}} mma.sync)
// CHECK: @f16_result: 32768 values equal the reference
//
// The emulation catches a lowering that reads a stage before its copies
// landed, and ldmatrix without .trans for the rhs. (Printed in the generic
// form: the custom form of a token-less nvgpu.device_async_create_group
// does not parse back.)
// RUN: stl-opt %s --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse --mlir-print-op-generic -o %t.mlir
// RUN: sed -e 's/numGroups = \([0-9]*\) : i32/numGroups = 5 : i32/' %t.mlir | not stl-test-opt --test-stl-gpu-emulate-kernels="pipeline= reference=%s" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STALE
// STALE: error: result 0 differs at flat index {{[0-9]+}}: expected {{.*}}, the emulated kernels give nan
// RUN: sed -e 's/transpose = true/transpose = false/' %t.mlir | not stl-test-opt --test-stl-gpu-emulate-kernels="pipeline= reference=%s" -o /dev/null 2>&1 | FileCheck %s --check-prefix=TRANS
// TRANS: error: result 0 differs at flat index

func.func @wg2(%a: tensor<7x130x400xbf16>, %b: tensor<7x400x68xbf16>) -> tensor<7x130x68xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 256, 16]>} : tensor<7x130x400xbf16>, tensor<7x400x68xbf16> -> tensor<7x130x68xf32>
  return %p : tensor<7x130x68xf32>
}

func.func @warps(%a: tensor<7x130x400xf16>, %b: tensor<7x400x68xf16>) -> tensor<7x130x68xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 4, mma_shape = [16, 8, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  return %p : tensor<7x130x68xf32>
}

func.func @warps_small(%a: tensor<7x130x400xbf16>, %b: tensor<7x400x68xbf16>) -> tensor<7x130x68xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 64, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>} : tensor<7x130x400xbf16>, tensor<7x400x68xbf16> -> tensor<7x130x68xf32>
  return %p : tensor<7x130x68xf32>
}

func.func @f16_result(%a: tensor<2x128x128xf16>, %b: tensor<2x128x128xf16>) -> tensor<2x128x128xf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 64, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>} : tensor<2x128x128xf16>, tensor<2x128x128xf16> -> tensor<2x128x128xf16>
  return %p : tensor<2x128x128xf16>
}
