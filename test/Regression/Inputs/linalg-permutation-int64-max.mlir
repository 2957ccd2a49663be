// The largest int64 in a permutation list: it parses (the guard lets it
// through) and the verifier rejects the permutation.
func.func @f(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %t = linalg.transpose ins(%a : tensor<2x2xf32>) outs(%b : tensor<2x2xf32>) permutation = [1, 0009223372036854775807]
  return %t : tensor<2x2xf32>
}
