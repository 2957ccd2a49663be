// The bundled MLP block in the form a GPU model has it: bf16 activations and
// weights, f32 accumulation, Y = relu(X * W1) * W2 with a bf16 round trip
// between the layers. Compile it for Hopper TensorCores with
//
//   build/bin/stl-opt examples/mlp-bf16.mlir --stl-rewrite-matmul \
//     --stl-gpu-pipeline="chip=sm_90a dump-ptx=ptx"
//
// (test/GPU/Codegen/bundled-model.mlir checks the PTX and runs ptxas on it).

func.func @mlp(%x: tensor<256x512xbf16>, %w1: tensor<512x1024xbf16>,
               %w2: tensor<1024x512xbf16>) -> tensor<256x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<256x1024xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %h = linalg.matmul ins(%x, %w1 : tensor<256x512xbf16>, tensor<512x1024xbf16>)
                     outs(%z1 : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %eb = tensor.empty() : tensor<256x1024xbf16>
  %a = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%h : tensor<256x1024xf32>) outs(%eb : tensor<256x1024xbf16>) {
  ^bb0(%v: f32, %o: bf16):
    %r = arith.maximumf %v, %zero : f32
    %t = arith.truncf %r : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<256x1024xbf16>
  %e2 = tensor.empty() : tensor<256x512xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<256x512xf32>) -> tensor<256x512xf32>
  %y = linalg.matmul ins(%a, %w2 : tensor<256x1024xbf16>, tensor<1024x512xbf16>)
                     outs(%z2 : tensor<256x512xf32>) -> tensor<256x512xf32>
  return %y : tensor<256x512xf32>
}
