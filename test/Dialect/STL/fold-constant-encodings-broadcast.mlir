// RUN: stl-opt %s --stl-fold-constant-encodings --split-input-file | FileCheck %s
// RUN: stl-opt %s --stl-fold-constant-encodings --split-input-file --stl-report=format=json -o /dev/null | FileCheck %s --check-prefix=JSON

// Weights reached through broadcasts, transposes and reshapes are encoded at
// compile time. A weight repeated along a batch dimension is encoded once
// and the encoding broadcast.

// Strassen's rhs encoder on [[1, 2], [3, 4]] is 5, 1, -2, 2, 4, 3, 7
// (see fold-constant-encodings.mlir).
// CHECK-LABEL: func @named_broadcast
//       CHECK:   %[[C:.*]] = arith.constant {stl.weight = "constant tensor<2x2xf32> through linalg.broadcast, encoded once and broadcast along batch dim(s) 0"} dense<{{\[}}{{\[}}[5.000000e+00]], {{\[}}[1.000000e+00]], {{\[}}[-2.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[4.000000e+00]], {{\[}}[3.000000e+00]], {{\[}}[7.000000e+00]]]> : tensor<7x1x1xf32>
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<3x7x1x1xf32>
//       CHECK:   %[[B:.*]] = linalg.broadcast ins(%[[C]] : tensor<7x1x1xf32>) outs(%[[E]] : tensor<3x7x1x1xf32>) dimensions = [0]
//   CHECK-NOT:   stl.encode
//       CHECK:   return %[[B]]
func.func @named_broadcast() -> tensor<3x7x1x1xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %e = tensor.empty() : tensor<3x2x2xf32>
  %b = linalg.broadcast ins(%w : tensor<2x2xf32>) outs(%e : tensor<3x2x2xf32>) dimensions = [0]
  %0 = stl.encode rhs %b {scheme = #stl.scheme<"strassen">} : tensor<3x2x2xf32> -> tensor<3x7x1x1xf32>
  return %0 : tensor<3x7x1x1xf32>
}

// -----

