// The kernel emulator dispatches every operation through a table of
// handlers keyed by the op's TypeID (test/lib/Emulator, one file per
// dialect family). An op without a handler stops the run with its name and
// location instead of being skipped: here the block barriers of a lowered
// kernel are replaced by nvvm.barrier0, which the emulator does not model.
//
// RUN: stl-opt %s --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse -o %t.mlir
// RUN: stl-test-opt %t.mlir --test-stl-gpu-emulate-kernels="pipeline= reference=%s" -o /dev/null | FileCheck %s --check-prefix=INTACT
// INTACT: @product: 8192 values equal the reference
// RUN: sed -e 's/gpu.barrier$/nvvm.barrier0/' %t.mlir | not stl-test-opt --test-stl-gpu-emulate-kernels="pipeline= reference=%s" -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: emulated GPU run failed: nvvm.barrier0 at {{.*}}: the emulator does not model this operation

func.func @product(%a: tensor<1x64x64xf16>, %b: tensor<1x64x128xf16>) -> tensor<1x64x128xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 128, 16]>} : tensor<1x64x64xf16>, tensor<1x64x128xf16> -> tensor<1x64x128xf32>
  return %p : tensor<1x64x128xf32>
}
