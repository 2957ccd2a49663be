// RUN: stl-opt %s --stl-rewrite-matmul="min-size=0 force=true" -verify-diagnostics | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="min-size=-1 force=true" --stl-cpu-pipeline -o /dev/null 2>/dev/null

// Products with a static extent of 0 have nothing to multiply; with min-size
// 0 or below they reached the rewrite, whose padded tiles were slices past
// their end (invalid IR after the pass). They are left alone, with a remark,
// even with force=true.

// CHECK-LABEL: func @empty_n
//       CHECK:   linalg.matmul
//   CHECK-NOT:   stl.matmul
func.func @empty_n(%a: tensor<3x8xf32>, %b: tensor<8x0xf32>, %c: tensor<3x0xf32>) -> tensor<3x0xf32> {
  // expected-remark @+1 {{not rewritten to STL: the product is empty (a static extent is 0)}}
  %r = linalg.matmul ins(%a, %b : tensor<3x8xf32>, tensor<8x0xf32>) outs(%c : tensor<3x0xf32>) -> tensor<3x0xf32>
  return %r : tensor<3x0xf32>
}

// CHECK-LABEL: func @empty_k
//       CHECK:   linalg.matmul
func.func @empty_k(%a: tensor<4x0xf32>, %b: tensor<0x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-remark @+1 {{not rewritten to STL: the product is empty (a static extent is 0)}}
  %r = linalg.matmul ins(%a, %b : tensor<4x0xf32>, tensor<0x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// CHECK-LABEL: func @empty_batch
//       CHECK:   linalg.batch_matmul
func.func @empty_batch(%a: tensor<0x4x4xf32>, %b: tensor<0x4x4xf32>, %c: tensor<0x4x4xf32>) -> tensor<0x4x4xf32> {
  // expected-remark @+1 {{not rewritten to STL: the product is empty (a static extent is 0)}}
  %r = linalg.batch_matmul ins(%a, %b : tensor<0x4x4xf32>, tensor<0x4x4xf32>) outs(%c : tensor<0x4x4xf32>) -> tensor<0x4x4xf32>
  return %r : tensor<0x4x4xf32>
}

// The extent of 0 only in the rhs, behind a dynamic K in the lhs (found by
// the differential tester, seed 5101 program 1133, a constant weight of 0x1
// with laderman): linalg's loop ranges take K from the lhs, so every
// operand's shape is checked. The padding of the empty constant did not
// verify after bufferization (a subview at offset 0 of an extent of 0).
// CHECK-LABEL: func @empty_k_behind_dynamic_lhs
//       CHECK:   linalg.matmul
//   CHECK-NOT:   stl.matmul
func.func @empty_k_behind_dynamic_lhs(%a: tensor<4x?xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %b = arith.constant dense<> : tensor<0x4xf32>
  // expected-remark @+1 {{not rewritten to STL: the product is empty (a static extent is 0)}}
  %r = linalg.matmul ins(%a, %b : tensor<4x?xf32>, tensor<0x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
