//===- SelectKernelConfig.cpp - Record the GPU kernel of each hadamard ----===//
//
// The configuration of the batched TensorCore GEMM is chosen here, recorded
// on the stl.hadamard as a discardable attribute, and only read by the
// lowering: choice and lowering are tested separately, and a user can pin a
// configuration in the IR or through pipeline options. The heuristic itself
// is part of the GPU code generation library (stl/Codegen/GPU).
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelConfig.h"
#include "stl/Codegen/GPU/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLSELECTKERNELCONFIG
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {
struct STLSelectKernelConfigPass
    : public mlir::stl::impl::STLSelectKernelConfigBase<
          STLSelectKernelConfigPass> {
  using Base::Base;

  void runOnOperation() override {
    KernelConfigOverrides overrides;
    overrides.blockTile.assign(blockTile.begin(), blockTile.end());
    overrides.warpLayout.assign(warpLayout.begin(), warpLayout.end());
    overrides.stages = stages;
    if (cluster < 0 || cluster > 2) {
      mlir::emitError(getOperation()->getLoc())
          << "stl-select-kernel-config: cluster must be 0 (choose), 1 or 2, "
             "got "
          << static_cast<int64_t>(cluster);
      return signalPassFailure();
    }
    overrides.cluster = cluster;
    if (schedule == ScheduleChoice::DataParallel)
      overrides.schedule = KernelSchedule::data_parallel;
    else if (schedule == ScheduleChoice::Persistent)
      overrides.schedule = KernelSchedule::persistent;
    if (!isSupportedGPUChip(chip)) {
      mlir::emitError(getOperation()->getLoc())
          << "stl-select-kernel-config: unsupported chip '" << chip
          << "'; expected " << getSupportedGPUChipList();
      return signalPassFailure();
    }
    WalkResult result = getOperation()->walk([&](HadamardOp op) {
      auto existing =
          op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
      if (existing && !overwrite) {
        // A configuration pinned in the IR must be runnable on the target:
        // wgmma and TMA exist on sm_90a only; the warp kernel runs anywhere.
        if (usesWarpgroupKernel(existing.getChip()) &&
            !usesWarpgroupKernel(chip)) {
          op.emitOpError() << "has a kernel configuration for "
                           << existing.getChip() << " (wgmma, TMA), which chip "
                           << chip << " cannot run";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      }
      FailureOr<GemmShape> shape = getGemmShape(op);
      if (failed(shape))
        return WalkResult::interrupt();
      FailureOr<KernelConfigAttr> config =
          selectKernelConfig(op.getContext(), chip, *shape, overrides, [&] {
            return op.emitOpError() << "kernel configuration: ";
          });
      if (failed(config))
        return WalkResult::interrupt();
      op->setAttr(kKernelConfigAttrName, *config);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
