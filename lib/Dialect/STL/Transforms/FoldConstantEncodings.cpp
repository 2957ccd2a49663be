//===- FoldConstantEncodings.cpp - Encode constant weights offline --------===//
//
// A model's weights are constants: encoding them at compile time removes the
// rhs encode from the program, as a model trained with STL stores its weights
// pre-encoded. Floats are encoded in double precision and rounded once to
// the result type, which is at least as accurate as the run-time encode.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <cstring>

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLFOLDCONSTANTENCODINGS
#include "stl/Dialect/STL/Transforms/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

/// Reads every element of `attr` as a double (floats) or int64 (integers).
template <typename T> static SmallVector<T> readValues(DenseElementsAttr attr) {
  SmallVector<T> values;
  values.reserve(attr.getNumElements());
  if constexpr (std::is_floating_point_v<T>) {
    for (APFloat v : attr.getValues<APFloat>()) {
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      values.push_back(v.convertToDouble());
    }
  } else {
    for (const APInt &v : attr.getValues<APInt>())
      values.push_back(v.getSExtValue());
  }
  return values;
}

/// out[b, l, I, J] = sum_{a,c} coeff[l, a*tc+c] * in[b, I*tr+a, J*tc+c].
template <typename T>
static SmallVector<T> encode(ArrayRef<T> in, int64_t batch, int64_t rows,
                             int64_t cols, int64_t tr, int64_t tc, int64_t rank,
                             ArrayRef<double> coeff) {
  int64_t tilesR = rows / tr, tilesC = cols / tc;
  SmallVector<T> out(batch * rank * tilesR * tilesC, T(0));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t l = 0; l < rank; ++l)
      for (int64_t i = 0; i < tilesR; ++i)
        for (int64_t j = 0; j < tilesC; ++j) {
          T sum = 0;
          for (int64_t a = 0; a < tr; ++a)
            for (int64_t c = 0; c < tc; ++c) {
              double u = coeff[l * tr * tc + a * tc + c];
              if (u == 0)
                continue;
              T x = in[(b * rows + i * tr + a) * cols + j * tc + c];
              if constexpr (std::is_floating_point_v<T>) {
                sum += static_cast<T>(u) * x;
              } else {
                // Integer tensors wrap around (two's complement) like the
                // arith ops the unfolded encoding lowers to.
                // (u is an integer below 2^62, checked by the caller.)
                sum = static_cast<T>(
                    static_cast<uint64_t>(sum) +
                    static_cast<uint64_t>(static_cast<int64_t>(u)) *
                        static_cast<uint64_t>(x));
              }
            }
          out[((b * rank + l) * tilesR + i) * tilesC + j] = sum;
        }
  return out;
}

/// The batch dimensions (of extent > 1) along which `value` repeats: a
/// weight broadcast to the batch of a batch_matmul. Compared bytewise, so
/// only exact copies count.
static SmallVector<int64_t> getRepeatedBatchDims(DenseElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d + 2 < type.getRank(); ++d)
    if (type.getDimSize(d) > 1)
      dims.push_back(d);
  if (value.isSplat() || dims.empty())
    return dims;
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  ArrayRef<char> data = value.getRawData();
  SmallVector<int64_t> strides = computeStrides(type.getShape());
  return llvm::filter_to_vector(dims, [&](int64_t d) {
    // Every element equals its copy at index 0 of dimension d.
    for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
      int64_t index = (i / strides[d]) % type.getDimSize(d);
      int64_t first = i - index * strides[d];
      if (index && std::memcmp(&data[i * bytes], &data[first * bytes], bytes))
        return false;
    }
    return true;
  });
}

