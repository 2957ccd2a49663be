//===- RewriteMatmul.cpp - linalg matrix products into stl.matmul ---------===//
//
// Every linalg op that computes C + A*B (linalg.matmul and batch_matmul with
// any indexing maps, linalg.contract, or a linalg.generic contraction) is
// matched structurally: the loops are classified with inferContractionDims
// and the body must be exactly `out + cast(a) * cast(b)`. The product is then
// rebuilt in the canonical layout stl.matmul expects:
//
//   memref -> tensor (to_tensor restrict), transpose to (batch.., M, K) /
//   (batch.., K, N) / (batch.., M, N), widen integers to the accumulator,
//   zero-pad M, K, N to multiples of the tile, stl.matmul, slice, transpose
//   back, and write the result into the memref (or replace the tensor).
//
// Zero padding is exact: padded rows of A and columns of B only create
// output entries that are sliced away, and padded K contributes 0 * 0.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Scheme/Scheme.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLREWRITEMATMUL
#include "stl/Dialect/STL/Transforms/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {

/// How the body converts an input element before the multiply.
enum class CastKind { None, ExtF, ExtSI, ExtUI };

/// What the rewrite needs to know about a matched product.
struct MatmulMatch {
  /// The dps inputs that play A (M x K) and B (K x N), chosen to need the
  /// fewest transposes: `out[n, m] += in0[k, m] * in1[n, k]` needs three with
  /// in0 as A, none with in1 as A.
  unsigned lhsInput = 0, rhsInput = 1;
  /// For each operand, linalg.transpose's permutation to the canonical
  /// (batch.., rows, cols) layout: canonical dim i is operand dim perm[i].
  SmallVector<int64_t> lhsPerm, rhsPerm, outPerm;
  int64_t numBatch = 0;
  CastKind cast = CastKind::None;
  Type inputType, outputType;
  bool buffers = false;
  /// Multiplies of the product as written and in STL form after padding
  /// (0 when a dimension is dynamic).
  int64_t originalMultiplies = 0, stlMultiplies = 0;
};

} // namespace

static bool isIdentityPermutation(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (p != static_cast<int64_t>(i))
      return false;
  return true;
}

/// If `value` is block argument 0 or 1 of `body`, possibly through one cast,
/// returns its number and sets `cast`; otherwise -1.
static int getInputArgument(Value value, Block &body, CastKind &cast,
                            SmallPtrSetImpl<Operation *> &chain) {
  cast = CastKind::None;
  if (Operation *def = value.getDefiningOp()) {
    if (isa<arith::ExtFOp>(def))
      cast = CastKind::ExtF;
    else if (isa<arith::ExtSIOp>(def))
      cast = CastKind::ExtSI;
    else if (isa<arith::ExtUIOp>(def))
      cast = CastKind::ExtUI;
    else
      return -1;
    chain.insert(def);
    value = def->getOperand(0);
  }
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg || arg.getOwner() != &body || arg.getArgNumber() > 1)
    return -1;
  return arg.getArgNumber();
}

/// Matches a body that yields `out + cast(in0) * cast(in1)` (either operand
/// order) and nothing else, with the same extension (or none) on both inputs.
/// Unlike linalg's contraction check, which skips any unary op, this accepts
/// only extensions: a truncation, negation or int-to-float conversion would
/// give the product a different value than stl.matmul computes.
static FailureOr<CastKind> matchMulAddBody(Block &body) {
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1 || body.getNumArguments() != 3)
    return failure();
  Operation *add = yield.getOperand(0).getDefiningOp();
  if (!add || !isa<arith::AddFOp, arith::AddIOp>(add))
    return failure();
  Value out = body.getArgument(2);
  Value product;
  if (add->getOperand(0) == out)
    product = add->getOperand(1);
  else if (add->getOperand(1) == out)
    product = add->getOperand(0);
  else
    return failure();
  Operation *mul = product.getDefiningOp();
  bool isFloat = isa<arith::AddFOp>(add);
  if (!mul || (isFloat ? !isa<arith::MulFOp>(mul) : !isa<arith::MulIOp>(mul)))
    return failure();
  SmallPtrSet<Operation *, 4> chain = {add, mul, yield};
  CastKind castA, castB;
  int a = getInputArgument(mul->getOperand(0), body, castA, chain);
  int b = getInputArgument(mul->getOperand(1), body, castB, chain);
  if (a < 0 || b < 0 || a == b || castA != castB)
    return failure();
  if ((castA == CastKind::ExtF) != isFloat && castA != CastKind::None)
    return failure();
  // Anything else in the body (even unused) might have side effects.
  if (body.getOperations().size() != chain.size())
    return failure();
  return castA;
}

/// Whether the stl ops accept `type` as an element type.
static bool isSupportedElementType(Type type) {
  return isa<FloatType>(type) || type.isSignlessInteger();
}

/// The dims of `map`'s results, or failure if one is not a plain dim.
static FailureOr<SmallVector<unsigned>> getResultDims(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr expr : map.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim)
      return failure();
    dims.push_back(dim.getPosition());
  }
  return dims;
}

/// The permutation that brings an operand indexed by `map` to the layout
/// `canonical` (loop dims), or failure if the map indexes other dims.
static FailureOr<SmallVector<int64_t>>
getPermutation(AffineMap map, ArrayRef<unsigned> canonical) {
  FailureOr<SmallVector<unsigned>> dims = getResultDims(map);
  if (failed(dims) || dims->size() != canonical.size())
    return failure();
  SmallVector<int64_t> perm;
  for (unsigned dim : canonical) {
    auto *it = llvm::find(*dims, dim);
    if (it == dims->end())
      return failure();
    perm.push_back(it - dims->begin());
  }
  return perm;
}

