//===- STLOps.cpp - Strassen-Tile operations ------------------------------===//
//
// Verifiers name the operand, the dimension and the value they expected, so
// that a user reading the diagnostic knows which shape to fix.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <tuple>

using namespace mlir;
using namespace mlir::stl;

namespace {
/// Checks the shapes of one STL op and reports the first mismatch.
class ShapeChecker {
public:
  explicit ShapeChecker(Operation *op) : op(op) {}

  /// `actual` (dimension `dim` of `operand`) must equal `expected`, which the
  /// message explains with `why`. Dynamic extents are checked at run time.
  LogicalResult equal(StringRef operand, int64_t dim, int64_t actual,
                      int64_t expected, const Twine &why) {
    if (ShapedType::isDynamic(actual) || ShapedType::isDynamic(expected) ||
        actual == expected)
      return success();
    return op->emitOpError()
           << operand << " dimension " << dim << " is " << actual
           << ", expected " << expected << " (" << why << ")";
  }

  /// A static `extent` must be a multiple of the tile's `tileName` extent.
  LogicalResult divisible(StringRef operand, int64_t dim, int64_t extent,
                          StringRef dimName, int64_t tile, StringRef tileName,
                          SchemeAttr scheme) {
    if (ShapedType::isDynamic(extent) || extent % tile == 0)
      return success();
    return op->emitOpError()
           << operand << " dimension " << dim << " (" << dimName << " = "
           << extent << ") is not divisible by the tile's " << tileName << " = "
           << tile << " of scheme '" << scheme.getName() << "'";
  }

  /// Leading batch dimensions must agree between `a` and `b`.
  LogicalResult batch(StringRef aName, RankedTensorType a, StringRef bName,
                      RankedTensorType b, int64_t numBatch) {
    for (int64_t d = 0; d < numBatch; ++d) {
      int64_t x = a.getDimSize(d), y = b.getDimSize(d);
      if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
        return op->emitOpError()
               << "batch dimension " << d << " differs: " << aName << " has "
               << x << ", " << bName << " has " << y;
    }
    return success();
  }

  LogicalResult rank(StringRef operand, RankedTensorType type, int64_t expected,
                     const Twine &why) {
    if (type.getRank() == expected)
      return success();
    return op->emitOpError() << operand << " has rank " << type.getRank()
                             << ", expected " << expected << " (" << why << ")";
  }

  LogicalResult minRank(StringRef operand, RankedTensorType type, int64_t min,
                        StringRef what) {
    if (type.getRank() >= min)
      return success();
    return op->emitOpError()
           << operand << " has rank " << type.getRank()
           << ", expected at least " << min << " (" << what << ")";
  }

  /// Float and integer element types do not mix; integers need a scheme
  /// whose coefficients are integers.
  LogicalResult sameKind(StringRef aName, Type a, StringRef bName, Type b) {
    if (isa<FloatType>(a) == isa<FloatType>(b))
      return success();
    return op->emitOpError()
           << aName << " element type " << a << " and " << bName
           << " element type " << b << " must both be floats or both integers";
  }

  LogicalResult integerScheme(Type elementType, SchemeAttr scheme) {
    if (!isa<IntegerType>(elementType) || scheme.hasIntegerCoefficients())
      return success();
    return op->emitOpError()
           << "integer element type " << elementType << " needs a scheme with "
           << "integer coefficients; scheme '" << scheme.getName()
           << "' has fractional ones";
  }

private:
  Operation *op;
};
} // namespace

//===----------------------------------------------------------------------===//
// EncodeOp
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> EncodeOp::getTileShape() {
  SchemeAttr s = getScheme();
  if (getSide() == Side::lhs)
    return {s.getM(), s.getK()};
  return {s.getK(), s.getN()};
}

RankedTensorType EncodeOp::inferResultType(RankedTensorType input, Side side,
                                           SchemeAttr scheme,
                                           Type elementType) {
  int64_t rows = side == Side::lhs ? scheme.getM() : scheme.getK();
  int64_t cols = side == Side::lhs ? scheme.getK() : scheme.getN();
  auto div = [](int64_t extent, int64_t tile) {
    return ShapedType::isDynamic(extent) ? extent : extent / tile;
  };
  int64_t rank = input.getRank();
  SmallVector<int64_t> shape(input.getShape().drop_back(2));
  shape.push_back(scheme.getRank());
  shape.push_back(div(input.getDimSize(rank - 2), rows));
  shape.push_back(div(input.getDimSize(rank - 1), cols));
  return RankedTensorType::get(shape, elementType);
}

