// Element types the GPU kernels cannot take are refused with a diagnostic
// before code generation (NVPTX used to abort on f80 and f128).
// RUN: not stl-opt %s --split-input-file --stl-rewrite-matmul --stl-gpu-pipeline=chip=sm_80 2>&1 | FileCheck %s
// RUN: not stl-opt %s --split-input-file --stl-rewrite-matmul --stl-gpu-pipeline=chip=sm_90a 2>&1 | FileCheck %s

// CHECK: error: 'stl.encode' op the GPU lowering supports f16, bf16, f32 and f64 elements, got 'f80'
func.func @f80(%a: tensor<4x4xf80>, %b: tensor<4x4xf80>, %c: tensor<4x4xf80>) -> tensor<4x4xf80> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf80>, tensor<4x4xf80>) outs(%c : tensor<4x4xf80>) -> tensor<4x4xf80>
  return %0 : tensor<4x4xf80>
}

// -----

// CHECK: error: 'stl.encode' op the GPU lowering supports f16, bf16, f32 and f64 elements, got 'f128'
func.func @f128(%a: tensor<4x4xf128>, %b: tensor<4x4xf128>, %c: tensor<4x4xf128>) -> tensor<4x4xf128> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf128>, tensor<4x4xf128>) outs(%c : tensor<4x4xf128>) -> tensor<4x4xf128>
  return %0 : tensor<4x4xf128>
}

// -----

// CHECK: error: 'stl.{{encode|decode}}' op the GPU lowering supports f16, bf16, f32 and f64 elements, got 'f8E4M3FN'
func.func @f8(%a: tensor<4x4xf8E4M3FN>, %b: tensor<4x4xf8E4M3FN>, %c: tensor<4x4xf8E4M3FN>) -> tensor<4x4xf8E4M3FN> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf8E4M3FN>, tensor<4x4xf8E4M3FN>) outs(%c : tensor<4x4xf8E4M3FN>) -> tensor<4x4xf8E4M3FN>
  return %0 : tensor<4x4xf8E4M3FN>
}
