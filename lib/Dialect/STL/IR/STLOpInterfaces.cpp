//===- STLOpInterfaces.cpp - Tiling and shape reification -----------------===//
//
// The iteration domain of each stage counts scheme tiles, not elements:
//
//   stl.encode   (B.., I, J)     tile rows/columns of the input
//   stl.hadamard (B.., r, P, S)  the result's dimensions (the inner Q is
//                                summed inside every tile)
//   stl.decode   (B.., I, L)     tile rows/columns of the output
//
// so every tile size upstream tiling picks covers whole scheme tiles and the
// tiled op is again a valid STL op. The coefficient dimension r of an
// encoding is never split: each coefficient needs the whole input tile, so
// a consumer tile that asks for part of r cannot be fused into.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::stl;

//===----------------------------------------------------------------------===//
// Index arithmetic on OpFoldResults (folded when static)
//===----------------------------------------------------------------------===//

static OpFoldResult mul(OpBuilder &b, Location loc, OpFoldResult v,
                        int64_t factor) {
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return b.getIndexAttr(*c * factor);
  if (factor == 1)
    return v;
  Value f = arith::ConstantIndexOp::create(b, loc, factor);
  return b.createOrFold<arith::MulIOp>(
      loc, getValueOrCreateConstantIndexOp(b, loc, v), f);
}

/// `v / divisor` for a `v` that is a multiple of `divisor` (the verifiers
/// and the tiling below guarantee it).
static OpFoldResult div(OpBuilder &b, Location loc, OpFoldResult v,
                        int64_t divisor) {
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return b.getIndexAttr(*c / divisor);
  if (divisor == 1)
    return v;
  Value d = arith::ConstantIndexOp::create(b, loc, divisor);
  return b.createOrFold<arith::DivUIOp>(
      loc, getValueOrCreateConstantIndexOp(b, loc, v), d);
}

/// Fails unless a static `v` is a multiple of `divisor` (dynamic values are
/// trusted, as the op verifiers trust dynamic extents).
static LogicalResult checkMultiple(OpFoldResult v, int64_t divisor) {
  std::optional<int64_t> c = getConstantIntValue(v);
  return success(!c || *c % divisor == 0);
}

static OpFoldResult dim(OpBuilder &b, Location loc, Value tensor, int64_t d) {
  return tensor::getMixedSize(b, loc, tensor, d);
}

static RankedTensorType tileType(ArrayRef<OpFoldResult> sizes,
                                 Type elementType) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  return RankedTensorType::get(shape, elementType);
}

/// extract_slice with unit strides, recorded in `slices`.
static Value slice(OpBuilder &b, Location loc, Value source,
                   ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes,
                   SmallVectorImpl<Operation *> &slices) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  auto op =
      tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes, strides);
  slices.push_back(op);
  return op;
}

static SmallVector<Range> domainOf(OpBuilder &b, Location loc,
                                   ArrayRef<OpFoldResult> extents) {
  SmallVector<Range> domain;
  for (OpFoldResult e : extents)
    domain.push_back(Range{b.getIndexAttr(0), e, b.getIndexAttr(1)});
  return domain;
}

/// Leading batch offsets or sizes, then the rest.
static SmallVector<OpFoldResult> concat(ArrayRef<OpFoldResult> batch,
                                        ArrayRef<OpFoldResult> rest) {
  SmallVector<OpFoldResult> all(batch);
  all.append(rest.begin(), rest.end());
  return all;
}

static TilingResult tiled(Operation *op, SmallVector<Operation *> slices) {
  return TilingResult{
      {op}, SmallVector<Value>(op->getResults()), std::move(slices)};
}

/// The tiled op that computes a tile of the result: the iteration-domain
/// tile that produces it, tiled.
template <typename OpTy>
static FailureOr<TilingResult>
tileForResult(OpTy op, OpBuilder &b, unsigned resultNumber,
              ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> domainOffsets, domainSizes;
  if (failed(op.getIterationDomainTileFromResultTile(
          b, resultNumber, offsets, sizes, domainOffsets, domainSizes)))
    return failure();
  return op.getTiledImplementation(b, domainOffsets, domainSizes);
}

//===----------------------------------------------------------------------===//
// EncodeOp
//===----------------------------------------------------------------------===//

