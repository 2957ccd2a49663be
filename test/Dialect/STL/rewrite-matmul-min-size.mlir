// RUN: stl-opt %s --stl-rewrite-matmul="min-size=8" -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @large_enough
//       CHECK:   stl.matmul
func.func @large_enough(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// CHECK-LABEL: func @small_m
//       CHECK:   linalg.matmul
//   CHECK-NOT:   stl.matmul
func.func @small_m(%a: tensor<4x16xf32>, %b: tensor<16x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-remark @+1 {{not rewritten to STL: M = 4 is below min-size 8}}
  %0 = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// CHECK-LABEL: func @small_n
//       CHECK:   linalg.matmul
func.func @small_n(%a: tensor<16x16xf32>, %b: tensor<16x1xf32>, %c: tensor<16x1xf32>) -> tensor<16x1xf32> {
  // expected-remark @+1 {{not rewritten to STL: N = 1 is below min-size 8}}
  %0 = linalg.matmul ins(%a, %b : tensor<16x16xf32>, tensor<16x1xf32>) outs(%c : tensor<16x1xf32>) -> tensor<16x1xf32>
  return %0 : tensor<16x1xf32>
}

// CHECK-LABEL: func @small_k
//       CHECK:   linalg.matmul
func.func @small_k(%a: tensor<16x2xf32>, %b: tensor<2x16xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  // expected-remark @+1 {{not rewritten to STL: K = 2 is below min-size 8}}
  %0 = linalg.matmul ins(%a, %b : tensor<16x2xf32>, tensor<2x16xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}

// min-size looks at static extents only: a dynamic M may be large.
// CHECK-LABEL: func @dynamic_m
//       CHECK:   stl.matmul
func.func @dynamic_m(%a: tensor<?x16xf32>, %b: tensor<16x16xf32>, %c: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x16xf32>, tensor<16x16xf32>) outs(%c : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// The transposed-A product's M is the lhs's second dimension.
// CHECK-LABEL: func @small_m_transposed
//       CHECK:   linalg.matmul
func.func @small_m_transposed(%a: tensor<16x4xf32>, %b: tensor<16x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-remark @+1 {{not rewritten to STL: M = 4 is below min-size 8}}
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<16x4xf32>, tensor<16x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
