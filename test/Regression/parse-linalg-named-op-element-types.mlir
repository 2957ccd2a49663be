// XFAIL: *
// Found by mutation fuzzing of the Python bindings' Module.parse
// (python/tests/test_hostile_input.py). MLIR 22's custom parsers of
// linalg.batch_matmul (and linalg.batch_reduce_matmul, and linalg.matmul for
// an integer input into a complex output) build the op's body by casting
// each input element to the output's and use the result unchecked: a null
// value, and the parser dies with SIGSEGV (mlir-opt 22 alike; no stl code
// involved). The guard against the related cases (an index output, index
// into float, complex into real: findLinalgBatchMatmulTypesHazard,
// linalg-batch-matmul-types.test) does not cover these: vector element
// types, and an integer input into a complex output, which crashes
// linalg.matmul's parser as well (a float input into a complex output gets
// an error from linalg.matmul).
// Expected: a diagnostic and exit status 1 for each, never a crash.
// RUN: not stl-opt %s -split-input-file 2>&1 | FileCheck %s
// CHECK-COUNT-4: error:

func.func @vector_elements(%a: tensor<2x4x8xvector<4xf32>>, %b: tensor<2x8x4xvector<4xf32>>, %c: tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xvector<4xf32>>, tensor<2x8x4xvector<4xf32>>) outs(%c : tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>>
  return %0 : tensor<2x4x4xvector<4xf32>>
}

// -----

func.func @float_into_vector(%a: tensor<2x4x8xf32>, %b: tensor<2x8x4xf32>, %c: tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%c : tensor<2x4x4xvector<4xf32>>) -> tensor<2x4x4xvector<4xf32>>
  return %0 : tensor<2x4x4xvector<4xf32>>
}

// -----

func.func @integer_into_complex(%a: tensor<4x8xi8>, %b: tensor<8x4xi8>, %c: tensor<4x4xcomplex<i32>>) -> tensor<4x4xcomplex<i32>> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xi8>, tensor<8x4xi8>) outs(%c : tensor<4x4xcomplex<i32>>) -> tensor<4x4xcomplex<i32>>
  return %0 : tensor<4x4xcomplex<i32>>
}

// -----

func.func @batch_integer_into_complex(%a: tensor<2x4x8xi8>, %b: tensor<2x8x4xi8>, %c: tensor<2x4x4xcomplex<i32>>) -> tensor<2x4x4xcomplex<i32>> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x4x8xi8>, tensor<2x8x4xi8>) outs(%c : tensor<2x4x4xcomplex<i32>>) -> tensor<2x4x4xcomplex<i32>>
  return %0 : tensor<2x4x4xcomplex<i32>>
}
