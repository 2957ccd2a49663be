// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Constant weights reach products through the ops torch-mlir puts between a
// weight and its use: broadcasts to the batch of a batch_matmul (named, and
// as the yield-only linalg.generic torch-mlir writes), a transpose before the
// broadcast (nn.Linear's weight), a broadcast and transpose in one generic,
// reshapes (einsum's 1 x K x N, a 1 x K x N parameter collapsed for a 2-D
// matmul), and a broadcast along one of two batch dimensions. Every weight
// is pre-encoded (the report says which, and how), and the program prints
// the same numbers as the unrewritten one: exactly, on this integer-valued
// data.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-decompose --stl-fold-constant-encodings --stl-report -o %t.mlir | FileCheck %s --check-prefix=REPORT
// RUN: FileCheck %s --check-prefix=IR < %t.mlir
// RUN: stl-opt %t.mlir --stl-cpu-pipeline | %{exec} > %t.stl
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.stl --tolerance 0
// The same with f16 encodings (weights converted at compile time, then
// pre-encoded): integers this small are exact in f16 as well.
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true encoding-type=f16" --stl-decompose --stl-fold-constant-encodings --stl-report -o %t.f16.mlir | FileCheck %s --check-prefix=F16
// RUN: stl-opt %t.f16.mlir --stl-cpu-pipeline | %{exec} > %t.f16
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.f16 --tolerance 0

// REPORT: STL report: 7 product(s)
// REPORT-NEXT: @named_broadcast {{.*}} weight pre-encoded (constant tensor<6x4xf32> through linalg.broadcast, encoded once and broadcast along batch dim(s) 0)
// REPORT-NEXT: @generic_broadcast {{.*}} weight pre-encoded (dense_resource<w_6x4> : tensor<6x4xf32> through linalg.generic (broadcast), encoded once and broadcast along batch dim(s) 0)
// REPORT-NEXT: @linear_broadcast {{.*}} weight pre-encoded (constant tensor<4x6xf32> through linalg.transpose, linalg.generic (broadcast), encoded once and broadcast along batch dim(s) 0)
// REPORT-NEXT: @broadcast_transpose {{.*}} weight pre-encoded (constant tensor<4x6xf32> through linalg.generic (broadcast, transpose), encoded once and broadcast along batch dim(s) 0)
// (the reshape of a dense constant is folded into the constant first)
// REPORT-NEXT: @einsum {{.*}} weight pre-encoded (constant tensor<1x6x4xf32>)
// REPORT-NEXT: @collapsed_parameter {{.*}} weight pre-encoded (dense_resource<w_1x6x4> : tensor<1x6x4xf32> through tensor.collapse_shape)
// REPORT-NEXT: @partial_broadcast {{.*}} weight pre-encoded (constant tensor<2x6x4xf32> through linalg.broadcast, encoded once and broadcast along batch dim(s) 0)

// No encoding of a weight is left, and no weight is stored once per batch.
// IR-NOT: stl.encode rhs
// IR-LABEL: func.func @named_broadcast
//       IR:   %[[W:.*]] = arith.constant {{.*}} : tensor<7x3x2xf32>
//       IR:   %[[B:.*]] = linalg.broadcast ins(%[[W]] : tensor<7x3x2xf32>) outs(%{{.*}} : tensor<3x7x3x2xf32>) dimensions = [0]
//       IR:   stl.hadamard %{{.*}}, %[[B]]
// IR-LABEL: func.func @partial_broadcast
//       IR:   %[[W:.*]] = arith.constant {{.*}} : tensor<2x7x3x2xf32>
//       IR:   linalg.broadcast ins(%[[W]] : tensor<2x7x3x2xf32>) outs(%{{.*}} : tensor<3x2x7x3x2xf32>) dimensions = [0]
// IR-NOT: stl.encode rhs

// F16: STL report: 7 product(s)
// F16-COUNT-7: weight pre-encoded (

#bcast = affine_map<(d0, d1, d2) -> (d1, d2)>
#bcast_t = affine_map<(d0, d1, d2) -> (d2, d1)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#a4 = affine_map<(b, h, m, n, k) -> (b, h, m, k)>
#b4 = affine_map<(b, h, m, n, k) -> (b, h, k, n)>
#c4 = affine_map<(b, h, m, n, k) -> (b, h, m, n)>
func.func private @printMemrefF32(tensor<*xf32>)

