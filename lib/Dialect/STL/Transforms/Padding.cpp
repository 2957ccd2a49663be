//===- Padding.cpp - Extents padded to the tile ---------------------------===//
//
// Zero padding is exact: padded rows of A and columns of B only create
// output entries that are sliced away, and padded K contributes 0 * 0.
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

/// The extent `size` and its padding to a multiple of `tile`. Dynamic
/// extents are always padded (by 0 when they happen to be multiples at run
/// time): divisibility is a precondition of the stl ops.
Extent mlir::stl::detail::makeExtent(OpBuilder &b, Location loc,
                                     OpFoldResult size, int64_t tile) {
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
Value mlir::stl::detail::padTrailing(OpBuilder &b, Location loc, Value value,
                                     const Extent &rows, const Extent &cols,
                                     Value zero) {
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
OpFoldResult
mlir::stl::detail::getExtent(OpBuilder &b, Location loc,
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
linalg::FillOp mlir::stl::detail::getZeroFill(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  if (!fill)
    return nullptr;
  Value fillValue = fill.getDpsInputs()[0];
  if (matchPattern(fillValue, m_PosZeroFloat()) ||
      matchPattern(fillValue, m_Zero()))
    return fill;
  return nullptr;
}
