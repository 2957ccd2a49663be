//===- TensorSizes.cpp - Sizes that agree with a tensor's type ------------===//

#include "stl/Dialect/STL/Utils/TensorSizes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

SmallVector<OpFoldResult> mlir::stl::getTypedSizes(OpBuilder &b, Location loc,
                                                   Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0, rank = type.getRank(); d < rank; ++d) {
    if (type.isDynamicDim(d))
      sizes.push_back(tensor::DimOp::create(b, loc, value, d).getResult());
    else
      sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
  }
  return sizes;
}

SmallVector<int64_t> mlir::stl::getStaticShape(ArrayRef<OpFoldResult> sizes) {
  return decomposeMixedValues(sizes).first;
}

Value mlir::stl::castToType(OpBuilder &b, Location loc, Value value,
                            Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}