static int64_t numBatch(EncodeOp op) {
  return op.getInput().getType().getRank() - 2;
}

SmallVector<utils::IteratorType> EncodeOp::getLoopIteratorTypes() {
  return SmallVector<utils::IteratorType>(numBatch(*this) + 2,
                                          utils::IteratorType::parallel);
}

/// Batch extents, then the tile counts along rows and columns of the input.
static SmallVector<OpFoldResult> tileCounts(EncodeOp op, OpBuilder &b) {
  Location loc = op.getLoc();
  int64_t nb = numBatch(op);
  auto [rows, cols] = op.getTileShape();
  SmallVector<OpFoldResult> extents;
  for (int64_t d = 0; d < nb; ++d)
    extents.push_back(dim(b, loc, op.getInput(), d));
  extents.push_back(div(b, loc, dim(b, loc, op.getInput(), nb), rows));
  extents.push_back(div(b, loc, dim(b, loc, op.getInput(), nb + 1), cols));
  return extents;
}

SmallVector<Range> EncodeOp::getIterationDomain(OpBuilder &b) {
  return domainOf(b, getLoc(), tileCounts(*this, b));
}

FailureOr<TilingResult>
EncodeOp::getTiledImplementation(OpBuilder &b, ArrayRef<OpFoldResult> offsets,
                                 ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  int64_t nb = numBatch(*this);
  auto [rows, cols] = getTileShape();
  SmallVector<Operation *> slices;
  Value input = slice(
      b, loc, getInput(),
      concat(offsets.take_front(nb), {mul(b, loc, offsets[nb], rows),
                                      mul(b, loc, offsets[nb + 1], cols)}),
      concat(sizes.take_front(nb),
             {mul(b, loc, sizes[nb], rows), mul(b, loc, sizes[nb + 1], cols)}),
      slices);
  RankedTensorType type = tileType(
      concat(sizes.take_front(nb),
             {b.getIndexAttr(getScheme().getRank()), sizes[nb], sizes[nb + 1]}),
      getType().getElementType());
  return tiled(mlir::clone(b, getOperation(), type, input), slices);
}

LogicalResult EncodeOp::getResultTilePosition(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  int64_t nb = numBatch(*this);
  resultOffsets = concat(offsets.take_front(nb),
                         {b.getIndexAttr(0), offsets[nb], offsets[nb + 1]});
  resultSizes =
      concat(sizes.take_front(nb),
             {b.getIndexAttr(getScheme().getRank()), sizes[nb], sizes[nb + 1]});
  return success();
}

LogicalResult EncodeOp::getIterationDomainTileFromResultTile(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes,
    SmallVectorImpl<OpFoldResult> &iterDomainOffsets,
    SmallVectorImpl<OpFoldResult> &iterDomainSizes) {
  int64_t nb = numBatch(*this);
  // Every coefficient needs the whole input tile: only tiles that keep all
  // r coefficients are computed by a smaller encoding.
  if (getConstantIntValue(offsets[nb]) != 0 ||
      getConstantIntValue(sizes[nb]) != getScheme().getRank())
    return failure();
  iterDomainOffsets.assign(offsets.begin(), offsets.end());
  iterDomainOffsets.erase(iterDomainOffsets.begin() + nb);
  iterDomainSizes.assign(sizes.begin(), sizes.end());
  iterDomainSizes.erase(iterDomainSizes.begin() + nb);
  return success();
}

FailureOr<TilingResult>
EncodeOp::generateResultTileValue(OpBuilder &b, unsigned resultNumber,
                                  ArrayRef<OpFoldResult> offsets,
                                  ArrayRef<OpFoldResult> sizes) {
  return tileForResult(*this, b, resultNumber, offsets, sizes);
}

LogicalResult
EncodeOp::reifyResultShapes(OpBuilder &b,
                            ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  SmallVector<OpFoldResult> shape = tileCounts(*this, b);
  shape.insert(shape.begin() + numBatch(*this),
               b.getIndexAttr(getScheme().getRank()));
  reifiedReturnShapes.push_back(shape);
  return success();
}

//===----------------------------------------------------------------------===//
// HadamardOp
//===----------------------------------------------------------------------===//

