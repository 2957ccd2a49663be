// The report counts each product once, with the extents the user wrote,
// after every pass of the rewrite: 7x5x9 with strassen is padded to 8x6x10,
// 7 * 4*3*5 = 420 multiplies against 7*5*9 = 315.
// RUN: stl-opt %s --stl-rewrite-matmul="force=true" --stl-report -o /dev/null | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="force=true" --stl-decompose --stl-report -o /dev/null | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="force=true" --stl-decompose --stl-fold-constant-encodings --stl-report -o /dev/null | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="force=true encoding-type=f16" --stl-decompose --stl-report -o /dev/null 2>/dev/null | FileCheck %s

//      CHECK: STL report: 2 product(s)
//      CHECK:   @odd strassen <2,2,2;7> 7x5x9: multiplies 315 -> 420 (x0.750)
//      CHECK:   @weight strassen <2,2,2;7> 6x4x3: multiplies 72 -> 84 (x0.857)
//      CHECK: total multiplies: 387 -> 504 (x0.768, 30.2% more)

func.func @odd(%x: tensor<7x5xf32>, %w: tensor<5x9xf32>) -> tensor<7x9xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<7x9xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<7x9xf32>) -> tensor<7x9xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<7x5xf32>, tensor<5x9xf32>) outs(%c : tensor<7x9xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}

func.func @weight(%x: tensor<6x4xf32>) -> tensor<6x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, -1.0]]> : tensor<4x3xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x3xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<6x3xf32>) -> tensor<6x3xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<6x4xf32>, tensor<4x3xf32>) outs(%c : tensor<6x3xf32>) -> tensor<6x3xf32>
  return %0 : tensor<6x3xf32>
}
