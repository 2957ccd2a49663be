//===- GPUTarget.h - Facts about the NVIDIA chips stl targets ---*- C++ -*-===//
//
// The one place that knows what a chip has: streaming multiprocessors,
// shared memory per block, which TensorCore instructions and copy engines
// its kernels use, the PTX ISA to emit. The dialect's verifier, the kernel
// configuration, the kernel builders and the GPU pipeline all read it, so a
// new chip is one row here (plus a kernel if it brings new instructions).
// Header-only and free of MLIR so that every library can use it.
//
//===----------------------------------------------------------------------===//

#ifndef STL_TARGET_GPUTARGET_H
#define STL_TARGET_GPUTARGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir {
namespace stl {

/// The TensorCore instructions a chip's GEMM kernel is built from.
enum class TensorCoreKind {
  /// Warp-level `mma.sync.m16n8k16`, fed by `cp.async` + `ldmatrix`.
  MmaSync,
  /// Warpgroup-level `wgmma.mma_async`, fed by TMA and guarded by mbarriers.
  Wgmma,
};

struct GPUTarget {
  /// The `sm_XX[a]` name (`#nvvm.target` chip, `#stl.kernel_config` chip).
  llvm::StringLiteral chip;
  /// SMs of the reference part (A100 for sm_80, H100/H200 SXM for sm_90*):
  /// the kernel configuration fills them.
  int64_t smCount;
  /// Largest dynamic shared memory a block may opt in to, in bytes.
  int64_t maxSharedBytesPerBlock;
  TensorCoreKind tensorCores;
  /// The Tensor Memory Accelerator (cp.async.bulk.tensor) is used.
  bool usesTMA;
  /// `#nvvm.target` features: the PTX ISA version to emit.
  llvm::StringLiteral ptxFeatures;
  /// The cost model's figures for the reference part (docs/CostModel.md):
  /// dense 16-bit TensorCore and f32 SIMT flops per second, and streaming
  /// memory bandwidth in bytes per second.
  double tensorFlops16, simtFlops32, memoryBandwidth;
};

/// Every supported chip.
inline llvm::ArrayRef<GPUTarget> getGPUTargets() {
  // PTX ISA 8.0 covers sm_80 and is the first with sm_90a (wgmma, TMA).
  // A100 SXM: bf16 312 TFLOP/s, f32 19.5 TFLOP/s, 1.55 TB/s; H100/H200 SXM:
  // dense bf16 750 TFLOP/s, f32 67 TFLOP/s, 3.0 TB/s streaming.
  static constexpr GPUTarget targets[] = {
      {"sm_80", 108, 163 * 1024, TensorCoreKind::MmaSync, false, "+ptx80",
       312e12, 19.5e12, 1.55e12},
      {"sm_90", 132, 227 * 1024, TensorCoreKind::MmaSync, false, "+ptx80",
       750e12, 67e12, 3.0e12},
      {"sm_90a", 132, 227 * 1024, TensorCoreKind::Wgmma, true, "+ptx80", 750e12,
       67e12, 3.0e12},
  };
  return targets;
}

/// The chips an option names, in the order of getGPUTargets()' rows.
enum class GPUChip { SM80, SM90, SM90a };

/// The `sm_XX[a]` name of `chip`.
inline llvm::StringRef stringifyGPUChip(GPUChip chip) {
  return getGPUTargets()[static_cast<size_t>(chip)].chip;
}

/// The target named `chip`, or null if stl does not support it.
inline const GPUTarget *lookupGPUTarget(llvm::StringRef chip) {
  for (const GPUTarget &target : getGPUTargets())
    if (target.chip == chip)
      return &target;
  return nullptr;
}

/// "sm_80, sm_90 or sm_90a", for diagnostics.
inline std::string getSupportedGPUChipList() {
  std::string list;
  llvm::ArrayRef<GPUTarget> targets = getGPUTargets();
  for (size_t i = 0; i < targets.size(); ++i) {
    if (i)
      list += i + 1 == targets.size() ? " or " : ", ";
    list += targets[i].chip.str();
  }
  return list;
}

} // namespace stl
} // namespace mlir

#endif // STL_TARGET_GPUTARGET_H
