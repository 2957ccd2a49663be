//===- Passes.h - STL to GPU passes and entry points ------------*- C++ -*-===//
//
// The GPU lowering of STL: kernel-configuration selection (recorded in the
// IR as `#stl.kernel_config`), tensor-level padding to the kernel tile, the
// conversion of stl ops into GPU kernels and launches, and the placement of
// host buffers in device memory.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CONVERSION_STLTOGPU_PASSES_H
#define STL_CONVERSION_STLTOGPU_PASSES_H

#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Target/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace stl {

#define GEN_PASS_DECL
#include "stl/Conversion/STLToGPU/Passes.h.inc"

/// Name of the discardable attribute holding the `#stl.kernel_config` of an
/// stl.hadamard.
inline constexpr llvm::StringLiteral kKernelConfigAttrName =
    "stl.kernel_config";

/// Kernel attribute listing its by-value parameters, as
/// `[[LLVM argument index, value type, alignment], ...]`: arguments that are
/// an `!llvm.ptr` in the kernel and whose value the launch copies into the
/// parameter space, and that the kernel only reads through their address
/// (CUDA's `__grid_constant__`). --stl-gpu-launch-byval-args applies it.
inline constexpr llvm::StringLiteral kByValueArgsAttrName = "stl.by_value_args";

/// True for the chips the GPU lowering targets (stl/Target/GPUTarget.h).
inline bool isSupportedGPUChip(StringRef chip) {
  return lookupGPUTarget(chip) != nullptr;
}

/// True if `chip` gets the warpgroup (wgmma + TMA) kernel.
inline bool usesWarpgroupKernel(StringRef chip) {
  const GPUTarget *target = lookupGPUTarget(chip);
  return target && target->tensorCores == TensorCoreKind::Wgmma;
}

/// The batched product of one stl.hadamard, batch dimensions and scheme rank
/// folded into `batch`.
struct GemmShape {
  int64_t batch = 1, rows = 0, inner = 0, cols = 0;
  Type elementType, resultType;
};

/// The shape of `op`, or failure (with a diagnostic) for dynamic shapes.
FailureOr<GemmShape> getGemmShape(HadamardOp op);

/// Explicit choices that override the heuristic (empty / 0: choose).
struct KernelConfigOverrides {
  SmallVector<int64_t, 3> blockTile;
  SmallVector<int64_t, 2> warpLayout;
  int64_t stages = 0;
};

/// Chooses the kernel configuration for a product of `shape` on `chip` and
/// checks that the kernels can run it; reports why not through `emitError`.
FailureOr<KernelConfigAttr>
selectKernelConfig(MLIRContext *ctx, StringRef chip, const GemmShape &shape,
                   const KernelConfigOverrides &overrides,
                   function_ref<InFlightDiagnostic()> emitError);

/// Checks that the kernel of `config.chip` can run a product of `shape`
/// (element types, tile and warp constraints, register and shared-memory
/// limits). Divisibility by the block tile is not required: it is what
/// padHadamardToTile establishes.
LogicalResult verifyKernelConfig(KernelConfigAttr config,
                                 const GemmShape &shape,
                                 function_ref<InFlightDiagnostic()> emitError);

/// Zero-pads the operands of `op` so that its row-tile, inner and column-tile
/// extents are multiples of the block tile of `config`, and slices the result
/// back. Returns the new (padded) hadamard, or `op` if nothing was needed.
FailureOr<HadamardOp> padHadamardToTile(RewriterBase &rewriter, HadamardOp op,
                                        KernelConfigAttr config);

/// Replaces the stl ops of `module` by GPU kernels and launches (see
/// ConvertSTLToGPU in Passes.td). Hadamards without a configuration get the
/// default one of `defaultChip`; `includeHadamards = false` leaves them.
/// Returns the number of kernels built.
FailureOr<unsigned> convertSTLToGPU(ModuleOp module, StringRef defaultChip,
                                    bool includeHadamards = true);

/// Removes the host synchronizations that gpu-async-region put before TMA
/// descriptor encodings in `root` (see STLGPUAsyncTmaDescriptors in
/// Passes.td). Returns how many were removed.
unsigned continueAsyncChainsAcrossDescriptors(Operation *root);

/// Replaces each operand of `launch` that feeds a `llvm.byval` parameter of
/// the (LLVM-lowered) kernel by a load of the value it points to; see
/// STLGPULaunchByValueArgs in Passes.td. Fails, with a diagnostic, on an
/// operand that is not a pointer.
LogicalResult loadByValueLaunchArgs(gpu::LaunchFuncOp launch);

/// Gives the arguments that kByValueArgsAttrName of the LLVM kernel `kernel`
/// lists `llvm.byval`, `llvm.align` and `nvvm.grid_constant`.
LogicalResult applyByValueArgs(LLVM::LLVMFuncOp kernel);

#define GEN_PASS_REGISTRATION
#include "stl/Conversion/STLToGPU/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_CONVERSION_STLTOGPU_PASSES_H