/// Decides whether `op` can be rewritten; on failure `why` says why, in words
/// meant for a remark.
static FailureOr<MatmulMatch> matchMatmul(linalg::LinalgOp op,
                                          const RewriteMatmulOptions &options,
                                          std::string &why) {
  auto fail = [&](const Twine &reason) -> FailureOr<MatmulMatch> {
    why = reason.str();
    return failure();
  };
  MatmulMatch match;
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return fail("expected two inputs and one output");
  if (op.hasPureBufferSemantics())
    match.buffers = true;
  else if (!op.hasPureTensorSemantics())
    return fail("operands mix tensors and memrefs");
  for (OpOperand &operand : op->getOpOperands()) {
    Type type = operand.get().getType();
    if (!isa<RankedTensorType, MemRefType>(type))
      return fail("operands must be ranked tensors or memrefs");
    // An encoding (e.g. sparse storage) gives the tensor a meaning the stl
    // ops, which are dense, would drop.
    if (auto tensorType = dyn_cast<RankedTensorType>(type);
        tensorType && tensorType.getEncoding())
      return fail("tensors with an encoding (e.g. sparse) are not supported");
  }

  // Loops: batch.., M, N and K, each indexing its operands exactly once.
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims))
    return fail("not a contraction");
  if (dims->k.size() != 1)
    return fail("expected one reduction dimension (K), found " +
                Twine(dims->k.size()));
  if (dims->m.size() != 1 || dims->n.size() != 1)
    return fail("expected one M and one N dimension, found " +
                Twine(dims->m.size()) + " and " + Twine(dims->n.size()) +
                " (matrix-vector and multi-index contractions are not "
                "matrix products)");
  if (dims->batch.size() + 3 != op.getNumLoops())
    return fail("indexing maps are not a (batched) matrix product: " +
                Twine(op.getNumLoops() - dims->batch.size() - 3) +
                " loop(s) are neither batch, M, N nor K");
  unsigned m = dims->m.front(), n = dims->n.front(), k = dims->k.front();

  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  FailureOr<SmallVector<unsigned>> outDims = getResultDims(maps[2]);
  if (failed(outDims))
    return fail("output indexing map is not a projected permutation");
  // Batch dims in output order, so the result needs no batch transpose.
  SmallVector<unsigned> batch;
  for (unsigned d : *outDims)
    if (llvm::is_contained(dims->batch, d))
      batch.push_back(d);
  match.numBatch = batch.size();
  auto canonical = [&](unsigned rows, unsigned cols) {
    SmallVector<unsigned> order(batch);
    order.push_back(rows);
    order.push_back(cols);
    return order;
  };

  // Either input can play A: C = A*B and C^T = B^T*A^T are the same sums.
  // Pick the assignment that needs the fewest transposes (a transposed
  // output costs two: the init and the result); on a tie keep in0 as A.
  struct Orientation {
    unsigned lhsInput, rhsInput;
    SmallVector<int64_t> lhsPerm, rhsPerm, outPerm;
    int cost;
  };
  auto orient = [&](unsigned lhsInput, unsigned rows,
                    unsigned cols) -> FailureOr<Orientation> {
    Orientation o;
    o.lhsInput = lhsInput;
    o.rhsInput = 1 - lhsInput;
    FailureOr<SmallVector<int64_t>> lhsPerm =
        getPermutation(maps[o.lhsInput], canonical(rows, k));
    FailureOr<SmallVector<int64_t>> rhsPerm =
        getPermutation(maps[o.rhsInput], canonical(k, cols));
    FailureOr<SmallVector<int64_t>> outPerm =
        getPermutation(maps[2], canonical(rows, cols));
    if (failed(lhsPerm) || failed(rhsPerm) || failed(outPerm))
      return failure();
    o.lhsPerm = std::move(*lhsPerm);
    o.rhsPerm = std::move(*rhsPerm);
    o.outPerm = std::move(*outPerm);
    o.cost = !isIdentityPermutation(o.lhsPerm) +
             !isIdentityPermutation(o.rhsPerm) +
             2 * !isIdentityPermutation(o.outPerm);
    return o;
  };
  FailureOr<Orientation> natural = orient(0, m, n);
  FailureOr<Orientation> swapped = orient(1, n, m);
  if (failed(natural) || failed(swapped))
    return fail("unsupported indexing maps: expected permutations of "
                "(batch.., M, K), (batch.., K, N) and (batch.., M, N)");
  Orientation &best =
      options.swapOperands
          ? (*options.swapOperands ? *swapped : *natural)
          : (swapped->cost < natural->cost ? *swapped : *natural);
  match.lhsInput = best.lhsInput;
  match.rhsInput = best.rhsInput;
  match.lhsPerm = std::move(best.lhsPerm);
  match.rhsPerm = std::move(best.rhsPerm);
  match.outPerm = std::move(best.outPerm);

  // Element types.
  Type lhsType = getElementTypeOrSelf(op.getDpsInputs()[0].getType());
  Type rhsType = getElementTypeOrSelf(op.getDpsInputs()[1].getType());
  Type outType = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  if (lhsType != rhsType) {
    std::string msg;
    llvm::raw_string_ostream os(msg);
    os << "input element types differ (" << lhsType << " and " << rhsType
       << ")";
    return fail(msg);
  }
  for (Type type : {lhsType, outType}) {
    if (!isSupportedElementType(type)) {
      std::string msg;
      llvm::raw_string_ostream os(msg);
      os << "element type " << type << " is not supported";
      return fail(msg);
    }
  }
  match.inputType = lhsType;
  match.outputType = outType;

  FailureOr<CastKind> cast = matchMulAddBody(*op.getBlock());
  if (failed(cast))
    return fail("body is not a multiply-add of the inputs (possibly extended "
                "to the output type)");
  match.cast = *cast;
  if (match.cast == CastKind::None && lhsType != outType)
    return fail("body is not a multiply-add of the inputs (possibly extended "
                "to the output type)");

  SchemeAttr scheme = options.scheme;
  if (isa<IntegerType>(outType) && !scheme.hasIntegerCoefficients()) {
    std::string msg;
    llvm::raw_string_ostream os(msg);
    os << "integer element type " << outType
       << " needs a scheme with integer coefficients; scheme '"
       << scheme.getName() << "' has fractional ones";
    return fail(msg);
  }
  if (!options.schemeIsExact && !options.allowApproximate)
    return fail("scheme '" + scheme.getName() +
                "' is approximate and allow-approximate is not set");

  // An empty product (whatever min-size says: it may be 0 or below) has
  // nothing to multiply, and its padded tiles would be slices past its end.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::is_contained(ranges, 0))
    return fail("the product is empty (a static extent is 0)");

  // Sizes below min-size (static extents only: a dynamic one may be large).
  for (auto [name, dim] :
       {std::pair<StringRef, unsigned>{"M", m}, {"N", n}, {"K", k}}) {
    int64_t extent = ranges[dim];
    if (!ShapedType::isDynamic(extent) && extent < options.minSize)
      return fail(Twine(name) + " = " + Twine(extent) + " is below min-size " +
                  Twine(options.minSize));
  }

  // Profitability: multiplies after padding against the product's own.
  unsigned rowsLoop = match.lhsInput == 0 ? m : n;
  unsigned colsLoop = match.lhsInput == 0 ? n : m;
  if (llvm::none_of(ranges, ShapedType::isDynamic)) {
    // Static extents are user input: padding them and counting multiplies
    // must stay in int64.
    int64_t maxTile = std::max({scheme.getM(), scheme.getK(), scheme.getN()});
    for (int64_t d : ranges)
      if (!checkedRoundUp(d, maxTile))
        return fail("static extent " + Twine(d) +
                    " overflows 64 bits when padded to the tile");
    auto product = [](ArrayRef<int64_t> factors) {
      return checkedProduct(factors);
    };
    SmallVector<int64_t> batchExtents;
    for (unsigned d : batch)
      batchExtents.push_back(ranges[d]);
    std::optional<int64_t> batchSizeOr = product(batchExtents);
    int64_t rows = ranges[rowsLoop], cols = ranges[colsLoop], inner = ranges[k];
    std::optional<int64_t> original, stl;
    if (batchSizeOr) {
      original = product({*batchSizeOr, rows, inner, cols});
      stl = product({*batchSizeOr, scheme.getRank(),
                     llvm::divideCeilSigned(rows, scheme.getM()),
                     llvm::divideCeilSigned(inner, scheme.getK()),
                     llvm::divideCeilSigned(cols, scheme.getN())});
    }
    if (!original || !stl)
      return fail("the multiply count overflows 64 bits");
    int64_t batchSize = *batchSizeOr;
    match.originalMultiplies = *original;
    match.stlMultiplies = *stl;
    double limit =
        double(match.originalMultiplies) * (1.0 - options.minSaving / 100.0);
    bool saves = options.minSaving == 0.0
                     ? match.stlMultiplies < match.originalMultiplies
                     : double(match.stlMultiplies) <= limit;
    if (!saves && !options.force) {
      std::string msg;
      llvm::raw_string_ostream os(msg);
      os << "not profitable: " << rows << "x" << inner << "x" << cols;
      if (batchSize != 1)
        os << " (batch " << batchSize << ")";
      os << " takes " << match.originalMultiplies << " multiplies, scheme '"
         << scheme.getName() << "' <" << scheme.getM() << "," << scheme.getK()
         << "," << scheme.getN() << ";" << scheme.getRank() << "> takes "
         << match.stlMultiplies << " after padding";
      if (options.minSaving > 0.0)
        os << llvm::format(" (min-saving is %g%%)", options.minSaving);
      os << "; force=true rewrites it anyway";
      return fail(msg);
    }
  } else if (scheme.getM() * scheme.getK() * scheme.getN() <=
                 scheme.getRank() &&
             !options.force) {
    return fail("scheme '" + scheme.getName() +
                "' saves no multiplies on any shape; force=true rewrites "
                "it anyway");
  }

  if (match.buffers) {
    Value out = op.getDpsInits()[0];
    if (out == op.getDpsInputs()[0] || out == op.getDpsInputs()[1])
      return fail("the output buffer is also an input");
  }
  return match;
}

