// RUN: rm -rf %t && stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t" -o %t.mlir
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t/stl_kernels.sm_90a.ptx
// RUN: FileCheck %s --check-prefix=HOST --input-file=%t.mlir

// linalg.matmul (bf16) -> Strassen -> PTX for sm_90a: wgmma fed by TMA.

// PTX: .version 8.0
// PTX: .target sm_90a
// PTX-LABEL: .visible .entry stl_hadamard_sm90a(
// PTX: .maxntid 128, 1, 1
// PTX: mbarrier.init.shared.b64
// PTX: prefetch.tensormap
// PTX: mbarrier.arrive.expect_tx.shared.b64
// PTX: cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes
// PTX: mbarrier.try_wait.parity.shared.b64
// PTX: wgmma.fence.sync.aligned;
// PTX: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// PTX: wgmma.commit_group.sync.aligned;
// PTX: wgmma.wait_group.sync.aligned 1;
// PTX: wgmma.wait_group.sync.aligned 0;

// HOST-LABEL: llvm.func @mm(
//       HOST:   llvm.call @mgpuTensorMapEncodeTiledMemref
//       HOST:   llvm.call @mgpuTensorMapEncodeTiledMemref
//       HOST:   gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_hadamard_sm90a {{.*}} dynamic_shared_memory_size
//       HOST: llvm.func @_mlir_ciface_mm(
//       HOST: gpu.binary @stl_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">
func.func @mm(%a: tensor<1000x512xbf16>, %b: tensor<512x768xbf16>) -> tensor<1000x768xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1000x768xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<1000x768xf32>) -> tensor<1000x768xf32>
  %r = linalg.matmul ins(%a, %b : tensor<1000x512xbf16>, tensor<512x768xbf16>) outs(%f : tensor<1000x768xf32>) -> tensor<1000x768xf32>
  return %r : tensor<1000x768xf32>
}
