//===- STLToGPU.h - stl ops on tensors -> GPU kernels -----------*- C++ -*-===//
//
// The conversion of stl.encode, stl.hadamard and stl.decode into launches of
// kernels built by the GPU code generation library (stl/Codegen/GPU). The
// patterns only read what earlier passes decided: the `#stl.kernel_config`
// of each hadamard (--stl-select-kernel-config) and operands padded to its
// block tile (--stl-gpu-pad-hadamard).
//
//===----------------------------------------------------------------------===//

#ifndef STL_CONVERSION_STLTOGPU_STLTOGPU_H
#define STL_CONVERSION_STLTOGPU_STLTOGPU_H

#include "stl/Conversion/STLToGPU/HadamardBackend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <optional>

namespace mlir {
class RewritePatternSet;
namespace stl {
namespace gpu_codegen {
class KernelModuleBuilder;
} // namespace gpu_codegen

#define GEN_PASS_DECL_CONVERTSTLTOGPU
#include "stl/Conversion/Passes.h.inc"

/// Patterns replacing stl.encode and stl.decode by launches of kernels that
/// `kernels` builds; a zero pad of an encode's input or result and a slice of
/// a decode's input or result are fused into the kernel. Ops the kernels
/// cannot run are left alone with a match-failure reason;
/// checkSTLToGPUPreconditions reports them as errors.
void populateSTLEncodeDecodeToGPUPatterns(
    RewritePatternSet &patterns, gpu_codegen::KernelModuleBuilder &kernels);

/// Patterns replacing each stl.hadamard by a launch of the batched GEMM that
/// its `stl.kernel_config` describes (mma.sync or wgmma + TMA).
void populateSTLHadamardToGPUPatterns(
    RewritePatternSet &patterns, gpu_codegen::KernelModuleBuilder &kernels);

/// Patterns replacing each stl.hadamard with bf16/f16 operands by a call of
/// libstl_runtime's cuBLASLt batched GEMM (`stlRuntimeBatchedGemm`) on a
/// stream of its own that the call waits for; see docs/GPU.md for the ABI.
void populateSTLHadamardToLibraryCallPatterns(RewritePatternSet &patterns);

/// Both of the generated-kernel patterns.
void populateSTLToGPUConversionPatterns(
    RewritePatternSet &patterns, gpu_codegen::KernelModuleBuilder &kernels);

/// Reports, as errors on the ops, everything in `root` the patterns cannot
/// convert: stl.matmul (decompose first), dynamic shapes, element types the
/// kernels do not support; for generated products, a hadamard without a
/// `#stl.kernel_config` or with operands that are not multiples of its block
/// tile; for cublas, operands other than bf16/f16.
LogicalResult checkSTLToGPUPreconditions(
    Operation *root, HadamardBackend backend = HadamardBackend::Generated);

/// checkSTLToGPUPreconditions, then the patterns over `module`, kernels going
/// into `gpu.module @stl_kernels`. Returns the number of kernels built.
FailureOr<unsigned>
convertSTLToGPU(ModuleOp module,
                HadamardBackend backend = HadamardBackend::Generated);

} // namespace stl
} // namespace mlir

#endif // STL_CONVERSION_STLTOGPU_STLTOGPU_H
