// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// Found by the differential tester (fuzz/difftest.py --seed 5001 --batch 16,
// program 194, where it was counted as a refusal; minimised by hand to this).
// A chain of two batched products: the first multiplies by a constant with a
// batch of 1, so after the rewrite its result is a cast of a static
// tensor<1x..> to tensor<?x..>, the second product's lhs. With
// --stl-cpu-pipeline=vectorize=false, canonicalization folded that cast into
// the lowering of the second product while some of its ops were already
// built for a batch of ?:
//  * convert-stl-to-linalg took the batch from a tensor.dim that folded to 1
//    and typed a tensor.expand_shape of a tensor<?x..> as tensor<1x..>
//    (tensor::getMixedSizes folds; the lowering now keeps every size as its
//    operand's type states it, stl::getTypedSizes);
//  * a rank-reducing slice kept the dynamic batch and dropped two tile
//    phases; once the batch was found to be 1, the slice's canonicalizer
//    re-inferred its type dropping the leading unit dimensions instead, and
//    an encode's linalg.generic got operands of 11x10x1 against 1x11x10 (in
//    the program found, with dps-3x3x6-r40; the lowering now slices at full
//    rank and collapses wherever a kept dimension is 1 or dynamic).
// Both pipelines print the unrewritten numbers.
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} > %t.vector
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.vector --tolerance 0
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=vectorize=false | %{exec} > %t.loops
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.loops --tolerance 0

func.func private @printMemrefF32(tensor<*xf32>)

func.func @product(%a: tensor<?x4x4xf32>, %b: tensor<?x4x?xf32>) -> tensor<?x4x?xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 0.0, -1.0], [3.0, 4.0, 1.0, 0.0], [0.0, 1.0, -2.0, 2.0], [-1.0, 2.0, 1.0, 1.0]]> : tensor<4x4xf32>
  %e0 = tensor.empty() : tensor<1x4x4xf32>
  %wb = linalg.broadcast ins(%w : tensor<4x4xf32>) outs(%e0 : tensor<1x4x4xf32>) dimensions = [0]
  %i0 = arith.constant 0 : index
  %i2 = arith.constant 2 : index
  %z = arith.constant 0.0 : f32
  %d0 = tensor.dim %a, %i0 : tensor<?x4x4xf32>
  %e1 = tensor.empty(%d0) : tensor<?x4x4xf32>
  %c1 = linalg.fill ins(%z : f32) outs(%e1 : tensor<?x4x4xf32>) -> tensor<?x4x4xf32>
  %p = linalg.batch_matmul ins(%a, %wb : tensor<?x4x4xf32>, tensor<1x4x4xf32>) outs(%c1 : tensor<?x4x4xf32>) -> tensor<?x4x4xf32>
  %n = tensor.dim %b, %i2 : tensor<?x4x?xf32>
  %e2 = tensor.empty(%d0, %n) : tensor<?x4x?xf32>
  %c2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %q = linalg.batch_matmul ins(%p, %b : tensor<?x4x4xf32>, tensor<?x4x?xf32>) outs(%c2 : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  return %q : tensor<?x4x?xf32>
}

func.func @main() {
  %a = arith.constant dense<[[[1.0, -1.0, 2.0, 0.0], [2.0, 0.0, -1.0, 1.0], [0.0, 3.0, 1.0, -2.0], [1.0, 1.0, 0.0, 2.0]]]> : tensor<1x4x4xf32>
  %b = arith.constant dense<[[[2.0, 0.0], [1.0, -1.0], [0.0, 3.0], [-2.0, 1.0]]]> : tensor<1x4x2xf32>
  %ad = tensor.cast %a : tensor<1x4x4xf32> to tensor<?x4x4xf32>
  %bd = tensor.cast %b : tensor<1x4x2xf32> to tensor<?x4x?xf32>
  %r = call @product(%ad, %bd) : (tensor<?x4x4xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %u = tensor.cast %r : tensor<?x4x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
