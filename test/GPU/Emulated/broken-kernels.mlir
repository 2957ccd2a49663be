// The emulator must catch kernels that are wrong in the ways a GPU run would
// show: each RUN line below breaks the lowered persistent sm_90a GEMM in one
// place (sed over the IR) and expects the emulated run to fail, saying why.
// grid-limit=1 makes the one block walk all four tiles, so that stages are
// released and refilled.
//
// RUN: stl-opt %s --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse -o %t.mlir
// DEFINE: %{emulate} = stl-test-opt --test-stl-gpu-emulate-kernels="pipeline= reference=%s grid-limit=1" -o /dev/null
//
// The lowering as it is passes.
// RUN: %{emulate} %t.mlir | FileCheck %s --check-prefix=INTACT
// INTACT: @gemm: 32768 values equal the reference (1 launches, 1 blocks, 32 wgmma, 24 TMA loads, 0 mma.sync)
//
// A transaction count smaller than the bytes the TMA loads bring: the full
// barrier completes before the last load lands and the stage is read (and
// refilled) while still being written.
// RUN: sed -e 's/\(expect_tx %[0-9]*\[%[0-9]*\]\), %c[0-9]*/\1, %c16384/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=TX
// TX: error: emulated GPU run failed: nvvm.wgmma.wait.group.sync.aligned {{.*}} read by an in-flight wgmma was overwritten before wgmma.wait_group retired it
//
// A larger one: the barrier never completes.
// RUN: sed -e 's/\(expect_tx %[0-9]*\[%[0-9]*\]\), %c[0-9]*/\1, %c10000000/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=DEADLOCK
// DEADLOCK: error: emulated GPU run failed: nvgpu.mbarrier.try_wait.parity {{.*}} deadlock: every thread of the launch waits
//
// Consumers that never release a stage: the producer waits forever.
// RUN: sed -e '/nvgpu.mbarrier.arrive %/d' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=DEADLOCK
//
// Waiting on the wrong phase parity.
// RUN: sed -e 's/\(%[0-9]* = arith.cmpi\) ne/\1 eq/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=PARITY
// PARITY: error: emulated GPU run failed: {{.*}}mbarrier
//
// Releasing a stage while a wgmma that reads it is still in flight (two
// groups kept in flight instead of one).
// RUN: sed -e 's/wait.group.sync.aligned 1/wait.group.sync.aligned 2/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=RACE
// RACE: error: emulated GPU run failed: nvvm.wgmma.wait.group.sync.aligned {{.*}} overwritten before wgmma.wait_group retired it (a stage released too early)
//
// A wgmma descriptor whose leading byte offset (the distance between the two
// 64-column halves of the rhs tile) is 4096 instead of 8192.
// RUN: sed -e 's/arith.constant 4611686293338849280 : i64/arith.constant 4611686293322072064 : i64/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=WRONG
// WRONG: error: result 0 differs at flat index
//
// Less dynamic shared memory than the stages need.
// RUN: sed -e '1,/gpu.module/s/\(%c[0-9]*_i32 = arith.constant\) [0-9]* : i32/\1 32768 : i32/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=SMEM
// SMEM: error: emulated GPU run failed: memref.view {{.*}} the view ends {{[0-9]+}} bytes past dynamic shared memory
//
// Reading the accumulators before the last wgmma group retired.
// RUN: sed -e 's/wait.group.sync.aligned 0/wait.group.sync.aligned 1/' %t.mlir | not %{emulate} 2>&1 | FileCheck %s --check-prefix=EARLY
// EARLY: error: emulated GPU run failed: llvm.extractvalue {{.*}} reads a wgmma accumulator before wgmma.wait_group retired the wgmma that writes it

func.func @gemm(%a: tensor<2x128x128xbf16>, %b: tensor<2x128x128xbf16>) -> tensor<2x128x128xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<2x128x128xbf16>, tensor<2x128x128xbf16> -> tensor<2x128x128xf32>
  return %p : tensor<2x128x128xf32>
}
