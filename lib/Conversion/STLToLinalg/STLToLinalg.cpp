//===- STLToLinalg.cpp - Lower stl ops to linalg --------------------------===//
//
// Encode and decode become linalg.generic contractions of the tiled operand
// with a constant coefficient tensor; the tiles are exposed by expanding
// each tiled dimension D into (D / t, t). The Hadamard product is a
// linalg.batch_matmul with the scheme rank folded into the batch. Keeping
// everything structured lets upstream tiling, fusion and bufferization work
// on the result, and makes the CPU path the executable reference for the
// GPU lowering.
//
//===----------------------------------------------------------------------===//

#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_CONVERTSTLTOLINALG
#include "stl/Conversion/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

/// A constant tensor of `shape` holding `coefficients` (row-major) converted
/// to `elementType`.
static Value createCoefficients(OpBuilder &b, Location loc,
                                ArrayRef<double> coefficients,
                                ArrayRef<int64_t> shape, Type elementType) {
  auto type = RankedTensorType::get(shape, elementType);
  DenseElementsAttr attr;
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    for (double c : coefficients) {
      APFloat f(c);
      bool lost;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      values.push_back(f);
    }
    attr = DenseElementsAttr::get(type, values);
  } else {
    unsigned width = cast<IntegerType>(elementType).getWidth();
    SmallVector<APInt> values;
    for (double c : coefficients)
      values.push_back(APInt(width, static_cast<int64_t>(c), /*isSigned=*/true,
                             /*implicitTrunc=*/true));
    attr = DenseElementsAttr::get(type, values);
  }
  return arith::ConstantOp::create(b, loc, type, attr);
}

/// `size` divided or multiplied by a static tile extent.
static OpFoldResult scaleSize(OpBuilder &b, Location loc, OpFoldResult size,
                              int64_t factor, bool divide) {
  if (auto attr = dyn_cast<Attribute>(size)) {
    int64_t v = cast<IntegerAttr>(attr).getInt();
    return b.getIndexAttr(divide ? v / factor : v * factor);
  }
  Value c = arith::ConstantIndexOp::create(b, loc, factor);
  Value v = cast<Value>(size);
  if (divide)
    return arith::DivUIOp::create(b, loc, v, c).getResult();
  return arith::MulIOp::create(b, loc, v, c).getResult();
}

/// Reassociation that splits dimensions `first` and `first + 1` of a
/// rank-`rank` tensor into two each (the tile index and the offset in it).
static SmallVector<ReassociationIndices> splitTwoDims(int64_t rank,
                                                      int64_t first) {
  SmallVector<ReassociationIndices> reassociation;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (d == first || d == first + 1) {
      reassociation.push_back({next, next + 1});
      next += 2;
    } else {
      reassociation.push_back({next++});
    }
  }
  return reassociation;
}

/// Expands B.. x R x C into B.. x R/tr x tr x C/tc x tc.
static Value expandTiles(OpBuilder &b, Location loc, Value value, int64_t tr,
                         int64_t tc) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> outSizes(sizes.begin(), sizes.end() - 2);
  outSizes.push_back(scaleSize(b, loc, sizes[rank - 2], tr, /*divide=*/true));
  outSizes.push_back(b.getIndexAttr(tr));
  outSizes.push_back(scaleSize(b, loc, sizes[rank - 1], tc, /*divide=*/true));
  outSizes.push_back(b.getIndexAttr(tc));
  SmallVector<int64_t> shape;
  for (OpFoldResult s : outSizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, resultType, value,
                                       splitTwoDims(rank, rank - 2), outSizes);
}

/// d0 .. d(count-1), the loop dimensions of a structured op.
static SmallVector<AffineExpr> getLoopDims(int64_t count, MLIRContext *ctx) {
  SmallVector<AffineExpr> dims;
  for (int64_t i = 0; i < count; ++i)
    dims.push_back(getAffineDimExpr(i, ctx));
  return dims;
}

/// A tensor of `sizes` filled with zero of `elementType`.
static Value createZeros(OpBuilder &b, Location loc,
                         ArrayRef<OpFoldResult> sizes, Type elementType) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elementType));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// Converts every element of `value` to `elementType` (identity if equal).
static Value convertElements(OpBuilder &b, Location loc, Value value,
                             Type elementType) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == elementType)
    return value;
  Value empty = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, value), elementType);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), ValueRange{value}, ValueRange{empty},
             ArrayRef<AffineMap>{id, id}, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value c = convertScalarToDtype(nb, nl, args[0], elementType,
                                              /*isUnsignedCast=*/false);
               linalg::YieldOp::create(nb, nl, c);
             })
      .getResult(0);
}

/// The type products and sums are accumulated in for results of
/// `elementType`: at least f32 for floats, so that 16-bit products are never
/// summed (or cancelled) in 16 bits; the result is rounded once at the end.
static Type getAccumulationType(Type elementType) {
  if (auto f = dyn_cast<FloatType>(elementType); f && f.getWidth() < 32)
    return Float32Type::get(elementType.getContext());
  return elementType;
}

