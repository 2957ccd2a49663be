// RUN: stl-opt %s --stl-rewrite-matmul="encoding-type=f16" -split-input-file | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="encoding-type=bf16" -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=BF16
// RUN: not stl-opt %s --stl-rewrite-matmul="encoding-type=f8" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: for the --encoding-type option: Cannot find option named 'f8'!

// encoding-type=f16: each operand is scaled by a power of two taken from
// its largest magnitude (the f32 exponent field) so that no encoded value
// overflows f16; the f32 product is unscaled exactly and the init added
// after decode. The maximum and the scales stay one-element tensors
// computed by linalg ops with a parallel loop (no scalar read of them on
// the host), which the GPU pipeline turns into kernels.
// CHECK-LABEL: func @scaled
//  CHECK-SAME:   %[[A:.*]]: tensor<8x8xbf16>, %[[B:.*]]: tensor<8x8xbf16>, %[[C:.*]]: tensor<8x8xf32>
//       CHECK:   %[[ROWS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[A]] : tensor<8x8xbf16>) outs(%{{.*}} : tensor<8xf32>)
//       CHECK:     math.absf
//       CHECK:     arith.maxnumf
//       CHECK:   %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[ROWS]] : tensor<8xf32>) outs(%{{.*}} : tensor<1xf32>)
//       CHECK:   %[[SCALES:.*]]:2 = linalg.generic {{.*}} ins(%[[MAX]] : tensor<1xf32>) outs(%{{.*}}, %{{.*}} : tensor<1xf32>, tensor<1xf32>)
//       CHECK:     arith.bitcast {{.*}} : f32 to i32
//   CHECK-NOT:   tensor.extract
//       CHECK:   %[[AS:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[SCALES]]#0 : tensor<8x8xbf16>, tensor<1xf32>) outs(%{{.*}} : tensor<8x8xf16>)
//       CHECK:     arith.mulf
//       CHECK:     arith.truncf {{.*}} : f32 to f16
//       CHECK:   %[[BS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<8x8xf16>)
//       CHECK:   %[[P:.*]] = stl.matmul %[[AS]], %[[BS]] acc(f32) {scheme = #stl.scheme<"strassen">} : tensor<8x8xf16>, tensor<8x8xf16> -> tensor<8x8xf32>
//       CHECK:   %[[R:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[C]], %[[SCALES]]#1, %{{.*}} : tensor<8x8xf32>, tensor<8x8xf32>, tensor<1xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<8x8xf32>)
//       CHECK:     arith.mulf
//       CHECK:     arith.mulf
//       CHECK:     arith.addf
//       CHECK:   return %[[R]]
func.func @scaled(%a: tensor<8x8xbf16>, %b: tensor<8x8xbf16>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xbf16>, tensor<8x8xbf16>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// A constant weight is scaled at compile time: max |w| = 3 < 2^2, strassen's
// rhs encoder rows sum to at most 2 magnitudes, so the scale is
// 2^(floor(log2(65504 / 2)) - 2) = 2^12 and the weight stays a constant.
// CHECK-LABEL: func @constant_weight
//   CHECK-DAG:   %[[W:.*]] = arith.constant {stl.weight = "constant tensor<2x2xbf16>"} dense<{{\[}}[4.096000e+03, -1.228800e+04], [8.192000e+03, 0.000000e+00]]> : tensor<2x2xf16>
//   CHECK-DAG:   %[[INV:.*]] = arith.constant 2.44140625E-4 : f32
//       CHECK:   stl.matmul %{{.*}}, %[[W]]
//       CHECK:   linalg.generic
//       CHECK:     arith.mulf %{{.*}}, %[[INV]]
func.func @constant_weight(%a: tensor<4x2xbf16>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[1.0, -3.0], [2.0, 0.0]]> : tensor<2x2xbf16>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %0 = linalg.matmul ins(%a, %w : tensor<4x2xbf16>, tensor<2x2xbf16>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// BF16-COUNT-2: remark: encoded operands of this 'bf16' product are rounded to 'bf16'
