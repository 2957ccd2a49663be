//===- MultiplyCount.cpp - Multiplies of a product before and after STL ---===//

#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::stl;

/// Product of the static extents of `shape`, or failure if one is dynamic or
/// the product does not fit in 64 bits.
static FailureOr<int64_t> staticProduct(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      return failure();
    std::optional<int64_t> next = llvm::checkedMul(p, d);
    if (!next)
      return failure();
    p = *next;
  }
  return p;
}

/// The shape `value` had before `--stl-rewrite-matmul` zero-padded it: the
/// report counts the product as the user wrote it.
static ArrayRef<int64_t> getUnpaddedShape(Value value) {
  if (auto pad = value.getDefiningOp<tensor::PadOp>())
    return pad.getSourceType().getShape();
  return cast<RankedTensorType>(value.getType()).getShape();
}

FailureOr<MultiplyCount> mlir::stl::countMultiplies(Operation *op) {
  MultiplyCount count;
  SchemeAttr scheme;
  RankedTensorType encodedLhs, encodedRhs;
  ArrayRef<int64_t> lhsShape, resultShape;
  if (auto matmul = dyn_cast<MatmulOp>(op)) {
    scheme = matmul.getScheme();
    lhsShape = getUnpaddedShape(matmul.getLhs());
    resultShape = matmul.getResult().getType().getShape();
    // A result sliced back from a padded product has the unpadded N.
    if (matmul->hasOneUse())
      if (auto slice =
              dyn_cast<tensor::ExtractSliceOp>(*matmul->getUsers().begin()))
        resultShape = slice.getResultType().getShape();
    auto lhsType = matmul.getLhs().getType();
    int64_t b = lhsType.getRank() - 2;
    auto batch = staticProduct(lhsType.getShape().take_front(b));
    auto padded = staticProduct(lhsType.getShape().take_back(2));
    auto nPadded = matmul.getResult().getType().getDimSize(b + 1);
    if (failed(batch) || failed(padded) || ShapedType::isDynamic(nPadded))
      return failure();
    // The scheme verifier guarantees m*k fits; the rest may not.
    auto stl = staticProduct({*batch, scheme.getRank(),
                              *padded / (scheme.getM() * scheme.getK()),
                              nPadded / scheme.getN()});
    auto mk = staticProduct(lhsShape.take_back(2));
    int64_t n = resultShape.back();
    if (failed(stl) || failed(mk) || ShapedType::isDynamic(n))
      return failure();
    auto original = staticProduct({*batch, *mk, n});
    if (failed(original))
      return failure();
    count.stl = *stl;
    count.original = *original;
  } else if (auto hadamard = dyn_cast<HadamardOp>(op)) {
    // After decomposition the scheme lives on the producers and consumer.
    auto encode = hadamard.getLhs().getDefiningOp<EncodeOp>();
    if (!encode)
      return failure();
    scheme = encode.getScheme();
    auto lhs = hadamard.getLhs().getType();
    auto rhs = hadamard.getRhs().getType();
    auto total = staticProduct(lhs.getShape());
    if (failed(total) || ShapedType::isDynamic(rhs.getShape().back()))
      return failure();
    auto stl = staticProduct({*total, rhs.getShape().back()});
    if (failed(stl))
      return failure();
    auto original = staticProduct(
        {*stl / scheme.getRank(), scheme.getM(), scheme.getK(), scheme.getN()});
    if (failed(original))
      return failure();
    count.stl = *stl;
    count.original = *original;
  } else {
    return failure();
  }
  count.scheme = scheme.getName().str();
  count.m = scheme.getM();
  count.k = scheme.getK();
  count.n = scheme.getN();
  count.rank = scheme.getRank();
  return count;
}