static int64_t numBatch(HadamardOp op) {
  return op.getLhs().getType().getRank() - 3;
}

SmallVector<utils::IteratorType> HadamardOp::getLoopIteratorTypes() {
  return SmallVector<utils::IteratorType>(numBatch(*this) + 3,
                                          utils::IteratorType::parallel);
}

/// The result's extents: batch.., r, P (from lhs), S (from rhs).
static SmallVector<OpFoldResult> resultExtents(HadamardOp op, OpBuilder &b) {
  Location loc = op.getLoc();
  int64_t nb = numBatch(op);
  SmallVector<OpFoldResult> extents;
  for (int64_t d = 0; d < nb + 2; ++d)
    extents.push_back(dim(b, loc, op.getLhs(), d));
  extents.push_back(dim(b, loc, op.getRhs(), nb + 2));
  return extents;
}

SmallVector<Range> HadamardOp::getIterationDomain(OpBuilder &b) {
  return domainOf(b, getLoc(), resultExtents(*this, b));
}

FailureOr<TilingResult>
HadamardOp::getTiledImplementation(OpBuilder &b, ArrayRef<OpFoldResult> offsets,
                                   ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  int64_t nb = numBatch(*this);
  OpFoldResult zero = b.getIndexAttr(0);
  SmallVector<Operation *> slices;
  Value lhs =
      slice(b, loc, getLhs(), concat(offsets.take_front(nb + 2), {zero}),
            concat(sizes.take_front(nb + 2), {dim(b, loc, getLhs(), nb + 2)}),
            slices);
  Value rhs = slice(b, loc, getRhs(),
                    concat(offsets.take_front(nb + 1), {zero, offsets[nb + 2]}),
                    concat(sizes.take_front(nb + 1),
                           {dim(b, loc, getRhs(), nb + 1), sizes[nb + 2]}),
                    slices);
  RankedTensorType type = tileType(sizes, getType().getElementType());
  return tiled(mlir::clone(b, getOperation(), type, {lhs, rhs}), slices);
}

LogicalResult HadamardOp::getResultTilePosition(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  resultOffsets.assign(offsets.begin(), offsets.end());
  resultSizes.assign(sizes.begin(), sizes.end());
  return success();
}

LogicalResult HadamardOp::getIterationDomainTileFromResultTile(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes,
    SmallVectorImpl<OpFoldResult> &iterDomainOffsets,
    SmallVectorImpl<OpFoldResult> &iterDomainSizes) {
  iterDomainOffsets.assign(offsets.begin(), offsets.end());
  iterDomainSizes.assign(sizes.begin(), sizes.end());
  return success();
}

FailureOr<TilingResult>
HadamardOp::generateResultTileValue(OpBuilder &b, unsigned resultNumber,
                                    ArrayRef<OpFoldResult> offsets,
                                    ArrayRef<OpFoldResult> sizes) {
  return getTiledImplementation(b, offsets, sizes);
}

LogicalResult HadamardOp::reifyResultShapes(
    OpBuilder &b, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  reifiedReturnShapes.push_back(resultExtents(*this, b));
  return success();
}

//===----------------------------------------------------------------------===//
// DecodeOp
//===----------------------------------------------------------------------===//

static int64_t numBatch(DecodeOp op) {
  return op.getInput().getType().getRank() - 3;
}

SmallVector<utils::IteratorType> DecodeOp::getLoopIteratorTypes() {
  return SmallVector<utils::IteratorType>(numBatch(*this) + 2,
                                          utils::IteratorType::parallel);
}

/// Batch extents, then the output tile counts along rows and columns.
static SmallVector<OpFoldResult> tileCounts(DecodeOp op, OpBuilder &b) {
  int64_t nb = numBatch(op);
  SmallVector<OpFoldResult> extents;
  for (int64_t d = 0; d < nb + 3; ++d)
    if (d != nb)
      extents.push_back(dim(b, op.getLoc(), op.getInput(), d));
  return extents;
}

SmallVector<Range> DecodeOp::getIterationDomain(OpBuilder &b) {
  return domainOf(b, getLoc(), tileCounts(*this, b));
}