LogicalResult EncodeOp::verify() {
  ShapeChecker check(*this);
  auto in = getInput().getType();
  auto out = getResult().getType();
  SchemeAttr scheme = getScheme();
  bool lhs = getSide() == Side::lhs;
  if (failed(check.minRank("input", in, 2,
                           "a matrix with optional batch "
                           "dimensions")) ||
      failed(check.rank("result", out, in.getRank() + 1,
                        "input rank + 1 for the scheme's rank dimension")))
    return failure();
  int64_t b = in.getRank() - 2;
  auto [tileRows, tileCols] = getTileShape();
  StringRef rowsName = lhs ? "M" : "K", colsName = lhs ? "K" : "N";
  StringRef tileRowsName = lhs ? "m" : "k", tileColsName = lhs ? "k" : "n";
  int64_t rows = in.getDimSize(b), cols = in.getDimSize(b + 1);
  auto perTile = [](int64_t extent, int64_t tile) {
    return ShapedType::isDynamic(extent) ? extent : extent / tile;
  };
  if (failed(check.batch("input", in, "result", out, b)) ||
      failed(check.divisible("input", b, rows, rowsName, tileRows, tileRowsName,
                             scheme)) ||
      failed(check.divisible("input", b + 1, cols, colsName, tileCols,
                             tileColsName, scheme)) ||
      failed(check.equal("result", b, out.getDimSize(b), scheme.getRank(),
                         "the rank of scheme '" + scheme.getName() + "'")) ||
      failed(check.equal("result", b + 1, out.getDimSize(b + 1),
                         perTile(rows, tileRows),
                         Twine(rowsName) + " / " + tileRowsName)) ||
      failed(check.equal("result", b + 2, out.getDimSize(b + 2),
                         perTile(cols, tileCols),
                         Twine(colsName) + " / " + tileColsName)) ||
      failed(check.sameKind("input", in.getElementType(), "result",
                            out.getElementType())) ||
      failed(check.integerScheme(in.getElementType(), scheme)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// HadamardOp
//===----------------------------------------------------------------------===//

LogicalResult HadamardOp::verify() {
  ShapeChecker check(*this);
  auto lhs = getLhs().getType(), rhs = getRhs().getType();
  auto out = getResult().getType();
  if (failed(check.minRank("lhs", lhs, 3, "rank x tile rows x tile columns")))
    return failure();
  int64_t r = lhs.getRank();
  if (failed(check.rank("rhs", rhs, r, "the lhs rank")) ||
      failed(check.rank("result", out, r, "the lhs rank")))
    return failure();
  int64_t b = r - 3;
  if (failed(check.batch("lhs", lhs, "rhs", rhs, b)) ||
      failed(check.batch("lhs", lhs, "result", out, b)) ||
      failed(check.equal("rhs", b, rhs.getDimSize(b), lhs.getDimSize(b),
                         "the scheme rank, lhs dimension " + Twine(b))) ||
      failed(check.equal(
          "rhs", b + 1, rhs.getDimSize(b + 1), lhs.getDimSize(b + 2),
          "the inner tile count, lhs dimension " + Twine(b + 2))) ||
      failed(check.equal("result", b, out.getDimSize(b), lhs.getDimSize(b),
                         "the scheme rank, lhs dimension " + Twine(b))) ||
      failed(check.equal("result", b + 1, out.getDimSize(b + 1),
                         lhs.getDimSize(b + 1),
                         "lhs dimension " + Twine(b + 1))) ||
      failed(check.equal("result", b + 2, out.getDimSize(b + 2),
                         rhs.getDimSize(b + 2),
                         "rhs dimension " + Twine(b + 2))))
    return failure();
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError() << "lhs element type " << lhs.getElementType()
                         << " and rhs element type " << rhs.getElementType()
                         << " must be equal";
  return check.sameKind("operand", lhs.getElementType(), "result",
                        out.getElementType());
}

//===----------------------------------------------------------------------===//
// DecodeOp
//===----------------------------------------------------------------------===//

LogicalResult DecodeOp::verify() {
  ShapeChecker check(*this);
  auto in = getInput().getType();
  auto out = getResult().getType();
  SchemeAttr scheme = getScheme();
  if (failed(
          check.minRank("input", in, 3, "rank x row tiles x column tiles")) ||
      failed(check.rank("result", out, in.getRank() - 1,
                        "input rank - 1: the scheme's rank dimension is "
                        "summed away")))
    return failure();
  int64_t b = in.getRank() - 3;
  // Tile counts times tile extents: both are user input.
  for (auto [dim, tile, name] :
       {std::tuple<int64_t, int64_t, StringRef>{b + 1, scheme.getM(), "m"},
        {b + 2, scheme.getN(), "n"}}) {
    int64_t extent = in.getDimSize(dim);
    if (!ShapedType::isDynamic(extent) && !checkedProduct({extent, tile}))
      return emitOpError() << "input dimension " << dim << " (" << extent
                           << ") * tile " << name << " (" << tile
                           << ") overflows 64 bits";
  }
  auto times = [](int64_t extent, int64_t tile) {
    return ShapedType::isDynamic(extent) ? extent : extent * tile;
  };
  if (failed(check.batch("input", in, "result", out, b)) ||
      failed(check.equal("input", b, in.getDimSize(b), scheme.getRank(),
                         "the rank of scheme '" + scheme.getName() + "'")) ||
      failed(check.equal("result", b, out.getDimSize(b),
                         times(in.getDimSize(b + 1), scheme.getM()),
                         "input dimension " + Twine(b + 1) + " * tile m")) ||
      failed(check.equal("result", b + 1, out.getDimSize(b + 1),
                         times(in.getDimSize(b + 2), scheme.getN()),
                         "input dimension " + Twine(b + 2) + " * tile n")) ||
      failed(check.sameKind("input", in.getElementType(), "result",
                            out.getElementType())) ||
      failed(check.integerScheme(in.getElementType(), scheme)))
    return failure();
  if (getInit() && getInit().getType() != out)
    return emitOpError() << "init type " << getInit().getType()
                         << " must equal the result type " << out;
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

Type MatmulOp::getAccumulatorType() {
  if (std::optional<Type> acc = getAccType())
    return *acc;
  return getResult().getType().getElementType();
}

LogicalResult MatmulOp::verify() {
  ShapeChecker check(*this);
  auto lhs = getLhs().getType(), rhs = getRhs().getType();
  auto out = getResult().getType();
  SchemeAttr scheme = getScheme();
  bool encoded = getRhsEncoded();
  if (failed(check.minRank("lhs", lhs, 2,
                           "a matrix with optional batch "
                           "dimensions")))
    return failure();
  int64_t b = lhs.getRank() - 2;
  if (failed(check.rank("rhs", rhs, lhs.getRank() + (encoded ? 1 : 0),
                        encoded ? "an encoded rhs is rank x K/k x N/n"
                                : "the lhs rank")) ||
      failed(check.rank("result", out, lhs.getRank(), "the lhs rank")) ||
      failed(check.batch("lhs", lhs, "rhs", rhs, b)) ||
      failed(check.batch("lhs", lhs, "result", out, b)))
    return failure();
  int64_t m = scheme.getM(), k = scheme.getK(), n = scheme.getN();
  int64_t mDim = lhs.getDimSize(b), kDim = lhs.getDimSize(b + 1);
  auto div = [](int64_t extent, int64_t tile) {
    return ShapedType::isDynamic(extent) ? extent : extent / tile;
  };
  if (failed(check.divisible("lhs", b, mDim, "M", m, "m", scheme)) ||
      failed(check.divisible("lhs", b + 1, kDim, "K", k, "k", scheme)) ||
      failed(check.equal("result", b, out.getDimSize(b), mDim,
                         "lhs dimension " + Twine(b))))
    return failure();
  if (encoded) {
    if (failed(check.equal("rhs", b, rhs.getDimSize(b), scheme.getRank(),
                           "the rank of scheme '" + scheme.getName() + "'")) ||
        failed(check.equal("rhs", b + 1, rhs.getDimSize(b + 1), div(kDim, k),
                           "K / k")) ||
        failed(check.divisible("result", b + 1, out.getDimSize(b + 1), "N", n,
                               "n", scheme)) ||
        failed(check.equal("rhs", b + 2, rhs.getDimSize(b + 2),
                           div(out.getDimSize(b + 1), n), "N / n")))
      return failure();
  } else {
    if (failed(check.equal("rhs", b, rhs.getDimSize(b), kDim,
                           "the lhs's K, dimension " + Twine(b + 1))) ||
        failed(check.divisible("rhs", b + 1, rhs.getDimSize(b + 1), "N", n, "n",
                               scheme)) ||
        failed(check.equal("result", b + 1, out.getDimSize(b + 1),
                           rhs.getDimSize(b + 1),
                           "rhs dimension " + Twine(b + 1))))
      return failure();
  }
  Type acc = getAccumulatorType();
  // Both operands feed one Hadamard product, which multiplies a single
  // operand type (what a TensorCore instruction takes).
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError() << "lhs element type " << lhs.getElementType()
                         << " and rhs element type " << rhs.getElementType()
                         << " must be equal";
  if (failed(check.sameKind("lhs", lhs.getElementType(), "accumulator", acc)) ||
      failed(check.sameKind("lhs", lhs.getElementType(), "result",
                            out.getElementType())) ||
      failed(check.integerScheme(lhs.getElementType(), scheme)))
    return failure();
  if (getInit() && getInit().getType() != out)
    return emitOpError() << "init type " << getInit().getType()
                         << " must equal the result type " << out;
  return success();
}

#define GET_OP_CLASSES
#include "stl/Dialect/STL/IR/STLOps.cpp.inc"
