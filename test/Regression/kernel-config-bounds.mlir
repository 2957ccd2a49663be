// #stl.kernel_config entries are bounded (at most 4096) so that the tile and
// shared-memory arithmetic of the GPU kernels cannot overflow; the pipeline
// overrides are checked against the same bound before any arithmetic.
// RUN: stl-opt %s --split-input-file --verify-diagnostics
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=4611686018427387904,64,64" 2>&1 | FileCheck %s --check-prefix=OVERRIDE
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_80 stages=4611686018427387904" 2>&1 | FileCheck %s --check-prefix=OVERRIDE

// OVERRIDE: kernel configuration overrides must be positive and at most 4096

// expected-error @+1 {{kernel_config 'block_tile' entries must be positive and at most 4096}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [4611686018427387904, 128, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>}

// -----

// expected-error @+1 {{kernel_config 'stages' must be in [1, 4096], got 4611686018427387904}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 4611686018427387904, mma_shape = [16, 8, 16]>}

// -----

func.func @hadamard(%a: tensor<7x64x64xf16>, %b: tensor<7x64x64xf16>) -> tensor<7x64x64xf32> {
  %0 = stl.hadamard %a, %b : tensor<7x64x64xf16>, tensor<7x64x64xf16> -> tensor<7x64x64xf32>
  return %0 : tensor<7x64x64xf32>
}
