// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// A linear layer + GELU (PyTorch's default, erf-based, as torch-mlir emits
// it in linalg-on-tensors) and the other math a model uses (erfc, cbrt,
// tanh, rsqrt, integer powers, in f32 and bf16) run through
// --stl-cpu-pipeline and mlir-runner, with and without the rewrite: the
// pipeline leaves no math op unlowered, and the rewritten program prints
// the same numbers (the products are exact on this integer-valued data).

// RUN: stl-opt %s --stl-cpu-pipeline | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: math.
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 encoding-type=f16" --stl-cpu-pipeline | %{exec} | FileCheck %s

// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = [8, 1] data =
// CHECK-NEXT: {{\[\[}}-0,   7,   0,   8,   7,   -0,   5,   2.99595],
// CHECK-NEXT: [10,   1.9545,   0,   -0,   -0,   10,   6,   3.99987],
// CHECK-NEXT: [3.99987,   1.9545,   -0.000126719,   -0.0455003,   3.99987,   3.99987,   -0.000126719,   -0.158655],
// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = [8, 1] data =
// CHECK-NEXT: {{\[\[}}2,   3.19872,   2,   3.29011,   3.19872,   2,   3.00862,   2.81874],
// CHECK-NEXT: [3.46403,   2.74515,   2,   2,   2,   3.46403,   3.10536,   2.91136],
// CHECK-NEXT: [2.91136,   2.74515,   1.94977,   1.64105,   2.91136,   2.91136,   1.94977,   1.44311],

#id = affine_map<(d0, d1) -> (d0, d1)>
func.func private @printMemrefF32(tensor<*xf32>)

func.func @gelu_layer(%x: tensor<8x8xf32>, %w: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %half = arith.constant 0.5 : f32
    %one = arith.constant 1.0 : f32
    %rsqrt2 = arith.constant 0.707106769 : f32
    %scaled = arith.mulf %in, %rsqrt2 : f32
    %erf = math.erf %scaled : f32
    %sum = arith.addf %erf, %one : f32
    %hx = arith.mulf %in, %half : f32
    %r = arith.mulf %hx, %sum : f32
    linalg.yield %r : f32
  } -> tensor<8x8xf32>
  return %g : tensor<8x8xf32>
}

// erfc, cbrt, tanh, rsqrt, fpowi on f32 and erf, tanh on bf16.
func.func @other_math(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %e = tensor.empty() : tensor<8x8xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.constant 0.01 : f32
    %t = arith.mulf %in, %s : f32
    %a = math.erfc %t : f32
    %b = math.cbrt %in : f32
    %c = math.tanh %t : f32
    %sq = arith.mulf %in, %in : f32
    %one = arith.constant 1.0 : f32
    %pos = arith.addf %sq, %one : f32
    %d = math.rsqrt %pos : f32
    %two = arith.constant 2 : i32
    %p = math.fpowi %t, %two : f32, i32
    %tb = arith.truncf %t : f32 to bf16
    %eb = math.erf %tb : bf16
    %hb = math.tanh %tb : bf16
    %sb = arith.addf %eb, %hb : bf16
    %f = arith.extf %sb : bf16 to f32
    %r0 = arith.addf %a, %b : f32
    %r1 = arith.addf %r0, %c : f32
    %r2 = arith.addf %r1, %d : f32
    %r3 = arith.addf %r2, %p : f32
    %r4 = arith.addf %r3, %f : f32
    linalg.yield %r4 : f32
  } -> tensor<8x8xf32>
  return %g : tensor<8x8xf32>
}

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 3.0, 0.0, 1.0, 2.0, -1.0, 1.0], [0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 1.0, 0.0], [2.0, 2.0, 0.0, -1.0, 1.0, 0.0, 1.0, -2.0], [-1.0, 0.0, 1.0, 1.0, -2.0, 1.0, 0.0, 3.0], [3.0, -1.0, 2.0, 0.0, 0.0, 1.0, -2.0, 1.0], [0.0, 0.0, 1.0, -3.0, 2.0, 1.0, 1.0, 1.0], [1.0, 1.0, -2.0, 1.0, 0.0, 0.0, 2.0, -1.0], [-2.0, 3.0, 0.0, 1.0, 1.0, -1.0, 0.0, 2.0]]> : tensor<8x8xf32>
  %w = arith.constant dense<[[0.0, 1.0, -1.0, 2.0, 1.0, 0.0, 1.0, -1.0], [1.0, 0.0, 2.0, -1.0, 0.0, 1.0, -2.0, 1.0], [-1.0, 2.0, 0.0, 1.0, 1.0, -1.0, 0.0, 0.0], [2.0, -1.0, 1.0, 0.0, -1.0, 2.0, 1.0, 1.0], [1.0, 1.0, 0.0, -2.0, 0.0, 1.0, 1.0, 2.0], [0.0, -1.0, 1.0, 1.0, 2.0, 0.0, -1.0, 1.0], [1.0, 0.0, -1.0, 0.0, 1.0, 1.0, 0.0, -2.0], [-1.0, 1.0, 2.0, 1.0, 0.0, -1.0, 1.0, 0.0]]> : tensor<8x8xf32>
  %g = call @gelu_layer(%x, %w) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %o = call @other_math(%g) : (tensor<8x8xf32>) -> tensor<8x8xf32>
  %gu = tensor.cast %g : tensor<8x8xf32> to tensor<*xf32>
  call @printMemrefF32(%gu) : (tensor<*xf32>) -> ()
  %ou = tensor.cast %o : tensor<8x8xf32> to tensor<*xf32>
  call @printMemrefF32(%ou) : (tensor<*xf32>) -> ()
  return
}
