// Products wide enough for whole strips of 16 tile columns and single
// columns after them, with an init, batch dimensions and bf16 operands, on
// integer-valued data; used by vectorized-encodings.mlir and
// hadamard-blas.mlir.

func.func private @printMemrefF32(tensor<*xf32>)

// An m x n matrix with entries ((i * p + j * q) mod r) - s.
func.func @matrix(%m: index, %n: index, %p: index, %q: index, %r: index, %s: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %mod = arith.remui %sum, %r : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// 36 x 72 x 108 into C: 2x2 tiles give 36 and 54 tile columns, 3x3 tiles
// 24 and 36, 4x4 tiles 18 and 27 (strips of 16 and a rest).
func.func @wide(%a: tensor<36x72xf32>, %b: tensor<72x108xf32>, %c: tensor<36x108xf32>) -> tensor<36x108xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<36x72xf32>, tensor<72x108xf32>) outs(%c : tensor<36x108xf32>) -> tensor<36x108xf32>
  return %0 : tensor<36x108xf32>
}

// Batched, from a zero fill.
func.func @batched(%a: tensor<2x12x96xf32>, %b: tensor<2x96x40xf32>) -> tensor<2x12x40xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x12x40xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<2x12x40xf32>) -> tensor<2x12x40xf32>
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x12x96xf32>, tensor<2x96x40xf32>) outs(%c : tensor<2x12x40xf32>) -> tensor<2x12x40xf32>
  return %0 : tensor<2x12x40xf32>
}

// bf16 operands, f32 result (small integers are exact in bf16).
func.func @mixed(%a: tensor<24x84xbf16>, %b: tensor<84x36xbf16>) -> tensor<24x36xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<24x36xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<24x36xf32>) -> tensor<24x36xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<24x84xbf16>, tensor<84x36xbf16>) outs(%c : tensor<24x36xf32>) -> tensor<24x36xf32>
  return %0 : tensor<24x36xf32>
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c12 = arith.constant 12 : index
  %c24 = arith.constant 24 : index
  %c36 = arith.constant 36 : index
  %c40 = arith.constant 40 : index
  %c72 = arith.constant 72 : index
  %c84 = arith.constant 84 : index
  %c96 = arith.constant 96 : index
  %c108 = arith.constant 108 : index
  %s3 = arith.constant 3.0 : f32
  %s2 = arith.constant 2.0 : f32

  %a = call @matrix(%c36, %c72, %c3, %c1, %c7, %s3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b = call @matrix(%c72, %c108, %c1, %c2, %c5, %s2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c = call @matrix(%c36, %c108, %c2, %c3, %c7, %s3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %as = tensor.cast %a : tensor<?x?xf32> to tensor<36x72xf32>
  %bs = tensor.cast %b : tensor<?x?xf32> to tensor<72x108xf32>
  %cs = tensor.cast %c : tensor<?x?xf32> to tensor<36x108xf32>
  %y = call @wide(%as, %bs, %cs) : (tensor<36x72xf32>, tensor<72x108xf32>, tensor<36x108xf32>) -> tensor<36x108xf32>
  %yd = tensor.cast %y : tensor<36x108xf32> to tensor<?x?xf32>
  call @print(%yd) : (tensor<?x?xf32>) -> ()

  %p = call @matrix(%c24, %c96, %c1, %c3, %c7, %s3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %q = call @matrix(%c96, %c40, %c2, %c1, %c5, %s2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %ps = tensor.cast %p : tensor<?x?xf32> to tensor<24x96xf32>
  %pb = tensor.expand_shape %ps [[0, 1], [2]] output_shape [2, 12, 96] : tensor<24x96xf32> into tensor<2x12x96xf32>
  %q0 = tensor.cast %q : tensor<?x?xf32> to tensor<96x40xf32>
  %q1 = arith.addf %q0, %q0 : tensor<96x40xf32>
  %e2 = tensor.empty() : tensor<2x96x40xf32>
  %qs0 = tensor.insert_slice %q0 into %e2[0, 0, 0] [1, 96, 40] [1, 1, 1] : tensor<96x40xf32> into tensor<2x96x40xf32>
  %qs = tensor.insert_slice %q1 into %qs0[1, 0, 0] [1, 96, 40] [1, 1, 1] : tensor<96x40xf32> into tensor<2x96x40xf32>
  %z = call @batched(%pb, %qs) : (tensor<2x12x96xf32>, tensor<2x96x40xf32>) -> tensor<2x12x40xf32>
  %zc = tensor.collapse_shape %z [[0, 1], [2]] : tensor<2x12x40xf32> into tensor<24x40xf32>
  %zd = tensor.cast %zc : tensor<24x40xf32> to tensor<?x?xf32>
  call @print(%zd) : (tensor<?x?xf32>) -> ()

  %u = call @matrix(%c24, %c84, %c2, %c1, %c7, %s3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %v = call @matrix(%c84, %c36, %c1, %c3, %c5, %s2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %us = tensor.cast %u : tensor<?x?xf32> to tensor<24x84xf32>
  %vs = tensor.cast %v : tensor<?x?xf32> to tensor<84x36xf32>
  %ub = arith.truncf %us : tensor<24x84xf32> to tensor<24x84xbf16>
  %vb = arith.truncf %vs : tensor<84x36xf32> to tensor<84x36xbf16>
  %w = call @mixed(%ub, %vb) : (tensor<24x84xbf16>, tensor<84x36xbf16>) -> tensor<24x36xf32>
  %wd = tensor.cast %w : tensor<24x36xf32> to tensor<?x?xf32>
  call @print(%wd) : (tensor<?x?xf32>) -> ()
  return
}
