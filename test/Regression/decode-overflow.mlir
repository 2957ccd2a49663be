// The decode verifier multiplies tile counts by tile extents with checked
// arithmetic (a wrapped product could match the result shape).
// RUN: stl-opt %s --split-input-file --verify-diagnostics

func.func @f(%p: tensor<7x4611686018427387904x1xf32>) -> tensor<0x2xf32> {
  // expected-error @+1 {{'stl.decode' op input dimension 1 (4611686018427387904) * tile m (2) overflows 64 bits}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4611686018427387904x1xf32> -> tensor<0x2xf32>
  return %0 : tensor<0x2xf32>
}
