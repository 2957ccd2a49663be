// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// A batched product with two dynamic batch dimensions, rewritten with
// strassen and lowered by --stl-cpu-pipeline, crashed MLIR 22's
// expand-strided-metadata (the Hadamard product folded both dynamic batch
// dimensions and the rank into one batch, a memref.expand_shape of one
// dynamic dimension into several). Such a product is now one contraction
// over its batch dimensions, and prints the unrewritten numbers.
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-cpu-pipeline | %{exec} > %t.stl
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.stl --tolerance 0
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-cpu-pipeline=vectorize=false | %{exec} > %t.loops
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.loops --tolerance 0
// The BLAS backend leaves it to the generated code, with a remark.
// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-decompose --stl-cpu-hadamard-to-blas -o /dev/null 2>&1 | FileCheck %s
// CHECK: remark: stl-cpu-hadamard-to-blas: left to generated code: more than one dynamic batch dimension

func.func private @printMemrefF32(tensor<*xf32>)

func.func @bmm(%a: tensor<?x?x8x6xf32>, %b: tensor<?x?x6x4xf32>, %c: tensor<?x?x8x4xf32>) -> tensor<?x?x8x4xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(b0, b1, i, j, k) -> (b0, b1, i, k)>,
                                        affine_map<(b0, b1, i, j, k) -> (b0, b1, k, j)>,
                                        affine_map<(b0, b1, i, j, k) -> (b0, b1, i, j)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<?x?x8x6xf32>, tensor<?x?x6x4xf32>) outs(%c : tensor<?x?x8x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x?x8x4xf32>
  return %0 : tensor<?x?x8x4xf32>
}

// Entries ((b0 * 5 + b1 * 3 + i * p + j) mod 7) - 3.
func.func @data(%d0: index, %d1: index, %p: index, %shape: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(a, b, i, j) -> (a, b, i, j)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%shape : tensor<?x?x?x?xf32>) {
  ^bb0(%out: f32):
    %a = linalg.index 0 : index
    %b = linalg.index 1 : index
    %i = linalg.index 2 : index
    %j = linalg.index 3 : index
    %c3 = arith.constant 3 : index
    %c5 = arith.constant 5 : index
    %c7 = arith.constant 7 : index
    %a5 = arith.muli %a, %c5 : index
    %b3 = arith.muli %b, %c3 : index
    %ip = arith.muli %i, %p : index
    %s0 = arith.addi %a5, %b3 : index
    %s1 = arith.addi %s0, %ip : index
    %s2 = arith.addi %s1, %j : index
    %m = arith.remui %s2, %c7 : index
    %n = arith.index_cast %m : index to i64
    %f = arith.sitofp %n : i64 to f32
    %three = arith.constant 3.0 : f32
    %v = arith.subf %f, %three : f32
    linalg.yield %v : f32
  } -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %ea = tensor.empty(%c2, %c3) : tensor<?x?x8x6xf32>
  %eb = tensor.empty(%c2, %c3) : tensor<?x?x6x4xf32>
  %ec = tensor.empty(%c2, %c3) : tensor<?x?x8x4xf32>
  %da = tensor.cast %ea : tensor<?x?x8x6xf32> to tensor<?x?x?x?xf32>
  %db = tensor.cast %eb : tensor<?x?x6x4xf32> to tensor<?x?x?x?xf32>
  %dc = tensor.cast %ec : tensor<?x?x8x4xf32> to tensor<?x?x?x?xf32>
  %a0 = call @data(%c2, %c3, %c2, %da) : (index, index, index, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %b0 = call @data(%c2, %c3, %c3, %db) : (index, index, index, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %c0 = call @data(%c2, %c3, %c1, %dc) : (index, index, index, tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %a = tensor.cast %a0 : tensor<?x?x?x?xf32> to tensor<?x?x8x6xf32>
  %b = tensor.cast %b0 : tensor<?x?x?x?xf32> to tensor<?x?x6x4xf32>
  %c = tensor.cast %c0 : tensor<?x?x?x?xf32> to tensor<?x?x8x4xf32>
  %r = call @bmm(%a, %b, %c) : (tensor<?x?x8x6xf32>, tensor<?x?x6x4xf32>, tensor<?x?x8x4xf32>) -> tensor<?x?x8x4xf32>
  %u = tensor.cast %r : tensor<?x?x8x4xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
