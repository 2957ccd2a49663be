// The GPU pipeline makes every linalg op left after the rewrite device code,
// and NVPTX aborted ("LLVM ERROR: unsupported library call operation") on
// the conversions between floats and integers wider than 64 bits that a
// product like this one holds (the rewrite leaves it alone). The pipeline
// refuses them first, naming the op; i128 arithmetic without a float
// conversion still compiles.
// RUN: not stl-opt %s --stl-gpu-pipeline=chip=sm_80 -o /dev/null 2>&1 | FileCheck %s
// RUN: not stl-opt %s --stl-gpu-pipeline=chip=sm_90a -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: 'linalg.matmul' op holds 'arith.fptosi' with element type 'i128', which the GPU pipeline cannot convert
// CHECK-NOT: LLVM ERROR
// RUN: stl-opt %S/Inputs/gpu-i128-arithmetic.mlir --stl-gpu-pipeline=chip=sm_80 -o /dev/null
func.func @f16_into_i128(%a: tensor<64x64xf16>, %b: tensor<64x64xf16>, %c: tensor<64x64xi128>) -> tensor<64x64xi128> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf16>, tensor<64x64xf16>) outs(%c : tensor<64x64xi128>) -> tensor<64x64xi128>
  return %0 : tensor<64x64xi128>
}
