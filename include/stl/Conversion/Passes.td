//===- Passes.td - STL conversion passes -------------------*- tablegen -*-===//

#ifndef STL_CONVERSION_PASSES_TD
#define STL_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSTLToLinalg : Pass<"convert-stl-to-linalg"> {
  let summary = "Lower stl ops to linalg structured ops";
  let description = [{
    `stl.matmul` is first decomposed. `stl.encode` and `stl.decode` become
    `linalg.generic` contractions of the tiled operand with the scheme's
    coefficients (a constant r x m x k, r x k x n or m x n x r tensor),
    between `tensor.expand_shape`/`tensor.collapse_shape` that expose the
    tiles; `stl.hadamard` becomes `linalg.batch_matmul` with the scheme rank
    folded into the batch. Upstream tiling, fusion and bufferization apply to
    the result.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def ConvertSTLToGPU : Pass<"convert-stl-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Lower stl ops on tensors to GPU kernels and launches";
  let description = [{
    Replaces `stl.encode`, `stl.hadamard` and `stl.decode` (run
    `--stl-decompose` first for `stl.matmul`) by `gpu.launch_func` of kernels
    built into the `gpu.module @stl_kernels`:

    * encode: one thread per encoded tile position writes all r coefficients
      (scheme coefficients are immediates; zero ones are skipped); a
      `tensor.pad` of its result and a `tensor.pad` of its input are fused;
    * hadamard: the batched TensorCore GEMM that its `stl.kernel_config`
      describes (`mma.sync` + `ldmatrix` + `cp.async` on sm_80/sm_90,
      `wgmma` + TMA + `mbarrier` on sm_90a), batch index = blockIdx.z;
    * decode: one thread per output tile position, reading the r products;
      an `init` is added; a slice of its input or result is fused.

    The host side stays on tensors: operands reach the launches through
    `bufferization.to_buffer` and results leave through
    `bufferization.to_tensor` of fresh `memref.alloc`s, so that
    `--one-shot-bufferize` handles everything around the stl ops.
    The patterns only read the kernel configuration: every stl.hadamard
    needs a `stl.kernel_config` (`--stl-select-kernel-config`) and operands
    that are multiples of its block tile (`--stl-gpu-pad-hadamard`); a
    missing configuration is an error. `stl.matmul` is an error too (run
    `--stl-decompose` first): its product could not carry a configuration.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect",
    "::mlir::nvgpu::NVGPUDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"];
  let statistics = [
    Statistic<"numKernels", "kernels", "GPU kernels built">,
  ];
}

#endif // STL_CONVERSION_PASSES_TD
