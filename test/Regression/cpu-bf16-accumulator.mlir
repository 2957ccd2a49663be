// Found by the differential tester (fuzz/difftest.py --seed 28, program 2,
// minimised). A product that accumulates in bf16 (bf16 x bf16 -> bf16, no
// rewrite at all) through the default --stl-cpu-pipeline: the vectorized
// contraction (stl-cpu-tile-and-vectorize) emitted `llvm.intr.fmuladd` on
// vector<9xbf16>, which LLVM's X86 backend cannot lower ("LLVM ERROR: Do not
// know how to soft promote this operator's operand!") when mlir-runner
// compiled the module. Such contractions now stay scalar loops, which print
// the numbers below.
// RUN: stl-opt %s --stl-cpu-pipeline=vectorize=false | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: stl-opt %s --stl-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s
// CHECK: [1,   0,   0,   -1,   0,   1,   0,   1,   0]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @product(%a: tensor<1x1xbf16>, %b: tensor<1x9xbf16>, %c: tensor<1x9xbf16>) -> tensor<1x9xbf16> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x1xbf16>, tensor<1x9xbf16>) outs(%c : tensor<1x9xbf16>) -> tensor<1x9xbf16>
  return %0 : tensor<1x9xbf16>
}

func.func @main() {
  %a = arith.constant dense<[[1.0]]> : tensor<1x1xbf16>
  %b = arith.constant dense<[[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]]> : tensor<1x9xbf16>
  %c = arith.constant dense<[[1.0, -1.0, -1.0, -1.0, -1.0, 1.0, -1.0, 0.0, -1.0]]> : tensor<1x9xbf16>
  %r = call @product(%a, %b, %c) : (tensor<1x1xbf16>, tensor<1x9xbf16>, tensor<1x9xbf16>) -> tensor<1x9xbf16>
  %e = tensor.empty() : tensor<1x9xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%r : tensor<1x9xbf16>) outs(%e : tensor<1x9xf32>) {
  ^bb0(%in: bf16, %out: f32):
    %x = arith.extf %in : bf16 to f32
    linalg.yield %x : f32
  } -> tensor<1x9xf32>
  %u = tensor.cast %w : tensor<1x9xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
