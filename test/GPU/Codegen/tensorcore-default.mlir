// A bf16 product on a GPU: with the rewrite's target, its Hadamard product
// runs on TensorCores (f16 encodings: wgmma on sm_90a, mma.sync on sm_80);
// without it, the encodings are f32 and the SIMT GEMM gets it, and the
// pipeline's remark says why and what to change.
// RUN: rm -rf %t && stl-opt %s --stl-rewrite-matmul="scheme=strassen target=sm_90a" --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t" -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: FileCheck %s --check-prefix=WGMMA --input-file=%t/stl_kernels.sm_90a.ptx
// RUN: rm -rf %t.80 && stl-opt %s --stl-rewrite-matmul="scheme=strassen target=sm_80" --stl-gpu-pipeline="chip=sm_80 dump-ptx=%t.80" -o /dev/null
// RUN: FileCheck %s --check-prefix=MMA --input-file=%t.80/stl_kernels.sm_80.ptx
// RUN: rm -rf %t.simt && stl-opt %s --stl-rewrite-matmul=scheme=strassen --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t.simt" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-TARGET
// RUN: FileCheck %s --check-prefix=SIMT --input-file=%t.simt/stl_kernels.sm_90a.ptx

// TARGET: remark: encoded operands of this 'bf16' product are f16
// TARGET-NOT: runs on the SIMT GEMM
// WGMMA: .entry stl_hadamard_sm90a_persistent(
// WGMMA: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16
// MMA: .entry stl_hadamard_sm80(
// MMA: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32

// NO-TARGET: remark: this stl.hadamard runs on the SIMT GEMM, not on sm_90a TensorCores: the TensorCore kernels take f16 or bf16 operands, its operands are 'f32', widened from 'bf16' by --stl-rewrite-matmul (encoding-type=f32 encodings, its default without a GPU target); rewrite with target=sm_90a (or encoding-type=f16) for scaled f16 encodings that the TensorCores take (see docs/Precision.md)
// SIMT: .entry stl_hadamard_simt(
// SIMT-NOT: wgmma
// SIMT-NOT: mma.sync

func.func @product(%a: tensor<512x256xbf16>, %b: tensor<256x384xbf16>) -> tensor<512x384xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<512x384xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<512x384xf32>) -> tensor<512x384xf32>
  %r = linalg.matmul ins(%a, %b : tensor<512x256xbf16>, tensor<256x384xbf16>) outs(%c : tensor<512x384xf32>) -> tensor<512x384xf32>
  return %r : tensor<512x384xf32>
}