//===----------------------------------------------------------------------===//
// IR building helpers
//===----------------------------------------------------------------------===//

/// `value` permuted by `perm` (linalg.transpose's convention: result dim i is
/// input dim perm[i]); `value` itself for the identity.
static Value transpose(OpBuilder &b, Location loc, Value value,
                       ArrayRef<int64_t> perm) {
  if (isIdentityPermutation(perm))
    return value;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> permuted;
  for (int64_t p : perm)
    permuted.push_back(sizes[p]);
  Type elementType = getElementTypeOrSelf(value.getType());
  Value init = tensor::EmptyOp::create(b, loc, permuted, elementType);
  return linalg::TransposeOp::create(b, loc, value, init, perm).getResult()[0];
}

/// The inverse of a permutation.
static SmallVector<int64_t> invert(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return inverse;
}

/// `value` with every element extended to `elementType` as the matched body
/// did. Integers are widened before encoding because the encoders add
/// elements: in the narrow type those sums would wrap, which the classical
/// product (extending each element first) never does.
static Value widen(OpBuilder &b, Location loc, Value value, Type elementType,
                   CastKind castKind) {
  auto type = cast<RankedTensorType>(value.getType());
  Value init = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, value), elementType);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{value}, ValueRange{init},
      ArrayRef<AffineMap>{id, id}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value extended =
            castKind == CastKind::ExtUI
                ? arith::ExtUIOp::create(nb, nloc, elementType, args[0])
                      .getResult()
                : arith::ExtSIOp::create(nb, nloc, elementType, args[0])
                      .getResult();
        linalg::YieldOp::create(nb, nloc, extended);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// Encoded-operand precision
//===----------------------------------------------------------------------===//

/// The largest magnitude f16 holds.
static constexpr double kF16Max = 65504.0;

/// The largest sum of coefficient magnitudes of one encoder row: an encoded
/// value is at most this times the operand's largest magnitude.
static double getMaxRowL1(ArrayRef<double> coefficients, int64_t rowLength) {
  double best = 1.0;
  for (size_t row = 0; row < coefficients.size(); row += rowLength) {
    double sum = 0.0;
    for (double c : coefficients.slice(row, rowLength))
      sum += std::abs(c);
    best = std::max(best, sum);
  }
  return best;
}

/// floor(log2(kF16Max / maxRowL1)): with |x| < 2^(E+1), scaling x by
/// 2^(t - E - 1) keeps every encoded value below maxRowL1 * 2^t <= kF16Max.
static int getScaleBudget(double maxRowL1) {
  return static_cast<int>(std::floor(std::log2(kF16Max / maxRowL1)));
}

/// The clamped exponent e of the scale 2^e for an operand whose largest
/// magnitude has the biased f32 exponent `biased` (both 2^e and 2^-e stay
/// normal f32 numbers).
static int getScaleExponent(int budget, int biased) {
  return std::clamp(budget + 126 - biased, -126, 126);
}

/// The operand of an encoding and, for a scaled one, 1 / scale (an f32
/// scalar) to multiply the product by.
struct PreparedOperand {
  Value value;
  Value inverseScale;
};

