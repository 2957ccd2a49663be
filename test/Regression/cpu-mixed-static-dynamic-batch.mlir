// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// Found by the differential tester (fuzz/difftest.py --seed 1000, programs
// 354, 519 and 543; minimised by hand to this). A batched product whose lhs
// has a dynamic batch extent and whose constant rhs a static one (3): the
// rewrite gave stl.matmul operands tensor<?x2x2xf32> and tensor<3x2x2xf32>
// and the result tensor<3x2x2xf32>; convert-stl-to-linalg, as
// --stl-cpu-pipeline=vectorize=false runs it, then built a
// tensor.collapse_shape that did not verify. The rewrite now gives every
// operand the batch extents one of them knows statically (a tensor.cast), and
// both pipelines print the unrewritten numbers.
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} > %t.vector
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.vector --tolerance 0
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=vectorize=false | %{exec} > %t.loops
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.loops --tolerance 0

func.func private @printMemrefF32(tensor<*xf32>)

func.func @product(%a: tensor<?x2x2xf32>) -> tensor<?x2x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[0.0, 1.0], [-1.0, 2.0]], [[2.0, -2.0], [1.0, 0.0]]]> : tensor<3x2x2xf32>
  %i0 = arith.constant 0 : index
  %d = tensor.dim %a, %i0 : tensor<?x2x2xf32>
  %e = tensor.empty(%d) : tensor<?x2x2xf32>
  %z = arith.constant 0.0 : f32
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<?x2x2xf32>) -> tensor<?x2x2xf32>
  %0 = linalg.batch_matmul ins(%a, %w : tensor<?x2x2xf32>, tensor<3x2x2xf32>) outs(%c : tensor<?x2x2xf32>) -> tensor<?x2x2xf32>
  return %0 : tensor<?x2x2xf32>
}

func.func @main() {
  %a = arith.constant dense<[[[1.0, -1.0], [2.0, 0.0]], [[3.0, 1.0], [-2.0, 1.0]], [[0.0, 2.0], [1.0, -3.0]]]> : tensor<3x2x2xf32>
  %ad = tensor.cast %a : tensor<3x2x2xf32> to tensor<?x2x2xf32>
  %r = call @product(%ad) : (tensor<?x2x2xf32>) -> tensor<?x2x2xf32>
  %u = tensor.cast %r : tensor<?x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
