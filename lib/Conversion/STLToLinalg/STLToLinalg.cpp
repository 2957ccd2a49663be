//===- STLToLinalg.cpp - Lower stl ops to linalg --------------------------===//
//
// Encode and decode become elementwise linalg.generics over the tile
// positions: the tiles are exposed by expanding each tiled dimension D into
// (D / t, t), each phase of a tile is a strided slice, and the scheme's
// nonzero coefficients are constants in the body (+-1 as additions). So the
// operand is read once, nothing is multiplied by zero, and every compiler
// that vectorizes elementwise code vectorizes them. The Hadamard product is
// a linalg.batch_matmul with the scheme rank folded into the batch. Keeping
// everything structured lets upstream tiling, fusion and bufferization work
// on the result, and makes the CPU path the executable reference for the
// GPU lowering.
//
//===----------------------------------------------------------------------===//

#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Dialect/STL/Utils/BatchDims.h"
#include "stl/Dialect/STL/Utils/LinearCombination.h"
#include "stl/Dialect/STL/Utils/TensorSizes.h"

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
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, value);
  SmallVector<OpFoldResult> outSizes(sizes.begin(), sizes.end() - 2);
  outSizes.push_back(scaleSize(b, loc, sizes[rank - 2], tr, /*divide=*/true));
  outSizes.push_back(b.getIndexAttr(tr));
  outSizes.push_back(scaleSize(b, loc, sizes[rank - 1], tc, /*divide=*/true));
  outSizes.push_back(b.getIndexAttr(tc));
  auto resultType =
      RankedTensorType::get(getStaticShape(outSizes), type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, resultType, value,
                                       splitTwoDims(rank, rank - 2), outSizes);
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
  Value empty = tensor::EmptyOp::create(b, loc, getTypedSizes(b, loc, value),
                                        elementType);
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

/// The tensor of `sizes` with the unit dimensions at `dropped` left out:
/// the type of a rank-reducing slice.
static RankedTensorType reducedType(ArrayRef<OpFoldResult> sizes,
                                    ArrayRef<int64_t> dropped,
                                    Type elementType) {
  SmallVector<int64_t> shape;
  for (auto [d, extent] : llvm::enumerate(getStaticShape(sizes)))
    if (!llvm::is_contained(dropped, static_cast<int64_t>(d)))
      shape.push_back(extent);
  return RankedTensorType::get(shape, elementType);
}

/// Whether a slice of `sizes` that drops the unit dimensions `dropped` keeps
/// a dimension that is, or may later be found to be, a unit dimension (1, or
/// dynamic). Such a rank-reducing slice is ambiguous:
///  * once bufferized, upstream infers the dropped dimensions of the subview
///    from sizes and strides, and with dynamic strides it may drop a kept
///    unit dimension instead (a batch of 1 with a dynamic K made
///    expand-strided-metadata build a reinterpret_cast of the wrong sizes);
///  * a dynamic dimension that canonicalization later finds to be 1 (the
///    dim of a cast from a static tensor) makes the slice's canonicalizer
///    re-infer its type dropping the leading unit dimensions instead of the
///    ones meant (a batch of ? that became 1 left a linalg.generic whose
///    operands disagree: 11x10x1 against 1x11x10).
static bool mayKeepUnitDims(ArrayRef<OpFoldResult> sizes,
                            ArrayRef<int64_t> dropped) {
  for (auto [d, size] : llvm::enumerate(sizes)) {
    if (llvm::is_contained(dropped, static_cast<int64_t>(d)))
      continue;
    std::optional<int64_t> extent = getConstantIntValue(size);
    if (!extent || *extent == 1)
      return true;
  }
  return false;
}

/// The reassociation that folds each unit dimension in `dropped` into the
/// nearest kept dimension before it (after it, for leading ones).
static SmallVector<ReassociationIndices>
foldUnitDims(int64_t rank, ArrayRef<int64_t> dropped) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t d = 0; d < rank; ++d) {
    if (llvm::is_contained(dropped, d)) {
      (groups.empty() ? leading : groups.back()).push_back(d);
      continue;
    }
    groups.push_back(leading);
    groups.back().push_back(d);
    leading.clear();
  }
  return groups;
}