/// acc + a * b in floats or integers.
static Value createMulAdd(OpBuilder &b, Location loc, Value acc, Value x,
                          Value y) {
  if (isa<FloatType>(acc.getType())) {
    Value prod = arith::MulFOp::create(b, loc, x, y);
    return arith::AddFOp::create(b, loc, acc, prod);
  }
  Value prod = arith::MulIOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, acc, prod);
}

namespace {
/// stl.encode -> expand_shape + linalg.generic contracting each tile with the
/// encoder: out[b, l, I, J] += U[l, a, c] * in[b, I, a, J, c].
struct EncodeToLinalg : OpRewritePattern<EncodeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EncodeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SchemeAttr scheme = op.getScheme();
    auto [tr, tc] = op.getTileShape();
    RankedTensorType resultType = op.getResult().getType();
    Type elementType = resultType.getElementType();
    int64_t nb = resultType.getRank() - 3;
    int64_t r = scheme.getRank();

    // 16-bit floats are summed in f32 and rounded once, as a TensorCore
    // kernel's encode does in registers: m*k roundings would cost accuracy.
    Type accType = getAccumulationType(elementType);
    Value tiles = expandTiles(rewriter, loc, op.getInput(), tr, tc);
    Value coeff = createCoefficients(rewriter, loc,
                                     op.getSide() == Side::lhs
                                         ? scheme.getUCoefficients()
                                         : scheme.getVCoefficients(),
                                     {r, tr, tc}, accType);
    SmallVector<OpFoldResult> tileSizes =
        tensor::getMixedSizes(rewriter, loc, tiles);
    SmallVector<OpFoldResult> outSizes(tileSizes.begin(),
                                       tileSizes.begin() + nb);
    outSizes.push_back(rewriter.getIndexAttr(r));
    outSizes.push_back(tileSizes[nb]);
    outSizes.push_back(tileSizes[nb + 2]);
    Value init = createZeros(rewriter, loc, outSizes, accType);

    // Loops: batch.., I, l, J (parallel), a, c (reduction). As loops, the
    // r coefficients of a row of tiles are computed while the row is in L1,
    // and the J loop, with the tile unrolled, reads whole input rows and
    // writes one output row: LLVM vectorizes it.
    MLIRContext *ctx = rewriter.getContext();
    int64_t numLoops = nb + 5;
    SmallVector<AffineExpr> d = getLoopDims(numLoops, ctx);
    SmallVector<AffineExpr> batch(d.begin(), d.begin() + nb);
    AffineExpr ti = d[nb], l = d[nb + 1], tj = d[nb + 2], a = d[nb + 3],
               c = d[nb + 4];
    SmallVector<AffineExpr> inExprs(batch), outExprs(batch);
    inExprs.append({ti, a, tj, c});
    outExprs.append({l, ti, tj});
    SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                   AffineMap::get(numLoops, 0, {l, a, c}, ctx),
                                   AffineMap::get(numLoops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numLoops - 2,
                                               utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, init.getType(), ValueRange{tiles, coeff},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location nl, ValueRange args) {
          Value x = convertScalarToDtype(b, nl, args[0], accType,
                                         /*isUnsignedCast=*/false);
          linalg::YieldOp::create(b, nl,
                                  createMulAdd(b, nl, args[2], args[1], x));
        });
    rewriter.replaceOp(
        op, convertElements(rewriter, loc, generic.getResult(0), elementType));
    return success();
  }
};

/// stl.hadamard -> linalg.batch_matmul over (batch.. * r), accumulating in
/// at least f32 (batch_matmul extends its inputs to the output type) and
/// rounding once to a 16-bit result type.
struct HadamardToLinalg : OpRewritePattern<HadamardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(HadamardOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getResult().getType();
    int64_t rank = resultType.getRank();
    // Fold the batch dimensions and the scheme rank into one batch.
    SmallVector<ReassociationIndices> reassociation(1);
    for (int64_t i = 0; i < rank - 2; ++i)
      reassociation[0].push_back(i);
    reassociation.push_back({rank - 2});
    reassociation.push_back({rank - 1});
    auto collapse = [&](Value v) -> Value {
      if (rank == 3)
        return v;
      return tensor::CollapseShapeOp::create(rewriter, loc, v, reassociation);
    };
    Value lhs = collapse(op.getLhs());
    Value rhs = collapse(op.getRhs());
    SmallVector<OpFoldResult> lhsSizes =
        tensor::getMixedSizes(rewriter, loc, lhs);
    SmallVector<OpFoldResult> rhsSizes =
        tensor::getMixedSizes(rewriter, loc, rhs);
    Type accType = getAccumulationType(resultType.getElementType());
    Value init = createZeros(rewriter, loc,
                             {lhsSizes[0], lhsSizes[1], rhsSizes[2]}, accType);
    Value product = linalg::BatchMatmulOp::create(
                        rewriter, loc, ValueRange{lhs, rhs}, ValueRange{init})
                        .getResult(0);
    if (rank != 3) {
      SmallVector<OpFoldResult> outSizes =
          tensor::getMixedSizes(rewriter, loc, op.getLhs());
      outSizes.back() =
          tensor::getMixedSizes(rewriter, loc, op.getRhs()).back();
      product = tensor::ExpandShapeOp::create(rewriter, loc,
                                              resultType.clone(accType),
                                              product, reassociation, outSizes);
    }
    rewriter.replaceOp(op, convertElements(rewriter, loc, product,
                                           resultType.getElementType()));
    return success();
  }
};

