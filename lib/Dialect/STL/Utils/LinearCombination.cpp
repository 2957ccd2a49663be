//===- LinearCombination.cpp - Scheme rows as arith ops -------------------===//

#include "stl/Dialect/STL/Utils/LinearCombination.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::stl;

/// The constant `c` of `type` (a float or integer type, or a vector of one).
static Value createConstant(OpBuilder &b, Location loc, Type type, double c) {
  Type elementType = getElementTypeOrSelf(type);
  TypedAttr scalar;
  if (isa<FloatType>(elementType))
    scalar = b.getFloatAttr(elementType, c);
  else
    scalar = b.getIntegerAttr(elementType, static_cast<int64_t>(c));
  if (auto vectorType = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType, Attribute(scalar)));
  return arith::ConstantOp::create(b, loc, scalar);
}

Value mlir::stl::buildLinearCombination(OpBuilder &b, Location loc, Type type,
                                        ArrayRef<double> coeffs,
                                        ArrayRef<Value> values, Value initial) {
  assert(coeffs.size() == values.size() && "one value per coefficient");
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(type));
  auto add = [&](Value x, Value y) -> Value {
    if (isFloat)
      return arith::AddFOp::create(b, loc, x, y);
    return arith::AddIOp::create(b, loc, x, y);
  };
  auto sub = [&](Value x, Value y) -> Value {
    if (isFloat)
      return arith::SubFOp::create(b, loc, x, y);
    return arith::SubIOp::create(b, loc, x, y);
  };
  auto mul = [&](double c, Value x) -> Value {
    Value cst = createConstant(b, loc, type, c);
    if (isFloat)
      return arith::MulFOp::create(b, loc, cst, x);
    return arith::MulIOp::create(b, loc, cst, x);
  };

  Value acc = initial;
  for (auto [c, v] : llvm::zip_equal(coeffs, values)) {
    if (c == 0.0)
      continue;
    if (!acc)
      acc = c == 1.0               ? v
            : c == -1.0 && isFloat ? arith::NegFOp::create(b, loc, v)
                                   : mul(c, v);
    else if (c == 1.0)
      acc = add(acc, v);
    else if (c == -1.0)
      acc = sub(acc, v);
    else
      acc = add(acc, mul(c, v));
  }
  return acc ? acc : createConstant(b, loc, type, 0.0);
}

Value mlir::stl::castElements(OpBuilder &b, Location loc, Value value,
                              Type elementType) {
  Type type = value.getType();
  Type from = getElementTypeOrSelf(type);
  if (from == elementType)
    return value;
  Type to = elementType;
  if (auto vectorType = dyn_cast<VectorType>(type))
    to = vectorType.clone(elementType);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = elementType.getIntOrFloatBitWidth();
  if (isa<FloatType>(from)) {
    assert(isa<FloatType>(elementType) && "float to float only");
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  assert(isa<IntegerType>(elementType) && "integer to integer only");
  if (fromWidth < toWidth)
    return arith::ExtSIOp::create(b, loc, to, value);
  return arith::TruncIOp::create(b, loc, to, value);
}

Type mlir::stl::getDecodeAccumulationType(Type inputType, Type resultType) {
  Type accType = getAccumulationType(inputType);
  if (isa<FloatType>(accType) &&
      resultType.getIntOrFloatBitWidth() > accType.getIntOrFloatBitWidth())
    return resultType;
  return accType;
}

Type mlir::stl::getAccumulationType(Type elementType) {
  if (auto f = dyn_cast<FloatType>(elementType); f && f.getWidth() < 32)
    return Float32Type::get(elementType.getContext());
  return elementType;
}