/// The slice of `source` (B.. x dims) that fixes dimension `dims[i]` at
/// `positions[i]` and takes every other dimension whole, without the fixed
/// dimensions: a rank-reducing slice, or where that is ambiguous (see
/// mayKeepUnitDims) a full-rank slice and a collapse that names them.
static Value phaseSlice(OpBuilder &b, Location loc, Value source,
                        ArrayRef<int64_t> dims, ArrayRef<int64_t> positions) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, source);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  for (auto [d, p] : llvm::zip_equal(dims, positions)) {
    offsets[d] = b.getIndexAttr(p);
    sizes[d] = b.getIndexAttr(1);
  }
  RankedTensorType reduced = reducedType(sizes, dims, type.getElementType());
  if (!mayKeepUnitDims(sizes, dims))
    return tensor::ExtractSliceOp::create(b, loc, reduced, source, offsets,
                                          sizes, strides);
  Value slice = tensor::ExtractSliceOp::create(
      b, loc,
      RankedTensorType::get(getStaticShape(sizes), type.getElementType()),
      source, offsets, sizes, strides);
  return tensor::CollapseShapeOp::create(b, loc, reduced, slice,
                                         foldUnitDims(type.getRank(), dims));
}

/// Inserts each of `parts` back where phaseSlice(dest, dims, positions[i])
/// took it from.
static Value insertPhases(OpBuilder &b, Location loc, ValueRange parts,
                          Value dest, ArrayRef<int64_t> dims,
                          ArrayRef<SmallVector<int64_t>> positions) {
  auto type = cast<RankedTensorType>(dest.getType());
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, dest);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  for (int64_t d : dims)
    sizes[d] = b.getIndexAttr(1);
  bool unambiguous = !mayKeepUnitDims(sizes, dims);
  auto fullType =
      RankedTensorType::get(getStaticShape(sizes), type.getElementType());
  for (auto [part, position] : llvm::zip_equal(parts, positions)) {
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    for (auto [d, p] : llvm::zip_equal(dims, position))
      offsets[d] = b.getIndexAttr(p);
    Value source = part;
    if (!unambiguous)
      source = tensor::ExpandShapeOp::create(
          b, loc, fullType, part, foldUnitDims(type.getRank(), dims), sizes);
    dest = tensor::InsertSliceOp::create(b, loc, source, dest, offsets, sizes,
                                         strides);
  }
  return dest;
}

/// An elementwise linalg.generic over the common shape of `inputs` and
/// `outputs` (identity maps, every loop parallel) whose body yields
/// `body(inputArgs, outputArgs)`.
static linalg::GenericOp
buildElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                 ValueRange outputs,
                 function_ref<SmallVector<Value>(OpBuilder &, Location,
                                                 ValueRange, ValueRange)>
                     body) {
  int64_t rank = cast<RankedTensorType>(outputs.front().getType()).getRank();
  SmallVector<AffineMap> maps(inputs.size() + outputs.size(),
                              b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
      b, loc, TypeRange(outputs), inputs, outputs, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> results =
            body(nb, nl, args.take_front(inputs.size()),
                 args.drop_front(inputs.size()));
        linalg::YieldOp::create(nb, nl, results);
      });
}

/// The Hadamard product as one linalg.generic contraction over all its
/// batch dimensions: out[b.., i, j] += lhs[b.., i, k] * rhs[b.., k, j],
/// accumulated in at least f32 and rounded once to the result type.
static Value buildBatchedContraction(OpBuilder &b, HadamardOp op) {
  Location loc = op.getLoc();
  RankedTensorType resultType = op.getResult().getType();
  int64_t rank = resultType.getRank();
  Type accType = getAccumulationType(resultType.getElementType());
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, op.getLhs());
  sizes.back() = getTypedSizes(b, loc, op.getRhs()).back();
  Value init = createZeros(b, loc, sizes, accType);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> d;
  for (int64_t i = 0; i <= rank; ++i)
    d.push_back(getAffineDimExpr(i, ctx));
  SmallVector<AffineExpr> batch(d.begin(), d.begin() + rank - 2);
  AffineExpr i = d[rank - 2], j = d[rank - 1], k = d[rank];
  auto map = [&](AffineExpr x, AffineExpr y) {
    SmallVector<AffineExpr> exprs(batch);
    exprs.append({x, y});
    return AffineMap::get(rank + 1, 0, exprs, ctx);
  };
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value product =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{op.getLhs(), op.getRhs()},
          ValueRange{init},
          ArrayRef<AffineMap>{map(i, k), map(k, j), map(i, j)}, iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value x = castElements(nb, nl, args[0], accType);
            Value y = castElements(nb, nl, args[1], accType);
            Value sum;
            if (isa<FloatType>(accType))
              sum = arith::AddFOp::create(nb, nl, args[2],
                                          arith::MulFOp::create(nb, nl, x, y));
            else
              sum = arith::AddIOp::create(nb, nl, args[2],
                                          arith::MulIOp::create(nb, nl, x, y));
            linalg::YieldOp::create(nb, nl, sum);
          })
          .getResult(0);
  return convertElements(b, loc, product, resultType.getElementType());
}