LogicalResult DecodeOp::getResultTilePosition(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  Location loc = getLoc();
  int64_t nb = numBatch(*this);
  int64_t m = getScheme().getM(), n = getScheme().getN();
  resultOffsets =
      concat(offsets.take_front(nb),
             {mul(b, loc, offsets[nb], m), mul(b, loc, offsets[nb + 1], n)});
  resultSizes = concat(sizes.take_front(nb), {mul(b, loc, sizes[nb], m),
                                              mul(b, loc, sizes[nb + 1], n)});
  return success();
}

FailureOr<TilingResult>
DecodeOp::getTiledImplementation(OpBuilder &b, ArrayRef<OpFoldResult> offsets,
                                 ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  int64_t nb = numBatch(*this);
  SmallVector<Operation *> slices;
  Value input =
      slice(b, loc, getInput(),
            concat(offsets.take_front(nb),
                   {b.getIndexAttr(0), offsets[nb], offsets[nb + 1]}),
            concat(sizes.take_front(nb), {b.getIndexAttr(getScheme().getRank()),
                                          sizes[nb], sizes[nb + 1]}),
            slices);
  SmallVector<OpFoldResult> outOffsets, outSizes;
  (void)getResultTilePosition(b, 0, offsets, sizes, outOffsets, outSizes);
  SmallVector<Value> operands = {input};
  if (getInit())
    operands.push_back(slice(b, loc, getInit(), outOffsets, outSizes, slices));
  RankedTensorType type = tileType(outSizes, getType().getElementType());
  return tiled(mlir::clone(b, getOperation(), type, operands), slices);
}

LogicalResult DecodeOp::getIterationDomainTileFromResultTile(
    OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes,
    SmallVectorImpl<OpFoldResult> &iterDomainOffsets,
    SmallVectorImpl<OpFoldResult> &iterDomainSizes) {
  Location loc = getLoc();
  int64_t nb = numBatch(*this);
  int64_t m = getScheme().getM(), n = getScheme().getN();
  // Only tiles made of whole m x n output tiles are computed by a smaller
  // decoding.
  if (failed(checkMultiple(offsets[nb], m)) ||
      failed(checkMultiple(sizes[nb], m)) ||
      failed(checkMultiple(offsets[nb + 1], n)) ||
      failed(checkMultiple(sizes[nb + 1], n)))
    return failure();
  iterDomainOffsets.assign(offsets.begin(), offsets.begin() + nb);
  iterDomainOffsets.push_back(div(b, loc, offsets[nb], m));
  iterDomainOffsets.push_back(div(b, loc, offsets[nb + 1], n));
  iterDomainSizes.assign(sizes.begin(), sizes.begin() + nb);
  iterDomainSizes.push_back(div(b, loc, sizes[nb], m));
  iterDomainSizes.push_back(div(b, loc, sizes[nb + 1], n));
  return success();
}

FailureOr<TilingResult>
DecodeOp::generateResultTileValue(OpBuilder &b, unsigned resultNumber,
                                  ArrayRef<OpFoldResult> offsets,
                                  ArrayRef<OpFoldResult> sizes) {
  return tileForResult(*this, b, resultNumber, offsets, sizes);
}

LogicalResult
DecodeOp::reifyResultShapes(OpBuilder &b,
                            ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  // The whole iteration domain's tile of the result.
  SmallVector<OpFoldResult> counts = tileCounts(*this, b);
  SmallVector<OpFoldResult> zeros(counts.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> offsets, shape;
  (void)getResultTilePosition(b, 0, zeros, counts, offsets, shape);
  reifiedReturnShapes.push_back(shape);
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult
MatmulOp::reifyResultShapes(OpBuilder &b,
                            ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  Location loc = getLoc();
  int64_t nb = getNumBatchDims();
  SmallVector<OpFoldResult> shape;
  for (int64_t d = 0; d < nb + 1; ++d)
    shape.push_back(dim(b, loc, getLhs(), d));
  // N: rhs columns, or column tiles * n of a pre-encoded rhs.
  shape.push_back(getRhsEncoded() ? mul(b, loc, dim(b, loc, getRhs(), nb + 2),
                                        getScheme().getN())
                                  : dim(b, loc, getRhs(), nb + 1));
  reifiedReturnShapes.push_back(shape);
  return success();
}
