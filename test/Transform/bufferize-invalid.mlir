// STL is lowered before bufferization; One-Shot Bufferize says so at a
// leftover stl op.

// RUN: stl-opt %s --one-shot-bufferize --split-input-file --verify-diagnostics
// RUN: stl-opt %s --one-shot-bufferize='allow-unknown-ops' --split-input-file --verify-diagnostics

func.func @matmul(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{failed to bufferize op}}
  // expected-error @+1 {{'stl.matmul' op is lowered before bufferization: run --convert-stl-to-linalg (CPU) or --convert-stl-to-gpu (GPU) first}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @decode(%p: tensor<7x2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{failed to bufferize op}}
  // expected-error @+1 {{'stl.decode' op is lowered before bufferization}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