/// `value` converted elementwise to `to`; if `scaleBudget` is set, first
/// multiplied by the power of two getScaleExponent picks from its largest
/// magnitude. Constants (weights) are converted at compile time, so that
/// they stay constants the encoding can be folded into.
static PreparedOperand prepareOperand(OpBuilder &b, Location loc, Value value,
                                      FloatType to,
                                      std::optional<int> scaleBudget) {
  auto type = cast<RankedTensorType>(value.getType());
  Type f32 = b.getF32Type();
  auto f32Power = [&](int e) -> Value {
    return arith::ConstantOp::create(b, loc,
                                     b.getF32FloatAttr(std::ldexp(1.0f, e)));
  };

  // The bound keeps a splat broadcast to a huge shape from being
  // materialized; such an operand is converted at run time instead.
  FailureOr<DenseElementsAttr> evaluated =
      evaluateConstantTensor(value, /*maxElements=*/int64_t(1) << 26);
  if (succeeded(evaluated) && isa<FloatType>(evaluated->getElementType())) {
    DenseElementsAttr constant = *evaluated;
    int e = 0;
    if (scaleBudget) {
      double maxAbs = 0.0;
      for (APFloat x : constant.getValues<APFloat>())
        maxAbs = std::max(maxAbs, std::abs(x.convertToDouble()));
      int biased = 0;
      if (maxAbs > 0.0) {
        int exp;
        std::frexp(maxAbs, &exp); // maxAbs < 2^exp
        biased = std::clamp(exp - 1 + 127, 0, 255);
      }
      e = getScaleExponent(*scaleBudget, biased);
    }
    SmallVector<APFloat> converted;
    for (APFloat x : constant.getValues<APFloat>()) {
      APFloat y(std::ldexp(x.convertToDouble(), e));
      bool lost;
      y.convert(to.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      converted.push_back(y);
    }
    auto attr = DenseElementsAttr::get(type.clone(to), converted);
    PreparedOperand result;
    auto weight = arith::ConstantOp::create(b, loc, attr);
    // The converted copy is what the encoding folds; the report names the
    // weight it came from.
    weight->setAttr(kWeightAttrName,
                    b.getStringAttr(describeConstantTensor(value)));
    result.value = weight;
    if (scaleBudget)
      result.inverseScale = f32Power(-e);
    return result;
  }

  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  PreparedOperand result;
  Value scale;
  if (scaleBudget) {
    // max |x| over the whole tensor, then its exponent from the f32 bits.
    Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value init = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
    SmallVector<utils::IteratorType> reduction(rank,
                                               utils::IteratorType::reduction);
    AffineMap scalar = AffineMap::get(rank, 0, {}, b.getContext());
    Value maxAbs =
        linalg::GenericOp::create(
            b, loc, TypeRange{init.getType()}, ValueRange{value},
            ValueRange{init}, ArrayRef<AffineMap>{id, scalar}, reduction,
            [&](OpBuilder &nb, Location nl, ValueRange args) {
              Value x = convertScalarToDtype(nb, nl, args[0], f32,
                                             /*isUnsignedCast=*/false);
              Value a = math::AbsFOp::create(nb, nl, x);
              Value max = arith::MaxNumFOp::create(nb, nl, args[1], a);
              linalg::YieldOp::create(nb, nl, max);
            })
            .getResult(0);
    Value maxValue = tensor::ExtractOp::create(b, loc, maxAbs, ValueRange{});
    Type i32 = b.getI32Type();
    auto i32c = [&](int32_t v) -> Value {
      return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
    };
    Value bits = arith::BitcastOp::create(b, loc, i32, maxValue);
    Value biased = arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, bits, i32c(23)), i32c(255));
    Value e = arith::SubIOp::create(b, loc, i32c(*scaleBudget + 126), biased);
    e = arith::MaxSIOp::create(b, loc, e, i32c(-126));
    e = arith::MinSIOp::create(b, loc, e, i32c(126));
    auto power = [&](Value exponent) -> Value {
      Value field = arith::ShLIOp::create(
          b, loc, arith::AddIOp::create(b, loc, exponent, i32c(127)), i32c(23));
      return arith::BitcastOp::create(b, loc, f32, field);
    };
    scale = power(e);
    result.inverseScale =
        power(arith::SubIOp::create(b, loc, i32c(0), e).getResult());
  }
  Value empty =
      tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, value), to);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  result.value =
      linalg::GenericOp::create(
          b, loc, TypeRange{empty.getType()}, ValueRange{value},
          ValueRange{empty}, ArrayRef<AffineMap>{id, id}, parallel,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value x = args[0];
            if (scale) {
              x = convertScalarToDtype(nb, nl, x, f32,
                                       /*isUnsignedCast=*/false);
              x = arith::MulFOp::create(nb, nl, x, scale);
            }
            // f16 <-> bf16 (same width) goes through f32.
            if (x.getType() != to && x.getType().getIntOrFloatBitWidth() ==
                                         to.getIntOrFloatBitWidth())
              x = arith::ExtFOp::create(nb, nl, f32, x);
            linalg::YieldOp::create(
                nb, nl,
                convertScalarToDtype(nb, nl, x, to, /*isUnsignedCast=*/false));
          })
          .getResult(0);
  return result;
}

/// `product` (f32 or wider, padded shape) times both inverse scales, plus
/// `init` if given, rounded once to `elementType`.
static Value unscale(OpBuilder &b, Location loc, Value product, Value init,
                     Value lhsInverse, Value rhsInverse, Type elementType) {
  auto type = cast<RankedTensorType>(product.getType());
  Type acc = type.getElementType();
  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  Value empty = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, product), elementType);
  SmallVector<Value> inputs = {product};
  SmallVector<AffineMap> maps = {id};
  if (init) {
    inputs.push_back(init);
    maps.push_back(id);
  }
  maps.push_back(id);
  return linalg::GenericOp::create(
             b, loc, TypeRange{empty.getType()}, inputs, ValueRange{empty},
             maps, parallel,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               auto widen = [&](Value v) {
                 return convertScalarToDtype(nb, nl, v, acc,
                                             /*isUnsignedCast=*/false);
               };
               // Two exact power-of-two multiplies: their product might
               // not be a normal number.
               Value y =
                   arith::MulFOp::create(nb, nl, args[0], widen(lhsInverse));
               y = arith::MulFOp::create(nb, nl, y, widen(rhsInverse));
               if (init)
                 y = arith::AddFOp::create(nb, nl, widen(args[1]), y);
               linalg::YieldOp::create(
                   nb, nl,
                   convertScalarToDtype(nb, nl, y, elementType,
                                        /*isUnsignedCast=*/false));
             })
      .getResult(0);
}

/// One matrix dimension (M, N or K): its extent, static if any operand
/// knows it, and the zero padding that makes it a multiple of the tile.
struct Extent {
  OpFoldResult size;
  OpFoldResult padded;
  OpFoldResult high;
  bool pad = false;
};

