
func.func @f128(%a: tensor<4x4xf128>, %b: tensor<4x4xf128>, %c: tensor<4x4xf128>) -> tensor<4x4xf128> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf128>, tensor<4x4xf128>) outs(%c : tensor<4x4xf128>) -> tensor<4x4xf128>
  return %0 : tensor<4x4xf128>
ins