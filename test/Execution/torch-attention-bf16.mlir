// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// An attention block in bf16 as torch-mlir's linalg-on-tensors output has it:
// bf16 x bf16 -> f32 linalg.batch_matmul for the projections and the
// attention products (the key transposed by linalg.transpose), softmax and
// an erf GELU in f32, casts back to bf16 between products; weights are
// dense constants. Run with and without the rewrite and compared: the
// projections and logits are exact on this integer-valued data, so with
// f32 encodings the outputs are identical (the attention products of the
// bf16 probabilities are exact in f32 here too); with scaled f16 encodings
// and strassen-4x4 they stay within half a bf16 ulp of the largest output
// (|y| < 16: 2^-5 = 0.03125), i.e. below the rounding the bf16 model
// itself applies to its activations (measured: 0.0132).

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-report --stl-cpu-pipeline -o %t.s.mlir | FileCheck %s --check-prefix=REPORT
// RUN: %{exec} < %t.s.mlir > %t.s
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.s --tolerance 0
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen-4x4 force=true encoding-type=f16" --stl-cpu-pipeline | %{exec} > %t.f16
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.f16 --tolerance 0.03125
// REPORT: STL report: 3 product(s)

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func private @printMemrefF32(tensor<*xf32>)

func.func @proj(%x: tensor<1x8x8xbf16>, %w: tensor<1x8x8xbf16>) -> tensor<1x8x8xbf16> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) outs(%c : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %eb = tensor.empty() : tensor<1x8x8xbf16>
  %t = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%y : tensor<1x8x8xf32>) outs(%eb : tensor<1x8x8xbf16>) {
  ^bb0(%in: f32, %out: bf16):
    %r = arith.truncf %in : f32 to bf16
    linalg.yield %r : bf16
  } -> tensor<1x8x8xbf16>
  return %t : tensor<1x8x8xbf16>
}