FailureOr<Value> mlir::stl::foldConstantEncoding(RewriterBase &rewriter,
                                                 EncodeOp op,
                                                 int64_t maxElements) {
  RankedTensorType resultType = op.getResult().getType();
  if (!resultType.hasStaticShape())
    return rewriter.notifyMatchFailure(op, "result shape is dynamic");
  RankedTensorType inputType = op.getInput().getType();
  if (!inputType.hasStaticShape())
    return rewriter.notifyMatchFailure(op, "input shape is dynamic");
  // Shapes are user input (a splat constant of a huge static shape is a few
  // bytes of IR): the budget is checked before anything is materialized.
  if (!fitsElementBudget(resultType, maxElements) ||
      !fitsElementBudget(inputType, maxElements))
    return rewriter.notifyMatchFailure(op, "encoding exceeds max-elements");
  FailureOr<DenseElementsAttr> evaluated =
      evaluateConstantTensor(op.getInput(), maxElements);
  if (failed(evaluated))
    return rewriter.notifyMatchFailure(
        op, "input is not a constant (dense, dense_resource, or either "
            "through transposes, broadcasts, reshapes and zero pads)");
  DenseElementsAttr input = *evaluated;

  // A weight repeated along batch dimensions (broadcast to a batch_matmul)
  // is encoded once and the encoding broadcast: the stored constant does not
  // grow with the batch.
  SmallVector<int64_t> repeated;
  Type inputElement = inputType.getElementType();
  if (inputElement.isIntOrFloat() &&
      inputElement.getIntOrFloatBitWidth() % 8 == 0)
    repeated = getRepeatedBatchDims(input);
  if (!repeated.empty()) {
    SmallVector<int64_t> sourceDims, inShape, outShape;
    for (int64_t d = 0; d < inputType.getRank(); ++d) {
      bool drop = llvm::is_contained(repeated, d);
      sourceDims.push_back(drop ? -1 : int64_t(inShape.size()));
      if (drop)
        continue;
      inShape.push_back(inputType.getDimSize(d));
      if (d + 2 < inputType.getRank())
        outShape.push_back(resultType.getDimSize(d));
    }
    // The encoded dims after the batch: r x R/tr x C/tc.
    llvm::append_range(outShape, resultType.getShape().take_back(3));
    FailureOr<DenseElementsAttr> slice =
        gatherConstantTensor(input, inputType.clone(inShape), sourceDims);
    if (failed(slice))
      return rewriter.notifyMatchFailure(op, "cannot slice the weight");
    input = *slice;
    resultType = resultType.clone(outShape);
  }

  SchemeAttr scheme = op.getScheme();
  auto [tr, tc] = op.getTileShape();
  ArrayRef<int64_t> shape = inputType.getShape();
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  if (rows == 0 || cols == 0)
    return rewriter.notifyMatchFailure(op, "input is empty");
  int64_t batch = input.getNumElements() / (rows * cols);
  ArrayRef<double> coeff = op.getSide() == Side::lhs
                               ? scheme.getUCoefficients()
                               : scheme.getVCoefficients();
  Type elementType = resultType.getElementType();
  // Integer tensors are encoded in integer arithmetic: every coefficient
  // must be an integer that int64 holds exactly.
  if (!isa<FloatType>(elementType) && llvm::any_of(coeff, [](double c) {
        return c != std::trunc(c) || std::fabs(c) >= 0x1p62;
      }))
    return rewriter.notifyMatchFailure(
        op, "integer encoding needs integer coefficients below 2^62");

  DenseElementsAttr folded;
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<double> values = readValues<double>(input);
    SmallVector<double> out = encode<double>(values, batch, rows, cols, tr, tc,
                                             scheme.getRank(), coeff);
    SmallVector<APFloat> rounded;
    rounded.reserve(out.size());
    for (double v : out) {
      APFloat f(v);
      bool lost;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      rounded.push_back(f);
    }
    folded = DenseElementsAttr::get(resultType, rounded);
  } else {
    auto intType = cast<IntegerType>(elementType);
    SmallVector<int64_t> values = readValues<int64_t>(input);
    SmallVector<int64_t> out = encode<int64_t>(values, batch, rows, cols, tr,
                                               tc, scheme.getRank(), coeff);
    SmallVector<APInt> wrapped;
    wrapped.reserve(out.size());
    for (int64_t v : out)
      wrapped.push_back(APInt(intType.getWidth(), v, /*isSigned=*/true,
                              /*implicitTrunc=*/true));
    folded = DenseElementsAttr::get(resultType, wrapped);
  }
  auto constant =
      arith::ConstantOp::create(rewriter, op.getLoc(), resultType, folded);
  std::string weight = describeConstantTensor(op.getInput());
  if (!repeated.empty()) {
    llvm::raw_string_ostream os(weight);
    os << ", encoded once and broadcast along batch dim(s) ";
    llvm::interleaveComma(repeated, os);
  }
  constant->setAttr(kWeightAttrName, rewriter.getStringAttr(weight));
  Value replacement = constant;
  if (!repeated.empty()) {
    RankedTensorType fullType = op.getResult().getType();
    Value empty = tensor::EmptyOp::create(
        rewriter, op.getLoc(), fullType.getShape(), fullType.getElementType());
    replacement = linalg::BroadcastOp::create(rewriter, op.getLoc(), constant,
                                              empty, repeated)
                      ->getResult(0);
  }
  rewriter.replaceOp(op, replacement);
  return replacement;
}

namespace {
struct FoldConstantEncodingPattern : OpRewritePattern<EncodeOp> {
  FoldConstantEncodingPattern(MLIRContext *context, int64_t maxElements)
      : OpRewritePattern(context), maxElements(maxElements) {}
  LogicalResult matchAndRewrite(EncodeOp op,
                                PatternRewriter &rewriter) const override {
    return foldConstantEncoding(rewriter, op, maxElements);
  }
  int64_t maxElements;
};

/// stl.matmul with a constant rhs -> stl.matmul with the constant encoded
/// rhs (`rhs_encoded`), keeping the composite form for later passes.
struct PreEncodeMatmulWeights : OpRewritePattern<MatmulOp> {
  PreEncodeMatmulWeights(MLIRContext *context, int64_t maxElements)
      : OpRewritePattern(context), maxElements(maxElements) {}
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getRhsEncoded())
      return rewriter.notifyMatchFailure(op, "rhs is already encoded");
    if (!isConstantTensor(op.getRhs()))
      return rewriter.notifyMatchFailure(op, "rhs is not a constant");
    RankedTensorType rhsType = op.getRhs().getType();
    auto encode = EncodeOp::create(
        rewriter, op.getLoc(),
        EncodeOp::inferResultType(rhsType, Side::rhs, op.getScheme(),
                                  rhsType.getElementType()),
        op.getRhs(), Side::rhs, op.getScheme());
    FailureOr<Value> folded =
        foldConstantEncoding(rewriter, encode, maxElements);
    if (failed(folded)) {
      rewriter.eraseOp(encode);
      return failure();
    }
    rewriter.modifyOpInPlace(op, [&] {
      op.getRhsMutable().assign(*folded);
      op.setRhsEncoded(true);
    });
    return success();
  }
  int64_t maxElements;
};

struct STLFoldConstantEncodingsPass
    : public mlir::stl::impl::STLFoldConstantEncodingsBase<
          STLFoldConstantEncodingsPass> {
  using STLFoldConstantEncodingsBase::STLFoldConstantEncodingsBase;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldConstantEncodingPattern, PreEncodeMatmulWeights>(
        &getContext(), maxElements);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
