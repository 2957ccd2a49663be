// RUN: rm -rf %t && stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_80 dump-ptx=%t" -o %t.mlir
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t/stl_kernels.sm_80.ptx
// RUN: FileCheck %s --check-prefix=HOST --input-file=%t.mlir

// linalg.matmul -> Strassen (2x2 tiles, rank 7) -> PTX for sm_80. M = 255 and
// N = 250 are not multiples of the tile or of the block tile.

// PTX: .version 8.0
// PTX: .target sm_80
// PTX-LABEL: .visible .entry stl_encode_lhs(
// PTX-LABEL: .visible .entry stl_encode_rhs(
// PTX-LABEL: .visible .entry stl_hadamard_sm80(
// PTX: .maxntid 128, 1, 1
// Operands stream into shared memory through a 4-stage cp.async pipeline.
// PTX: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16;
// PTX: cp.async.commit_group;
// PTX: cp.async.wait_group 2;
// PTX: bar.sync 0;
// PTX: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// PTX: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// PTX: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// PTX-LABEL: .visible .entry stl_decode(

// Host: the C interface of docs/GPU.md, device buffers for the encoded
// operands and the products, one stream, kernels loaded from the binary.
// HOST-LABEL: llvm.func @mm(
//       HOST:   llvm.call @mgpuStreamCreate()
//       HOST:   llvm.call @mgpuMemAlloc
//       HOST:   gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_encode_lhs
//       HOST:   gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_encode_rhs
//       HOST:   gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_hadamard_sm80 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}}) : i64 dynamic_shared_memory_size
//       HOST:   gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_decode
//   HOST-COUNT-3:   llvm.call @mgpuMemFree
//       HOST:   llvm.call @mgpuStreamSynchronize
//       HOST:   llvm.call @mgpuStreamDestroy
//       HOST: llvm.func @_mlir_ciface_mm(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
//       HOST: gpu.binary @stl_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80">
func.func @mm(%a: tensor<255x64xf16>, %b: tensor<64x250xf16>) -> tensor<255x250xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<255x250xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<255x250xf32>) -> tensor<255x250xf32>
  %r = linalg.matmul ins(%a, %b : tensor<255x64xf16>, tensor<64x250xf16>) outs(%f : tensor<255x250xf32>) -> tensor<255x250xf32>
  return %r : tensor<255x250xf32>
}
