// Multiply counts beyond 64 bits are reported as not counted (with a remark)
// instead of overflowing; the totals stay those of the counted products.
// RUN: stl-opt %s --stl-report -o /dev/null --verify-diagnostics | FileCheck %s

// CHECK: STL report: 2 product(s)
// CHECK: @small strassen <2,2,2;7> 2x2x2: multiplies 8 -> 7
// CHECK: @huge strassen: multiplies not counted
// CHECK: (1 product(s) with dynamic shapes not counted)
// CHECK: total multiplies: 8 -> 7

func.func @huge(%x: tensor<4611686018427387904x4xf32>, %w: tensor<4x4611686018427387904xf32>) -> tensor<4611686018427387904x4611686018427387904xf32> {
  // expected-remark @+1 {{stl-report: multiplies not counted (dynamic shape, or a count beyond 64 bits)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4611686018427387904x4xf32>, tensor<4x4611686018427387904xf32> -> tensor<4611686018427387904x4611686018427387904xf32>
  return %0 : tensor<4611686018427387904x4611686018427387904xf32>
}

func.func @small(%x: tensor<2x2xf32>, %w: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
