// RUN: rm -rf %t && stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a schedule=data_parallel dump-ptx=%t" -o %t.mlir
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t/stl_kernels.sm_90a.ptx
// RUN: FileCheck %s --check-prefix=HOST --input-file=%t.mlir

// linalg.matmul (bf16) -> Strassen -> PTX for sm_90a, data-parallel GEMM:
// wgmma fed by TMA (pipeline-sm90a-persistent.mlir: the default kernel).

// PTX: .version 8.0
// PTX: .target sm_90a
// The CUtensorMaps arrive by value (__grid_constant__): 64-byte-aligned
// 128-byte parameters read through their generic address, never a pointer
// to a device copy.
// PTX-LABEL: .visible .entry stl_hadamard_sm90a(
// PTX-NEXT: .param .align 64 .b8 stl_hadamard_sm90a_param_0[128],
// PTX-NEXT: .param .align 64 .b8 stl_hadamard_sm90a_param_1[128],
// PTX: .maxntid 128, 1, 1
// PTX-DAG: mov.b64 [[P0:%rd[0-9]+]], stl_hadamard_sm90a_param_0;
// PTX-DAG: cvta.param.u64 [[MAP0:%rd[0-9]+]], [[P0]];
// PTX-DAG: mov.b64 [[P1:%rd[0-9]+]], stl_hadamard_sm90a_param_1;
// PTX-DAG: cvta.param.u64 [[MAP1:%rd[0-9]+]], [[P1]];
// The mbarrier initialization is fenced for the async proxy (TMA) before
// the block synchronizes and the first TMA load is issued.
// PTX: mbarrier.init.shared.b64
// PTX-NOT: cp.async.bulk.tensor
// PTX: fence.mbarrier_init.release.cluster;
// PTX-NOT: cp.async.bulk.tensor
// PTX: bar.sync 0;
// PTX: prefetch.tensormap [[[MAP0]]];
// PTX: prefetch.tensormap [[[MAP1]]];
// PTX: mbarrier.arrive.expect_tx.shared.b64
// PTX: cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [{{%rd[0-9]+}}], [[[MAP0]], 
// PTX: mbarrier.try_wait.parity.shared.b64
// PTX: wgmma.fence.sync.aligned;
// PTX: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// PTX: wgmma.commit_group.sync.aligned;
// PTX: wgmma.wait_group.sync.aligned 1;
// PTX: wgmma.wait_group.sync.aligned 0;

// One stream for the whole call: encoding the TMA descriptors neither
// synchronizes nor replaces it; the host waits once, after the last launch.
// HOST-LABEL: llvm.func @mm(
//       HOST:   %[[STREAM:.*]] = llvm.call @mgpuStreamCreate()
//   HOST-NOT:   mgpuStreamSynchronize
//   HOST-NOT:   mgpuStreamDestroy
//   HOST-NOT:   mgpuStreamCreate
//       HOST:   %[[MAPA:.*]] = llvm.call @mgpuTensorMapEncodeTiledMemref
//       HOST:   %[[MAPB:.*]] = llvm.call @mgpuTensorMapEncodeTiledMemref
//   HOST-DAG:   %[[VALA:.*]] = llvm.load %[[MAPA]] : !llvm.ptr -> !llvm.array<16 x i64>
//   HOST-DAG:   %[[VALB:.*]] = llvm.load %[[MAPB]] : !llvm.ptr -> !llvm.array<16 x i64>
//   HOST-NOT:   mgpuStreamSynchronize
//   HOST-NOT:   mgpuStreamDestroy
//   HOST-NOT:   mgpuStreamCreate
//       HOST:   gpu.launch_func <%[[STREAM]] : !llvm.ptr> @stl_kernels::@stl_hadamard_sm90a {{.*}} dynamic_shared_memory_size {{.*}} args(%[[VALA]] : !llvm.array<16 x i64>, %[[VALB]] : !llvm.array<16 x i64>,
//   HOST-NOT:   mgpuStreamSynchronize
//       HOST:   gpu.launch_func <%[[STREAM]] : !llvm.ptr> @stl_kernels::@stl_decode
//   HOST-NOT:   gpu.launch_func
//       HOST:   llvm.call @mgpuStreamSynchronize(%[[STREAM]])
//       HOST:   llvm.call @mgpuStreamDestroy(%[[STREAM]])
//   HOST-NOT:   gpu.launch_func
//       HOST:   llvm.return
//       HOST: llvm.func @_mlir_ciface_mm(
//       HOST: gpu.binary @stl_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">
func.func @mm(%a: tensor<1000x512xbf16>, %b: tensor<512x768xbf16>) -> tensor<1000x768xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1000x768xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<1000x768xf32>) -> tensor<1000x768xf32>
  %r = linalg.matmul ins(%a, %b : tensor<1000x512xbf16>, tensor<512x768xbf16>) outs(%f : tensor<1000x768xf32>) -> tensor<1000x768xf32>
  return %r : tensor<1000x768xf32>
}
