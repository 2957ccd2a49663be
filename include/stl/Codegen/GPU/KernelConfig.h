//===- KernelConfig.h - Choose and check #stl.kernel_config -----*- C++ -*-===//
//
// The configuration model of the batched TensorCore GEMM: which block tile,
// warp layout and pipeline depth a product of a given shape gets on a chip,
// and whether a given configuration can run it. The selection pass writes
// the result into the IR; the conversion to GPU kernels only reads it.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CODEGEN_GPU_KERNELCONFIG_H
#define STL_CODEGEN_GPU_KERNELCONFIG_H

#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Target/GPUTarget.h"

namespace mlir {
namespace stl {

/// Name of the discardable attribute holding the `#stl.kernel_config` of an
/// stl.hadamard.
inline constexpr llvm::StringLiteral kKernelConfigAttrName =
    "stl.kernel_config";

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

/// Checks that the static `type` is within what the kernels index: extents
/// below 2^31 and at most 2^48 elements.
LogicalResult verifyGPUExtents(RankedTensorType type,
                               function_ref<InFlightDiagnostic()> emitError);

/// The shape of `op`, or failure (with a diagnostic) for dynamic shapes or a
/// batch too large for 64-bit extents.
FailureOr<GemmShape> getGemmShape(HadamardOp op);

/// Explicit choices that override the heuristic (empty / 0: choose).
struct KernelConfigOverrides {
  SmallVector<int64_t, 3> blockTile;
  SmallVector<int64_t, 2> warpLayout;
  int64_t stages = 0;
  std::optional<KernelSchedule> schedule;
  /// Blocks per cluster along M (persistent schedule); 0: choose.
  int64_t cluster = 0;
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
/// padHadamardToTile (stl/Codegen/GPU/Passes.h) establishes.
LogicalResult verifyKernelConfig(KernelConfigAttr config,
                                 const GemmShape &shape,
                                 function_ref<InFlightDiagnostic()> emitError);

} // namespace stl
} // namespace mlir

#endif // STL_CODEGEN_GPU_KERNELCONFIG_H
