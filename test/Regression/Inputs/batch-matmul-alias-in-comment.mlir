// !t = tensor<index>
!t = tensor<2x2x2xi32>
func.func @f(%a: tensor<2x2x2xi32>, %c: !t) -> !t {
  %0 = linalg.batch_matmul ins(%a, %a : tensor<2x2x2xi32>, tensor<2x2x2xi32>) outs(%c : !t) -> !t
  return %0 : !t
}
