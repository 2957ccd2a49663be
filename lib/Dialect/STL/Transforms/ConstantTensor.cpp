//===- ConstantTensor.cpp - Values of compile-time constant tensors -------===//
//
// Frontends rarely hand a weight straight to a product: torch-mlir stores it
// as a dense_resource blob and reaches the product through a transpose
// (nn.Linear), reshapes (einsum, 3-D activations), a broadcast to the batch
// (bmm of an expanded weight) or a widening cast (a 16-bit weight of a
// product accumulated in f32), often as yield-only or one-cast
// linalg.generic ops. Each of these rearranges or converts elements only, so
// the value is computed at compile time; rearrangements work on the raw
// element bytes, without building an attribute per element.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cstring>

using namespace mlir;
using namespace mlir::stl;

namespace {
/// One op between a constant and its use that rearranges or converts its
/// elements.
struct Step {
  enum Kind { Reshape, Gather, Pad, Convert } kind;
  Value source;
  /// Gather: for each source dimension, the result dimension whose index it
  /// takes, or -1 where the source dimension has extent 1 (index 0).
  SmallVector<int64_t> sourceDims;
  /// How a report names the step.
  std::string label;
};
} // namespace

/// `generic` copies its only input into its only init through a projected
/// permutation (a broadcast, transpose or both, as torch-mlir writes them):
/// for each input dimension, the result dimension it reads.
static std::optional<SmallVector<int64_t>>
matchCopyGeneric(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      !generic.hasPureTensorSemantics() ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return std::nullopt;
  Block &body = generic.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 || !yield ||
      yield.getNumOperands() != 1 || yield.getOperand(0) != body.getArgument(0))
    return std::nullopt;
  AffineMap in = generic.getIndexingMapsArray()[0];
  AffineMap out = generic.getIndexingMapsArray()[1];
  if (!out.isPermutation() ||
      !in.isProjectedPermutation(/*allowZeroInResults=*/true))
    return std::nullopt;
  // Loop d writes result dimension resultDimOfLoop[d].
  SmallVector<int64_t> resultDimOfLoop(out.getNumDims());
  for (unsigned r = 0; r < out.getNumResults(); ++r)
    resultDimOfLoop[out.getDimPosition(r)] = r;
  SmallVector<int64_t> sourceDims;
  for (AffineExpr e : in.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      sourceDims.push_back(resultDimOfLoop[dim.getPosition()]);
    else
      sourceDims.push_back(-1); // The constant 0 of a size-1 dimension.
  }
  return sourceDims;
}

/// `generic` converts its only input elementwise with one cast (torch-mlir
/// widens a 16-bit weight to f32 this way before a product with an f32
/// accumulator): the cast.
static Operation *matchConvertGeneric(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      !generic.hasPureTensorSemantics() ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return nullptr;
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return nullptr;
  Operation *cast = &body.front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!isa<arith::ExtFOp, arith::TruncFOp, arith::ExtSIOp, arith::ExtUIOp,
           arith::TruncIOp>(cast) ||
      cast->getOperand(0) != body.getArgument(0) || !yield ||
      yield.getNumOperands() != 1 || yield.getOperand(0) != cast->getResult(0))
    return nullptr;
  // Constants are rounded to nearest even; another mode is left to run time.
  if (auto trunc = dyn_cast<arith::TruncFOp>(cast);
      trunc && trunc.getRoundingmode() &&
      *trunc.getRoundingmode() != arith::RoundingMode::to_nearest_even)
    return nullptr;
  return cast;
}

/// `source` converted elementwise to `resultType` as `cast` converts one
/// element (float rounding to nearest even, as arith.truncf does).
static FailureOr<DenseElementsAttr> convertConstant(DenseElementsAttr source,
                                                    RankedTensorType resultType,
                                                    Operation *cast) {
  Type to = resultType.getElementType();
  if (auto floatType = dyn_cast<FloatType>(to)) {
    if (!isa<FloatType>(source.getElementType()))
      return failure();
    SmallVector<APFloat> values;
    for (APFloat v : source.getValues<APFloat>()) {
      bool lost;
      v.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      values.push_back(v);
    }
    return DenseElementsAttr::get(resultType, values);
  }
  if (!isa<IntegerType>(source.getElementType()))
    return failure();
  unsigned width = to.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  for (const APInt &v : source.getValues<APInt>())
    values.push_back(isa<arith::ExtSIOp>(cast)   ? v.sext(width)
                     : isa<arith::ExtUIOp>(cast) ? v.zext(width)
                                                 : v.trunc(width));
  return DenseElementsAttr::get(resultType, values);
}

