// hadamard-backend=cublas: the product becomes a call of libstl_runtime's
// cuBLASLt batched GEMM (no configuration, no padding needed); encode and
// decode stay generated kernels.
// RUN: stl-opt %s --split-input-file --verify-diagnostics --convert-stl-to-gpu=hadamard-backend=cublas | FileCheck %s
// RUN: not stl-opt %s --convert-stl-to-gpu=hadamard-backend=magma 2>&1 | FileCheck %s --check-prefix=BACKEND
// BACKEND: for the --hadamard-backend option: Cannot find option named 'magma'!

// CHECK-DAG: func.func private @stlRuntimeBatchedGemm(i64, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, i32, i32, !llvm.ptr) -> i32
// CHECK-DAG: func.func private @mgpuStreamCreate() -> !llvm.ptr
// CHECK-LABEL: func.func @product
//  CHECK-SAME: (%[[A:.*]]: tensor<7x30x15xbf16>, %[[B:.*]]: tensor<7x15x9xbf16>)
//       CHECK:   %[[LA:.*]] = bufferization.to_buffer %[[A]] read_only
//       CHECK:   %[[LB:.*]] = bufferization.to_buffer %[[B]] read_only
//       CHECK:   %[[OUT:.*]] = memref.alloc() : memref<7x30x9xf32>
//       CHECK:   %[[S:.*]] = call @mgpuStreamCreate()
//   The row-major batched product: batch 7, m 30, n 9, k 15, lda 15,
//   batch strides 450 / 135 / 270, types bf16 (2) -> f32 (0).
//   CHECK-DAG:   %[[C7:.*]] = arith.constant 7 : i64
//   CHECK-DAG:   %[[C30:.*]] = arith.constant 30 : i64
//   CHECK-DAG:   %[[C9:.*]] = arith.constant 9 : i64
//   CHECK-DAG:   %[[C15:.*]] = arith.constant 15 : i64
//   CHECK-DAG:   %[[C450:.*]] = arith.constant 450 : i64
//   CHECK-DAG:   %[[C135:.*]] = arith.constant 135 : i64
//   CHECK-DAG:   %[[C270:.*]] = arith.constant 270 : i64
//   CHECK-DAG:   %[[BF16:.*]] = arith.constant 2 : i32
//   CHECK-DAG:   %[[F32:.*]] = arith.constant 0 : i32
//   CHECK-DAG:   memref.extract_aligned_pointer_as_index %[[LA]]
//   CHECK-DAG:   memref.extract_aligned_pointer_as_index %[[LB]]
//   CHECK-DAG:   memref.extract_aligned_pointer_as_index %[[OUT]]
//   The call is marked with its stream operand (index 15), which
//   --stl-gpu-async-library-calls later replaces by the stream of the
//   function's async chain (test/GPU/Codegen/cublas-stream.mlir).
//       CHECK:   %[[ST:.*]] = call @stlRuntimeBatchedGemm(%[[C7]], %[[C30]], %[[C9]], %[[C15]], %{{.*}}, %[[C15]], %[[C450]], %{{.*}}, %[[C9]], %[[C135]], %{{.*}}, %[[C9]], %[[C270]], %[[BF16]], %[[F32]], %[[S]]) {stl.stream_operand = 15 : i64}
//       CHECK:   call @mgpuStreamSynchronize(%[[S]])
//       CHECK:   call @mgpuStreamDestroy(%[[S]])
//       CHECK:   %[[OK:.*]] = arith.cmpi eq, %[[ST]]
//       CHECK:   cf.assert %[[OK]], "stl.hadamard: the cuBLASLt batched GEMM failed"
//       CHECK:   %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
//       CHECK:   return %[[R]]
func.func @product(%a: tensor<7x30x15xbf16>, %b: tensor<7x15x9xbf16>) -> tensor<7x30x9xf32> {
  %p = stl.hadamard %a, %b : tensor<7x30x15xbf16>, tensor<7x15x9xbf16> -> tensor<7x30x9xf32>
  return %p : tensor<7x30x9xf32>
}

// -----

func.func @f32_operands(%a: tensor<7x32x32xf32>, %b: tensor<7x32x32xf32>) -> tensor<7x32x32xf32> {
  // expected-error @below {{hadamard-backend=cublas takes bf16 or f16 operands and an f32, bf16 or f16 result, got 'f32' x 'f32' -> 'f32'}}
  %p = stl.hadamard %a, %b : tensor<7x32x32xf32>, tensor<7x32x32xf32> -> tensor<7x32x32xf32>
  return %p : tensor<7x32x32xf32>
}
