//===- TileAndVectorize.cpp - Contractions to FMA outer products ----------===//
//
// The CPU path used to lower every linalg op to scalar loops, which ran a
// 1024^3 f32 product at well under 1 GFLOP/s. Two levels of tiling (caches,
// then registers) and vectorization of the register tile into outer
// products give the backend straight-line FMA code on a tile of
// accumulators, which stl-cpu-hoist-accumulators then keeps in registers.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/CPU/Passes.h"
#include "stl/Support/Divisors.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLCPUTILEANDVECTORIZE
#include "stl/Codegen/CPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {
/// Tile sizes of both levels for every loop of a contraction whose loops all
/// have static extents. The innermost M, N and K loops get the largest
/// divisors of their extents not above the requested sizes (the cache tile a
/// multiple of the register tile), so that every tile is full: no
/// `affine.min` edges, no masked vectors. Every other loop (batch, outer
/// M/N/K) gets 1 at both levels.
struct TileSizes {
  SmallVector<int64_t> cache, registers;
};
TileSizes pickTileSizes(const linalg::ContractionDimensions &dims,
                        ArrayRef<int64_t> extents,
                        const CPUContractionTiling &tiling) {
  TileSizes sizes;
  sizes.cache.assign(extents.size(), 1);
  sizes.registers.assign(extents.size(), 1);
  auto assign = [&](ArrayRef<unsigned> loops, unsigned which) {
    if (loops.empty())
      return;
    unsigned loop = loops.back();
    int64_t extent = extents[loop];
    int64_t reg = largestDivisorAtMost(extent, tiling.registerTile[which]);
    int64_t cacheTarget = std::max<int64_t>(tiling.cacheTile[which] / reg, 1);
    sizes.registers[loop] = reg;
    sizes.cache[loop] = reg * largestDivisorAtMost(extent / reg, cacheTarget);
  };
  assign(dims.m, 0);
  assign(dims.n, 1);
  assign(dims.k, 2);
  return sizes;
}

FailureOr<scf::SCFTilingResult>
tileOnce(RewriterBase &rewriter, TilingInterface op, ArrayRef<int64_t> sizes,
         scf::SCFTilingOptions::LoopType loopType =
             scf::SCFTilingOptions::LoopType::ForOp) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op->getContext(), sizes));
  options.setLoopType(loopType);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, op, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}
} // namespace

