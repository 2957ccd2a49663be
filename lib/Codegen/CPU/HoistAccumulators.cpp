//===- HoistAccumulators.cpp - Accumulators in registers ------------------===//
//
// After bufferization, every K iteration of a vectorized register tile reads
// and writes its accumulators through a memref.subview. Upstream's hoisting
// refuses transfers on views (they may alias), so the subviews are folded
// into the transfers' indices first; then the read/write pair on the
// output buffer is loop invariant and moves out of the K loop.
//
// Upstream's hoisting also refuses a buffer with any view-like user, such as
// the memref.cast that hands the batched product of an STL computation to
// the outlined decode after the loops. Such a cast, placed after every use
// of a fresh allocation, cannot alias an access inside those loops; it is
// hidden from the hoisting and restored after it.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLCPUHOISTACCUMULATORS
#include "stl/Codegen/CPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;

/// Replaces the source of every memref.cast of a memref.alloc that comes,
/// in the allocation's block, after all other uses of the allocation (and
/// so after the loops that read and write it) by a placeholder that is not a
/// view; returns the placeholders.
static SmallVector<UnrealizedConversionCastOp>
hideTrailingCasts(RewriterBase &rewriter, Operation *func) {
  SmallVector<UnrealizedConversionCastOp> placeholders;
  func->walk([&](memref::CastOp cast) {
    Value source = cast.getSource();
    if (!source.getDefiningOp<memref::AllocOp>() ||
        cast->getBlock() != source.getParentBlock())
      return;
    Block *block = cast->getBlock();
    bool trailing = llvm::all_of(source.getUsers(), [&](Operation *user) {
      if (user == cast)
        return true;
      Operation *ancestor = block->findAncestorOpInBlock(*user);
      return ancestor && ancestor->isBeforeInBlock(cast);
    });
    if (!trailing)
      return;
    rewriter.setInsertionPoint(cast);
    auto placeholder = UnrealizedConversionCastOp::create(
        rewriter, cast.getLoc(), source.getType(), source);
    cast.getSourceMutable().assign(placeholder.getResult(0));
    placeholders.push_back(placeholder);
  });
  return placeholders;
}

namespace {
struct HoistAccumulatorsPass
    : public mlir::stl::impl::STLCPUHoistAccumulatorsBase<
          HoistAccumulatorsPass> {
  void runOnOperation() override {
    Operation *func = getOperation();
    RewritePatternSet patterns(&getContext());
    memref::populateFoldMemRefAliasOpPatterns(patterns);
    (void)applyPatternsGreedily(func, std::move(patterns));
    // Folding gives the read and the write of an accumulator separate but
    // equal index computations; hoisting needs them to be the same values.
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance(func);
    eliminateCommonSubExpressions(rewriter, dominance, func);
    func->walk([](LoopLikeOpInterface loop) { moveLoopInvariantCode(loop); });
    SmallVector<UnrealizedConversionCastOp> hidden =
        hideTrailingCasts(rewriter, func);
    linalg::hoistRedundantVectorTransfers(func, /*verifyNonZeroTrip=*/true);
    for (UnrealizedConversionCastOp placeholder : hidden) {
      placeholder.getResult(0).replaceAllUsesWith(placeholder.getOperand(0));
      placeholder.erase();
    }
  }
};
} // namespace