func.func @attention(%x: tensor<1x8x8xbf16>) -> tensor<1x8x8xf32> {
  %wq = arith.constant dense<[[[2.0, -1.0, 1.0, 2.0, 1.0, 0.0, 1.0, 2.0], [1.0, 0.0, 0.0, -1.0, -1.0, -1.0, -2.0, 2.0], [0.0, 2.0, 1.0, 0.0, 1.0, 0.0, 2.0, -2.0], [-2.0, 2.0, 1.0, -1.0, 0.0, -1.0, 1.0, 1.0], [-2.0, -2.0, 2.0, 2.0, 0.0, 0.0, 0.0, 2.0], [1.0, 2.0, 1.0, -2.0, -2.0, 0.0, 1.0, -2.0], [-2.0, 0.0, 2.0, 1.0, 0.0, 1.0, 0.0, -2.0], [1.0, 0.0, -1.0, 2.0, -2.0, 1.0, -2.0, -1.0]]]> : tensor<1x8x8xbf16>
  %wk = arith.constant dense<[[[0.0, -1.0, -1.0, 1.0, 1.0, 1.0, -2.0, -1.0], [1.0, 1.0, 2.0, 0.0, -1.0, 1.0, 2.0, 0.0], [1.0, 0.0, 1.0, -1.0, -1.0, -2.0, -1.0, -1.0], [-1.0, -1.0, -2.0, 1.0, 2.0, -1.0, 0.0, 0.0], [-2.0, -1.0, 1.0, 2.0, 0.0, 2.0, 2.0, 0.0], [-1.0, 2.0, 2.0, -2.0, 1.0, 2.0, 1.0, 1.0], [1.0, 1.0, -2.0, 1.0, 1.0, -2.0, -1.0, -2.0], [-1.0, 1.0, -1.0, -2.0, 0.0, 2.0, -2.0, -2.0]]]> : tensor<1x8x8xbf16>
  %wv = arith.constant dense<[[[-2.0, 2.0, -1.0, 2.0, -2.0, 0.0, 2.0, -2.0], [-2.0, -1.0, 2.0, 1.0, -1.0, 0.0, 0.0, 2.0], [0.0, 1.0, -2.0, -2.0, 1.0, 1.0, 1.0, 1.0], [0.0, -2.0, -1.0, -2.0, 0.0, 0.0, 1.0, -1.0], [2.0, -2.0, -1.0, 2.0, 0.0, -1.0, 2.0, -2.0], [2.0, 0.0, -2.0, 0.0, 2.0, 0.0, -1.0, 0.0], [-1.0, 2.0, 2.0, 2.0, 0.0, -1.0, 2.0, -1.0], [-1.0, 1.0, -1.0, -1.0, 2.0, 1.0, 0.0, -2.0]]]> : tensor<1x8x8xbf16>
  %q = call @proj(%x, %wq) : (tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) -> tensor<1x8x8xbf16>
  %k = call @proj(%x, %wk) : (tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) -> tensor<1x8x8xbf16>
  %v = call @proj(%x, %wv) : (tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) -> tensor<1x8x8xbf16>
  %et = tensor.empty() : tensor<1x8x8xbf16>
  %kt = linalg.transpose ins(%k : tensor<1x8x8xbf16>) outs(%et : tensor<1x8x8xbf16>) permutation = [0, 2, 1]
  %z = arith.constant 0.0 : f32
  %es = tensor.empty() : tensor<1x8x8xf32>
  %cs = linalg.fill ins(%z : f32) outs(%es : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) outs(%cs : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  // softmax(s / 64) over the last dimension, in f32.
  %em = tensor.empty() : tensor<1x8xf32>
  %ninf = arith.constant -3.0e38 : f32
  %m0 = linalg.fill ins(%ninf : f32) outs(%em : tensor<1x8xf32>) -> tensor<1x8xf32>
  %m = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%s : tensor<1x8x8xf32>) outs(%m0 : tensor<1x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %out : f32
    linalg.yield %r : f32
  } -> tensor<1x8xf32>
  %p = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %m : tensor<1x8x8xf32>, tensor<1x8xf32>) outs(%es : tensor<1x8x8xf32>) {
  ^bb0(%in: f32, %mx: f32, %out: f32):
    %scale = arith.constant 0.015625 : f32
    %d = arith.subf %in, %mx : f32
    %ds = arith.mulf %d, %scale : f32
    %ex = math.exp %ds : f32
    linalg.yield %ex : f32
  } -> tensor<1x8x8xf32>
  %s0 = linalg.fill ins(%z : f32) outs(%em : tensor<1x8xf32>) -> tensor<1x8xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #red3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%p : tensor<1x8x8xf32>) outs(%s0 : tensor<1x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.addf %in, %out : f32
    linalg.yield %r : f32
  } -> tensor<1x8xf32>
  %ebs = tensor.empty() : tensor<1x8x8xbf16>
  %pb = linalg.generic {indexing_maps = [#id3, #red3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%p, %sum : tensor<1x8x8xf32>, tensor<1x8xf32>) outs(%ebs : tensor<1x8x8xbf16>) {
  ^bb0(%in: f32, %t: f32, %out: bf16):
    %r = arith.divf %in, %t : f32
    %b = arith.truncf %r : f32 to bf16
    linalg.yield %b : bf16
  } -> tensor<1x8x8xbf16>
  %eo = tensor.empty() : tensor<1x8x8xf32>
  %co = linalg.fill ins(%z : f32) outs(%eo : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %o = linalg.batch_matmul ins(%pb, %v : tensor<1x8x8xbf16>, tensor<1x8x8xbf16>) outs(%co : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  // GELU(o) = o/2 (1 + erf(o / sqrt 2)).
  %g = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%o : tensor<1x8x8xf32>) outs(%eo : tensor<1x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %half = arith.constant 0.5 : f32
    %one = arith.constant 1.0 : f32
    %rs2 = arith.constant 0.707106769 : f32
    %a = arith.mulf %in, %rs2 : f32
    %er = math.erf %a : f32
    %b = arith.addf %er, %one : f32
    %h = arith.mulf %in, %half : f32
    %r = arith.mulf %h, %b : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8xf32>
  return %g : tensor<1x8x8xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[-1.0, -2.0, 0.0, 2.0, -3.0, -3.0, 3.0, 1.0], [-3.0, -1.0, 1.0, -3.0, 1.0, -2.0, -3.0, -3.0], [0.0, 0.0, -3.0, -2.0, -3.0, 1.0, 0.0, -3.0], [3.0, 1.0, -3.0, -2.0, 2.0, 2.0, 1.0, -3.0], [1.0, 1.0, 0.0, -3.0, -2.0, -3.0, 1.0, 3.0], [-2.0, -1.0, 0.0, -2.0, 1.0, -3.0, 1.0, -1.0], [1.0, 3.0, 2.0, -2.0, -3.0, 1.0, 1.0, 2.0], [-2.0, -1.0, -3.0, 1.0, 2.0, -3.0, 1.0, -3.0]]]> : tensor<1x8x8xbf16>
  %y = call @attention(%x) : (tensor<1x8x8xbf16>) -> tensor<1x8x8xf32>
  %u = tensor.cast %y : tensor<1x8x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
