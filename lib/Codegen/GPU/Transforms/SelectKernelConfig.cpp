//===- SelectKernelConfig.cpp - Record the GPU kernel of each hadamard ----===//
//
// The configuration of the batched TensorCore GEMM is chosen here, recorded
// on the stl.hadamard as a discardable attribute, and only read by the
// lowering: choice and lowering are tested separately, and a user can pin a
// configuration in the IR or through pipeline options. The heuristic itself
// is part of the GPU code generation library (stl/Codegen/GPU).
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Codegen/GPU/KernelConfig.h"
#include "stl/Codegen/GPU/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLSELECTKERNELCONFIG
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

/// The element type `value` was widened from by --stl-rewrite-matmul
/// (encoding-type=f32 on a 16-bit product): seen through the encode, pads,
/// casts, reshapes and transposes the rewrite puts in between, a
/// linalg.generic whose body only extends its one input. Null if `value`
/// was not widened that way.
static Type getWidenedFrom(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (auto encode = dyn_cast<EncodeOp>(def)) {
      value = encode.getInput();
    } else if (auto pad = dyn_cast<tensor::PadOp>(def)) {
      value = pad.getSource();
    } else if (auto cast = dyn_cast<tensor::CastOp>(def)) {
      value = cast.getSource();
    } else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
      value = collapse.getSrc();
    } else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
      value = expand.getSrc();
    } else if (auto transpose = dyn_cast<linalg::TransposeOp>(def)) {
      value = transpose.getInput();
    } else if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
      if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1)
        return {};
      Block &body = generic.getRegion().front();
      auto extend = dyn_cast<arith::ExtFOp>(body.front());
      if (!extend || &body.front() != body.getTerminator()->getPrevNode())
        return {};
      return getElementTypeOrSelf(generic.getDpsInputs()[0].getType());
    } else {
      return {};
    }
  }
  return {};
}

/// Says why `op` gets the SIMT GEMM on `chip` instead of a TensorCore one,
/// and what would change that: a 16-bit product widened by the rewrite is
/// the common case (the rewrite ran without a GPU target), f32 products
/// need a 16-bit encoding.
static void remarkOnSimtHadamard(HadamardOp op, StringRef chip) {
  Type operand = op.getLhs().getType().getElementType();
  InFlightDiagnostic remark = mlir::emitRemark(op.getLoc());
  remark << "this stl.hadamard runs on the SIMT GEMM, not on " << chip
         << " TensorCores: the TensorCore kernels take f16 or bf16 operands, "
            "its operands are "
         << operand;
  Type widened = getWidenedFrom(op.getLhs());
  if (!widened)
    widened = getWidenedFrom(op.getRhs());
  if (widened && widened.getIntOrFloatBitWidth() == 16) {
    remark << ", widened from " << widened
           << " by --stl-rewrite-matmul (encoding-type=f32 encodings, its "
              "default without a GPU target); rewrite with target="
           << chip
           << " (or encoding-type=f16) for scaled f16 encodings that the "
              "TensorCores take (see docs/Precision.md)";
    return;
  }
  if (operand.isF32()) {
    remark << "; an f32 product runs on TensorCores with a 16-bit encoding: "
              "rewrite with encoding-type=f16 (scaled f16 encodings, less "
              "precise: see docs/Precision.md)";
    return;
  }
  remark << ", for which there is no TensorCore kernel";
}

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
    StringRef chipName = stringifyGPUChip(chip);
    WalkResult result = getOperation()->walk([&](HadamardOp op) {
      auto existing =
          op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
      if (existing && !overwrite) {
        // A configuration pinned in the IR must be runnable on the target:
        // wgmma and TMA exist on sm_90a only; the warp kernel runs anywhere.
        if (usesWarpgroupKernel(existing.getChip()) &&
            !usesWarpgroupKernel(chipName)) {
          op.emitOpError() << "has a kernel configuration for "
                           << existing.getChip() << " (wgmma, TMA), which chip "
                           << chipName << " cannot run";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      }
      FailureOr<GemmShape> shape = getGemmShape(op);
      if (failed(shape))
        return WalkResult::interrupt();
      FailureOr<KernelConfigAttr> config =
          selectKernelConfig(op.getContext(), chipName, *shape, overrides, [&] {
            return op.emitOpError() << "kernel configuration: ";
          });
      if (failed(config))
        return WalkResult::interrupt();
      if (gpu_codegen::isSimtConfig(*config))
        remarkOnSimtHadamard(op, chipName);
      op->setAttr(kKernelConfigAttrName, *config);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