FailureOr<CPUContractionTilingResult>
mlir::stl::tileAndVectorizeContraction(RewriterBase &rewriter,
                                       linalg::LinalgOp op,
                                       const CPUContractionTiling &tiling) {
  if (!op.hasPureTensorSemantics())
    return rewriter.notifyMatchFailure(op, "not on tensors");
  if (!linalg::isaContractionOpInterface(op))
    return rewriter.notifyMatchFailure(op, "not a contraction");
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty() || dims->k.empty())
    return rewriter.notifyMatchFailure(op, "no M, N and K dimensions");
  // Mixed-precision contractions (bf16 x bf16 -> f32, i8 x i8 -> i32) have
  // no outer-product lowering: vector.outerproduct needs one element type.
  Type resultElement = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  for (Value input : op.getDpsInputs())
    if (getElementTypeOrSelf(input.getType()) != resultElement)
      return rewriter.notifyMatchFailure(op, "mixed element types");
  // LLVM's x86 backend promotes scalar bf16 arithmetic to f32 but cannot
  // lower a bf16 vector FMA (it aborts compiling the module): such products
  // stay scalar loops.
  if (resultElement.isBF16())
    return rewriter.notifyMatchFailure(op, "bf16 vector FMAs do not lower");
  if (tiling.cacheTile.size() != 3 || tiling.registerTile.size() != 3)
    return rewriter.notifyMatchFailure(op, "tile sizes need M, N and K");

  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  if (llvm::any_of(extents, ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(
        op, "dynamic extents (tiles would need masks)");
  if (llvm::is_contained(extents, 0))
    return rewriter.notifyMatchFailure(op, "empty (an extent is 0)");
  TileSizes sizes = pickTileSizes(*dims, extents, tiling);
  CPUContractionTilingResult result;

  // Cache level: the tiles of the parallel loops (batch, M, N) in an
  // scf.forall, whose iterations write disjoint output tiles and so may run
  // on threads (the pipeline's `parallel` option decides); the reduction
  // loops inside, in order.
  SmallVector<int64_t> parallelSizes = sizes.cache,
                       reductionSizes = sizes.cache;
  for (unsigned loop = 0; loop < numLoops; ++loop) {
    bool reduction = llvm::is_contained(dims->k, loop);
    (reduction ? parallelSizes : reductionSizes)[loop] = 0;
  }
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> outer =
      tileOnce(rewriter, cast<TilingInterface>(op.getOperation()),
               parallelSizes, scf::SCFTilingOptions::LoopType::ForallOp);
  if (failed(outer))
    return rewriter.notifyMatchFailure(op, "cache-level tiling failed");
  for (LoopLikeOpInterface loop : outer->loops)
    result.loops.push_back(loop);
  auto parallelTileOp = cast<TilingInterface>(outer->tiledOps.front());
  rewriter.setInsertionPoint(parallelTileOp);
  FailureOr<scf::SCFTilingResult> reductions =
      tileOnce(rewriter, parallelTileOp, reductionSizes);
  if (failed(reductions))
    return result;
  for (LoopLikeOpInterface loop : reductions->loops)
    result.loops.push_back(loop);

  // Register level, on the one tiled op of the cache tile.
  auto cacheTileOp = cast<TilingInterface>(reductions->tiledOps.front());
  rewriter.setInsertionPoint(cacheTileOp);
  FailureOr<scf::SCFTilingResult> inner =
      tileOnce(rewriter, cacheTileOp, sizes.registers);
  if (failed(inner))
    return result;
  for (LoopLikeOpInterface loop : inner->loops)
    result.loops.push_back(loop);

  // The register tile has static, full sizes: vectorize it as it is.
  Operation *tile = inner->tiledOps.front();
  SmallVector<int64_t> vectorSizes = sizes.registers;
  SmallVector<bool> scalable(numLoops, false);
  if (failed(linalg::vectorizeOpPrecondition(tile, vectorSizes, scalable)))
    return result;
  rewriter.setInsertionPoint(tile);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, tile, vectorSizes, scalable,
                        /*vectorizeNDExtract=*/false,
                        /*flatten1DDepthwiseConv=*/false,
                        /*assumeDynamicDimsMatchVecSizes=*/false,
                        /*createNamedContraction=*/true);
  if (failed(vectorized))
    return result;
  rewriter.replaceOp(tile, vectorized->replacements);
  result.vectorized = true;
  return result;
}

void mlir::stl::populateCPUContractionLoweringPatterns(
    RewritePatternSet &patterns) {
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorContractLoweringPatterns(
      patterns, vector::VectorContractLowering::OuterProduct);
  vector::populateVectorOuterProductLoweringPatterns(patterns);
}

namespace {
struct TileAndVectorizePass
    : public mlir::stl::impl::STLCPUTileAndVectorizeBase<TileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    CPUContractionTiling tiling;
    if (!cacheTile.empty())
      tiling.cacheTile.assign(cacheTile.begin(), cacheTile.end());
    if (!registerTile.empty())
      tiling.registerTile.assign(registerTile.begin(), registerTile.end());
    if (tiling.cacheTile.size() != 3 || tiling.registerTile.size() != 3) {
      getOperation()->emitError()
          << "stl-cpu-tile-and-vectorize: cache-tile and register-tile take "
             "three sizes (M, N, K)";
      return signalPassFailure();
    }

    SmallVector<linalg::LinalgOp> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && linalg::isaContractionOpInterface(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      Location loc = op.getLoc();
      FailureOr<CPUContractionTilingResult> result =
          tileAndVectorizeContraction(rewriter, op, tiling);
      if (succeeded(result) && !result->vectorized)
        emitRemark(loc) << "stl-cpu-tile-and-vectorize: tiled but not "
                           "vectorized (the vectorizer refused the tile)";
    }

    RewritePatternSet patterns(&getContext());
    populateCPUContractionLoweringPatterns(patterns);
    // Not converging within the rewrite limit leaves correct, merely less
    // lowered IR (the vector-to-LLVM conversion finishes the job).
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};
} // namespace
