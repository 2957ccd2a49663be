func.func @widen(%a: tensor<2x3x4xf16>, %b: tensor<2x4x5xf16>, %c: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf16>, tensor<2x4x5xf16>) outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
func.func @ints(%a: tensor<2x3x4xi8>, %b: tensor<2x4x5xi8>, %c: tensor<2x3x5xi32>) -> tensor<2x3x5xi32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xi8>, tensor<2x4x5xi8>) outs(%c : tensor<2x3x5xi32>) -> tensor<2x3x5xi32>
  return %0 : tensor<2x3x5xi32>
}
func.func @index_into_int(%a: tensor<2x3x4xindex>, %b: tensor<2x4x5xi32>, %c: tensor<2x3x5xi32>) -> tensor<2x3x5xi32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xindex>, tensor<2x4x5xi32>) outs(%c : tensor<2x3x5xi32>) -> tensor<2x3x5xi32>
  return %0 : tensor<2x3x5xi32>
}