namespace {
/// stl.encode -> elementwise linalg.generics over the tile positions
/// (B.., I, J): it reads the m*k phases in[.., I*m+a, J*k+b] that the
/// encoder uses (strided slices of the tile-expanded input, unit stride
/// along J once the tile is unrolled) and yields the r coefficients
/// out[.., l, I, J] as sums over the encoder's nonzero entries, one generic
/// per group of at most kMaxPlanesPerPass coefficients. Every coefficient is
/// written once, every input element read once per group; the tile layout,
/// and so the meaning of any scheme, exact or not, is unchanged.
struct EncodeToLinalg : OpRewritePattern<EncodeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(EncodeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SchemeAttr scheme = op.getScheme();
    // Named variables: lambdas below capture them (C++17 cannot capture
    // structured bindings).
    int64_t tr = op.getTileShape().first, tc = op.getTileShape().second;
    RankedTensorType resultType = op.getResult().getType();
    Type elementType = resultType.getElementType();
    int64_t nb = resultType.getRank() - 3;
    int64_t r = scheme.getRank();
    ArrayRef<double> coeffs = op.getSide() == Side::lhs
                                  ? scheme.getUCoefficients()
                                  : scheme.getVCoefficients();

    Value tiles = expandTiles(rewriter, loc, op.getInput(), tr, tc);
    SmallVector<OpFoldResult> tileSizes = getTypedSizes(rewriter, loc, tiles);
    SmallVector<OpFoldResult> outSizes(tileSizes.begin(),
                                       tileSizes.begin() + nb);
    outSizes.append(
        {rewriter.getIndexAttr(r), tileSizes[nb], tileSizes[nb + 2]});
    Value result =
        tensor::EmptyOp::create(rewriter, loc, outSizes, elementType);

    // 16-bit floats are summed in f32 and rounded once, as a TensorCore
    // kernel's encode does in registers.
    Type accType = getAccumulationType(elementType);
    int64_t perGroup = getPlanesPerPass(r);
    for (int64_t first = 0; first < r; first += perGroup) {
      int64_t last = std::min(r, first + perGroup);
      // The phases (a, b) of a tile that the group's coefficients read.
      SmallVector<int64_t> phases;
      for (int64_t p = 0; p < tr * tc; ++p)
        if (llvm::any_of(llvm::seq<int64_t>(first, last),
                         [&](int64_t l) { return coeffs[l * tr * tc + p]; }))
          phases.push_back(p);
      if (phases.empty())
        phases.push_back(0);
      SmallVector<Value> inputs;
      for (int64_t p : phases)
        inputs.push_back(phaseSlice(rewriter, loc, tiles, {nb + 1, nb + 3},
                                    {p / tc, p % tc}));
      SmallVector<Value> outputs;
      SmallVector<SmallVector<int64_t>> rows;
      for (int64_t l = first; l < last; ++l) {
        outputs.push_back(phaseSlice(rewriter, loc, result, {nb}, {l}));
        rows.push_back({l});
      }
      auto generic = buildElementwise(
          rewriter, loc, inputs, outputs,
          [&](OpBuilder &b, Location nl, ValueRange ins, ValueRange) {
            SmallVector<Value> xs;
            for (Value x : ins)
              xs.push_back(castElements(b, nl, x, accType));
            SmallVector<Value> results;
            for (int64_t l = first; l < last; ++l) {
              SmallVector<double> row;
              for (int64_t p : phases)
                row.push_back(coeffs[l * tr * tc + p]);
              results.push_back(castElements(
                  b, nl, buildLinearCombination(b, nl, accType, row, xs),
                  elementType));
            }
            return results;
          });
      result =
          insertPhases(rewriter, loc, generic.getResults(), result, {nb}, rows);
    }
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
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
    if (collapsesSeveralDynamicDims(resultType)) {
      rewriter.replaceOp(op, castToType(rewriter, loc,
                                        buildBatchedContraction(rewriter, op),
                                        resultType));
      return success();
    }
    // Fold the batch dimensions and the scheme rank into one batch.
    Value lhs = foldBatchDims(rewriter, loc, op.getLhs());
    Value rhs = foldBatchDims(rewriter, loc, op.getRhs());
    SmallVector<OpFoldResult> lhsSizes = getTypedSizes(rewriter, loc, lhs);
    SmallVector<OpFoldResult> rhsSizes = getTypedSizes(rewriter, loc, rhs);
    Type accType = getAccumulationType(resultType.getElementType());
    Value init = createZeros(rewriter, loc,
                             {lhsSizes[0], lhsSizes[1], rhsSizes[2]}, accType);
    Value product = linalg::BatchMatmulOp::create(
                        rewriter, loc, ValueRange{lhs, rhs}, ValueRange{init})
                        .getResult(0);
    product = unfoldBatchDims(rewriter, loc, product, op.getLhs(),
                              resultType.clone(accType));
    Value converted =
        convertElements(rewriter, loc, product, resultType.getElementType());
    rewriter.replaceOp(op, castToType(rewriter, loc, converted, resultType));
    return success();
  }
};

