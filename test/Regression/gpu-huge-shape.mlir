// Static shapes beyond what a GPU can hold are refused with a diagnostic
// before the grid, padding and byte arithmetic (which used to overflow).
// RUN: stl-opt %s --split-input-file --verify-diagnostics --stl-select-kernel-config=chip=sm_90a
// RUN: stl-opt %s --split-input-file --verify-diagnostics --stl-select-kernel-config=chip=sm_80

func.func @batch(%a: tensor<4294967296x4294967296x7x64x64xf16>, %b: tensor<4294967296x4294967296x7x64x64xf16>) -> tensor<4294967296x4294967296x7x64x64xf32> {
  // expected-error @+1 {{is beyond what the GPU lowering supports (extents below 2^31, at most 2^48 elements)}}
  %0 = stl.hadamard %a, %b : tensor<4294967296x4294967296x7x64x64xf16>, tensor<4294967296x4294967296x7x64x64xf16> -> tensor<4294967296x4294967296x7x64x64xf32>
  return %0 : tensor<4294967296x4294967296x7x64x64xf32>
}

// -----

func.func @rows(%a: tensor<7x9223372036854775807x64xf16>, %b: tensor<7x64x64xf16>) -> tensor<7x9223372036854775807x64xf32> {
  // expected-error @+1 {{is beyond what the GPU lowering supports}}
  %0 = stl.hadamard %a, %b : tensor<7x9223372036854775807x64xf16>, tensor<7x64x64xf16> -> tensor<7x9223372036854775807x64xf32>
  return %0 : tensor<7x9223372036854775807x64xf32>
}
