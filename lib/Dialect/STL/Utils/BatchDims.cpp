//===- BatchDims.cpp - Folding batch dimensions into one ------------------===//

#include "stl/Dialect/STL/Utils/BatchDims.h"
#include "stl/Dialect/STL/Utils/TensorSizes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::stl;

/// [[0, .., rank-3], [rank-2], [rank-1]].
static SmallVector<ReassociationIndices> getBatchFolding(int64_t rank) {
  SmallVector<ReassociationIndices> reassociation(1);
  for (int64_t i = 0; i < rank - 2; ++i)
    reassociation[0].push_back(i);
  reassociation.push_back({rank - 2});
  reassociation.push_back({rank - 1});
  return reassociation;
}

Value mlir::stl::foldBatchDims(OpBuilder &b, Location loc, Value value) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  if (rank == 3)
    return value;
  return tensor::CollapseShapeOp::create(b, loc, value, getBatchFolding(rank));
}

Value mlir::stl::unfoldBatchDims(OpBuilder &b, Location loc, Value product,
                                 Value lhs, RankedTensorType type) {
  int64_t rank = type.getRank();
  if (rank == 3)
    return product;
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, lhs);
  sizes.back() = getTypedSizes(b, loc, product).back();
  // The expansion's type follows the sizes (static where the operands' types
  // are); `type` may know more, e.g. a result batch of 1 for an lhs of ?.
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get(getStaticShape(sizes), type.getElementType()),
      product, getBatchFolding(rank), sizes);
  return castToType(b, loc, expanded, type);
}
