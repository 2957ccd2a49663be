// The lowering steps a script runs give the IR of the passes: decompose,
// encode the constant weight at compile time, lower to linalg.

// RUN: stl-opt %s --stl-decompose --stl-fold-constant-encodings --convert-stl-to-linalg --canonicalize | FileCheck %s
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/lowering.mlir \
// RUN:   --transform-interpreter --canonicalize | FileCheck %s

// Decomposition only, by op and by pattern.
// RUN: stl-opt %s --stl-decompose | FileCheck %s --check-prefix=DECOMPOSE
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/decompose.mlir \
// RUN:   --transform-interpreter | FileCheck %s --check-prefix=DECOMPOSE

// CHECK-LABEL: func @weights
//   CHECK-NOT:   stl.
//       CHECK:   arith.constant {{.*}}dense<{{.*}}> : tensor<7x2x2xf32>
//       CHECK:   linalg.generic
//       CHECK:   linalg.batch_matmul
//       CHECK:   linalg.generic
//   CHECK-NOT:   stl.

// DECOMPOSE-LABEL: func @weights
//       DECOMPOSE:   %[[W:.*]] = arith.constant
//       DECOMPOSE:   %[[XE:.*]] = stl.encode lhs %{{.*}} {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32> -> tensor<7x2x2xf32>
//       DECOMPOSE:   %[[WE:.*]] = stl.encode rhs %[[W]] {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32> -> tensor<7x2x2xf32>
//       DECOMPOSE:   %[[P:.*]] = stl.hadamard %[[XE]], %[[WE]]
//       DECOMPOSE:   stl.decode %[[P]] into %{{.*}} {scheme = #stl.scheme<"strassen">}

func.func @weights(%x: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 0.0, -1.0], [0.0, 1.0, 3.0, 2.0],
                             [-2.0, 0.0, 1.0, 1.0], [1.0, 1.0, 1.0, 0.0]]> : tensor<4x4xf32>
  %0 = stl.matmul %x, %w into %c {scheme = #stl.scheme<"strassen">}
      : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
