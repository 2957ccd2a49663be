// The stock mlir-opt, with the plugin loaded, rewrites and decomposes as
// stl-opt does: both runs must pass the same CHECK lines.

// DEFINE: %{plugin} = --load-dialect-plugin=%stl_plugin --load-pass-plugin=%stl_plugin
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul{scheme=winograd min-size=4})' | FileCheck %s
// RUN: stl-opt %s --pass-pipeline='builtin.module(stl-rewrite-matmul{scheme=winograd min-size=4})' | FileCheck %s
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul,stl-decompose)' | FileCheck %s --check-prefix=DECOMPOSE
// RUN: stl-opt %s --pass-pipeline='builtin.module(stl-rewrite-matmul,stl-decompose)' | FileCheck %s --check-prefix=DECOMPOSE

// The dialect plugin alone lets the stock mlir-opt parse and print stl IR.
// RUN: %mlir_opt --load-dialect-plugin=%stl_plugin %s --pass-pipeline='builtin.module(stl-rewrite-matmul)' --load-pass-plugin=%stl_plugin | %mlir_opt --load-dialect-plugin=%stl_plugin | FileCheck %s --check-prefix=ROUNDTRIP

// Options are parsed by the plugin's passes: a bad value is an error.
// RUN: not %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul{scheme=no-such-scheme})' 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK-LABEL: func @mm
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} into %{{.*}} {scheme = #stl.scheme<"winograd">} : tensor<4x6xf32>, tensor<6x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
//   CHECK-NOT:   linalg.matmul
// CHECK-LABEL: func @small
//       CHECK:   linalg.matmul
//   CHECK-NOT:   stl.matmul

// DECOMPOSE-LABEL: func @mm
//       DECOMPOSE:   stl.encode lhs
//       DECOMPOSE:   stl.encode rhs
//       DECOMPOSE:   stl.hadamard
//       DECOMPOSE:   stl.decode

// ROUNDTRIP: stl.matmul %{{.*}}, %{{.*}} into %{{.*}} {scheme = #stl.scheme<"strassen">}

// BAD: unknown scheme 'no-such-scheme'

func.func @mm(%a: tensor<4x6xf32>, %b: tensor<6x8xf32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x6xf32>, tensor<6x8xf32>)
                     outs(%c : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

func.func @small(%a: tensor<2x6xf32>, %b: tensor<6x8xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<2x6xf32>, tensor<6x8xf32>)
                     outs(%c : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
