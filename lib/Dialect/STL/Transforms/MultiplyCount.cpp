//===- MultiplyCount.cpp - Multiplies of a product before and after STL ---===//
//
// The report counts each product once, as the user wrote it: the original
// extents are recovered through the zero pads (and the slice of the result)
// that --stl-rewrite-matmul inserted, whether the product is still one
// stl.matmul or already split into encode / hadamard / decode.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::stl;

/// Product of the static extents of `shape`, or failure if one is dynamic or
/// the product does not fit in 64 bits.
static FailureOr<int64_t> staticProduct(ArrayRef<int64_t> shape) {
  std::optional<int64_t> product = checkedProduct(shape);
  if (!product)
    return failure();
  return *product;
}

/// The shape `value` had before `--stl-rewrite-matmul` zero-padded it.
static ArrayRef<int64_t> getUnpaddedShape(Value value) {
  if (auto pad = value.getDefiningOp<tensor::PadOp>())
    return pad.getSourceType().getShape();
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// The N extent of a product whose (padded) result is `result`: that of the
/// slice taken from it, possibly after one elementwise op (the unscaling of
/// an f16-encoded product), else its own.
static int64_t getUnpaddedCols(Value result) {
  Value value = result;
  if (value.hasOneUse())
    if (auto generic = dyn_cast<linalg::GenericOp>(*value.getUsers().begin());
        generic && generic.getNumResults() == 1 &&
        generic.getNumReductionLoops() == 0)
      value = generic.getResult(0);
  if (value.hasOneUse())
    if (auto slice =
            dyn_cast<tensor::ExtractSliceOp>(*value.getUsers().begin()))
      return slice.getResultType().getShape().back();
  return cast<RankedTensorType>(result.getType()).getShape().back();
}

std::optional<std::string> mlir::stl::getPreEncodedWeight(Operation *op) {
  Value rhs;
  if (auto matmul = dyn_cast<MatmulOp>(op)) {
    if (!matmul.getRhsEncoded())
      return std::nullopt;
    rhs = matmul.getRhs();
  } else if (auto hadamard = dyn_cast<HadamardOp>(op)) {
    rhs = hadamard.getRhs();
  } else {
    return std::nullopt;
  }
  // A weight repeated along batch dimensions is encoded once and broadcast.
  if (auto broadcast = rhs.getDefiningOp<linalg::BroadcastOp>())
    rhs = broadcast.getInput();
  if (!matchPattern(rhs, m_Constant())) {
    if (isa<MatmulOp>(op))
      return std::string();
    return std::nullopt;
  }
  if (auto named =
          rhs.getDefiningOp()->getAttrOfType<StringAttr>(kWeightAttrName))
    return named.getValue().str();
  return std::string();
}

/// Fills the original extents and count from the unpadded lhs shape
/// (batch.., M, K) and N.
static LogicalResult setOriginal(MultiplyCount &count,
                                 ArrayRef<int64_t> lhsShape, int64_t cols) {
  FailureOr<int64_t> batch = staticProduct(lhsShape.drop_back(2));
  FailureOr<int64_t> mk = staticProduct(lhsShape.take_back(2));
  if (failed(batch) || failed(mk) || ShapedType::isDynamic(cols))
    return failure();
  count.batch = *batch;
  count.rows = lhsShape[lhsShape.size() - 2];
  count.inner = lhsShape.back();
  count.cols = cols;
  FailureOr<int64_t> original = staticProduct({*batch, *mk, cols});
  if (failed(original))
    return failure();
  count.original = *original;
  return success();
}

FailureOr<MultiplyCount> mlir::stl::countMultiplies(Operation *op) {
  MultiplyCount count;
  SchemeAttr scheme;
  if (auto matmul = dyn_cast<MatmulOp>(op)) {
    scheme = matmul.getScheme();
    auto lhsType = matmul.getLhs().getType();
    int64_t b = lhsType.getRank() - 2;
    FailureOr<int64_t> batch = staticProduct(lhsType.getShape().take_front(b));
    FailureOr<int64_t> padded = staticProduct(lhsType.getShape().take_back(2));
    int64_t nPadded = matmul.getResult().getType().getDimSize(b + 1);
    if (failed(batch) || failed(padded) || ShapedType::isDynamic(nPadded))
      return failure();
    // The scheme verifier guarantees m*k fits; the rest may not.
    FailureOr<int64_t> stl = staticProduct(
        {*batch, scheme.getRank(), *padded / (scheme.getM() * scheme.getK()),
         nPadded / scheme.getN()});
    if (failed(stl))
      return failure();
    count.stl = *stl;
    std::optional<std::string> weight = getPreEncodedWeight(matmul);
    count.rhsPreEncoded = weight.has_value();
    count.weight = weight.value_or("");
    int64_t cols = matmul.getRhsEncoded()
                       ? getUnpaddedCols(matmul.getResult())
                       : getUnpaddedShape(matmul.getRhs()).back();
    if (failed(setOriginal(count, getUnpaddedShape(matmul.getLhs()), cols)))
      return failure();
  } else if (auto hadamard = dyn_cast<HadamardOp>(op)) {
    // After decomposition the scheme lives on the producers and consumer.
    auto lhsEncode = hadamard.getLhs().getDefiningOp<EncodeOp>();
    if (!lhsEncode)
      return failure();
    scheme = lhsEncode.getScheme();
    auto lhs = hadamard.getLhs().getType();
    auto rhs = hadamard.getRhs().getType();
    FailureOr<int64_t> total = staticProduct(lhs.getShape());
    if (failed(total) || ShapedType::isDynamic(rhs.getShape().back()))
      return failure();
    FailureOr<int64_t> stl = staticProduct({*total, rhs.getShape().back()});
    if (failed(stl))
      return failure();
    count.stl = *stl;
    // N: from the rhs before encoding, or (a pre-encoded rhs) from the
    // decoded result.
    int64_t cols = ShapedType::kDynamic;
    if (auto rhsEncode = hadamard.getRhs().getDefiningOp<EncodeOp>()) {
      cols = getUnpaddedShape(rhsEncode.getInput()).back();
    } else {
      std::optional<std::string> weight = getPreEncodedWeight(hadamard);
      count.rhsPreEncoded = weight.has_value();
      count.weight = weight.value_or("");
      if (hadamard->hasOneUse())
        if (auto decode = dyn_cast<DecodeOp>(*hadamard->getUsers().begin()))
          cols = getUnpaddedCols(decode.getResult());
    }
    if (failed(
            setOriginal(count, getUnpaddedShape(lhsEncode.getInput()), cols)))
      return failure();
  } else {
    return failure();
  }
  count.scheme = scheme.getName().str();
  if (auto selection = op->getAttrOfType<StringAttr>(kSelectionAttrName))
    count.selection = selection.getValue().str();
  count.m = scheme.getM();
  count.k = scheme.getK();
  count.n = scheme.getN();
  count.rank = scheme.getRank();
  return count;
}
