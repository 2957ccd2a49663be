// RUN: stl-opt %s --split-input-file --verify-diagnostics --stl-cpu-pipeline
// RUN: stl-opt %s --split-input-file --verify-diagnostics --stl-cpu-pipeline=vectorize=false

// LLVM has no 8-bit float type: the vectorized contraction emitted FMAs on
// i8 vectors (invalid IR after the pipeline) and the scalar loops left
// unrealized casts. The CPU pipeline refuses such element types with a
// diagnostic that says what to do.

func.func @fp8(%a: tensor<16x16xf8E4M3FN>, %b: tensor<16x16xf8E4M3FN>, %c: tensor<16x16xf8E4M3FN>) -> tensor<16x16xf8E4M3FN> {
  // expected-error @+1 {{'linalg.matmul' op has element type 'f8E4M3FN', which the CPU pipeline cannot lower (LLVM has no such float type); compute in f16, bf16 or f32}}
  %r = linalg.matmul ins(%a, %b : tensor<16x16xf8E4M3FN>, tensor<16x16xf8E4M3FN>) outs(%c : tensor<16x16xf8E4M3FN>) -> tensor<16x16xf8E4M3FN>
  return %r : tensor<16x16xf8E4M3FN>
}

// -----

func.func @fp8_cast(%a: tensor<4xf32>) -> tensor<4xf8E5M2> {
  // expected-error @+1 {{'arith.truncf' op has element type 'f8E5M2'}}
  %r = arith.truncf %a : tensor<4xf32> to tensor<4xf8E5M2>
  return %r : tensor<4xf8E5M2>
}
