func.func @f(%a: memref<2x3x4xindex>, %b: memref<2x4x5xf32>, %c: memref<3x5xf32>) {
  linalg.batch_reduce_matmul ins(%a, %b : memref<2x3x4xindex>, memref<2x4x5xf32>) outs(%c : memref<3x5xf32>)
  return
}
