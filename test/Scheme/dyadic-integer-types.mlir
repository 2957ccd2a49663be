// Dyadic library schemes rewrite floating-point products (exact: halves to
// eighths of small integers are exact in f32, see
// test/Execution/rewrite-published-schemes.mlir) but not integer ones:
// integer element types accept only integer-coefficient schemes, while an
// integer-coefficient published scheme of the same tile does rewrite them.

// RUN: stl-opt %s --stl-rewrite-matmul=scheme=dps-4x4x4-r48 -o - 2>&1 | FileCheck %s --check-prefix=DYADIC
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=perminov-4x4x4-r49 | FileCheck %s --check-prefix=INTEGER

// DYADIC: remark: not rewritten to STL: integer element type i32 needs a scheme with integer coefficients; scheme 'dps-4x4x4-r48' has fractional ones
// DYADIC-LABEL: func @integer
// DYADIC:   linalg.matmul
// DYADIC-NOT: stl.matmul
// DYADIC-LABEL: func @float
// DYADIC:   stl.matmul {{.*}}#stl.scheme<"dps-4x4x4-r48">

// INTEGER-LABEL: func @integer
// INTEGER:   stl.matmul {{.*}}#stl.scheme<"perminov-4x4x4-r49">
// INTEGER-LABEL: func @float
// INTEGER:   stl.matmul

func.func @integer(%a: tensor<8x8xi32>, %b: tensor<8x8xi32>, %c: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xi32>, tensor<8x8xi32>) outs(%c : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}

func.func @float(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
