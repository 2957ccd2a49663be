// RUN: stl-opt %s --split-input-file --verify-diagnostics --stl-select-kernel-config=chip=sm_90a
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,128,32" 2>&1 | FileCheck %s --check-prefix=BK
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_80 block-tile=128,128,32 warp-layout=1,1" 2>&1 | FileCheck %s --check-prefix=REGS
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,256,64 warp-layout=1,1 schedule=data_parallel" 2>&1 | FileCheck %s --check-prefix=WG
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,256,64 warp-layout=1,1" 2>&1 | FileCheck %s --check-prefix=PERSISTENT
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_80 schedule=persistent" 2>&1 | FileCheck %s --check-prefix=PERSISTENT-SM80
// RUN: not stl-opt %s --stl-select-kernel-config="chip=sm_90a schedule=streamk" 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a schedule=data_parallel cluster=2" 2>&1 | FileCheck %s --check-prefix=CLUSTER-DP
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=64,64,64 cluster=2" 2>&1 | FileCheck %s --check-prefix=CLUSTER-BN
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a cluster=3" 2>&1 | FileCheck %s --check-prefix=CLUSTER-3
// RUN: not stl-opt %s --stl-select-kernel-config="chip=sm_90a cluster=-1" 2>&1 | FileCheck %s --check-prefix=CLUSTER-NEG
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a stages=1" 2>&1 | FileCheck %s --check-prefix=STAGES
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a block-tile=128,256,64 warp-layout=2,1 stages=5" 2>&1 | FileCheck %s --check-prefix=SMEM
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config="chip=sm_90a schedule=data_parallel stages=1" 2>&1 | FileCheck %s --check-prefix=STAGES
// STAGES: error: 'stl.hadamard' op kernel configuration: the sm_90a kernel needs at least 2 stages
// SMEM: error: 'stl.hadamard' op kernel configuration: 5 stages need 247040 bytes of shared memory, more than 232448 on sm_90a
// RUN: not stl-opt %s --stl-select-kernel-config=chip=sm_70 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_90a --stl-select-kernel-config=chip=sm_80 2>&1 | FileCheck %s --check-prefix=MISMATCH

// MISMATCH: error: 'stl.hadamard' op has a kernel configuration for sm_90a (wgmma, TMA), which chip sm_80 cannot run

// CHIP: for the --chip option: Cannot find option named 'sm_70'!

// BK: error: 'stl.hadamard' op kernel configuration: the sm_90a kernel needs BK = 64 (one 128-byte swizzle row), got 32
// REGS: error: 'stl.hadamard' op kernel configuration: a 128x128 warp tile needs more than 256 accumulator registers per thread
// WG: error: 'stl.hadamard' op kernel configuration: a warpgroup owning 128 rows needs BN = 128
// PERSISTENT: error: 'stl.hadamard' op kernel configuration: the persistent sm_90a kernel gives each consumer warpgroup 64 rows: block_tile[0] must be 64 for 1 warpgroup(s), got 128
// PERSISTENT-SM80: error: 'stl.hadamard' op kernel configuration: schedule = persistent needs a chip with warpgroup TensorCores (sm_90a), got 'sm_80'
// CLUSTER-DP: error: 'stl.hadamard' op kernel configuration: cluster = 2 needs the persistent sm_90a schedule
// CLUSTER-BN: error: 'stl.hadamard' op kernel configuration: a cluster of 2 blocks splits the rhs boxes between them: BN must be a multiple of 128, got 64
// CLUSTER-3: error: stl-select-kernel-config: cluster must be 0 (choose), 1 or 2, got 3
// CLUSTER-NEG: error: stl-select-kernel-config: cluster must be 0 (choose), 1 or 2, got -1
// SCHEDULE: for the --schedule option: Cannot find option named 'streamk'!
func.func @overrides(%a: tensor<7x512x512xf16>, %b: tensor<7x512x512xf16>) -> tensor<7x512x512xf32> {
  %p = stl.hadamard %a, %b : tensor<7x512x512xf16>, tensor<7x512x512xf16> -> tensor<7x512x512xf32>
  return %p : tensor<7x512x512xf32>
}

// -----

func.func @dynamic(%a: tensor<7x?x512xf16>, %b: tensor<7x512x512xf16>) -> tensor<7x?x512xf32> {
  // expected-error @+1 {{has dynamic shapes, which the GPU lowering does not support yet}}
  %p = stl.hadamard %a, %b : tensor<7x?x512xf16>, tensor<7x512x512xf16> -> tensor<7x?x512xf32>
  return %p : tensor<7x?x512xf32>
}

// -----

func.func @integer_operands(%a: tensor<7x64x64xi32>, %b: tensor<7x64x64xi32>) -> tensor<7x64x64xi32> {
  // expected-error @+1 {{kernel configuration: the TensorCore kernels take f16 or bf16 operands, got 'i32'}}
  %p = stl.hadamard %a, %b : tensor<7x64x64xi32>, tensor<7x64x64xi32> -> tensor<7x64x64xi32>
  return %p : tensor<7x64x64xi32>
}
