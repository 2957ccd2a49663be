// Result shapes of the STL ops from their operands: tensor.dim of a result
// folds to the operands' extents (scheme tile extents applied).

// RUN: stl-opt %s --resolve-ranked-shaped-type-result-dims --canonicalize --cse | FileCheck %s

// CHECK-LABEL: func @dims
//  CHECK-SAME:   %[[X:.*]]: tensor<?x?xf32>, %[[W:.*]]: tensor<?x?xf32>
//   CHECK-DAG:   %[[C0:.*]] = arith.constant 0 : index
//   CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
//   CHECK-DAG:   %[[C2:.*]] = arith.constant 2 : index
//   CHECK-DAG:   %[[M:.*]] = tensor.dim %[[X]], %[[C0]]
//   CHECK-DAG:   %[[MT:.*]] = arith.divui %[[M]], %[[C2]]
//   CHECK-DAG:   %[[N:.*]] = tensor.dim %[[W]], %[[C1]]
//   CHECK-DAG:   %[[NT:.*]] = arith.divui %[[N]], %[[C2]]
//   CHECK-DAG:   %[[M2:.*]] = arith.muli %[[MT]], %[[C2]]
//   CHECK-DAG:   %[[N2:.*]] = arith.muli %[[NT]], %[[C2]]
//       CHECK:   return %[[MT]], %[[NT]], %[[M2]], %[[N2]], %[[M]]
func.func @dims(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32> -> tensor<7x?x?xf32>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32> -> tensor<7x?x?xf32>
  %p = stl.hadamard %xe, %we : tensor<7x?x?xf32>, tensor<7x?x?xf32> -> tensor<7x?x?xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x?x?xf32> -> tensor<?x?xf32>
  %z = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %d0 = tensor.dim %xe, %c1 : tensor<7x?x?xf32>
  %d1 = tensor.dim %p, %c2 : tensor<7x?x?xf32>
  %d2 = tensor.dim %y, %c0 : tensor<?x?xf32>
  %d3 = tensor.dim %y, %c1 : tensor<?x?xf32>
  %d4 = tensor.dim %z, %c0 : tensor<?x?xf32>
  return %d0, %d1, %d2, %d3, %d4 : index, index, index, index, index
}
