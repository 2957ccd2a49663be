// RUN: stl-opt %s --convert-stl-to-linalg --split-input-file | FileCheck %s

// The lhs encode contracts each 2x2 tile with U (7x2x2), summing bf16 in f32
// and rounding once; the Hadamard product is a batch_matmul over the rank;
// decode accumulates D (2x2x7) products into the expanded output tiles.
// CHECK-LABEL: func @matmul_bf16
//  CHECK-SAME:   %[[X:.*]]: tensor<8x4xbf16>, %[[WE:.*]]: tensor<7x2x3xbf16>
//       CHECK:   %[[D:.*]] = arith.constant dense<{{.*}}> : tensor<2x2x7xf32>
//       CHECK:   %[[U:.*]] = arith.constant dense<{{.*}}> : tensor<7x2x2xf32>
//       CHECK:   %[[XT:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1], [2, 3]] output_shape [4, 2, 2, 2] : tensor<8x4xbf16> into tensor<4x2x2x2xbf16>
//       CHECK:   %[[XE32:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[XT]], %[[U]] : tensor<4x2x2x2xbf16>, tensor<7x2x2xf32>) outs(%{{.*}} : tensor<7x4x2xf32>)
//       CHECK:   %[[XE:.*]] = linalg.generic {{.*}} ins(%[[XE32]] : tensor<7x4x2xf32>) outs(%{{.*}} : tensor<7x4x2xbf16>)
//       CHECK:   %[[P:.*]] = linalg.batch_matmul ins(%[[XE]], %[[WE]] : tensor<7x4x2xbf16>, tensor<7x2x3xbf16>) outs(%{{.*}} : tensor<7x4x3xf32>)
//       CHECK:   %[[YT:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel"]} ins(%[[P]], %[[D]] : tensor<7x4x3xf32>, tensor<2x2x7xf32>) outs(%{{.*}} : tensor<4x2x3x2xf32>)
//       CHECK:   %[[Y:.*]] = tensor.collapse_shape %[[YT]] {{\[}}[0, 1], [2, 3]] : tensor<4x2x3x2xf32> into tensor<8x6xf32>
//       CHECK:   return %[[Y]]
func.func @matmul_bf16(%x: tensor<8x4xbf16>, %we: tensor<7x2x3xbf16>) -> tensor<8x6xf32> {
  %0 = stl.matmul %x, %we acc(f32) rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<8x4xbf16>, tensor<7x2x3xbf16> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// -----

// Batch dimensions fold into the batch_matmul's batch with the rank.
// CHECK-LABEL: func @hadamard_batched
//       CHECK:   %[[A:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<3x7x4x2xf32> into tensor<21x4x2xf32>
//       CHECK:   %[[B:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<3x7x2x5xf32> into tensor<21x2x5xf32>
//       CHECK:   %[[P:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<21x4x2xf32>, tensor<21x2x5xf32>)
//       CHECK:   tensor.expand_shape %[[P]] {{\[}}[0, 1], [2], [3]] output_shape [3, 7, 4, 5] : tensor<21x4x5xf32> into tensor<3x7x4x5xf32>
func.func @hadamard_batched(%a: tensor<3x7x4x2xf32>, %b: tensor<3x7x2x5xf32>) -> tensor<3x7x4x5xf32> {
  %0 = stl.hadamard %a, %b : tensor<3x7x4x2xf32>, tensor<3x7x2x5xf32> -> tensor<3x7x4x5xf32>
  return %0 : tensor<3x7x4x5xf32>
}

// -----

// Dynamic extents are divided by the tile at run time.
// CHECK-LABEL: func @encode_dynamic
//       CHECK:   %[[C2:.*]] = arith.constant 2 : index
//       CHECK:   %[[DIM:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x?xi32>
//       CHECK:   arith.divui %[[DIM]], %[[C2]] : index
//       CHECK:   tensor.expand_shape {{.*}} : tensor<?x?xi32> into tensor<?x2x?x2xi32>
//       CHECK:   linalg.generic {{.*}} outs(%{{.*}} : tensor<7x?x?xi32>)
func.func @encode_dynamic(%x: tensor<?x?xi32>) -> tensor<7x?x?xi32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<?x?xi32> -> tensor<7x?x?xi32>
  return %0 : tensor<7x?x?xi32>
}

// -----

// An init is the decode's starting value (C + A*B).
// CHECK-LABEL: func @decode_into
//  CHECK-SAME:   %[[P:.*]]: tensor<7x2x2xf32>, %[[C:.*]]: tensor<4x4xf32>
//       CHECK:   %[[CT:.*]] = tensor.expand_shape %[[C]]
//       CHECK:   linalg.generic {{.*}} outs(%[[CT]] : tensor<2x2x2x2xf32>)
func.func @decode_into(%p: tensor<7x2x2xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<7x2x2xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A 16-bit Hadamard result is accumulated in f32 and rounded once.
// CHECK-LABEL: func @hadamard_bf16_result
//       CHECK:   %[[P:.*]] = linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16>) outs(%{{.*}} : tensor<7x4x3xf32>)
//       CHECK:   %[[R:.*]] = linalg.generic {{.*}} ins(%[[P]] : tensor<7x4x3xf32>) outs(%{{.*}} : tensor<7x4x3xbf16>)
//       CHECK:     arith.truncf {{.*}} : f32 to bf16
//       CHECK:   return %[[R]]
func.func @hadamard_bf16_result(%a: tensor<7x4x2xbf16>, %b: tensor<7x2x3xbf16>) -> tensor<7x4x3xbf16> {
  %0 = stl.hadamard %a, %b : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xbf16>
  return %0 : tensor<7x4x3xbf16>
}

// -----

// A decode of 16-bit products sums them in f32 and rounds once to the result.
// CHECK-LABEL: func @decode_bf16
//       CHECK:   %[[D:.*]] = arith.constant dense<{{.*}}> : tensor<2x2x7xf32>
//       CHECK:   %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[D]] : tensor<7x2x2xbf16>, tensor<2x2x7xf32>) outs(%{{.*}} : tensor<2x2x2x2xf32>)
//       CHECK:     arith.extf {{.*}} : bf16 to f32
//       CHECK:   linalg.generic {{.*}} outs(%{{.*}} : tensor<4x4xbf16>)
func.func @decode_bf16(%p: tensor<7x2x2xbf16>) -> tensor<4x4xbf16> {
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x2x2xbf16> -> tensor<4x4xbf16>
  return %0 : tensor<4x4xbf16>
}
