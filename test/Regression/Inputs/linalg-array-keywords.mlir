// Well-formed `permutation =` / `dimensions =` values, custom and generic;
// MLIR's lexer reads hexadecimal integers too.
func.func @ok(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %c: tensor<2xf32>, %d: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %t = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [1, 0]
  %u = linalg.broadcast ins(%c : tensor<2xf32>) outs(%d : tensor<3x2xf32>) dimensions = [ 0 ]
  %h = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [0x1, 0x0]
  "test.op"() {dimensions = array<i64: 1>, permutation = affine_map<(d0, d1) -> (d1, d0)>} : () -> ()
  return %t, %u : tensor<3x2xf32>, tensor<3x2xf32>
}