/// The extent `size` and its padding to a multiple of `tile`. Dynamic
/// extents are always padded (by 0 when they happen to be multiples at run
/// time): divisibility is a precondition of the stl ops.
static Extent makeExtent(OpBuilder &b, Location loc, OpFoldResult size,
                         int64_t tile) {
  Extent extent;
  extent.size = size;
  extent.padded = size;
  extent.high = b.getIndexAttr(0);
  std::optional<int64_t> c = getConstantIntValue(size);
  if (tile == 1 || (c && *c % tile == 0))
    return extent;
  extent.pad = true;
  if (c) {
    int64_t padded = llvm::divideCeil(*c, tile) * tile;
    extent.padded = b.getIndexAttr(padded);
    extent.high = b.getIndexAttr(padded - *c);
    return extent;
  }
  Value sizeValue = cast<Value>(size);
  Value tileValue = arith::ConstantIndexOp::create(b, loc, tile);
  Value tiles = arith::CeilDivUIOp::create(b, loc, sizeValue, tileValue);
  Value padded = arith::MulIOp::create(b, loc, tiles, tileValue);
  extent.padded = padded;
  extent.high = arith::SubIOp::create(b, loc, padded, sizeValue).getResult();
  return extent;
}

/// Pads the two trailing dimensions of `value` with `zero` as `rows` and
/// `cols` say.
static Value padTrailing(OpBuilder &b, Location loc, Value value,
                         const Extent &rows, const Extent &cols, Value zero) {
  if (!rows.pad && !cols.pad)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> low(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(rank, b.getIndexAttr(0));
  SmallVector<int64_t> shape(type.getShape());
  auto setHigh = [&](int64_t dim, const Extent &extent) {
    if (!extent.pad)
      return;
    high[dim] = extent.high;
    std::optional<int64_t> padded = getConstantIntValue(extent.padded);
    shape[dim] = padded ? *padded : ShapedType::kDynamic;
  };
  setHigh(rank - 2, rows);
  setHigh(rank - 1, cols);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, resultType, value, low, high, zero)
      .getResult();
}

/// `size` of dimension `dim` of the first of `values` that has it static,
/// else a tensor.dim of the first.
static OpFoldResult getExtent(OpBuilder &b, Location loc,
                              ArrayRef<std::pair<Value, int64_t>> values) {
  for (auto [value, dim] : values) {
    int64_t size = cast<RankedTensorType>(value.getType()).getDimSize(dim);
    if (!ShapedType::isDynamic(size))
      return b.getIndexAttr(size);
  }
  return tensor::getMixedSize(b, loc, values.front().first,
                              values.front().second);
}

