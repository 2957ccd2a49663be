// RUN: stl-opt %s --convert-stl-to-linalg=encodings=false | FileCheck %s

// Only the Hadamard product (and the decomposition of stl.matmul) is
// lowered; the encodes and the decode stay for a later run.
// CHECK-LABEL: func @matmul
//       CHECK:   %[[XE:.*]] = stl.encode lhs
//       CHECK:   %[[WE:.*]] = stl.encode rhs
//       CHECK:   %[[P:.*]] = linalg.batch_matmul ins(%[[XE]], %[[WE]] : tensor<7x4x2xf32>, tensor<7x2x3xf32>)
//       CHECK:   stl.decode %[[P]] into
//   CHECK-NOT:   stl.hadamard
func.func @matmul(%x: tensor<8x4xf32>, %w: tensor<4x6xf32>, %c: tensor<8x6xf32>) -> tensor<8x6xf32> {
  %0 = stl.matmul %x, %w into %c {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32>, tensor<4x6xf32>, tensor<8x6xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}