static std::optional<Step> getStep(Operation *def) {
  if (!def)
    return std::nullopt;
  Step step;
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(def)) {
    step.kind = Step::Reshape;
    step.source = def->getOperand(0);
    step.label = def->getName().getStringRef().str();
    return step;
  }
  if (auto transpose = dyn_cast<linalg::TransposeOp>(def)) {
    if (!transpose.hasPureTensorSemantics())
      return std::nullopt;
    ArrayRef<int64_t> perm = transpose.getPermutation();
    step.kind = Step::Gather;
    step.source = transpose.getInput();
    // Result dimension d is source dimension perm[d].
    step.sourceDims.assign(perm.size(), 0);
    for (auto [d, p] : llvm::enumerate(perm))
      step.sourceDims[p] = d;
    step.label = "linalg.transpose";
    return step;
  }
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(def)) {
    if (!broadcast.hasPureTensorSemantics())
      return std::nullopt;
    ArrayRef<int64_t> added = broadcast.getDimensions();
    int64_t rank = broadcast.getInit().getType().getRank();
    step.kind = Step::Gather;
    step.source = broadcast.getInput();
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(added, d))
        step.sourceDims.push_back(d);
    step.label = "linalg.broadcast";
    return step;
  }
  if (auto generic = dyn_cast<linalg::GenericOp>(def);
      generic && matchConvertGeneric(generic)) {
    step.kind = Step::Convert;
    step.source = generic.getDpsInputs()[0];
    step.label = "linalg.generic (" +
                 matchConvertGeneric(generic)->getName().getStringRef().str() +
                 ")";
    return step;
  }
  if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    std::optional<SmallVector<int64_t>> dims = matchCopyGeneric(generic);
    if (!dims)
      return std::nullopt;
    step.kind = Step::Gather;
    step.source = generic.getDpsInputs()[0];
    step.sourceDims = std::move(*dims);
    int64_t rank = generic.getNumLoops();
    bool broadcasts = int64_t(step.sourceDims.size()) < rank ||
                      llvm::is_contained(step.sourceDims, -1);
    bool permutes = !llvm::is_sorted(step.sourceDims);
    step.label = std::string("linalg.generic (") +
                 (broadcasts && permutes ? "broadcast, transpose"
                  : broadcasts           ? "broadcast"
                  : permutes             ? "transpose"
                                         : "copy") +
                 ")";
    return step;
  }
  // The zero padding --stl-rewrite-matmul adds (any constant padding value
  // with zero low padding is evaluated the same way).
  if (auto pad = dyn_cast<tensor::PadOp>(def)) {
    if (!pad.getConstantPaddingValue() ||
        !matchPattern(pad.getConstantPaddingValue(), m_Constant()) ||
        llvm::any_of(pad.getStaticLow(), [](int64_t v) { return v != 0; }))
      return std::nullopt;
    step.kind = Step::Pad;
    step.source = pad.getSource();
    step.label = "tensor.pad";
    return step;
  }
  return std::nullopt;
}

