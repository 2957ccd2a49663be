// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-decompose --stl-fold-constant-encodings --stl-report | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen encoding-type=f16" --stl-decompose --stl-fold-constant-encodings -o /dev/null --stl-report | FileCheck %s --check-prefix=F16

// nn.Linear as torch-mlir emits it: the weight is a dense_resource blob
// (out x in) and reaches the product through a linalg.transpose. Both are
// folded into the compile-time encoding: no stl.encode of the weight is
// left, and the report says the weight was pre-encoded.

// CHECK: STL report: 1 product(s)
// CHECK:   @linear strassen <2,2,2;7> 4x2x2: multiplies 16 -> 14 (x1.143), weight pre-encoded (dense_resource<weight> : tensor<2x2xf32> through linalg.transpose)
// CHECK-LABEL: func @linear
//       CHECK:   %[[WE:.*]] = arith.constant {stl.weight = "dense_resource<weight> : tensor<2x2xf32> through linalg.transpose"} dense<{{.*}}> : tensor<7x1x1xf32>
//   CHECK-NOT:   linalg.transpose
//       CHECK:   stl.encode lhs
//   CHECK-NOT:   stl.encode rhs
//       CHECK:   stl.hadamard %{{.*}}, %[[WE]]

// F16: @linear strassen <2,2,2;7> 4x2x2: multiplies 16 -> 14 (x1.143), weight pre-encoded (dense_resource<weight> : tensor<2x2xf32> through linalg.transpose)

func.func @linear(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense_resource<weight> : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %wt = linalg.transpose ins(%w : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<4x2xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<4x2xf32>, tensor<2x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