/// stl.decode -> one elementwise linalg.generic over the product positions
/// (B.., I, L): it reads the r products in[.., l, I, L] that the decoder
/// uses and yields the m*n output phases out[.., I*m+a, L*n+c] (strided
/// slices of the tile-expanded result or init) as sums over the decoder's
/// nonzero entries, added to the init.
struct DecodeToLinalg : OpRewritePattern<DecodeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DecodeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SchemeAttr scheme = op.getScheme();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType resultType = op.getResult().getType();
    Type elementType = resultType.getElementType();
    // At least f32 (16-bit products are widened as they are read), in the
    // wider of the input and result types otherwise.
    Type accType =
        getDecodeAccumulationType(inType.getElementType(), elementType);
    int64_t nb = inType.getRank() - 3;
    int64_t m = scheme.getM(), n = scheme.getN(), r = scheme.getRank();
    ArrayRef<double> coeffs = scheme.getWCoefficients();

    // The products some output phase reads.
    SmallVector<int64_t> used;
    for (int64_t l = 0; l < r; ++l)
      if (llvm::any_of(llvm::seq<int64_t>(0, m * n),
                       [&](int64_t p) { return coeffs[p * r + l]; }))
        used.push_back(l);
    if (used.empty())
      used.push_back(0);
    SmallVector<Value> inputs;
    for (int64_t l : used)
      inputs.push_back(phaseSlice(rewriter, loc, op.getInput(), {nb}, {l}));

    Value init = op.getInit();
    Value dest;
    if (init) {
      dest = expandTiles(rewriter, loc, init, m, n);
    } else {
      SmallVector<OpFoldResult> inSizes =
          getTypedSizes(rewriter, loc, op.getInput());
      SmallVector<OpFoldResult> sizes(inSizes.begin(), inSizes.begin() + nb);
      sizes.append({inSizes[nb + 1], rewriter.getIndexAttr(m), inSizes[nb + 2],
                    rewriter.getIndexAttr(n)});
      dest = tensor::EmptyOp::create(rewriter, loc, sizes, elementType);
    }
    SmallVector<Value> outputs;
    SmallVector<SmallVector<int64_t>> positions;
    for (int64_t p = 0; p < m * n; ++p) {
      positions.push_back({p / n, p % n});
      outputs.push_back(
          phaseSlice(rewriter, loc, dest, {nb + 1, nb + 3}, positions.back()));
    }

    auto generic = buildElementwise(
        rewriter, loc, inputs, outputs,
        [&](OpBuilder &b, Location nl, ValueRange ins, ValueRange outs) {
          SmallVector<Value> ps;
          for (Value x : ins)
            ps.push_back(castElements(b, nl, x, accType));
          SmallVector<Value> results;
          for (int64_t p = 0; p < m * n; ++p) {
            SmallVector<double> row;
            for (int64_t l : used)
              row.push_back(coeffs[p * r + l]);
            Value start =
                init ? castElements(b, nl, outs[p], accType) : Value();
            results.push_back(castElements(
                b, nl, buildLinearCombination(b, nl, accType, row, ps, start),
                elementType));
          }
          return results;
        });
    Value decoded = insertPhases(rewriter, loc, generic.getResults(), dest,
                                 {nb + 1, nb + 3}, positions);
    // The collapse's type follows `dest`, which the verifier lets be less
    // static than the result (a batch of ? in the products, 1 in the result).
    Value collapsed = tensor::CollapseShapeOp::create(
        rewriter, loc, decoded,
        splitTwoDims(resultType.getRank(), resultType.getRank() - 2));
    rewriter.replaceOp(op, castToType(rewriter, loc, collapsed, resultType));
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
