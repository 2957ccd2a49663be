func.func @wide(%x: tensor<4xi128>, %y: tensor<4xi128>) -> tensor<4xi128> {
  %0 = arith.divsi %x, %y : tensor<4xi128>
  %1 = arith.addi %0, %y : tensor<4xi128>
  return %1 : tensor<4xi128>
}