/// Bytes per element of the types whose raw data is one element after
/// another (not i1, which is bit-packed).
static std::optional<int64_t> getElementBytes(Type type) {
  if (!type.isIntOrFloat() || type.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return type.getIntOrFloatBitWidth() / 8;
}

/// Calls `fn(index, offset)` for every multi-index of `shape` in row-major
/// order, with offset = sum index[d] * strides[d].
template <typename Fn>
static void forEachIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> strides,
                         Fn fn) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  SmallVector<int64_t> index(shape.size(), 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    fn(i, offset);
    // Odometer increment, updating the offset incrementally.
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      offset += strides[d];
      if (++index[d] < shape[d])
        break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

FailureOr<DenseElementsAttr>
mlir::stl::gatherConstantTensor(DenseElementsAttr source,
                                RankedTensorType resultType,
                                ArrayRef<int64_t> sourceDims) {
  if (source.isSplat())
    return DenseElementsAttr::get(resultType,
                                  source.getSplatValue<Attribute>());
  std::optional<int64_t> bytes = getElementBytes(resultType.getElementType());
  if (!bytes)
    return failure();
  // Result dimension r advances the source offset by resultStrides[r].
  SmallVector<int64_t> sourceStrides =
      computeStrides(source.getType().getShape());
  SmallVector<int64_t> resultStrides(resultType.getRank(), 0);
  for (auto [j, r] : llvm::enumerate(sourceDims))
    if (r >= 0)
      resultStrides[r] += sourceStrides[j];
  ArrayRef<char> in = source.getRawData();
  SmallVector<char> out(resultType.getNumElements() * *bytes);
  forEachIndex(resultType.getShape(), resultStrides,
               [&](int64_t i, int64_t offset) {
                 std::memcpy(&out[i * *bytes], &in[offset * *bytes], *bytes);
               });
  return DenseElementsAttr::getFromRawBuffer(resultType, out);
}

static FailureOr<DenseElementsAttr> padConstant(DenseElementsAttr source,
                                                RankedTensorType resultType,
                                                TypedAttr padValue) {
  std::optional<int64_t> bytes = getElementBytes(resultType.getElementType());
  if (!bytes || padValue.getType() != resultType.getElementType())
    return failure();
  ArrayRef<char> fill =
      DenseElementsAttr::get(RankedTensorType::get({1}, padValue.getType()),
                             padValue)
          .getRawData();
  SmallVector<char> out(resultType.getNumElements() * *bytes);
  for (int64_t i = 0, e = resultType.getNumElements(); i < e; ++i)
    std::memcpy(&out[i * *bytes], fill.data(), *bytes);
  // Source element i lands at the same multi-index of the result.
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> resultStrides = computeStrides(resultType.getShape());
  bool splat = source.isSplat();
  ArrayRef<char> in = source.getRawData();
  forEachIndex(
      sourceType.getShape(), resultStrides, [&](int64_t i, int64_t offset) {
        std::memcpy(&out[offset * *bytes], &in[splat ? 0 : i * *bytes], *bytes);
      });
  return DenseElementsAttr::getFromRawBuffer(resultType, out);
}

bool mlir::stl::fitsElementBudget(ShapedType type, int64_t maxElements) {
  if (!type.hasStaticShape())
    return false;
  std::optional<int64_t> elements = checkedProduct(type.getShape());
  return elements && *elements <= maxElements;
}

FailureOr<DenseElementsAttr>
mlir::stl::evaluateConstantTensor(Value value, int64_t maxElements) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !fitsElementBudget(type, maxElements))
    return failure();
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr))) {
    if (auto dense = dyn_cast<DenseElementsAttr>(attr))
      return dense;
    // torch-mlir's weights: a blob in the module's resources.
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      std::optional<int64_t> bytes = getElementBytes(type.getElementType());
      if (!blob || !bytes)
        return failure();
      ArrayRef<char> data = blob->getData();
      if (int64_t(data.size()) != type.getNumElements() * *bytes)
        return failure();
      return DenseElementsAttr::getFromRawBuffer(type, data);
    }
    return failure();
  }
  std::optional<Step> step = getStep(value.getDefiningOp());
  if (!step)
    return failure();
  // Every step keeps or grows the element count, so the sources fit too.
  FailureOr<DenseElementsAttr> source =
      evaluateConstantTensor(step->source, maxElements);
  if (failed(source))
    return failure();
  switch (step->kind) {
  case Step::Reshape:
    return source->reshape(type);
  case Step::Gather:
    return gatherConstantTensor(*source, type, step->sourceDims);
  case Step::Convert:
    return convertConstant(
        *source, type,
        matchConvertGeneric(cast<linalg::GenericOp>(value.getDefiningOp())));
  case Step::Pad: {
    auto pad = cast<tensor::PadOp>(value.getDefiningOp());
    TypedAttr padValue;
    if (!matchPattern(pad.getConstantPaddingValue(), m_Constant(&padValue)))
      return failure();
    return padConstant(*source, type, padValue);
  }
  }
  return failure();
}

bool mlir::stl::isConstantTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return false;
  while (!matchPattern(value, m_Constant())) {
    std::optional<Step> step = getStep(value.getDefiningOp());
    if (!step)
      return false;
    value = step->source;
  }
  auto constantType = dyn_cast<RankedTensorType>(value.getType());
  return constantType && constantType.hasStaticShape();
}

std::string mlir::stl::describeConstantTensor(Value value) {
  SmallVector<std::string> through;
  while (!matchPattern(value, m_Constant())) {
    std::optional<Step> step = getStep(value.getDefiningOp());
    if (!step)
      return "";
    // The rewrite's own padding is not part of the user's weight.
    if (step->kind != Step::Pad)
      through.push_back(step->label);
    value = step->source;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  Operation *constant = value.getDefiningOp();
  Attribute attr;
  matchPattern(value, m_Constant(&attr));
  if (auto named = constant->getAttrOfType<StringAttr>(kWeightAttrName))
    os << named.getValue();
  else if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    os << "dense_resource<" << resource.getRawHandle().getKey()
       << "> : " << resource.getType();
  else
    os << "constant " << value.getType();
  if (!through.empty()) {
    os << " through ";
    llvm::interleaveComma(llvm::reverse(through), os);
  }
  return text;
}
