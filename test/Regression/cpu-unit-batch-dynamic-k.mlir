// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// Found by the differential tester (fuzz/difftest.py --seed 1000, program
// 28, minimised by hand from a bf16 memref product to this). A batched
// product with a batch extent of 1 and a dynamic K, rewritten (any scheme:
// strassen, naive-3x2x2, ...) and lowered by --stl-cpu-pipeline with
// vectorize=false, leaves invalid IR: after expand-strided-metadata a
// memref.reinterpret_cast has sizes [2, 1, ?] for a result type of
// [1, ?, ?] ("expected result type with size = 2 instead of 1 in dim = 0",
// reported against the batch_matmul's location). A dynamic N instead of K
// fails alike (seen with i8, f16 and bf16 operands too, in four programs of
// the campaign in docs/Hardening.md); the same product with a batch of 2,
// static K and N, a dynamic M only, or the vectorized pipeline compiles and
// runs. The cause: the encodings' rank-reducing slices of the tiled
// operands (B x M/2 x 2 x K/2 x 2 -> B x M/2 x K/2) keep the unit batch
// dimension, and with dynamic strides upstream's subview inference dropped
// it instead of a tile phase. convert-stl-to-linalg now slices at full rank
// and collapses the phase dimensions by name wherever a kept dimension is 1.
// It compiles and prints the unrewritten numbers.
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} > %t.vector
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.vector --tolerance 0
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=vectorize=false | %{exec} > %t.loops
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.loops --tolerance 0

func.func private @printMemrefF32(tensor<*xf32>)

func.func @product(%a: tensor<1x4x?xf32>, %b: tensor<1x?x1xf32>, %c: tensor<1x4x1xf32>) -> tensor<1x4x1xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<1x4x?xf32>, tensor<1x?x1xf32>) outs(%c : tensor<1x4x1xf32>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

func.func @main() {
  %a = arith.constant dense<[[[1.0, -2.0, 3.0], [0.0, 1.0, -1.0], [2.0, 2.0, -3.0], [-1.0, 0.0, 1.0]]]> : tensor<1x4x3xf32>
  %b = arith.constant dense<[[[2.0], [-1.0], [3.0]]]> : tensor<1x3x1xf32>
  %c = arith.constant dense<[[[1.0], [0.0], [-2.0], [3.0]]]> : tensor<1x4x1xf32>
  %ad = tensor.cast %a : tensor<1x4x3xf32> to tensor<1x4x?xf32>
  %bd = tensor.cast %b : tensor<1x3x1xf32> to tensor<1x?x1xf32>
  %r = call @product(%ad, %bd, %c) : (tensor<1x4x?xf32>, tensor<1x?x1xf32>, tensor<1x4x1xf32>) -> tensor<1x4x1xf32>
  %u = tensor.cast %r : tensor<1x4x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
