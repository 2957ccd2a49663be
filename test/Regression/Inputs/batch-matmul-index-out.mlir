!idx = tensor<2x3x5xindex>
func.func @f(%a: tensor<2x3x4xi32>, %b: tensor<2x4x5xi32>, %c: !idx) -> !idx {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xi32>, tensor<2x4x5xi32>) outs(%c : !idx) -> !idx
  return %0 : !idx
}