// torch-mlir's broadcast (a yield-only generic) of an nn.Linear weight
// ([[1, 3], [2, 4]] transposed), in one generic.
// CHECK-LABEL: func @generic_broadcast_transpose
//       CHECK:   %[[C:.*]] = arith.constant {stl.weight = "constant tensor<2x2xi32> through linalg.generic (broadcast, transpose), encoded once and broadcast along batch dim(s) 0"} dense<{{\[}}{{\[}}[5]], {{\[}}[1]], {{\[}}[-2]], {{\[}}[2]], {{\[}}[4]], {{\[}}[3]], {{\[}}[7]]]> : tensor<7x1x1xi32>
//       CHECK:   linalg.broadcast ins(%[[C]] : tensor<7x1x1xi32>) outs(%{{.*}} : tensor<2x7x1x1xi32>) dimensions = [0]
//   CHECK-NOT:   stl.encode
#bt = affine_map<(d0, d1, d2) -> (d2, d1)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @generic_broadcast_transpose() -> tensor<2x7x1x1xi32> {
  %w = arith.constant dense<[[1, 3], [2, 4]]> : tensor<2x2xi32>
  %e = tensor.empty() : tensor<2x2x2xi32>
  %b = linalg.generic {indexing_maps = [#bt, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%w : tensor<2x2xi32>) outs(%e : tensor<2x2x2xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<2x2x2xi32>
  %0 = stl.encode rhs %b {scheme = #stl.scheme<"strassen">} : tensor<2x2x2xi32> -> tensor<2x7x1x1xi32>
  return %0 : tensor<2x7x1x1xi32>
}

// -----

// A size-1 dimension broadcast through the constant 0 of the input map, and
// a dense_resource blob ([[1, 2], [3, 4]]) reshaped first.
// CHECK-LABEL: func @resource_reshape_broadcast
//       CHECK:   %[[C:.*]] = arith.constant {stl.weight = "dense_resource<w> : tensor<4xf32> through tensor.expand_shape, linalg.generic (broadcast), encoded once and broadcast along batch dim(s) 0"} dense<{{\[}}{{\[}}[5.000000e+00]], {{\[}}[1.000000e+00]], {{\[}}[-2.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[4.000000e+00]], {{\[}}[3.000000e+00]], {{\[}}[7.000000e+00]]]> : tensor<7x1x1xf32>
//       CHECK:   linalg.broadcast ins(%[[C]] : tensor<7x1x1xf32>) outs(%{{.*}} : tensor<4x7x1x1xf32>) dimensions = [0]
#one = affine_map<(d0, d1, d2) -> (0, d1, d2)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @resource_reshape_broadcast() -> tensor<4x7x1x1xf32> {
  %w = arith.constant dense_resource<w> : tensor<4xf32>
  %r = tensor.expand_shape %w [[0, 1, 2]] output_shape [1, 2, 2] : tensor<4xf32> into tensor<1x2x2xf32>
  %e = tensor.empty() : tensor<4x2x2xf32>
  %b = linalg.generic {indexing_maps = [#one, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%r : tensor<1x2x2xf32>) outs(%e : tensor<4x2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x2x2xf32>
  %0 = stl.encode rhs %b {scheme = #stl.scheme<"strassen">} : tensor<4x2x2xf32> -> tensor<4x7x1x1xf32>
  return %0 : tensor<4x7x1x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// Batches that differ are encoded one by one: no broadcast.
// CHECK-LABEL: func @distinct_batches
//       CHECK:   %[[C:.*]] = arith.constant {stl.weight = "constant tensor<2x2x2xf32>"} dense<{{.*}}> : tensor<2x7x1x1xf32>
//   CHECK-NOT:   linalg.broadcast
//       CHECK:   return %[[C]]
func.func @distinct_batches() -> tensor<2x7x1x1xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 5.0]]]> : tensor<2x2x2xf32>
  %0 = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : tensor<2x2x2xf32> -> tensor<2x7x1x1xf32>
  return %0 : tensor<2x7x1x1xf32>
}

// -----

// A generic that computes (here: negates) is not a copy, and a broadcast of
// an argument is not a constant: both encodings stay.
// CHECK-LABEL: func @not_foldable
//       CHECK:   stl.encode rhs
//       CHECK:   stl.encode rhs
#b = affine_map<(d0, d1, d2) -> (d1, d2)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @not_foldable(%arg: tensor<2x2xf32>) -> (tensor<2x7x1x1xf32>, tensor<2x7x1x1xf32>) {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2x2xf32>
  %n = linalg.generic {indexing_maps = [#b, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%w : tensor<2x2xf32>) outs(%e : tensor<2x2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %neg = arith.negf %in : f32
    linalg.yield %neg : f32
  } -> tensor<2x2x2xf32>
  %0 = stl.encode rhs %n {scheme = #stl.scheme<"strassen">} : tensor<2x2x2xf32> -> tensor<2x7x1x1xf32>
  %a = linalg.broadcast ins(%arg : tensor<2x2xf32>) outs(%e : tensor<2x2x2xf32>) dimensions = [0]
  %1 = stl.encode rhs %a {scheme = #stl.scheme<"strassen">} : tensor<2x2x2xf32> -> tensor<2x7x1x1xf32>
  return %0, %1 : tensor<2x7x1x1xf32>, tensor<2x7x1x1xf32>
}

// -----

// The report (JSON) names the pre-encoded weight of a product.
// JSON: "weight": "constant tensor<2x2xf32> through linalg.transpose, linalg.broadcast, encoded once and broadcast along batch dim(s) 0"
// JSON: "weight_pre_encoded": true
func.func @matmul_broadcast_weight(%x: tensor<2x4x2xf32>) -> tensor<2x4x2xf32> {
  %w = arith.constant dense<[[1.0, 3.0], [2.0, 4.0]]> : tensor<2x2xf32>
  %et = tensor.empty() : tensor<2x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x2xf32>) outs(%et : tensor<2x2xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<2x2x2xf32>
  %b = linalg.broadcast ins(%t : tensor<2x2xf32>) outs(%e : tensor<2x2x2xf32>) dimensions = [0]
  %0 = stl.matmul %x, %b {scheme = #stl.scheme<"strassen">} : tensor<2x4x2xf32>, tensor<2x2x2xf32> -> tensor<2x4x2xf32>
  return %0 : tensor<2x4x2xf32>
}

// -----

// A 16-bit weight widened to f32 by a one-cast generic (torch-mlir, before an
// f32 product) is converted at compile time and encoded.
// CHECK-LABEL: func @widened
//       CHECK:   arith.constant {stl.weight = "constant tensor<2x2xf16> through linalg.generic (arith.extf)"} dense<{{\[}}{{\[}}[5.000000e+00]], {{\[}}[1.000000e+00]], {{\[}}[-2.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[4.000000e+00]], {{\[}}[3.000000e+00]], {{\[}}[7.000000e+00]]]> : tensor<7x1x1xf32>
//   CHECK-NOT:   stl.encode
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @widened() -> tensor<7x1x1xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf16>
  %e = tensor.empty() : tensor<2x2xf32>
  %f = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%w : tensor<2x2xf16>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f16, %out: f32):
    %x = arith.extf %in : f16 to f32
    linalg.yield %x : f32
  } -> tensor<2x2xf32>
  %0 = stl.encode rhs %f {scheme = #stl.scheme<"strassen">} : tensor<2x2xf32> -> tensor<7x1x1xf32>
  return %0 : tensor<7x1x1xf32>
}

// -----

// A truncation with another rounding mode than the compile-time one is left
// to run time.
// CHECK-LABEL: func @truncated_toward_zero
//       CHECK:   stl.encode rhs
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @truncated_toward_zero() -> tensor<7x1x1xf16> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf16>
  %f = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%w : tensor<2x2xf32>) outs(%e : tensor<2x2xf16>) {
  ^bb0(%in: f32, %out: f16):
    %x = arith.truncf %in toward_zero : f32 to f16
    linalg.yield %x : f16
  } -> tensor<2x2xf16>
  %0 = stl.encode rhs %f {scheme = #stl.scheme<"strassen">} : tensor<2x2xf16> -> tensor<7x1x1xf16>
  return %0 : tensor<7x1x1xf16>
}