/// Whether `value` is a linalg.fill of +0 (the identity of the accumulation
/// that an stl.matmul without init starts from).
static linalg::FillOp getZeroFill(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  if (!fill)
    return nullptr;
  Value fillValue = fill.getDpsInputs()[0];
  if (matchPattern(fillValue, m_PosZeroFloat()) ||
      matchPattern(fillValue, m_Zero()))
    return fill;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Scheme selection
//===----------------------------------------------------------------------===//

/// Bytes of one element of the encoded operands for `input` elements.
static unsigned getEncodedBytes(Type input, EncodingType encoding) {
  unsigned bytes = llvm::divideCeil(input.getIntOrFloatBitWidth(), 8);
  if (!isa<FloatType>(input))
    return bytes;
  switch (encoding) {
  case EncodingType::F32:
    return std::max(bytes, 4u);
  case EncodingType::F16:
  case EncodingType::BF16:
    return 2;
  case EncodingType::Input:
    return bytes;
  }
  return bytes;
}

/// Picks, among options.candidates, the scheme and operand order that
/// minimise estimateCost for `op`, and says why in `selection`. Fails (with
/// `why`) if none beats the product as written. Products whose structure
/// is not a plain matrix product get the first candidate, for which
/// matchMatmul then gives the reason.
static FailureOr<RewriteMatmulOptions>
selectScheme(linalg::LinalgOp op, const RewriteMatmulOptions &options,
             std::string &selection, std::string &why) {
  RewriteMatmulOptions chosen = options;
  chosen.candidates.clear();
  chosen.scheme = options.candidates.front();
  chosen.schemeIsExact = true;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return chosen;
  Type inType = getElementTypeOrSelf(op.getDpsInputs()[0].getType());
  Type outType = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  if (!inType.isIntOrFloat() || !outType.isIntOrFloat())
    return chosen;
  bool integer = isa<IntegerType>(outType);
  unsigned inBytes = llvm::divideCeil(inType.getIntOrFloatBitWidth(), 8);
  unsigned outBytes = llvm::divideCeil(outType.getIntOrFloatBitWidth(), 8);
  unsigned encBytes = getEncodedBytes(inType, options.encoding);

  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Extents are user input: a batch whose size overflows is costed as a
  // dynamic one (the matcher then refuses it with the reason).
  SmallVector<int64_t> batchExtents;
  for (unsigned d : dims->batch)
    batchExtents.push_back(ranges[d]);
  int64_t batch = checkedProduct(batchExtents).value_or(ShapedType::kDynamic);
  unsigned m = dims->m.front(), n = dims->n.front(), k = dims->k.front();
  bool dynamic =
      ShapedType::isDynamic(batch) || ShapedType::isDynamic(ranges[m]) ||
      ShapedType::isDynamic(ranges[n]) || ShapedType::isDynamic(ranges[k]);

  struct Choice {
    SchemeAttr scheme;
    bool swap = false;
    double cost = 0;
  };
  std::optional<Choice> best, second;
  for (SchemeAttr scheme : options.candidates) {
    if (integer && !scheme.hasIntegerCoefficients())
      continue;
    for (bool swap : {false, true}) {
      Choice c{scheme, swap, 0};
      if (dynamic) {
        // Sizes unknown: the best multiply ratio, padding ignored.
        c.cost = double(scheme.getRank()) /
                 double(scheme.getM() * scheme.getK() * scheme.getN());
      } else {
        int64_t rows = ranges[swap ? n : m], cols = ranges[swap ? m : n];
        Value rhs = op.getDpsInputs()[swap ? 0 : 1];
        c.cost = estimateCost(scheme, batch, rows, ranges[k], cols, inBytes,
                              encBytes, outBytes, isConstantTensor(rhs),
                              options.target);
      }
      if (!best || c.cost < best->cost) {
        if (best && best->scheme != c.scheme)
          second = best;
        best = c;
      } else if (c.scheme != best->scheme &&
                 (!second || c.cost < second->cost)) {
        second = c;
      }
    }
  }
  if (!best) {
    why = "no candidate scheme has integer coefficients";
    return failure();
  }
  chosen.scheme = best->scheme;
  chosen.swapOperands = best->swap;

  std::string text;
  llvm::raw_string_ostream os(text);
  StringRef unit =
      (options.target == CostTarget::Multiplies) ? " multiplies" : " s";
  auto printCost = [&](double cost) {
    if ((options.target == CostTarget::Multiplies))
      os << static_cast<int64_t>(cost);
    else
      os << llvm::format("%.3g", cost);
    os << unit;
  };
  if (dynamic) {
    os << "chose '" << best->scheme.getName()
       << "' for its multiply ratio (dynamic extents)";
  } else {
    int64_t rows = ranges[m], cols = ranges[n];
    Value rhs = op.getDpsInputs()[1];
    double plain =
        estimateCost(nullptr, batch, rows, ranges[k], cols, inBytes, encBytes,
                     outBytes, isConstantTensor(rhs), options.target);
    bool saves = options.minSaving == 0.0
                     ? best->cost < plain
                     : best->cost <= plain * (1.0 - options.minSaving / 100.0);
    if (!saves && !options.force) {
      os << "no candidate pays off: the best, '" << best->scheme.getName()
         << "', costs ";
      printCost(best->cost);
      os << " against ";
      printCost(plain);
      os << " as written";
      if (!(options.target == CostTarget::Multiplies))
        os << " on " << stringifyCostTarget(options.target);
      why = text;
      return failure();
    }
    os << "chose '" << best->scheme.getName() << "'"
       << (best->swap ? " with the operands swapped" : "") << " among "
       << options.candidates.size() << " candidates: ";
    printCost(best->cost);
    os << " against ";
    printCost(plain);
    os << " as written";
    if (second) {
      os << ", next best '" << second->scheme.getName() << "' ";
      printCost(second->cost);
    }
    if (!(options.target == CostTarget::Multiplies))
      os << " (cost model for " << stringifyCostTarget(options.target) << ")";
  }
  selection = text;
  return chosen;
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

FailureOr<MatmulOp>
mlir::stl::rewriteMatmulAsSTL(RewriterBase &rewriter, linalg::LinalgOp op,
                              const RewriteMatmulOptions &options) {
  std::string why, selection;
  if (!options.candidates.empty()) {
    FailureOr<RewriteMatmulOptions> chosen =
        selectScheme(op, options, selection, why);
    if (failed(chosen))
      return rewriter.notifyMatchFailure(op, why);
    RewriteMatmulOptions selected = std::move(*chosen);
    FailureOr<MatmulOp> result = rewriteMatmulAsSTL(rewriter, op, selected);
    if (succeeded(result) && !selection.empty())
      (*result)->setAttr(kSelectionAttrName, rewriter.getStringAttr(selection));
    return result;
  }
  if (!options.scheme)
    return rewriter.notifyMatchFailure(op, "no scheme given");
  FailureOr<MatmulMatch> matched = matchMatmul(op, options, why);
  if (failed(matched))
    return rewriter.notifyMatchFailure(op, why);
  const MatmulMatch &match = *matched;
  SchemeAttr scheme = options.scheme;
  // Static extents are user input: padding one to a multiple of the tile
  // must stay in int64 (checked before any IR is created).
  int64_t maxTile = std::max({scheme.getM(), scheme.getK(), scheme.getN()});
  for (Value operand : op->getOperands())
    if (auto type = dyn_cast<ShapedType>(operand.getType()))
      for (int64_t d : type.getShape())
        if (!ShapedType::isDynamic(d) && !checkedRoundUp(d, maxTile))
          return rewriter.notifyMatchFailure(
              op, "static extent " + Twine(d) +
                      " overflows 64 bits when padded to the tile");

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  Value lhs = op.getDpsInputs()[match.lhsInput];
  Value rhs = op.getDpsInputs()[match.rhsInput];
  Value out = op.getDpsInits()[0];
  Value init = out;

  // Memrefs enter tensor land through `to_tensor restrict`: the rewritten op
  // is their only reader here. One to_tensor per buffer, since restrict
  // promises no other to_tensor aliases it.
  if (match.buffers) {
    auto toTensor = [&](Value memref) -> Value {
      auto type = cast<MemRefType>(memref.getType());
      auto tensorType =
          RankedTensorType::get(type.getShape(), type.getElementType());
      return bufferization::ToTensorOp::create(rewriter, loc, tensorType,
                                               memref, /*restrict=*/true)
          .getResult();
    };
    Value lhsMemref = lhs;
    lhs = toTensor(lhsMemref);
    rhs = rhs == lhsMemref ? lhs : toTensor(rhs);
    init = toTensor(out);
  }

  // Float operands in the encoding type (see EncodingType), converted
  // before the transposes so that constant weights stay constants.
  Type operandType = match.inputType;
  PreparedOperand lhsPrepared{lhs, Value()}, rhsPrepared{rhs, Value()};
  bool scaled = false;
  if (auto inFloat = dyn_cast<FloatType>(match.inputType)) {
    FloatType to = inFloat;
    switch (options.encoding) {
    case EncodingType::F32:
      if (inFloat.getWidth() < 32)
        to = rewriter.getF32Type();
      break;
    case EncodingType::F16:
      to = rewriter.getF16Type();
      scaled = true;
      break;
    case EncodingType::BF16:
      to = rewriter.getBF16Type();
      break;
    case EncodingType::Input:
      break;
    }
    if (options.encoding == EncodingType::BF16 ||
        (options.encoding == EncodingType::Input && inFloat.getWidth() < 32) ||
        (options.encoding == EncodingType::F16 && inFloat.getWidth() > 16))
      mlir::emitRemark(loc)
          << "encoded operands of this " << inFloat
          << " product are rounded to " << to
          << ": the rewritten product is less precise than the original "
             "(encoding-type=f32 keeps it exact; see docs/Precision.md)";
    if (to != inFloat || scaled) {
      std::optional<int> lhsBudget, rhsBudget;
      if (scaled) {
        lhsBudget = getScaleBudget(getMaxRowL1(scheme.getUCoefficients(),
                                               scheme.getM() * scheme.getK()));
        rhsBudget = getScaleBudget(getMaxRowL1(scheme.getVCoefficients(),
                                               scheme.getK() * scheme.getN()));
      }
      bool same = rhs == lhs && lhsBudget == rhsBudget;
      lhsPrepared = prepareOperand(rewriter, loc, lhs, to, lhsBudget);
      rhsPrepared = same ? lhsPrepared
                         : prepareOperand(rewriter, loc, rhs, to, rhsBudget);
      lhs = lhsPrepared.value;
      rhs = rhsPrepared.value;
      operandType = to;
    }
  }

  // A zero-filled output adds nothing: drop it so that decode writes its
  // result instead of reading and adding zeros.
  linalg::FillOp zeroFill = match.buffers ? nullptr : getZeroFill(init);
  if (zeroFill)
    init = nullptr;

  lhs = transpose(rewriter, loc, lhs, match.lhsPerm);
  rhs = transpose(rewriter, loc, rhs, match.rhsPerm);
  if (init)
    init = transpose(rewriter, loc, init, match.outPerm);

  // Integers are multiplied in the output type (see widen); floats are
  // multiplied in the encoding type and accumulate in f32 at least, as a
  // TensorCore does.
  if (match.cast == CastKind::ExtSI || match.cast == CastKind::ExtUI) {
    bool same = rhs == lhs;
    lhs = widen(rewriter, loc, lhs, match.outputType, match.cast);
    rhs = same ? lhs : widen(rewriter, loc, rhs, match.outputType, match.cast);
    operandType = match.outputType;
  }

  int64_t nb = match.numBatch;
  SmallVector<std::pair<Value, int64_t>> mSources = {{lhs, nb}};
  SmallVector<std::pair<Value, int64_t>> nSources = {{rhs, nb + 1}};
  if (init) {
    mSources.push_back({init, nb});
    nSources.push_back({init, nb + 1});
  }
  Extent mExtent = makeExtent(rewriter, loc, getExtent(rewriter, loc, mSources),
                              scheme.getM());
  Extent nExtent = makeExtent(rewriter, loc, getExtent(rewriter, loc, nSources),
                              scheme.getN());
  Extent kExtent = makeExtent(
      rewriter, loc, getExtent(rewriter, loc, {{lhs, nb + 1}, {rhs, nb}}),
      scheme.getK());

  // One zero constant per element type padded.
  DenseMap<Type, Value> zeros;
  auto getZero = [&](Type type) {
    Value &zero = zeros[type];
    if (!zero)
      zero =
          arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(type));
    return zero;
  };
  if (mExtent.pad || kExtent.pad)
    lhs =
        padTrailing(rewriter, loc, lhs, mExtent, kExtent, getZero(operandType));
  if (kExtent.pad || nExtent.pad)
    rhs =
        padTrailing(rewriter, loc, rhs, kExtent, nExtent, getZero(operandType));
  if (init && (mExtent.pad || nExtent.pad))
    init = padTrailing(rewriter, loc, init, mExtent, nExtent,
                       getZero(match.outputType));

  // A scaled product is unscaled (and the init added) after decode.
  Value epilogueInit;
  if (scaled) {
    epilogueInit = init;
    init = nullptr;
  }
  Type accElementType = match.outputType;
  if (auto f = dyn_cast<FloatType>(accElementType); f && f.getWidth() < 32)
    accElementType = rewriter.getF32Type();

  // The result type equals the init's (the verifier requires it); without
  // one it is built from the operands' extents.
  SmallVector<OpFoldResult> batchSizes;
  for (int64_t d = 0; d < nb; ++d) {
    SmallVector<std::pair<Value, int64_t>> sources = {{lhs, d}, {rhs, d}};
    if (init)
      sources.push_back({init, d});
    batchSizes.push_back(getExtent(rewriter, loc, sources));
  }
  RankedTensorType resultType;
  if (init) {
    resultType = cast<RankedTensorType>(init.getType());
  } else {
    SmallVector<OpFoldResult> sizes(batchSizes);
    sizes.push_back(mExtent.padded);
    sizes.push_back(nExtent.padded);
    SmallVector<int64_t> shape;
    for (OpFoldResult size : sizes)
      shape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
    resultType = RankedTensorType::get(shape, scaled ? accElementType
                                                     : match.outputType);
  }
  TypeAttr accType;
  if (operandType != resultType.getElementType() ||
      accElementType != resultType.getElementType())
    accType = TypeAttr::get(accElementType);
  auto stlMatmul =
      MatmulOp::create(rewriter, loc, resultType, lhs, rhs, init, scheme,
                       /*rhs_encoded=*/nullptr, accType);

  Value result = stlMatmul.getResult();
  if (scaled)
    result =
        unscale(rewriter, loc, result, epilogueInit, lhsPrepared.inverseScale,
                rhsPrepared.inverseScale, match.outputType);
  if (mExtent.pad || nExtent.pad) {
    SmallVector<OpFoldResult> sizes(batchSizes);
    sizes.push_back(mExtent.size);
    sizes.push_back(nExtent.size);
    SmallVector<OpFoldResult> offsets(nb + 2, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(nb + 2, rewriter.getIndexAttr(1));
    result = tensor::ExtractSliceOp::create(rewriter, loc, result, offsets,
                                            sizes, strides)
                 .getResult();
  }
  result = transpose(rewriter, loc, result, invert(match.outPerm));

  // Static extents may have been taken from another operand than the
  // output: cast back to the type the users of the op expect.
  Type outTensorType = out.getType();
  if (auto memrefType = dyn_cast<MemRefType>(outTensorType))
    outTensorType = RankedTensorType::get(memrefType.getShape(),
                                          memrefType.getElementType());
  if (result.getType() != outTensorType)
    result = tensor::CastOp::create(rewriter, loc, outTensorType, result);

  if (match.buffers) {
    // Not `restrict`: the output buffer is also read through a
    // `to_tensor restrict` (the init), and restrict on both would claim that
    // each is the only tensor access to the buffer.
    bufferization::MaterializeInDestinationOp::create(
        rewriter, loc, Type(), result, out, /*restrict=*/false,
        /*writable=*/true);
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, result);
    if (zeroFill && zeroFill->use_empty())
      rewriter.eraseOp(zeroFill);
  }
  return stlMatmul;
}

//===----------------------------------------------------------------------===//
// Pattern and pass
//===----------------------------------------------------------------------===//

/// Ops the rewrite is about: named contractions (matmul, batch_matmul,
/// matvec, ...), linalg.contract, and two-input generics with a reduction.
/// These get a remark when left alone; elementwise generics, fills and the
/// like are not matrix products and are passed over silently.
static bool isMatmulCandidate(linalg::LinalgOp op) {
  if (isa<linalg::ContractionOpInterface, linalg::ContractOp>(
          op.getOperation()))
    return true;
  return isa<linalg::GenericOp>(op.getOperation()) &&
         op.getNumDpsInputs() == 2 && op.getNumDpsInits() == 1 &&
         op.getNumReductionLoops() > 0;
}

namespace {
struct RewriteMatmulPattern : OpInterfaceRewritePattern<linalg::LinalgOp> {
  RewriteMatmulPattern(MLIRContext *context, ControlRewriteMatmulFn control)
      : OpInterfaceRewritePattern(context), control(std::move(control)) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!isMatmulCandidate(op))
      return rewriter.notifyMatchFailure(op, "not a matrix product");
    std::optional<RewriteMatmulOptions> options = control(op);
    if (!options)
      return rewriter.notifyMatchFailure(op, "skipped by the control function");
    return mlir::stl::rewriteMatmulAsSTL(rewriter, op, *options);
  }

private:
  ControlRewriteMatmulFn control;
};

