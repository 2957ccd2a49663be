//===- MatchMatmul.cpp - Which linalg ops are products --------------------===//
//
// Every linalg op that computes C + A*B (linalg.matmul and batch_matmul with
// any indexing maps, linalg.contract, or a linalg.generic contraction) is
// matched structurally: the loops are classified with inferContractionDims
// and the body must be exactly `out + cast(a) * cast(b)`. The match also
// applies the rules that leave a product alone (element types, empty or
// small extents, the profitability rule), each with its reason.
//
//===----------------------------------------------------------------------===//

#include "RewriteMatmulInternal.h"
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

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::detail;

bool mlir::stl::detail::isIdentityPermutation(ArrayRef<int64_t> perm) {
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
FailureOr<MatmulMatch>
mlir::stl::detail::matchMatmul(linalg::LinalgOp op,
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
  // Every operand's shape counts, not the static loop ranges: those take an
  // extent from the first operand that has the dimension, so a K of ? in the
  // lhs hides a K of 0 in a constant rhs (whose padding then did not verify
  // after bufferization).
  if (llvm::any_of(op->getOperandTypes(), [](Type type) {
        auto shaped = dyn_cast<ShapedType>(type);
        return shaped && shaped.hasRank() &&
               llvm::is_contained(shaped.getShape(), 0);
      }))
    return fail("the product is empty (a static extent is 0)");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();

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
    SmallVector<int64_t> batchExtents;
    for (unsigned d : batch)
      batchExtents.push_back(ranges[d]);
    std::optional<int64_t> batchSizeOr = checkedProduct(batchExtents);
    int64_t rows = ranges[rowsLoop], cols = ranges[colsLoop], inner = ranges[k];
    std::optional<int64_t> original, stl;
    if (batchSizeOr) {
      original = checkedProduct({*batchSizeOr, rows, inner, cols});
      stl = checkedProduct({*batchSizeOr, scheme.getRank(),
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

/// Ops the rewrite is about: named contractions (matmul, batch_matmul,
/// matvec, ...), linalg.contract, and two-input generics with a reduction.
/// These get a remark when left alone; elementwise generics, fills and the
/// like are not matrix products and are passed over silently.
bool mlir::stl::detail::isMatmulCandidate(linalg::LinalgOp op) {
  if (isa<linalg::ContractionOpInterface, linalg::ContractOp>(
          op.getOperation()))
    return true;
  return isa<linalg::GenericOp>(op.getOperation()) &&
         op.getNumDpsInputs() == 2 && op.getNumDpsInits() == 1 &&
         op.getNumReductionLoops() > 0;
}
