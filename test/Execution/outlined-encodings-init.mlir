// The CPU pipeline moves encodes and decodes into shared functions
// (stl-cpu-outline-encodings); a decode writes into its init in place. Two
// products into the same function argument, and a later use of it, must
// each see the original init: C + A*B, C + B*A, C + C, and C unchanged.
// The scalar pipeline (no outlining) prints the same numbers.
//
// RUN: stl-opt %s --stl-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: stl-opt %s --stl-cpu-pipeline=vectorize=false | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @two(%a: tensor<2x4xf32>, %b: tensor<4x2xf32>, %c: tensor<2x2xf32>, %d: tensor<4x4xf32>)
    -> (tensor<2x2xf32>, tensor<4x4xf32>, tensor<2x2xf32>) {
  %y = stl.matmul %a, %b into %c {scheme = #stl.scheme<"strassen">} : tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  %z = stl.matmul %b, %a into %d {scheme = #stl.scheme<"strassen">} : tensor<4x2xf32>, tensor<2x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %s = arith.addf %c, %c : tensor<2x2xf32>
  return %y, %z, %s : tensor<2x2xf32>, tensor<4x4xf32>, tensor<2x2xf32>
}

func.func @main() {
  %a = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %b = arith.constant dense<[[1.0, -1.0], [2.0, 0.0], [0.0, 3.0], [-2.0, 1.0]]> : tensor<4x2xf32>
  %one = arith.constant dense<1.0> : tensor<2x2xf32>
  %c = arith.addf %one, %one : tensor<2x2xf32>
  %d = arith.constant dense<10.0> : tensor<4x4xf32>
  %y, %z, %s = call @two(%a, %b, %c, %d) : (tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x2xf32>, tensor<4x4xf32>) -> (tensor<2x2xf32>, tensor<4x4xf32>, tensor<2x2xf32>)
  %u1 = tensor.cast %y : tensor<2x2xf32> to tensor<*xf32>
  %u2 = tensor.cast %z : tensor<4x4xf32> to tensor<*xf32>
  %u3 = tensor.cast %s : tensor<2x2xf32> to tensor<*xf32>
  %u4 = tensor.cast %c : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()
  return
}

// CHECK:      [-1,   14],
// CHECK-NEXT:  [3,   26]]
// CHECK:      [6,   6,   6,   6],
// CHECK-NEXT:  [12,   14,   16,   18],
// CHECK-NEXT:  [25,   28,   31,   34],
// CHECK-NEXT:  [13,   12,   11,   10]]
// CHECK:      [4,   4],
// CHECK-NEXT:  [4,   4]]
// CHECK:      [2,   2],
// CHECK-NEXT:  [2,   2]]