/// stl.decode -> linalg.generic accumulating each product into its output
/// tile: out[b, I, a, L, c] += D[a, c, l] * in[b, l, I, L], then collapse.
struct DecodeToLinalg : OpRewritePattern<DecodeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DecodeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SchemeAttr scheme = op.getScheme();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType resultType = op.getResult().getType();
    // At least f32 (16-bit products are widened as they are read), in the
    // wider of the input and result types otherwise.
    Type accType = getAccumulationType(inType.getElementType());
    if (isa<FloatType>(accType) &&
        resultType.getElementType().getIntOrFloatBitWidth() >
            accType.getIntOrFloatBitWidth())
      accType = resultType.getElementType();
    int64_t nb = inType.getRank() - 3;
    int64_t m = scheme.getM(), n = scheme.getN(), r = scheme.getRank();

    // Accumulate in accType, starting from the init.
    Value acc;
    if (Value init = op.getInit()) {
      acc = convertElements(rewriter, loc, init, accType);
    } else {
      SmallVector<OpFoldResult> inSizes =
          tensor::getMixedSizes(rewriter, loc, op.getInput());
      SmallVector<OpFoldResult> sizes(inSizes.begin(), inSizes.begin() + nb);
      sizes.push_back(scaleSize(rewriter, loc, inSizes[nb + 1], m, false));
      sizes.push_back(scaleSize(rewriter, loc, inSizes[nb + 2], n, false));
      acc = createZeros(rewriter, loc, sizes, accType);
    }
    Value tiles = expandTiles(rewriter, loc, acc, m, n);
    Value coeff = createCoefficients(rewriter, loc, scheme.getWCoefficients(),
                                     {m, n, r}, accType);

    MLIRContext *ctx = rewriter.getContext();
    int64_t numLoops = nb + 5;
    SmallVector<AffineExpr> d = getLoopDims(numLoops, ctx);
    SmallVector<AffineExpr> batch(d.begin(), d.begin() + nb);
    // Loops: batch.., I, a (parallel), l (reduction), L, c (parallel). As
    // loops, an output row stays in L1 while the r products are added to it,
    // and the L loop, with c unrolled, reads a product row and updates a
    // whole output row: LLVM vectorizes it.
    AffineExpr ti = d[nb], a = d[nb + 1], l = d[nb + 2], tl = d[nb + 3],
               c = d[nb + 4];
    SmallVector<AffineExpr> inExprs(batch), outExprs(batch);
    inExprs.append({l, ti, tl});
    outExprs.append({ti, a, tl, c});
    SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                   AffineMap::get(numLoops, 0, {a, c, l}, ctx),
                                   AffineMap::get(numLoops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators[nb + 2] = utils::IteratorType::reduction;
    Value decoded =
        linalg::GenericOp::create(
            rewriter, loc, tiles.getType(), ValueRange{op.getInput(), coeff},
            ValueRange{tiles}, maps, iterators,
            [&](OpBuilder &b, Location nl, ValueRange args) {
              Value p = convertScalarToDtype(b, nl, args[0], accType,
                                             /*isUnsignedCast=*/false);
              linalg::YieldOp::create(b, nl,
                                      createMulAdd(b, nl, args[2], args[1], p));
            })
            .getResult(0);
    auto accResultType = resultType.clone(accType);
    Value collapsed = tensor::CollapseShapeOp::create(
        rewriter, loc, accResultType, decoded,
        splitTwoDims(resultType.getRank(), resultType.getRank() - 2));
    rewriter.replaceOp(op, convertElements(rewriter, loc, collapsed,
                                           resultType.getElementType()));
    return success();
  }
};

struct ConvertSTLToLinalgPass
    : public mlir::stl::impl::ConvertSTLToLinalgBase<ConvertSTLToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposePatterns(patterns);
    populateSTLHadamardToLinalgPatterns(patterns);
    if (lowerEncodings)
      populateSTLEncodingsToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    WalkResult left = getOperation()->walk([&](Operation *op) {
      if (!lowerEncodings && isa<EncodeOp, DecodeOp>(op))
        return WalkResult::advance();
      if (isa<STLDialect>(op->getDialect())) {
        op->emitError("could not be lowered to linalg");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace

void mlir::stl::populateSTLHadamardToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<HadamardToLinalg>(patterns.getContext());
}

void mlir::stl::populateSTLEncodingsToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<EncodeToLinalg, DecodeToLinalg>(patterns.getContext());
}

void mlir::stl::populateSTLToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  populateSTLHadamardToLinalgPatterns(patterns);
  populateSTLEncodingsToLinalgPatterns(patterns);
}
