// transform.stl.rewrite_matmul gives the IR of --stl-rewrite-matmul: both
// runs pass the same CHECK lines (the script is a separate file so that it
// does not appear in the output).

// RUN: stl-opt %s --stl-rewrite-matmul='scheme=winograd force=true' | FileCheck %s
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/rewrite-matmul-winograd.mlir \
// RUN:   --transform-interpreter | FileCheck %s

// And with the stock mlir-opt through the plugin.
// RUN: %if stl-plugin %{ %mlir_opt --load-dialect-plugin=%stl_plugin --load-pass-plugin=%stl_plugin %s \
// RUN:   --transform-preload-library=transform-library-paths=%p/Inputs/rewrite-matmul-winograd.mlir \
// RUN:   --transform-interpreter | FileCheck %s %}

// The pass's min-size option, and decomposition right after.
// RUN: stl-opt %s --stl-rewrite-matmul='scheme=strassen min-size=8' --stl-decompose | FileCheck %s --check-prefix=MIN
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/rewrite-matmul-min-size.mlir \
// RUN:   --transform-interpreter | FileCheck %s --check-prefix=MIN

// A scheme per matched op, from a parameter (forced: laderman pads the odd
// product into a loss).
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/rewrite-matmul-per-op.mlir \
// RUN:   --transform-interpreter | FileCheck %s --check-prefix=PEROP

// CHECK-LABEL: func @square
//       CHECK:   %[[R:.*]] = stl.matmul %{{.*}}, %{{.*}} into %{{.*}} {scheme = #stl.scheme<"winograd">} : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
//  CHECK-NEXT:   return %[[R]]
// CHECK-LABEL: func @odd
//       CHECK:   tensor.pad
//       CHECK:   stl.matmul {{.*}}#stl.scheme<"winograd">{{.*}} : tensor<6x4xf32>, tensor<4x6xf32>, tensor<6x6xf32> -> tensor<6x6xf32>
//       CHECK:   tensor.extract_slice
//   CHECK-NOT:   linalg.matmul

// MIN-LABEL: func @square
//       MIN:   stl.encode lhs {{.*}}#stl.scheme<"strassen">
//       MIN:   stl.encode rhs
//       MIN:   stl.hadamard
//       MIN:   stl.decode
// MIN-LABEL: func @odd
//   MIN-NOT:   stl.
//       MIN:   linalg.matmul
//   MIN-NOT:   stl.

// PEROP-LABEL: func @square
//       PEROP:   stl.matmul {{.*}}#stl.scheme<"strassen">
// PEROP-LABEL: func @odd
//       PEROP:   stl.matmul {{.*}}#stl.scheme<"laderman">{{.*}} : tensor<6x3xf32>, tensor<3x6xf32>, tensor<6x6xf32> -> tensor<6x6xf32>

func.func @square(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>)
                     outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

func.func @odd(%a: tensor<5x3xf32>, %b: tensor<3x6xf32>, %c: tensor<5x6xf32>) -> tensor<5x6xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<5x3xf32>, tensor<3x6xf32>)
                     outs(%c : tensor<5x6xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}
