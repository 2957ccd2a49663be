// The data-parallel sm_90a GEMM with 128-row warpgroup accumulators on the
// host emulation (--test-stl-gpu-emulate-kernels, test/lib/Emulator): wg1
// (one warpgroup owns a 128x128 block tile) and wg2_tall (two warpgroups
// stacked along M, 256x128) of the GPU execution test
// (test/GPU/Execution/tensorcore-gemm.mlir) at its shapes, then a bf16
// result with a single k-tile. Upstream lowers such a
// nvgpu.warpgroup.mma to two m64 blocks of wgmmas (the lhs descriptor of
// the second block 64 rows further) and nvgpu.warpgroup.mma.store puts the
// second block N/2 rows below the first (its register count), past the
// block-wide warp row; the kernel shifts each warpgroup's destination so
// that the rows land in place, and the comparison with the reference
// checks that they do.
//
// RUN: stl-test-opt %s --test-stl-gpu-emulate-kernels -o /dev/null | FileCheck %s
// CHECK: @wg1: 61880 values equal the reference (1 launches, 14 blocks, 98 wgmma, 294 TMA loads, 0 mma.sync)
// CHECK: @wg2_tall: 61880 values equal the reference (1 launches, 7 blocks, 98 wgmma, 147 TMA loads, 0 mma.sync)
// CHECK: @wg1_bf16_result: 32768 values equal the reference (1 launches, 2 blocks, 2 wgmma, 6 TMA loads, 0 mma.sync)
//
// Without the shift of each warpgroup's destination (a multiple of 32768
// bytes, 64 rows of f32), the second warpgroup of wg2_tall stores its rows
// over the first one's: the emulation gives other numbers.
// RUN: stl-opt %s --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse -o %t.mlir
// RUN: sed -e '/nvvm.wgmma.wait.group.sync.aligned 0/,/nvgpu.warpgroup.mma.store/ s/, %c32768 : index/, %c0 : index/' %t.mlir | not stl-test-opt --test-stl-gpu-emulate-kernels="pipeline= reference=%s" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SHIFT
// SHIFT: error: result 0 differs at flat index {{[0-9]+}}: expected {{.*}}, the emulated kernels give
// SHIFT-NEXT: func.func @wg2_tall
// SHIFT: @wg1: 61880 values equal the reference

func.func @wg1(%a: tensor<7x130x400xf16>, %b: tensor<7x400x68xf16>) -> tensor<7x130x68xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  return %p : tensor<7x130x68xf32>
}

func.func @wg2_tall(%a: tensor<7x130x400xf16>, %b: tensor<7x400x68xf16>) -> tensor<7x130x68xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [256, 128, 64], warp_layout = [2, 1], stages = 2, mma_shape = [64, 128, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  return %p : tensor<7x130x68xf32>
}

func.func @wg1_bf16_result(%a: tensor<2x128x64xbf16>, %b: tensor<2x64x128xbf16>) -> tensor<2x128x128xbf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 128, 16]>} : tensor<2x128x64xbf16>, tensor<2x64x128xbf16> -> tensor<2x128x128xbf16>
  return %p : tensor<2x128x128xbf16>
}
