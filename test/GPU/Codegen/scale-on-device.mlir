// The f16 scales of operands known only at run time are computed on the
// device. The maximum |x| and the scales are one-element tensors of linalg
// ops with a parallel loop, which the GPU pipeline turns into kernels; a
// scalar read of the maximum used to stay host code and, with the pipeline's
// device buffers (managed-memory=0), read device memory from the host.
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen target=sm_90a" --stl-gpu-pipeline="chip=sm_90a" 2>/dev/null | FileCheck %s
// CHECK-LABEL: llvm.func @mm
// CHECK-NOT: llvm.load {{.*}} -> f16
// CHECK-NOT: llvm.load {{.*}} -> f32
// CHECK-NOT: llvm.store {{.*}} : f32, !llvm.ptr
// CHECK: llvm.return
func.func @mm(%a: tensor<256x256xf16>, %b: tensor<256x256xf16>, %c: tensor<256x256xf32>) -> tensor<256x256xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<256x256xf16>, tensor<256x256xf16>) outs(%c : tensor<256x256xf32>) -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}
