// RUN: not stl-opt %s --stl-gpu-pipeline="chip=sm_70" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not stl-opt %s --stl-gpu-pipeline="chip=sm_90a format=ptx" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not stl-opt %s --stl-gpu-pipeline="opt-level=5" 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not stl-opt %s --stl-gpu-pipeline="format=bin dump-ptx=%t" 2>&1 | FileCheck %s --check-prefix=DUMP
// RUN: not stl-opt %s --stl-gpu-pipeline="block-tile=128,128" 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not stl-opt %s --stl-gpu-pipeline="chip=sm_80 block-tile=128,128,24" 2>&1 | FileCheck %s --check-prefix=CONFIG
// RUN: not stl-opt %s --pass-pipeline="builtin.module(stl-gpu-pipeline{chip=sm_75})" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not stl-opt %s --stl-gpu-pipeline="hadamard-backend=cutlass" 2>&1 | FileCheck %s --check-prefix=BACKEND
// BACKEND: for the --hadamard-backend option: Cannot find option named 'cutlass'!
// RUN: not stl-opt %s --stl-gpu-pipeline="cluster=4" 2>&1 | FileCheck %s --check-prefix=CLUSTER
// CLUSTER: error: stl-gpu-pipeline: cluster must be 0 (choose), 1 or 2, got 4
// RUN: not stl-opt %s --stl-gpu-pipeline="schedule=stream-k" 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// SCHEDULE: for the --schedule option: Cannot find option named 'stream-k'!
// RUN: not stl-opt %s --stl-gpu-pipeline="chip=sm_80 schedule=persistent" 2>&1 | FileCheck %s --check-prefix=PERSISTENT
// PERSISTENT: error: 'stl.hadamard' op kernel configuration: schedule = persistent needs a chip with warpgroup TensorCores (sm_90a), got 'sm_80'

// CHIP: for the --chip option: Cannot find option named 'sm_{{7[05]}}'!
// FORMAT: for the --format option: Cannot find option named 'ptx'!
// OPT: error: stl-gpu-pipeline: opt-level must be 0 to 3, got 5
// DUMP: error: stl-gpu-pipeline: dump-ptx needs format=isa
// TILE: error: stl-gpu-pipeline: block-tile takes 3 values [BM, BN, BK]
// CONFIG: error: 'stl.hadamard' op kernel configuration: kernel_config block_tile[2] = 24 is not a multiple of mma_shape[2] = 16
func.func @p(%a: tensor<7x64x64xf16>, %b: tensor<7x64x64xf16>) -> tensor<7x64x64xf32> {
  %p = stl.hadamard %a, %b : tensor<7x64x64xf16>, tensor<7x64x64xf16> -> tensor<7x64x64xf32>
  return %p : tensor<7x64x64xf32>
}
