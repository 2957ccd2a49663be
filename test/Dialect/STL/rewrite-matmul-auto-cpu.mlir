// RUN: stl-opt %s --stl-rewrite-matmul="scheme=auto target=cpu" --stl-report -o /dev/null 2>&1 | FileCheck %s

// The CPU cost model (docs/CostModel.md) is calibrated on the CPU
// pipeline's measured GEMM rate and encode/decode bandwidth: the small
// products, where the encodings' traffic outweighs the multiplies saved,
// are left alone; the large one, where the STL form measured faster, is
// rewritten.
// CHECK-COUNT-2: remark: not rewritten to STL: no candidate pays off: {{.*}} as written on cpu
// CHECK: STL report: 1 product(s)
// CHECK: @large {{.*}} 2048x2048x2048
// CHECK: (cost model for cpu)

func.func @small(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

func.func @medium(%a: tensor<256x256xf32>, %b: tensor<256x256xf32>, %c: tensor<256x256xf32>) -> tensor<256x256xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<256x256xf32>, tensor<256x256xf32>) outs(%c : tensor<256x256xf32>) -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}

func.func @large(%a: tensor<2048x2048xf32>, %b: tensor<2048x2048xf32>, %c: tensor<2048x2048xf32>) -> tensor<2048x2048xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<2048x2048xf32>, tensor<2048x2048xf32>) outs(%c : tensor<2048x2048xf32>) -> tensor<2048x2048xf32>
  return %0 : tensor<2048x2048xf32>
}
