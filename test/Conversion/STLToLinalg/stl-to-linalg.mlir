// RUN: stl-opt %s --convert-stl-to-linalg --split-input-file | FileCheck %s

// The lhs encode reads the four phases of each 2x2 tile (strided slices of
// the tile-expanded input) and yields the 7 coefficients from one
// elementwise generic (up to 8 per generic): bf16 summed in f32 over the nonzero entries of U
// (+-1 as additions) and rounded once. The Hadamard product is a
// batch_matmul over the rank; the decode reads the 7 products and yields
// the four phases of each output tile.
// CHECK-LABEL: func @matmul_bf16
//  CHECK-SAME:   %[[X:.*]]: tensor<8x4xbf16>, %[[WE:.*]]: tensor<7x2x3xbf16>
//       CHECK:   %[[XT:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1], [2, 3]] output_shape [4, 2, 2, 2] : tensor<8x4xbf16> into tensor<4x2x2x2xbf16>
//       CHECK:   %[[XE0:.*]] = tensor.empty() : tensor<7x4x2xbf16>
//       CHECK:   %[[X00:.*]] = tensor.extract_slice %[[XT]][0, 0, 0, 0] [4, 1, 2, 1] [1, 1, 1, 1] : tensor<4x2x2x2xbf16> to tensor<4x2xbf16>
//       CHECK:   %[[X01:.*]] = tensor.extract_slice %[[XT]][0, 0, 0, 1] [4, 1, 2, 1]
//       CHECK:   %[[X10:.*]] = tensor.extract_slice %[[XT]][0, 1, 0, 0] [4, 1, 2, 1]
//       CHECK:   %[[X11:.*]] = tensor.extract_slice %[[XT]][0, 1, 0, 1] [4, 1, 2, 1]
//       CHECK:   %[[O0:.*]] = tensor.extract_slice %[[XE0]][0, 0, 0] [1, 4, 2] [1, 1, 1] : tensor<7x4x2xbf16> to tensor<4x2xbf16>
//       CHECK:   %[[E:.*]]:7 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[X00]], %[[X01]], %[[X10]], %[[X11]] : {{.*}}) outs(%[[O0]], {{.*}} : tensor<4x2xbf16>, tensor<4x2xbf16>, tensor<4x2xbf16>, tensor<4x2xbf16>, tensor<4x2xbf16>, tensor<4x2xbf16>, tensor<4x2xbf16>)
//  CHECK-NEXT:   ^bb0(%[[A:[^:]*]]: bf16, %[[B:[^:]*]]: bf16, %[[C:[^:]*]]: bf16, %[[D:[^:]*]]: bf16,
//  CHECK-NEXT:     %[[A32:.*]] = arith.extf %[[A]] : bf16 to f32
//  CHECK-NEXT:     %[[B32:.*]] = arith.extf %[[B]] : bf16 to f32
//  CHECK-NEXT:     %[[C32:.*]] = arith.extf %[[C]] : bf16 to f32
//  CHECK-NEXT:     %[[D32:.*]] = arith.extf %[[D]] : bf16 to f32
//  CHECK-NEXT:     %[[S0:.*]] = arith.addf %[[A32]], %[[D32]] : f32
//  CHECK-NEXT:     %[[R0:.*]] = arith.truncf %[[S0]] : f32 to bf16
//   CHECK-NOT:     arith.mulf
//       CHECK:     linalg.yield %[[R0]], %{{.*}}, %[[A]], %[[D]],
//       CHECK:   %[[I0:.*]] = tensor.insert_slice %[[E]]#0 into %[[XE0]][0, 0, 0] [1, 4, 2] [1, 1, 1]
//       CHECK:   %[[XE:.*]] = tensor.insert_slice %[[E]]#6 into %{{.*}}[6, 0, 0] [1, 4, 2] [1, 1, 1] : tensor<4x2xbf16> into tensor<7x4x2xbf16>
//       CHECK:   %[[P:.*]] = linalg.batch_matmul ins(%[[XE]], %[[WE]] : tensor<7x4x2xbf16>, tensor<7x2x3xbf16>) outs(%{{.*}} : tensor<7x4x3xf32>)
//       CHECK:   %[[P0:.*]] = tensor.extract_slice %[[P]][0, 0, 0] [1, 4, 3] [1, 1, 1] : tensor<7x4x3xf32> to tensor<4x3xf32>
//       CHECK:   %[[YT0:.*]] = tensor.empty() : tensor<4x2x3x2xf32>
//       CHECK:   %[[Y:.*]]:4 = linalg.generic {{.*}} ins(%[[P0]], {{.*}} : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) outs({{.*}} : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>)
//       CHECK:   %[[YT:.*]] = tensor.insert_slice %[[Y]]#3 into %{{.*}}[0, 1, 0, 1] [4, 1, 3, 1] [1, 1, 1, 1] : tensor<4x3xf32> into tensor<4x2x3x2xf32>
//       CHECK:   %[[R:.*]] = tensor.collapse_shape %[[YT]] {{\[}}[0, 1], [2, 3]] : tensor<4x2x3x2xf32> into tensor<8x6xf32>
//       CHECK:   return %[[R]]
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

