//===- HoistAccumulators.cpp - Accumulators in registers ------------------===//
//
// After bufferization, every K iteration of a vectorized register tile reads
// and writes its accumulators through a memref.subview. Upstream's hoisting
// refuses transfers on views (they may alias), so the subviews are folded
// into the transfers' indices first; then the read/write pair on the
// output buffer is loop invariant and moves out of the K loop.
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
    linalg::hoistRedundantVectorTransfers(func, /*verifyNonZeroTrip=*/true);
  }
};
} // namespace
