// hadamard-backend=cublas: the batched product runs on the stream of the
// function's GPU work, between the encode and decode kernels, with no host
// synchronization and no stream of its own per product: one stream per
// call, synchronized once at the end.
// RUN: stl-opt %s --stl-gpu-pipeline="chip=sm_90a hadamard-backend=cublas" | FileCheck %s

// CHECK-LABEL: llvm.func @product(
//       CHECK:   %[[S:.*]] = llvm.call @mgpuStreamCreate()
//   CHECK-NOT:   mgpuStream
//       CHECK:   gpu.launch_func <%[[S]] : !llvm.ptr> @stl_kernels::@stl_encode_lhs
//   CHECK-NOT:   mgpuStream
//       CHECK:   gpu.launch_func <%[[S]] : !llvm.ptr> @stl_kernels::@stl_encode_rhs
//   CHECK-NOT:   mgpuStream
//       CHECK:   llvm.call @stlRuntimeBatchedGemm({{.*}}, %[[S]]) :
//   CHECK-NOT:   mgpuStream
//       CHECK:   gpu.launch_func <%[[S]] : !llvm.ptr> @stl_kernels::@stl_decode
//   CHECK-NOT:   mgpuStream
//       CHECK:   llvm.call @mgpuStreamSynchronize(%[[S]])
//  CHECK-NEXT:   llvm.call @mgpuStreamDestroy(%[[S]])
//  CHECK-NEXT:   llvm.return
//   CHECK-NOT:   unrealized_conversion_cast
func.func @product(%x: tensor<256x128xf16>, %w: tensor<128x192xf16>) -> tensor<256x192xf32> {
  %y = stl.matmul %x, %w acc(f32) {scheme = #stl.scheme<"strassen">} : tensor<256x128xf16>, tensor<128x192xf16> -> tensor<256x192xf32>
  return %y : tensor<256x192xf32>
}
