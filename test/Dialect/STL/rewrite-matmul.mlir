// RUN: stl-opt %s --stl-rewrite-matmul=force=true -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @plain
//  CHECK-SAME:   %[[A:.*]]: tensor<64x32xf32>, %[[B:.*]]: tensor<32x16xf32>, %[[C:.*]]: tensor<64x16xf32>
//       CHECK:   %[[R:.*]] = stl.matmul %[[A]], %[[B]] into %[[C]] {scheme = #stl.scheme<"strassen">}
//  CHECK-SAME:     : tensor<64x32xf32>, tensor<32x16xf32>, tensor<64x16xf32> -> tensor<64x16xf32>
//   CHECK-NOT:   linalg.matmul
//       CHECK:   return %[[R]]
func.func @plain(%a: tensor<64x32xf32>, %b: tensor<32x16xf32>, %c: tensor<64x16xf32>) -> tensor<64x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x16xf32>) outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
  return %0 : tensor<64x16xf32>
}

// -----

// A^T: the lhs is transposed back to M x K.
// CHECK-LABEL: func @transpose_a
//  CHECK-SAME:   %[[A:.*]]: tensor<32x64xf32>, %[[B:.*]]: tensor<32x16xf32>, %[[C:.*]]: tensor<64x16xf32>
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<64x32xf32>
//       CHECK:   %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<32x64xf32>) outs(%[[E]] : tensor<64x32xf32>) permutation = [1, 0]
//       CHECK:   %[[R:.*]] = stl.matmul %[[AT]], %[[B]] into %[[C]]
//  CHECK-SAME:     : tensor<64x32xf32>, tensor<32x16xf32>, tensor<64x16xf32> -> tensor<64x16xf32>
//       CHECK:   return %[[R]]
func.func @transpose_a(%a: tensor<32x64xf32>, %b: tensor<32x16xf32>, %c: tensor<64x16xf32>) -> tensor<64x16xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<32x64xf32>, tensor<32x16xf32>) outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
  return %0 : tensor<64x16xf32>
}

// -----

// B^T: the rhs is transposed back to K x N.
// CHECK-LABEL: func @transpose_b
//  CHECK-SAME:   %[[A:.*]]: tensor<64x32xf32>, %[[B:.*]]: tensor<16x32xf32>, %[[C:.*]]: tensor<64x16xf32>
//       CHECK:   %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<16x32xf32>) outs(%{{.*}} : tensor<32x16xf32>) permutation = [1, 0]
//       CHECK:   stl.matmul %[[A]], %[[BT]] into %[[C]]
//  CHECK-SAME:     : tensor<64x32xf32>, tensor<32x16xf32>, tensor<64x16xf32> -> tensor<64x16xf32>
func.func @transpose_b(%a: tensor<64x32xf32>, %b: tensor<16x32xf32>, %c: tensor<64x16xf32>) -> tensor<64x16xf32> {
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<64x32xf32>, tensor<16x32xf32>) outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
  return %0 : tensor<64x16xf32>
}

// -----

// CHECK-LABEL: func @batch
//  CHECK-SAME:   %[[A:.*]]: tensor<3x8x6xf32>, %[[B:.*]]: tensor<3x6x4xf32>, %[[C:.*]]: tensor<3x8x4xf32>
//       CHECK:   %[[R:.*]] = stl.matmul %[[A]], %[[B]] into %[[C]]
//  CHECK-SAME:     : tensor<3x8x6xf32>, tensor<3x6x4xf32>, tensor<3x8x4xf32> -> tensor<3x8x4xf32>
//       CHECK:   return %[[R]]
func.func @batch(%a: tensor<3x8x6xf32>, %b: tensor<3x6x4xf32>, %c: tensor<3x8x4xf32>) -> tensor<3x8x4xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x8x6xf32>, tensor<3x6x4xf32>) outs(%c : tensor<3x8x4xf32>) -> tensor<3x8x4xf32>
  return %0 : tensor<3x8x4xf32>
}

// -----

