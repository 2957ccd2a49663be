// Found by mutation fuzzing of the Python bindings' Module.parse
// (python/tests/test_hostile_input.py). MLIR 22's custom parsers of
// linalg.batch_matmul (and linalg.batch_reduce_matmul, and linalg.matmul for
// an integer input into a complex output) build the op's body by casting
// each input element to the output's and use the result unchecked: a null
// value, and the parser died with SIGSEGV (mlir-opt 22 alike; no stl code
// involved). The input guard (findLinalgMatmulTypesHazard, beside the cases
// of linalg-batch-matmul-types.test) refuses vector element types and an
// integer input into a complex output too. The guard reads the whole input
// before any split, so each case is a file of its own.
// RUN: rm -rf %t && split-file %s %t
// RUN: not stl-opt %t/vector-elements.mlir 2>&1 | FileCheck %s
// RUN: not stl-opt %t/float-into-vector.mlir 2>&1 | FileCheck %s
// RUN: not stl-opt %t/integer-into-complex.mlir 2>&1 | FileCheck %s
// RUN: not stl-opt %t/batch-integer-into-complex.mlir 2>&1 | FileCheck %s
// CHECK: error: the custom form of this linalg product cannot take these element types
// A float input into a complex output is left to MLIR, which reports it.
// RUN: not stl-opt %t/float-into-complex.mlir 2>&1 | FileCheck %s --check-prefix=OWN
// OWN: float-into-complex.mlir:2:8: error:

//--- vector-elements.mlir
func.func @vector_elements(%a: tensor<2x4x8xvector<4xf32>>, %b: tensor<2x8x4xvector<4xf32>>, %c: tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xvector<4xf32>>, tensor<2x8x4xvector<4xf32>>) outs(%c : tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>>
  return %0 : tensor<2x4x4xvector<4xf32>>
}

//--- float-into-vector.mlir
func.func @float_into_vector(%a: tensor<2x4x8xf32>, %b: tensor<2x8x4xf32>, %c: tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%c : tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>>
  return %0 : tensor<2x4x4xvector<4xf32>>
}

//--- integer-into-complex.mlir
func.func @integer_into_complex(%a: tensor<4x8xi8>, %b: tensor<8x4xi8>, %c: tensor<4x4xcomplex<i32>>) -> tensor<4x4xcomplex<i32>> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xi8>, tensor<8x4xi8>) outs(%c : tensor<4x4xcomplex<i32>>) -> tensor<4x4xcomplex<i32>>
  return %0 : tensor<4x4xcomplex<i32>>
}

//--- batch-integer-into-complex.mlir
func.func @batch_integer_into_complex(%a: tensor<2x4x8xi8>, %b: tensor<2x8x4xi8>, %c: tensor<2x4x4xcomplex<i32>>) -> tensor<2x4x4xcomplex<i32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xi8>, tensor<2x8x4xi8>) outs(%c : tensor<2x4x4xcomplex<i32>>) -> tensor<2x4x4xcomplex<i32>>
  return %0 : tensor<2x4x4xcomplex<i32>>
}

//--- float-into-complex.mlir
func.func @float_into_complex(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4x4xcomplex<f32>>) -> tensor<4x4xcomplex<f32>> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%c : tensor<4x4xcomplex<f32>>) -> tensor<4x4xcomplex<f32>>
  return %0 : tensor<4x4xcomplex<f32>>
}
