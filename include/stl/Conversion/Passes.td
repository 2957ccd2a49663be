//===- Passes.td - STL conversion passes -------------------*- tablegen -*-===//

#ifndef STL_CONVERSION_PASSES_TD
#define STL_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSTLToLinalg : Pass<"convert-stl-to-linalg"> {
  let summary = "Lower stl ops to linalg structured ops";
  let description = [{
    `stl.matmul` is first decomposed. `stl.encode` and `stl.decode` become
    one elementwise `linalg.generic` each, over the tile positions: its
    operands are the tile phases the scheme uses (rank-reducing
    `tensor.extract_slice`s of the operand with its tiled dimensions
    expanded, `tensor.expand_shape`), its results the r coefficients (or the
    m x n output phases, `tensor.insert_slice`d back and collapsed), each a
    sum over the scheme's nonzero coefficients (+-1 as additions, zeros
    skipped, 16-bit floats summed in f32 and rounded once). Every operand
    element is read once and every result written once, and any compiler
    that vectorizes elementwise code vectorizes them; a learned scheme's
    tile layout is kept. `stl.hadamard` becomes `linalg.batch_matmul` with
    the scheme rank folded into the batch. Upstream tiling, fusion and
    bufferization apply to the result.

    ```mlir
    %e = stl.encode lhs %x {scheme = #stl.scheme<"strassen">}
        : tensor<8x4xf32> -> tensor<7x4x2xf32>
    // becomes
    %t = tensor.expand_shape %x [[0, 1], [2, 3]] output_shape [4, 2, 2, 2]
        : tensor<8x4xf32> into tensor<4x2x2x2xf32>
    %x00 = tensor.extract_slice %t[0, 0, 0, 0] [4, 1, 2, 1] [1, 1, 1, 1]
        : tensor<4x2x2x2xf32> to tensor<4x2xf32>   // and x01, x10, x11
    %r:7 = linalg.generic {...elementwise...} ins(%x00, %x01, %x10, %x11 ...)
        outs(...) {
      ^bb0(%a: f32, %b: f32, %c: f32, %d: f32, ...):
        %0 = arith.addf %a, %d : f32        // U row 0: x00 + x11
        ...
        linalg.yield %0, ... }
    // then seven tensor.insert_slice into a tensor<7x4x2xf32>
    ```

    With `encodings=false` only `stl.matmul` (decomposed) and `stl.hadamard`
    are lowered: the CPU pipeline tiles and vectorizes the batched GEMM first,
    then outlines the encodings (`stl-cpu-outline-encodings`) and lowers
    them with a second run.
  }];
  let options = [
    Option<"lowerEncodings", "encodings", "bool", /*default=*/"true",
           "Also lower stl.encode and stl.decode (false: leave them for a "
           "later run)">,
  ];
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
    With `hadamard-backend=cublas` the products instead become calls of
    `stlRuntimeBatchedGemm` (libstl_runtime, cuBLASLt; docs/GPU.md) on a
    stream of their own that the call waits for, so they need no
    configuration and no padding; encode and decode stay generated.

    The patterns only read the kernel configuration: every stl.hadamard
    needs a `stl.kernel_config` (`--stl-select-kernel-config`) and operands
    that are multiples of its block tile (`--stl-gpu-pad-hadamard`); a
    missing configuration is an error. `stl.matmul` is an error too (run
    `--stl-decompose` first): its product could not carry a configuration.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::cf::ControlFlowDialect", "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect",
    "::mlir::nvgpu::NVGPUDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"];
  let options = [
    Option<"hadamardBackend", "hadamard-backend",
           "::mlir::stl::HadamardBackend",
           /*default=*/"::mlir::stl::HadamardBackend::Generated",
           "How stl.hadamard runs: generated (the TensorCore kernel of its "
           "stl.kernel_config) or cublas (a cuBLASLt strided-batched GEMM "
           "in libstl_runtime; bf16/f16 operands)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::HadamardBackend::Generated, "generated",
                        "the TensorCore kernel of its stl.kernel_config"),
             clEnumValN(::mlir::stl::HadamardBackend::Cublas, "cublas",
                        "a cuBLASLt strided-batched GEMM in libstl_runtime "
                        "(bf16/f16 operands)"))}]>,
  ];
  let statistics = [
    Statistic<"numKernels", "kernels", "GPU kernels built">,
  ];
}

#endif // STL_CONVERSION_PASSES_TD