struct STLRewriteMatmulPass
    : public mlir::stl::impl::STLRewriteMatmulBase<STLRewriteMatmulPass> {
  using STLRewriteMatmulBase::STLRewriteMatmulBase;

  /// Resolves the scheme and checks the Brent equations once per pipeline
  /// run (not per op, nor per function when the pass is nested: clones of
  /// the pass share what this computed). A bad scheme is only recorded here
  /// and reported by runOnOperation, at the location of the IR it concerns.
  LogicalResult initialize(MLIRContext *context) override {
    schemeError.clear();
    schemeAttr = nullptr;
    candidates.clear();
    if (scheme == "auto") {
      collectAutoCandidates(context);
      return success();
    }
    if (StringRef(scheme).contains(',')) {
      SmallVector<StringRef> names;
      StringRef(scheme).split(names, ',', -1, /*KeepEmpty=*/false);
      for (StringRef name : names) {
        FailureOr<std::pair<SchemeAttr, bool>> attr =
            resolve(context, name.trim());
        if (failed(attr))
          return success();
        if (!attr->second) {
          schemeError = "stl-rewrite-matmul: candidate scheme '" + name.str() +
                        "' is approximate; lists take exact "
                        "schemes only";
          return success();
        }
        candidates.push_back(attr->first);
      }
      return success();
    }
    FailureOr<std::pair<SchemeAttr, bool>> attr = resolve(context, scheme);
    if (failed(attr))
      return success();
    schemeAttr = attr->first;
    schemeIsExact = attr->second;
    return success();
  }

  /// Resolves and validates one scheme; records the error otherwise. Returns
  /// the attribute and whether it is exact (refusing an approximate one
  /// unless allow-approximate is set).
  FailureOr<std::pair<SchemeAttr, bool>> resolve(MLIRContext *context,
                                                 StringRef name) {
    std::string error;
    FailureOr<ResolvedScheme> resolved = resolveRewriteScheme(
        context, StringAttr::get(context, name), allowApproximate,
        "pass allow-approximate=true", error);
    if (failed(resolved)) {
      schemeError = "stl-rewrite-matmul: " + error;
      return failure();
    }
    return std::make_pair(resolved->attr, resolved->exact);
  }

  /// scheme=auto: every exact library scheme that saves multiplies, and the
  /// Kronecker products of two of them whose tile sides stay at most 9
  /// (exact by construction, e.g. strassen (x) laderman for 6x6x6 tiles).
  void collectAutoCandidates(MLIRContext *context) {
    std::vector<::stl::Scheme> base;
    for (const ::stl::LibraryEntry &entry : ::stl::listLibrarySchemes()) {
      llvm::Expected<::stl::Scheme> s = ::stl::lookupScheme(entry.name);
      if (!s) {
        llvm::consumeError(s.takeError());
        continue;
      }
      if (s->m * s->k * s->n <= s->rank || s->validate() ||
          !::stl::checkBrent(*s).exact)
        continue;
      base.push_back(std::move(*s));
    }
    llvm::StringSet<> seen;
    auto add = [&](const ::stl::Scheme &s) {
      if (seen.insert(s.name).second)
        candidates.push_back(SchemeAttr::get(context, s));
    };
    for (const ::stl::Scheme &s : base)
      add(s);
    for (const ::stl::Scheme &a : base)
      for (const ::stl::Scheme &b : base)
        if (a.m * b.m <= 9 && a.k * b.k <= 9 && a.n * b.n <= 9)
          add(::stl::compose(a, b));
  }

  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *context = &getContext();
    if (!schemeError.empty()) {
      mlir::emitError(root->getLoc()) << schemeError;
      return signalPassFailure();
    }

    RewriteMatmulOptions options;
    options.scheme = schemeAttr;
    options.schemeIsExact = schemeIsExact;
    options.allowApproximate = allowApproximate;
    options.minSize = minSize;
    options.encoding = encodingType;
    options.minSaving = minSaving;
    options.force = force;
    options.candidates = candidates;
    options.target = target;

    SmallVector<linalg::LinalgOp> candidates;
    root->walk([&](linalg::LinalgOp op) {
      if (isMatmulCandidate(op))
        candidates.push_back(op);
    });

    RewriteFailureListener listener;
    IRRewriter rewriter(context, &listener);
    for (linalg::LinalgOp op : candidates) {
      listener.reason.clear();
      rewriter.setInsertionPoint(op);
      if (succeeded(mlir::stl::rewriteMatmulAsSTL(rewriter, op, options))) {
        ++numRewritten;
        continue;
      }
      // At the op's location, without the op attached: a remark per skipped
      // product should not print each one in full.
      mlir::emitRemark(op.getLoc())
          << "not rewritten to STL: " << listener.reason;
      ++numSkipped;
    }
  }

private:
  SchemeAttr schemeAttr;
  bool schemeIsExact = false;
  SmallVector<SchemeAttr> candidates;
  /// Why the scheme cannot be used; empty if it can.
  std::string schemeError;
};
} // namespace

void mlir::stl::populateRewriteMatmulPatterns(
    RewritePatternSet &patterns, const RewriteMatmulOptions &options) {
  populateRewriteMatmulPatterns(
      patterns,
      [options](linalg::LinalgOp) -> std::optional<RewriteMatmulOptions> {
        return options;
      });
}

void mlir::stl::populateRewriteMatmulPatterns(RewritePatternSet &patterns,
                                              ControlRewriteMatmulFn control) {
  patterns.add<RewriteMatmulPattern>(patterns.getContext(), std::move(control));
}
