// RUN: stl-opt %s --stl-fold-constant-encodings | FileCheck %s

// Strassen's rhs encoder on the 2x2 tile [[1, 2], [3, 4]]:
//   V rows: B11+B22, B11, B12-B22, B21-B11, B22, B11+B12, B21+B22
//   (stl-scheme show strassen) -> 5, 1, -2, 2, 4, 3, 7
// CHECK-LABEL: func @encode_constant
//       CHECK:   %[[C:.*]] = arith.constant {stl.weight = "constant tensor<2x2xf32>"} dense<{{\[}}{{\[}}[5.000000e+00]], {{\[}}[1.000000e+00]], {{\[}}[-2.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[4.000000e+00]], {{\[}}[3.000000e+00]], {{\[}}[7.000000e+00]]]> : tensor<7x1x1xf32>
//   CHECK-NOT:   stl.encode
//       CHECK:   return %[[C]]
func.func @encode_constant() -> tensor<7x1x1xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %0 = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : tensor<2x2xf32> -> tensor<7x1x1xf32>
  return %0 : tensor<7x1x1xf32>
}

// A matmul with constant weights keeps its composite form with the weights
// encoded.
// CHECK-LABEL: func @matmul_weights
//       CHECK:   %[[WE:.*]] = arith.constant {stl.weight = "constant tensor<2x2xi32>"} dense<{{.*}}> : tensor<7x1x1xi32>
//       CHECK:   stl.matmul %{{.*}}, %[[WE]] rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x2xi32>, tensor<7x1x1xi32> -> tensor<4x2xi32>
func.func @matmul_weights(%x: tensor<4x2xi32>) -> tensor<4x2xi32> {
  %w = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x2xi32>, tensor<2x2xi32> -> tensor<4x2xi32>
  return %0 : tensor<4x2xi32>
}

// Non-constant operands are left alone.
// CHECK-LABEL: func @not_constant
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} {scheme
func.func @not_constant(%x: tensor<4x2xf32>, %w: tensor<2x2xf32>) -> tensor<4x2xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x2xf32>, tensor<2x2xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// RUN: stl-opt %s --stl-fold-constant-encodings=max-elements=4 | FileCheck %s --check-prefix=LIMIT
// LIMIT-LABEL: func @encode_constant
//       LIMIT:   stl.encode rhs
