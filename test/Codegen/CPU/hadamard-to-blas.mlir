// RUN: stl-opt %s --split-input-file --stl-cpu-hadamard-to-blas --verify-diagnostics | FileCheck %s
// An unknown backend is refused with the option's name.
// RUN: not stl-opt %s --split-input-file --stl-cpu-pipeline=hadamard-backend=cublas -o /dev/null 2>&1 | FileCheck %s --check-prefix=BACKEND
// BACKEND: for the --hadamard-backend option: Cannot find option named 'cublas'!

// An f32 Hadamard product: the operands' buffers, a fresh 64-byte aligned
// result, run-time checks of what CBLAS needs, and one cblas_sgemm per
// product (row-major, no transposes, alpha 1, beta 0).
// CHECK: func.func private @cblas_sgemm(i32, i32, i32, i32, i32, i32, f32, !llvm.ptr, i32, !llvm.ptr, i32, f32, !llvm.ptr, i32)
// CHECK-LABEL: func @hadamard
//  CHECK-SAME:   %[[A:[^:]*]]: tensor<7x?x4xf32>, %[[B:[^:]*]]: tensor<7x4x5xf32>
//       CHECK:   %[[AB:.*]] = bufferization.to_buffer %[[A]] read_only : tensor<7x?x4xf32> to memref<7x?x4xf32, strided<[?, ?, ?], offset: ?>>
//       CHECK:   %[[BB:.*]] = bufferization.to_buffer %[[B]] read_only
//       CHECK:   %[[C:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<7x?x5xf32>
//       CHECK:   cf.assert %{{.*}}, "hadamard-backend=blas: the encoded lhs is not contiguous along its rows"
//       CHECK:   scf.for %[[L:.*]] = %{{.*}} to %{{.*}} step
//       CHECK:     %[[PA:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
//       CHECK:     func.call @cblas_sgemm(%c101_i32, %c111_i32, %c111_i32, %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE:.*]], %[[PA]], %{{.*}}, %{{.*}}, %{{.*}}, %[[ZERO:.*]], %{{.*}}, %{{.*}})
//       CHECK:   %[[R:.*]] = bufferization.to_tensor %[[C]] restrict writable : memref<7x?x5xf32> to tensor<7x?x5xf32>
//       CHECK:   return %[[R]]
func.func @hadamard(%a: tensor<7x?x4xf32>, %b: tensor<7x4x5xf32>) -> tensor<7x?x5xf32> {
  %0 = stl.hadamard %a, %b : tensor<7x?x4xf32>, tensor<7x4x5xf32> -> tensor<7x?x5xf32>
  return %0 : tensor<7x?x5xf32>
}

// -----

// Batch dimensions and the rank are one batch of products.
// CHECK-LABEL: func @batched
//       CHECK:   tensor.collapse_shape {{.*}} : tensor<2x7x4x2xf32> into tensor<14x4x2xf32>
//       CHECK:   func.call @cblas_sgemm
//       CHECK:   tensor.expand_shape {{.*}} : tensor<14x4x5xf32> into tensor<2x7x4x5xf32>
func.func @batched(%a: tensor<2x7x4x2xf32>, %b: tensor<2x7x2x5xf32>) -> tensor<2x7x4x5xf32> {
  %0 = stl.hadamard %a, %b : tensor<2x7x4x2xf32>, tensor<2x7x2x5xf32> -> tensor<2x7x4x5xf32>
  return %0 : tensor<2x7x4x5xf32>
}

// -----

// Other element types stay for the generated GEMM, with a remark.
// CHECK-LABEL: func @bf16
//   CHECK-NOT:   cblas_sgemm
//       CHECK:   stl.hadamard
func.func @bf16(%a: tensor<7x4x2xbf16>, %b: tensor<7x2x3xbf16>) -> tensor<7x4x3xf32> {
  // expected-remark @below {{stl-cpu-hadamard-to-blas: left to generated code: the BLAS backend takes f32 operands and an f32 result (cblas_sgemm)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  return %0 : tensor<7x4x3xf32>
}
