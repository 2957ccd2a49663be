// A static extent that overflows int64 when padded to the scheme's tile is
// left alone with a remark, before any IR is created.
// RUN: stl-opt %s --stl-rewrite-matmul --verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @huge
// CHECK: linalg.matmul
// CHECK-NOT: stl.
func.func @huge(%x: tensor<9223372036854775807x4xf32>, %w: tensor<4x4xf32>, %c: tensor<9223372036854775807x4xf32>) -> tensor<9223372036854775807x4xf32> {
  // expected-remark @+1 {{static extent 9223372036854775807 overflows 64 bits when padded to the tile}}
  %0 = linalg.matmul ins(%x, %w : tensor<9223372036854775807x4xf32>, tensor<4x4xf32>) outs(%c : tensor<9223372036854775807x4xf32>) -> tensor<9223372036854775807x4xf32>
  return %0 : tensor<9223372036854775807x4xf32>
}
