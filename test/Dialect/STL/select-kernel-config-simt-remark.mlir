// A hadamard that gets the SIMT GEMM says why and how to get TensorCores.
// RUN: stl-opt %s --split-input-file --stl-select-kernel-config=chip=sm_80 -verify-diagnostics | FileCheck %s

// An f32 product: a 16-bit encoding is the opt-in.
// CHECK-LABEL: func @f32
//       CHECK:   mma_shape = [1, 1, 1]
func.func @f32(%a: tensor<7x32x32xf32>, %b: tensor<7x32x32xf32>) -> tensor<7x32x32xf32> {
  // expected-remark @below {{this stl.hadamard runs on the SIMT GEMM, not on sm_80 TensorCores: the TensorCore kernels take f16 or bf16 operands, its operands are 'f32'; an f32 product runs on TensorCores with a 16-bit encoding: rewrite with encoding-type=f16 (scaled f16 encodings, less precise: see docs/Precision.md)}}
  %p = stl.hadamard %a, %b : tensor<7x32x32xf32>, tensor<7x32x32xf32> -> tensor<7x32x32xf32>
  return %p : tensor<7x32x32xf32>
}

// -----

// f64 has no TensorCore kernel at all.
// CHECK-LABEL: func @f64
func.func @f64(%a: tensor<7x32x32xf64>, %b: tensor<7x32x32xf64>) -> tensor<7x32x32xf64> {
  // expected-remark @below {{its operands are 'f64', for which there is no TensorCore kernel}}
  %p = stl.hadamard %a, %b : tensor<7x32x32xf64>, tensor<7x32x32xf64> -> tensor<7x32x32xf64>
  return %p : tensor<7x32x32xf64>
}

// -----

// Encodings of a bf16 operand widened to f32 (what --stl-rewrite-matmul
// writes with encoding-type=f32): the remark names the target option.
// CHECK-LABEL: func @widened
func.func @widened(%x: tensor<64x64xbf16>, %we: tensor<7x32x32xf32>) -> tensor<7x32x32xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x64xbf16>) outs(%e : tensor<64x64xf32>) {
  ^bb0(%in: bf16, %out: f32):
    %f = arith.extf %in : bf16 to f32
    linalg.yield %f : f32
  } -> tensor<64x64xf32>
  %xe = stl.encode lhs %w {scheme = #stl.scheme<"strassen">} : tensor<64x64xf32> -> tensor<7x32x32xf32>
  // expected-remark @below {{its operands are 'f32', widened from 'bf16' by --stl-rewrite-matmul (encoding-type=f32 encodings, its default without a GPU target); rewrite with target=sm_80 (or encoding-type=f16)}}
  %p = stl.hadamard %xe, %we : tensor<7x32x32xf32>, tensor<7x32x32xf32> -> tensor<7x32x32xf32>
  return %p : tensor<7x32x32xf32>
}