// Batched A^T and B^T: the batch dimension stays in front.
// CHECK-LABEL: func @batch_transposed
//  CHECK-SAME:   %[[A:.*]]: tensor<3x6x8xf32>, %[[B:.*]]: tensor<3x4x6xf32>, %[[C:.*]]: tensor<3x8x4xf32>
//       CHECK:   %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<3x6x8xf32>) outs(%{{.*}} : tensor<3x8x6xf32>) permutation = [0, 2, 1]
//       CHECK:   %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<3x4x6xf32>) outs(%{{.*}} : tensor<3x6x4xf32>) permutation = [0, 2, 1]
//       CHECK:   stl.matmul %[[AT]], %[[BT]] into %[[C]]
//  CHECK-SAME:     : tensor<3x8x6xf32>, tensor<3x6x4xf32>, tensor<3x8x4xf32> -> tensor<3x8x4xf32>
func.func @batch_transposed(%a: tensor<3x6x8xf32>, %b: tensor<3x4x6xf32>, %c: tensor<3x8x4xf32>) -> tensor<3x8x4xf32> {
  %0 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, k, m)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
    ins(%a, %b : tensor<3x6x8xf32>, tensor<3x4x6xf32>) outs(%c : tensor<3x8x4xf32>) -> tensor<3x8x4xf32>
  return %0 : tensor<3x8x4xf32>
}

// -----

// A generic that is a plain contraction, with the loops in another order and
// the multiply's operands swapped.
// CHECK-LABEL: func @generic_contraction
//  CHECK-SAME:   %[[A:.*]]: tensor<8x6xf32>, %[[B:.*]]: tensor<6x4xf32>, %[[C:.*]]: tensor<8x4xf32>
//   CHECK-NOT:   linalg.generic
//       CHECK:   %[[R:.*]] = stl.matmul %[[A]], %[[B]] into %[[C]]
//  CHECK-SAME:     : tensor<8x6xf32>, tensor<6x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
//       CHECK:   return %[[R]]
func.func @generic_contraction(%a: tensor<8x6xf32>, %b: tensor<6x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(k, m, n) -> (m, k)>, affine_map<(k, m, n) -> (k, n)>, affine_map<(k, m, n) -> (m, n)>],
                       iterator_types = ["reduction", "parallel", "parallel"]}
    ins(%a, %b : tensor<8x6xf32>, tensor<6x4xf32>) outs(%c : tensor<8x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %y, %x : f32
    %s = arith.addf %p, %acc : f32
    linalg.yield %s : f32
  } -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// C^T += (B^T A^T)... written with the output transposed: exchanging the
