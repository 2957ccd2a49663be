func.func @f(%a: tensor<2xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = linalg.broadcast ins(%a : tensor<2xf32>) outs(%b : tensor<3x2xf32>) dimensions = [0, x]
  return %0 : tensor<3x2xf32>
}