// Dynamic extents are divided by the tile at run time. A phase is sliced at
// full rank and its unit dimensions collapsed by name: a rank-reducing slice
// that keeps a dynamic dimension would be re-typed by canonicalization,
// dropping other unit dimensions, if that dimension is later found to be 1.
// CHECK-LABEL: func @encode_dynamic
//       CHECK:   %[[C2:.*]] = arith.constant 2 : index
//       CHECK:   %[[DIM:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x?xi32>
//       CHECK:   arith.divui %[[DIM]], %[[C2]] : index
//       CHECK:   tensor.expand_shape {{.*}} : tensor<?x?xi32> into tensor<?x2x?x2xi32>
//       CHECK:   tensor.extract_slice {{.*}} : tensor<?x2x?x2xi32> to tensor<?x1x?x1xi32>
//       CHECK:   tensor.collapse_shape {{.*}} {{\[}}[0, 1], [2, 3]] : tensor<?x1x?x1xi32> into tensor<?x?xi32>
//       CHECK:   %[[E:.*]]:7 = linalg.generic {{.*}} outs({{.*}} : tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>)
//       CHECK:     arith.addi
//       CHECK:     arith.subi
//       CHECK:   %[[X:.*]] = tensor.expand_shape %[[E]]#6 {{\[}}[0, 1], [2]] {{.*}} : tensor<?x?xi32> into tensor<1x?x?xi32>
//       CHECK:   tensor.insert_slice %[[X]] into {{.*}} : tensor<1x?x?xi32> into tensor<7x?x?xi32>
func.func @encode_dynamic(%x: tensor<?x?xi32>) -> tensor<7x?x?xi32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<?x?xi32> -> tensor<7x?x?xi32>
  return %0 : tensor<7x?x?xi32>
}

// -----

// An init is the decode's starting value (C + A*B): the output phases are
// slices of it, read first in the sums.
// CHECK-LABEL: func @decode_into
//  CHECK-SAME:   %[[P:.*]]: tensor<7x2x2xf32>, %[[C:.*]]: tensor<4x4xf32>
//       CHECK:   %[[CT:.*]] = tensor.expand_shape %[[C]]
//       CHECK:   %[[C00:.*]] = tensor.extract_slice %[[CT]][0, 0, 0, 0] [2, 1, 2, 1] [1, 1, 1, 1] : tensor<2x2x2x2xf32> to tensor<2x2xf32>
//       CHECK:   linalg.generic {{.*}} outs(%[[C00]], %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
//  CHECK-NEXT:   ^bb0(%[[P0:[^:]*]]: f32, {{.*}} %[[OUT:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32):
//  CHECK-NEXT:     arith.addf %[[OUT]], %[[P0]] : f32
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
//       CHECK:   linalg.generic {{.*}} outs({{.*}} : tensor<2x2xbf16>, tensor<2x2xbf16>, tensor<2x2xbf16>, tensor<2x2xbf16>)
//       CHECK:     arith.extf {{.*}} : bf16 to f32
//       CHECK:     arith.addf {{.*}} : f32
//       CHECK:     arith.truncf {{.*}} : f32 to bf16
//       CHECK:   tensor.collapse_shape {{.*}} : tensor<2x2x2x2xbf16> into tensor<4x4xbf16>
func.func @decode_bf16(%p: tensor<7x2x2xbf16>) -> tensor<4x4xbf16> {
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x2x2xbf16> -> tensor<4x4xbf16>
  return %0 : tensor<4x4xbf16>
}

// -----

// Coefficients other than +-1 (here the dyadic ones of a published
// <4,4,4;48> scheme) are multiplies by constants; zeros cost nothing.
// CHECK-LABEL: func @encode_dyadic
//       CHECK:   linalg.generic
//       CHECK:     arith.mulf %{{.*}}, %{{.*}} : f32
//   CHECK-NOT:     arith.constant 0.000000e+00
//       CHECK:     linalg.yield
func.func @encode_dyadic(%x: tensor<8x8xf32>) -> tensor<48x2x2xf32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"dps-4x4x4-r48">} : tensor<8x8xf32> -> tensor<48x2x2xf32>
  return %0 : tensor<48x2x2xf32>
}

// -----

// Encodes of more than 8 coefficients are written by one generic per group
// of at most 8 planes (laderman's 23: 8, 8, 7), each reading only the tile
// phases its coefficients use; the planes land in one tensor.
// CHECK-LABEL: func @encode_groups
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<23x2x2xf32>
//       CHECK:   linalg.generic
//       CHECK:   } -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>){{$}}
//       CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[7, 0, 0]
//       CHECK:   linalg.generic
//       CHECK:   } -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>){{$}}
//       CHECK:   tensor.insert_slice %{{.*}} into %{{.*}}[15, 0, 0]
//       CHECK:   linalg.generic
//       CHECK:   } -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>){{$}}
//       CHECK:   %[[R:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[22, 0, 0]
//   CHECK-NOT:   linalg.generic
//       CHECK:   return %[[R]]
func.func @encode_groups(%x: tensor<6x6xf32>) -> tensor<23x2x2xf32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"laderman">} : tensor<6x6xf32> -> tensor<23x2x2xf32>
  return %0 : tensor<23x2x2xf32>
}