// inputs' roles needs no transpose at all.
// CHECK-LABEL: func @generic_transposed_output
//  CHECK-SAME:   %[[X:.*]]: tensor<6x8xf32>, %[[Y:.*]]: tensor<4x6xf32>, %[[C:.*]]: tensor<4x8xf32>
//   CHECK-NOT:   linalg.transpose
//       CHECK:   stl.matmul %[[Y]], %[[X]] into %[[C]]
//  CHECK-SAME:     : tensor<4x6xf32>, tensor<6x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
func.func @generic_transposed_output(%x: tensor<6x8xf32>, %y: tensor<4x6xf32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (n, m)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%x, %y : tensor<6x8xf32>, tensor<4x6xf32>) outs(%c : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Only the output is transposed: init in, result out.
// CHECK-LABEL: func @generic_output_only_transposed
//  CHECK-SAME:   %[[A:.*]]: tensor<8x6xf32>, %[[B:.*]]: tensor<6x4xf32>, %[[C:.*]]: tensor<4x8xf32>
//       CHECK:   %[[CT:.*]] = linalg.transpose ins(%[[C]] : tensor<4x8xf32>) outs(%{{.*}} : tensor<8x4xf32>) permutation = [1, 0]
//       CHECK:   %[[R:.*]] = stl.matmul %[[A]], %[[B]] into %[[CT]]
//  CHECK-SAME:     -> tensor<8x4xf32>
//       CHECK:   %[[RT:.*]] = linalg.transpose ins(%[[R]] : tensor<8x4xf32>) outs(%{{.*}} : tensor<4x8xf32>) permutation = [1, 0]
//       CHECK:   return %[[RT]]
func.func @generic_output_only_transposed(%a: tensor<8x6xf32>, %b: tensor<6x4xf32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<8x6xf32>, tensor<6x4xf32>) outs(%c : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// linalg.contract is a contraction too.
// CHECK-LABEL: func @contract
//       CHECK:   stl.matmul
//   CHECK-NOT:   linalg.contract
func.func @contract(%a: tensor<8x6xf32>, %b: tensor<6x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = linalg.contract indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<8x6xf32>, tensor<6x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// Max-plus is not a matrix product.
// CHECK-LABEL: func @generic_max_plus
//       CHECK:   linalg.generic
//   CHECK-NOT:   stl.matmul
func.func @generic_max_plus(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{not rewritten to STL: body is not a multiply-add of the inputs (possibly extended to the output type)}}
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %acc, %s : f32
    linalg.yield %r : f32
  } -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// linalg's contraction check looks through any unary op; this one negates a
// factor, which stl.matmul would not.
// CHECK-LABEL: func @generic_negated_factor
//   CHECK-NOT:   stl.matmul
func.func @generic_negated_factor(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{not rewritten to STL: body is not a multiply-add of the inputs}}
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %n = arith.negf %x : f32
    %p = arith.mulf %n, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// Two reduction loops (a batch-reduce product) is not one matrix product.
// CHECK-LABEL: func @generic_two_reductions
//   CHECK-NOT:   stl.matmul
func.func @generic_two_reductions(%a: tensor<2x8x8xf32>, %b: tensor<2x8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{not rewritten to STL: expected one reduction dimension (K), found 2}}
  %0 = linalg.batch_reduce_matmul ins(%a, %b : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// CHECK-LABEL: func @matvec
//       CHECK:   linalg.matvec
func.func @matvec(%a: tensor<8x8xf32>, %b: tensor<8xf32>, %c: tensor<8xf32>) -> tensor<8xf32> {
  // expected-remark @+1 {{not rewritten to STL: expected one M and one N dimension, found 1 and 0}}
  %0 = linalg.matvec ins(%a, %b : tensor<8x8xf32>, tensor<8xf32>) outs(%c : tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// An lhs broadcast along M (a map that drops a dimension) is not a product
// of two matrices.
// CHECK-LABEL: func @broadcast_lhs
//       CHECK:   linalg.matmul
func.func @broadcast_lhs(%a: tensor<6xf32>, %b: tensor<6x4xf32>, %c: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-remark @+1 {{not rewritten to STL: expected one M and one N dimension, found 0 and 1}}
  %0 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : tensor<6xf32>, tensor<6x4xf32>) outs(%c : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// Elementwise generics and fills are not matrix products: no remark.
// CHECK-LABEL: func @not_a_product
//       CHECK:   linalg.fill
//       CHECK:   linalg.generic
func.func @not_a_product(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
    ins(%a : tensor<8x8xf32>) outs(%f : tensor<8x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// 5x7 * 7x3 with 2x2x2 tiles: pad M, K, N by one each, slice back. The
// zero-filled output is dropped (nothing to accumulate into).
// CHECK-LABEL: func @pad_static
//  CHECK-SAME:   %[[A:.*]]: tensor<5x7xf32>, %[[B:.*]]: tensor<7x3xf32>
//   CHECK-DAG:   %[[Z:.*]] = arith.constant 0.000000e+00 : f32
//   CHECK-NOT:   linalg.fill
//       CHECK:   %[[AP:.*]] = tensor.pad %[[A]] low[0, 0] high[1, 1]
//       CHECK:     tensor.yield %[[Z]]
//       CHECK:   } : tensor<5x7xf32> to tensor<6x8xf32>
//       CHECK:   %[[BP:.*]] = tensor.pad %[[B]] low[0, 0] high[1, 1]
//       CHECK:   } : tensor<7x3xf32> to tensor<8x4xf32>
//       CHECK:   %[[R:.*]] = stl.matmul %[[AP]], %[[BP]] {scheme = #stl.scheme<"strassen">}
//  CHECK-SAME:     : tensor<6x8xf32>, tensor<8x4xf32> -> tensor<6x4xf32>
//       CHECK:   %[[S:.*]] = tensor.extract_slice %[[R]][0, 0] [5, 3] [1, 1] : tensor<6x4xf32> to tensor<5x3xf32>
//       CHECK:   return %[[S]]
func.func @pad_static(%a: tensor<5x7xf32>, %b: tensor<7x3xf32>) -> tensor<5x3xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<5x3xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<5x3xf32>) -> tensor<5x3xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<5x7xf32>, tensor<7x3xf32>) outs(%c : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// A non-zero C stays the accumulator (C + A*B) and is padded like the result.
// CHECK-LABEL: func @pad_accumulate
//  CHECK-SAME:   %[[A:.*]]: tensor<6x7xf32>, %[[B:.*]]: tensor<7x4xf32>, %[[C:.*]]: tensor<6x4xf32>
//       CHECK:   %[[AP:.*]] = tensor.pad %[[A]] low[0, 0] high[0, 1]
//       CHECK:   %[[BP:.*]] = tensor.pad %[[B]] low[0, 0] high[1, 0]
//   CHECK-NOT:   tensor.pad
//       CHECK:   %[[R:.*]] = stl.matmul %[[AP]], %[[BP]] into %[[C]]
//  CHECK-SAME:     : tensor<6x8xf32>, tensor<8x4xf32>, tensor<6x4xf32> -> tensor<6x4xf32>
//   CHECK-NOT:   tensor.extract_slice
//       CHECK:   return %[[R]]
func.func @pad_accumulate(%a: tensor<6x7xf32>, %b: tensor<7x4xf32>, %c: tensor<6x4xf32>) -> tensor<6x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<6x7xf32>, tensor<7x4xf32>) outs(%c : tensor<6x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// A non-zero fill is an accumulator like any other.
// CHECK-LABEL: func @fill_nonzero
//       CHECK:   %[[F:.*]] = linalg.fill
//       CHECK:   %[[FP:.*]] = tensor.pad %[[F]] low[0, 0] high[1, 1]
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} into %[[FP]]
func.func @fill_nonzero(%a: tensor<5x6xf32>, %b: tensor<6x5xf32>) -> tensor<5x5xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<5x5xf32>
  %c = linalg.fill ins(%one : f32) outs(%e : tensor<5x5xf32>) -> tensor<5x5xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<5x6xf32>, tensor<6x5xf32>) outs(%c : tensor<5x5xf32>) -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}

// -----

// Dynamic shapes: every extent is padded up to a multiple of 2 at run time
// (by 0 when it already is one) and the result sliced back.
// CHECK-LABEL: func @dynamic
//  CHECK-SAME:   %[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>, %[[C:.*]]: tensor<?x?xf32>
//       CHECK:   %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
//       CHECK:   %[[MT:.*]] = arith.ceildivui %[[M]], %[[TWO:.*]] : index
//       CHECK:   %[[MP:.*]] = arith.muli %[[MT]], %[[TWO]] : index
//       CHECK:   %[[MH:.*]] = arith.subi %[[MP]], %[[M]] : index
//       CHECK:   %[[N:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x?xf32>
//       CHECK:   %[[NH:.*]] = arith.subi %{{.*}}, %[[N]] : index
//       CHECK:   %[[K:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
//       CHECK:   %[[KH:.*]] = arith.subi %{{.*}}, %[[K]] : index
//       CHECK:   %[[AP:.*]] = tensor.pad %[[A]] low[0, 0] high[%[[MH]], %[[KH]]]
//       CHECK:   } : tensor<?x?xf32> to tensor<?x?xf32>
//       CHECK:   %[[BP:.*]] = tensor.pad %[[B]] low[0, 0] high[%[[KH]], %[[NH]]]
//       CHECK:   %[[CP:.*]] = tensor.pad %[[C]] low[0, 0] high[%[[MH]], %[[NH]]]
//       CHECK:   %[[R:.*]] = stl.matmul %[[AP]], %[[BP]] into %[[CP]]
//  CHECK-SAME:     : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
//       CHECK:   %[[S:.*]] = tensor.extract_slice %[[R]][0, 0] [%[[M]], %[[N]]] [1, 1]
//       CHECK:   return %[[S]]
func.func @dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A static extent known from one operand fixes the padding of the others.
// CHECK-LABEL: func @partly_dynamic
//  CHECK-SAME:   %[[A:.*]]: tensor<?x6xf32>, %[[B:.*]]: tensor<6x?xf32>, %[[C:.*]]: tensor<5x?xf32>
//       CHECK:   %[[AP:.*]] = tensor.pad %[[A]] low[0, 0] high[1, 0]
//       CHECK:   } : tensor<?x6xf32> to tensor<6x6xf32>
//       CHECK:   %[[BP:.*]] = tensor.pad %[[B]]
//       CHECK:   } : tensor<6x?xf32> to tensor<6x?xf32>
//       CHECK:   %[[CP:.*]] = tensor.pad %[[C]]
//       CHECK:   } : tensor<5x?xf32> to tensor<6x?xf32>
//       CHECK:   %[[R:.*]] = stl.matmul %[[AP]], %[[BP]] into %[[CP]]
//       CHECK:   %[[S:.*]] = tensor.extract_slice %[[R]][0, 0] [5, %{{.*}}] [1, 1] : tensor<6x?xf32> to tensor<5x?xf32>
//       CHECK:   return %[[S]]
func.func @partly_dynamic(%a: tensor<?x6xf32>, %b: tensor<6x?xf32>, %c: tensor<5x?xf32>) -> tensor<5x?xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<?x6xf32>, tensor<6x?xf32>) outs(%c : tensor<5x?xf32>) -> tensor<5x?xf32>
  return %0 : tensor<5x?xf32>
}

// -----

// f16 x f16 -> f32: the operands are encoded in f32 (encoding-type=f32, the
// default), so the rewritten product loses nothing to 16-bit encodings.
// CHECK-LABEL: func @mixed_f16
//  CHECK-SAME:   %[[A:.*]]: tensor<8x8xf16>, %[[B:.*]]: tensor<8x8xf16>, %[[C:.*]]: tensor<8x8xf32>
//       CHECK:   %[[AW:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<8x8xf16>) outs(%{{.*}} : tensor<8x8xf32>)
//       CHECK:     arith.extf
//       CHECK:   %[[BW:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<8x8xf16>) outs(%{{.*}} : tensor<8x8xf32>)
//       CHECK:   stl.matmul %[[AW]], %[[BW]] into %[[C]]
//  CHECK-SAME:     : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
func.func @mixed_f16(%a: tensor<8x8xf16>, %b: tensor<8x8xf16>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf16>, tensor<8x8xf16>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// CHECK-LABEL: func @mixed_bf16_padded
//       CHECK:   %[[AP:.*]] = tensor.pad
//       CHECK:     tensor.yield %{{.*}} : f32
//       CHECK:   } : tensor<3x4xf32> to tensor<4x4xf32>
//       CHECK:   %[[CP:.*]] = tensor.pad
//       CHECK:     tensor.yield %{{.*}} : f32
//       CHECK:   } : tensor<3x4xf32> to tensor<4x4xf32>
//       CHECK:   stl.matmul %[[AP]], %{{.*}} into %[[CP]]
//  CHECK-SAME:     : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
func.func @mixed_bf16_padded(%a: tensor<3x4xbf16>, %b: tensor<4x4xbf16>, %c: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<3x4xbf16>, tensor<4x4xbf16>) outs(%c : tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @different_input_types
//       CHECK:   linalg.matmul
func.func @different_input_types(%a: tensor<8x8xf16>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{not rewritten to STL: input element types differ (f16 and f32)}}
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf16>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

// f32 inputs into an f16 output truncate each factor first: not what
// stl.matmul computes.
// CHECK-LABEL: func @truncating
//       CHECK:   linalg.matmul
func.func @truncating(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf16>) -> tensor<8x8xf16> {
  // expected-remark @+1 {{not rewritten to STL: body is not a multiply-add of the inputs}}
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf16>) -> tensor<8x8xf16>
  return %0 : tensor<8x8xf16>
}

// -----

// CHECK-LABEL: func @integer
//  CHECK-SAME:   %[[A:.*]]: tensor<8x8xi32>, %[[B:.*]]: tensor<8x8xi32>, %[[C:.*]]: tensor<8x8xi32>
//       CHECK:   stl.matmul %[[A]], %[[B]] into %[[C]] {scheme = #stl.scheme<"strassen">}
//  CHECK-SAME:     : tensor<8x8xi32>, tensor<8x8xi32>, tensor<8x8xi32> -> tensor<8x8xi32>
func.func @integer(%a: tensor<8x8xi32>, %b: tensor<8x8xi32>, %c: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xi32>, tensor<8x8xi32>) outs(%c : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}

// -----

// i8 x i8 -> i32: the encoders add elements, which would wrap in i8, so the
// inputs are sign-extended first, as the body does per element.
// CHECK-LABEL: func @integer_widened
//  CHECK-SAME:   %[[A:.*]]: tensor<8x8xi8>, %[[B:.*]]: tensor<8x8xi8>, %[[C:.*]]: tensor<8x8xi32>
//       CHECK:   %[[AW:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<8x8xi8>) outs(%{{.*}} : tensor<8x8xi32>)
//       CHECK:     arith.extsi %{{.*}} : i8 to i32
//       CHECK:   %[[BW:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<8x8xi8>) outs(%{{.*}} : tensor<8x8xi32>)
//       CHECK:     arith.extsi %{{.*}} : i8 to i32
//       CHECK:   stl.matmul %[[AW]], %[[BW]] into %[[C]]
//  CHECK-SAME:     : tensor<8x8xi32>, tensor<8x8xi32>, tensor<8x8xi32> -> tensor<8x8xi32>
func.func @integer_widened(%a: tensor<8x8xi8>, %b: tensor<8x8xi8>, %c: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xi8>, tensor<8x8xi8>) outs(%c : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}

// -----

// CHECK-LABEL: func @integer_unsigned
//       CHECK:   arith.extui %{{.*}} : i8 to i32
//       CHECK:   arith.extui %{{.*}} : i8 to i32
//       CHECK:   stl.matmul
func.func @integer_unsigned(%a: tensor<8x8xi8>, %b: tensor<8x8xi8>, %c: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %0 = linalg.matmul {cast = #linalg.type_fn<cast_unsigned>} ins(%a, %b : tensor<8x8xi8>, tensor<8x8xi8>) outs(%c : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}

// -----

// Memrefs: read through to_tensor restrict, written back in place.
// CHECK-LABEL: func @memref
//  CHECK-SAME:   %[[A:.*]]: memref<8x6xf32>, %[[B:.*]]: memref<6x4xf32>, %[[C:.*]]: memref<8x4xf32>
//       CHECK:   %[[TA:.*]] = bufferization.to_tensor %[[A]] restrict : memref<8x6xf32> to tensor<8x6xf32>
//       CHECK:   %[[TB:.*]] = bufferization.to_tensor %[[B]] restrict : memref<6x4xf32> to tensor<6x4xf32>
//       CHECK:   %[[TC:.*]] = bufferization.to_tensor %[[C]] restrict : memref<8x4xf32> to tensor<8x4xf32>
//       CHECK:   %[[R:.*]] = stl.matmul %[[TA]], %[[TB]] into %[[TC]]
//       CHECK:   bufferization.materialize_in_destination %[[R]] in writable %[[C]] : (tensor<8x4xf32>, memref<8x4xf32>) -> ()
//   CHECK-NOT:   linalg.matmul
func.func @memref(%a: memref<8x6xf32>, %b: memref<6x4xf32>, %c: memref<8x4xf32>) {
  linalg.matmul ins(%a, %b : memref<8x6xf32>, memref<6x4xf32>) outs(%c : memref<8x4xf32>)
  return
}

// -----

// A * A on memrefs: one to_tensor per buffer (restrict promises it is the
// only one).
// CHECK-LABEL: func @memref_square
//  CHECK-SAME:   %[[A:.*]]: memref<?x?xf32>, %[[C:.*]]: memref<?x?xf32>
//       CHECK:   %[[TA:.*]] = bufferization.to_tensor %[[A]] restrict
//   CHECK-NOT:   bufferization.to_tensor %[[A]]
//       CHECK:   %[[TC:.*]] = bufferization.to_tensor %[[C]] restrict
//       CHECK:   tensor.pad %[[TA]]
//       CHECK:   tensor.pad %[[TA]]
//       CHECK:   %[[R:.*]] = stl.matmul
//       CHECK:   %[[S:.*]] = tensor.extract_slice %[[R]]
//       CHECK:   bufferization.materialize_in_destination %[[S]] in writable %[[C]]
func.func @memref_square(%a: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %a : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// -----

// CHECK-LABEL: func @memref_output_is_input
//       CHECK:   linalg.matmul
func.func @memref_output_is_input(%a: memref<8x8xf32>, %c: memref<8x8xf32>) {
  // expected-remark @+1 {{not rewritten to STL: the output buffer is also an input}}
  linalg.matmul ins(%a, %c : memref<8x8xf32>, memref<8x8xf32>) outs(%c : memref<8x8xf32>)
  return
}

// -----

// CHECK-LABEL: func @memref_batch_generic
//       CHECK:   bufferization.to_tensor
//       CHECK:   stl.matmul
//  CHECK-SAME:     -> tensor<2x4x4xf32>
//       CHECK:   bufferization.materialize_in_destination
func.func @memref_batch_generic(%a: memref<2x4x4xf32>, %b: memref<2x4x4xf32>, %c: memref<2x4x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ins(%a, %b : memref<2x4x4xf32>, memref<2x4x4xf32>) outs(%c : memref<2x4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Sparse operands are not dense matrices.
#csr = #sparse_tensor.encoding<{map = (i, j) -> (i : dense, j : compressed)}>
// CHECK-LABEL: func @sparse
//       CHECK:   linalg.matmul
func.func @sparse(%a: tensor<8x8xf32, #csr>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{not rewritten to STL: tensors with an encoding (e.g. sparse) are not supported}}
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32, #csr>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
