// Folding the encoding of an integer constant wraps around like the integer
// ops it replaces (it used to be a signed overflow in the folder), and a
// splat constant of a shape whose element count overflows is not folded.
// RUN: stl-opt %s --split-input-file --stl-fold-constant-encodings | FileCheck %s

// Strassen's lhs forms: a11 + a22 = INT64_MAX + 1 wraps to INT64_MIN, then
// a21 + a22, a11, a22, a11 + a12, a21 - a11, a12 - a22.
// CHECK-LABEL: func.func @wrap
// CHECK: arith.constant {stl.weight = "constant tensor<2x2xi64>"} dense<{{\[}}{{\[}}[-9223372036854775808]], {{\[}}[1]], {{\[}}[9223372036854775807]], {{\[}}[1]], {{\[}}[9223372036854775807]], {{\[}}[-9223372036854775807]], {{\[}}[-1]]]> : tensor<7x1x1xi64>
// CHECK-NOT: stl.encode
func.func @wrap() -> tensor<7x1x1xi64> {
  %x = arith.constant dense<[[9223372036854775807, 0], [0, 1]]> : tensor<2x2xi64>
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<2x2xi64> -> tensor<7x1x1xi64>
  return %0 : tensor<7x1x1xi64>
}

// -----

// CHECK-LABEL: func.func @huge_splat
// CHECK: stl.encode
func.func @huge_splat() -> tensor<7x2147483648x4294967296xi32> {
  %x = arith.constant dense<1> : tensor<4294967296x8589934592xi32>
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<4294967296x8589934592xi32> -> tensor<7x2147483648x4294967296xi32>
  return %0 : tensor<7x2147483648x4294967296xi32>
}