func.func @named_broadcast(%x: tensor<3x4x6xf32>) -> tensor<3x4x4xf32> {
  %w = arith.constant dense<[[-1.0, -2.0, 0.0, 2.0], [-3.0, -3.0, 3.0, 1.0], [-3.0, -1.0, 1.0, -3.0], [1.0, -2.0, -3.0, -3.0], [0.0, 0.0, -3.0, -2.0], [-3.0, 1.0, 0.0, -3.0]]> : tensor<6x4xf32>
  %e = tensor.empty() : tensor<3x6x4xf32>
  %wb = linalg.broadcast ins(%w : tensor<6x4xf32>) outs(%e : tensor<3x6x4xf32>) dimensions = [0]
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<3x4x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  %y = linalg.batch_matmul ins(%x, %wb : tensor<3x4x6xf32>, tensor<3x6x4xf32>) outs(%c : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  return %y : tensor<3x4x4xf32>
}

// torch.bmm(x, w.expand(3, 6, 4)) as torch-mlir emits it.
func.func @generic_broadcast(%x: tensor<3x4x6xf32>) -> tensor<3x4x4xf32> {
  %w = arith.constant dense_resource<w_6x4> : tensor<6x4xf32>
  %e = tensor.empty() : tensor<3x6x4xf32>
  %wb = linalg.generic {indexing_maps = [#bcast, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%w : tensor<6x4xf32>) outs(%e : tensor<3x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x6x4xf32>
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<3x4x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  %y = linalg.batch_matmul ins(%x, %wb : tensor<3x4x6xf32>, tensor<3x6x4xf32>) outs(%c : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  return %y : tensor<3x4x4xf32>
}

// An nn.Linear weight (out x in): transposed, then broadcast to the batch.
func.func @linear_broadcast(%x: tensor<3x4x6xf32>) -> tensor<3x4x4xf32> {
  %w = arith.constant dense<[[1.0, 3.0, 2.0, -2.0, -3.0, 1.0], [1.0, 2.0, -2.0, -1.0, -3.0, 1.0], [2.0, -3.0, 1.0, -3.0, 1.0, -2.0], [0.0, 2.0, 1.0, 0.0, 3.0, -1.0]]> : tensor<4x6xf32>
  %et = tensor.empty() : tensor<6x4xf32>
  %wt = linalg.transpose ins(%w : tensor<4x6xf32>) outs(%et : tensor<6x4xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<3x6x4xf32>
  %wb = linalg.generic {indexing_maps = [#bcast, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%wt : tensor<6x4xf32>) outs(%e : tensor<3x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x6x4xf32>
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<3x4x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  %y = linalg.batch_matmul ins(%x, %wb : tensor<3x4x6xf32>, tensor<3x6x4xf32>) outs(%c : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  return %y : tensor<3x4x4xf32>
}

// The same in one generic that broadcasts and transposes.
func.func @broadcast_transpose(%x: tensor<3x4x6xf32>) -> tensor<3x4x4xf32> {
  %w = arith.constant dense<[[0.0, 1.0, 0.0, -1.0, -1.0, -2.0], [3.0, -2.0, 2.0, 3.0, -2.0, -3.0], [1.0, -1.0, 1.0, 0.0, -1.0, 2.0], [0.0, -1.0, 1.0, -3.0, -3.0, 1.0]]> : tensor<4x6xf32>
  %e = tensor.empty() : tensor<3x6x4xf32>
  %wb = linalg.generic {indexing_maps = [#bcast_t, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%w : tensor<4x6xf32>) outs(%e : tensor<3x6x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x6x4xf32>
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<3x4x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  %y = linalg.batch_matmul ins(%x, %wb : tensor<3x4x6xf32>, tensor<3x6x4xf32>) outs(%c : tensor<3x4x4xf32>) -> tensor<3x4x4xf32>
  return %y : tensor<3x4x4xf32>
}

// torch.einsum("bsk,kn->bsn", x, w): a batch_matmul of batch 1.
func.func @einsum(%x: tensor<3x4x6xf32>) -> tensor<1x12x4xf32> {
  %w = arith.constant dense<[[0.0, -2.0, 3.0, -1.0], [-2.0, 0.0, 0.0, -3.0], [2.0, -3.0, 3.0, 1.0], [1.0, 3.0, 3.0, -1.0], [-1.0, 2.0, -1.0, 1.0], [0.0, 1.0, 3.0, 0.0]]> : tensor<6x4xf32>
  %xc = tensor.collapse_shape %x [[0, 1], [2]] : tensor<3x4x6xf32> into tensor<12x6xf32>
  %xe = tensor.expand_shape %xc [[0, 1], [2]] output_shape [1, 12, 6] : tensor<12x6xf32> into tensor<1x12x6xf32>
  %we = tensor.expand_shape %w [[0, 1], [2]] output_shape [1, 6, 4] : tensor<6x4xf32> into tensor<1x6x4xf32>
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<1x12x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<1x12x4xf32>) -> tensor<1x12x4xf32>
  %y = linalg.batch_matmul ins(%xe, %we : tensor<1x12x6xf32>, tensor<1x6x4xf32>) outs(%c : tensor<1x12x4xf32>) -> tensor<1x12x4xf32>
  return %y : tensor<1x12x4xf32>
}

// torch.matmul(x, w) with a 1 x 6 x 4 parameter: collapsed for a 2-D matmul.
func.func @collapsed_parameter(%x: tensor<3x4x6xf32>) -> tensor<12x4xf32> {
  %w = arith.constant dense_resource<w_1x6x4> : tensor<1x6x4xf32>
  %wc = tensor.collapse_shape %w [[0, 1], [2]] : tensor<1x6x4xf32> into tensor<6x4xf32>
  %xc = tensor.collapse_shape %x [[0, 1], [2]] : tensor<3x4x6xf32> into tensor<12x6xf32>
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<12x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<12x4xf32>) -> tensor<12x4xf32>
  %y = linalg.matmul ins(%xc, %wc : tensor<12x6xf32>, tensor<6x4xf32>) outs(%c : tensor<12x4xf32>) -> tensor<12x4xf32>
  return %y : tensor<12x4xf32>
}

// Per-head weights (2 heads) shared by a batch of 3: only the batch
// dimension repeats, so the two heads' encodings are stored.
func.func @partial_broadcast(%x: tensor<3x2x4x6xf32>) -> tensor<3x2x4x4xf32> {
  %w = arith.constant dense<[[[-1.0, -2.0, 1.0, -3.0], [0.0, -3.0, -2.0, 3.0], [-1.0, -2.0, 2.0, -2.0], [0.0, 0.0, 3.0, 0.0], [-3.0, -2.0, 0.0, 0.0], [1.0, -1.0, -2.0, 3.0]], [[0.0, 3.0, 1.0, -1.0], [2.0, 0.0, -1.0, 2.0], [0.0, -2.0, -2.0, -3.0], [-2.0, -2.0, -2.0, 2.0], [-2.0, -3.0, 0.0, 3.0], [1.0, -2.0, -1.0, -1.0]]]> : tensor<2x6x4xf32>
  %e = tensor.empty() : tensor<3x2x6x4xf32>
  %wb = linalg.broadcast ins(%w : tensor<2x6x4xf32>) outs(%e : tensor<3x2x6x4xf32>) dimensions = [0]
  %z = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<3x2x4x4xf32>
  %c = linalg.fill ins(%z : f32) outs(%eo : tensor<3x2x4x4xf32>) -> tensor<3x2x4x4xf32>
  %y = linalg.generic {indexing_maps = [#a4, #b4, #c4], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%x, %wb : tensor<3x2x4x6xf32>, tensor<3x2x6x4xf32>) outs(%c : tensor<3x2x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<3x2x4x4xf32>
  return %y : tensor<3x2x4x4xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[-3.0, -2.0, 0.0, 1.0, -1.0, 1.0], [1.0, -1.0, -2.0, 2.0, 3.0, 1.0], [1.0, 2.0, 2.0, 2.0, -3.0, 0.0], [3.0, 3.0, 3.0, 2.0, 3.0, 1.0]], [[0.0, 0.0, 0.0, 0.0, -3.0, 0.0], [2.0, 0.0, -3.0, -2.0, -3.0, -2.0], [0.0, -2.0, -3.0, -1.0, 1.0, -3.0], [-3.0, -3.0, 1.0, -2.0, 1.0, -3.0]], [[-1.0, 1.0, -3.0, -3.0, 3.0, -2.0], [1.0, 0.0, -2.0, 2.0, -1.0, -1.0], [1.0, -1.0, 0.0, -3.0, -3.0, 3.0], [0.0, 0.0, 0.0, 0.0, -1.0, -3.0]]]> : tensor<3x4x6xf32>
  %x4 = arith.constant dense<[[[[-2.0, -3.0, 2.0, -1.0, 2.0, -1.0], [0.0, 3.0, 2.0, -2.0, 1.0, -3.0], [-2.0, 1.0, -1.0, -2.0, 2.0, 1.0], [-3.0, 3.0, 1.0, -1.0, 2.0, 3.0]], [[-3.0, 2.0, 3.0, -1.0, 1.0, -1.0], [-2.0, -1.0, 3.0, -2.0, 1.0, 1.0], [3.0, 1.0, -1.0, 2.0, -2.0, 1.0], [3.0, 3.0, 3.0, 3.0, -2.0, 3.0]]], [[[-2.0, 3.0, 0.0, 2.0, 3.0, -2.0], [-2.0, 1.0, 0.0, -1.0, 2.0, -3.0], [-3.0, 3.0, -1.0, 0.0, -1.0, -2.0], [2.0, 1.0, -1.0, 0.0, 3.0, 2.0]], [[-1.0, -1.0, -3.0, -2.0, -3.0, -2.0], [0.0, -2.0, -1.0, -2.0, 0.0, 1.0], [1.0, 3.0, -3.0, 0.0, 2.0, -1.0], [3.0, 2.0, -3.0, 3.0, 2.0, -3.0]]], [[[0.0, 3.0, 2.0, 3.0, -2.0, 0.0], [-2.0, 0.0, 3.0, 2.0, -1.0, -3.0], [3.0, 2.0, 0.0, 0.0, 0.0, 2.0], [-3.0, 2.0, -2.0, -2.0, -2.0, -3.0]], [[-2.0, 1.0, 0.0, 3.0, 2.0, -2.0], [1.0, 3.0, 1.0, 0.0, 2.0, -1.0], [-2.0, 1.0, 1.0, -2.0, -3.0, -3.0], [3.0, 2.0, 2.0, -3.0, 1.0, 2.0]]]]> : tensor<3x2x4x6xf32>
  %y1 = call @named_broadcast(%x) : (tensor<3x4x6xf32>) -> tensor<3x4x4xf32>
  %u1 = tensor.cast %y1 : tensor<3x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  %y2 = call @generic_broadcast(%x) : (tensor<3x4x6xf32>) -> tensor<3x4x4xf32>
  %u2 = tensor.cast %y2 : tensor<3x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u2) : (tensor<*xf32>) -> ()
  %y3 = call @linear_broadcast(%x) : (tensor<3x4x6xf32>) -> tensor<3x4x4xf32>
  %u3 = tensor.cast %y3 : tensor<3x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()
  %y4 = call @broadcast_transpose(%x) : (tensor<3x4x6xf32>) -> tensor<3x4x4xf32>
  %u4 = tensor.cast %y4 : tensor<3x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()
  %y5 = call @einsum(%x) : (tensor<3x4x6xf32>) -> tensor<1x12x4xf32>
  %u5 = tensor.cast %y5 : tensor<1x12x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()
  %y6 = call @collapsed_parameter(%x) : (tensor<3x4x6xf32>) -> tensor<12x4xf32>
  %u6 = tensor.cast %y6 : tensor<12x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u6) : (tensor<*xf32>) -> ()
  %y7 = call @partial_broadcast(%x4) : (tensor<3x2x4x6xf32>) -> tensor<3x2x4x4xf32>
  %u7 = tensor.cast %y7 : tensor<3x2x4x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u7) : (tensor<*xf32>) -> ()
  return
}

{-#
  dialect_resources: {
    builtin: {
      w_6x4: "0x04000000000040400000803F000040C0000000C000000040000000400000803F000040C00000803F0000803F00000000000040C0000000C0000040C00000803F00004040000000C0000080BF00000000000000C00000803F000040C00000803F000080BF",
      w_1x6x4: "0x04000000000040C000004040000040C0000080BF000000000000004000000040000040C0000040C00000004000000040000080BF000000400000803F000000400000404000000000000080BF000000400000000000000040000080BF000040C000000000"
    }
  }
#-}
