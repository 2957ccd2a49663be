//===- EncodingPrecision.cpp - Encoded-operand types and scales -----------===//
//
// 16-bit products may be encoded in f16 (scaled by a power of two that
// provably keeps every encoded value finite), bf16 or their own type; the
// product is unscaled and rounded once.
//
//===----------------------------------------------------------------------===//

#include "RewriteMatmulInternal.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Dialect/STL/Utils/TensorSizes.h"
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

//===----------------------------------------------------------------------===//
// Encoded-operand precision
//===----------------------------------------------------------------------===//

bool mlir::stl::isGPUCostTarget(CostTarget target) {
  switch (target) {
  case CostTarget::SM80:
  case CostTarget::SM90:
  case CostTarget::SM90a:
    return true;
  case CostTarget::Multiplies:
  case CostTarget::CPU:
    return false;
  }
  llvm_unreachable("unknown cost target");
}

EncodingType mlir::stl::resolveEncodingType(EncodingType requested,
                                            unsigned floatWidth,
                                            CostTarget target) {
  if (requested != EncodingType::Auto)
    return requested;
  // The GPU's TensorCore GEMMs multiply 16-bit operands only: f32 encodings
  // of a 16-bit product would leave its Hadamard product on the SIMT GEMM.
  // Scaled f16 is the most accurate 16-bit encoding (docs/Precision.md).
  // f32 products stay f32 (a 16-bit encoding of them is opt-in), and so does
  // every product for the CPU, which computes in f32 anyway.
  if (floatWidth == 16 && isGPUCostTarget(target))
    return EncodingType::F16;
  return EncodingType::F32;
}

/// The largest magnitude f16 holds.
static constexpr double kF16Max = 65504.0;

/// The largest sum of coefficient magnitudes of one encoder row: an encoded
/// value is at most this times the operand's largest magnitude.
double mlir::stl::detail::getMaxRowL1(ArrayRef<double> coefficients,
                                      int64_t rowLength) {
  double best = 1.0;
  for (size_t row = 0; row < coefficients.size(); row += rowLength) {
    double sum = 0.0;
    for (double c : coefficients.slice(row, rowLength))
      sum += std::abs(c);
    best = std::max(best, sum);
  }
  return best;
}

/// floor(log2(kF16Max / maxRowL1)): with |x| < 2^(E+1), scaling x by
/// 2^(t - E - 1) keeps every encoded value below maxRowL1 * 2^t <= kF16Max.
int mlir::stl::detail::getScaleBudget(double maxRowL1) {
  return static_cast<int>(std::floor(std::log2(kF16Max / maxRowL1)));
}

/// The clamped exponent e of the scale 2^e for an operand whose largest
/// magnitude has the biased f32 exponent `biased` (both 2^e and 2^-e stay
/// normal f32 numbers).
static int getScaleExponent(int budget, int biased) {
  return std::clamp(budget + 126 - biased, -126, 126);
}

/// `value` converted elementwise to `to`; if `scaleBudget` is set, first
/// multiplied by the power of two getScaleExponent picks from its largest
/// magnitude. Constants (weights) are converted at compile time, so that
/// they stay constants the encoding can be folded into.
PreparedOperand
mlir::stl::detail::prepareOperand(OpBuilder &b, Location loc, Value value,
                                  FloatType to,
                                  std::optional<int> scaleBudget) {
  auto type = cast<RankedTensorType>(value.getType());
  Type f32 = b.getF32Type();
  auto f32Power = [&](int e) -> Value {
    return arith::ConstantOp::create(b, loc,
                                     b.getF32FloatAttr(std::ldexp(1.0f, e)));
  };

  // The bound keeps a splat broadcast to a huge shape from being
  // materialized; such an operand is converted at run time instead.
  FailureOr<DenseElementsAttr> evaluated =
      evaluateConstantTensor(value, /*maxElements=*/int64_t(1) << 26);
  if (succeeded(evaluated) && isa<FloatType>(evaluated->getElementType())) {
    DenseElementsAttr constant = *evaluated;
    int e = 0;
    if (scaleBudget) {
      double maxAbs = 0.0;
      for (APFloat x : constant.getValues<APFloat>())
        maxAbs = std::max(maxAbs, std::abs(x.convertToDouble()));
      int biased = 0;
      if (maxAbs > 0.0) {
        int exp;
        std::frexp(maxAbs, &exp); // maxAbs < 2^exp
        biased = std::clamp(exp - 1 + 127, 0, 255);
      }
      e = getScaleExponent(*scaleBudget, biased);
    }
    SmallVector<APFloat> converted;
    for (APFloat x : constant.getValues<APFloat>()) {
      APFloat y(std::ldexp(x.convertToDouble(), e));
      bool lost;
      y.convert(to.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      converted.push_back(y);
    }
    auto attr = DenseElementsAttr::get(type.clone(to), converted);
    PreparedOperand result;
    auto weight = arith::ConstantOp::create(b, loc, attr);
    // The converted copy is what the encoding folds; the report names the
    // weight it came from.
    weight->setAttr(kWeightAttrName,
                    b.getStringAttr(describeConstantTensor(value)));
    result.value = weight;
    if (scaleBudget)
      result.inverseScale = f32Power(-e);
    return result;
  }

  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  PreparedOperand result;
  // The scale 2^e as a one-element tensor, read by the conversion below.
  // Everything from the reduction to the scales stays in linalg ops with a
  // parallel loop (of extent 1): the GPU pipeline turns such ops into
  // kernels, while a scalar read of the maximum (tensor.extract) would run
  // on the host and read device memory.
  Value scale;
  if (scaleBudget) {
    auto one = RankedTensorType::get({1}, f32);
    auto fillOne = [&](double v) {
      Value empty = tensor::EmptyOp::create(b, loc, one.getShape(), f32);
      Value c = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
      return linalg::FillOp::create(b, loc, c, empty).getResult(0);
    };
    // max |x| in two steps, each with parallel loops: per row (all but the
    // last dimension, one GPU thread per row), then over the rows into the
    // one-element tensor (loop 0 is its unit parallel loop).
    auto maxBody = [&](OpBuilder &nb, Location nl, ValueRange args) {
      Value x = convertScalarToDtype(nb, nl, args[0], f32,
                                     /*isUnsignedCast=*/false);
      Value a = math::AbsFOp::create(nb, nl, x);
      Value max = arith::MaxNumFOp::create(nb, nl, args[1], a);
      linalg::YieldOp::create(nb, nl, max);
    };
    SmallVector<OpFoldResult> rowSizes = getTypedSizes(b, loc, value);
    rowSizes.pop_back();
    Value rowsEmpty = tensor::EmptyOp::create(b, loc, rowSizes, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    Value rowsInit =
        linalg::FillOp::create(b, loc, zero, rowsEmpty).getResult(0);
    SmallVector<utils::IteratorType> rowIterators(
        rank, utils::IteratorType::parallel);
    rowIterators.back() = utils::IteratorType::reduction;
    Value rowMax = linalg::GenericOp::create(
                       b, loc, TypeRange{rowsInit.getType()}, ValueRange{value},
                       ValueRange{rowsInit},
                       ArrayRef<AffineMap>{id, id.getMajorSubMap(rank - 1)},
                       rowIterators, maxBody)
                       .getResult(0);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::reduction);
    iterators[0] = utils::IteratorType::parallel;
    SmallVector<AffineExpr> tail;
    for (int64_t d = 1; d < rank; ++d)
      tail.push_back(b.getAffineDimExpr(d));
    AffineMap input = AffineMap::get(rank, 0, tail, b.getContext());
    AffineMap first =
        AffineMap::get(rank, 0, {b.getAffineDimExpr(0)}, b.getContext());
    Value maxAbs =
        linalg::GenericOp::create(
            b, loc, TypeRange{one}, ValueRange{rowMax}, ValueRange{fillOne(0)},
            ArrayRef<AffineMap>{input, first}, iterators, maxBody)
            .getResult(0);
    // 2^e and 2^-e from the f32 exponent bits of the maximum.
    AffineMap unit = b.getMultiDimIdentityMap(1);
    auto scales = linalg::GenericOp::create(
        b, loc, TypeRange{one, one}, ValueRange{maxAbs},
        ValueRange{fillOne(1), fillOne(1)},
        ArrayRef<AffineMap>{unit, unit, unit},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Type i32 = nb.getI32Type();
          auto i32c = [&](int32_t v) -> Value {
            return arith::ConstantOp::create(nb, nl, nb.getI32IntegerAttr(v));
          };
          Value bits = arith::BitcastOp::create(nb, nl, i32, args[0]);
          Value biased = arith::AndIOp::create(
              nb, nl, arith::ShRUIOp::create(nb, nl, bits, i32c(23)),
              i32c(255));
          Value e =
              arith::SubIOp::create(nb, nl, i32c(*scaleBudget + 126), biased);
          e = arith::MaxSIOp::create(nb, nl, e, i32c(-126));
          e = arith::MinSIOp::create(nb, nl, e, i32c(126));
          auto power = [&](Value exponent) -> Value {
            Value field = arith::ShLIOp::create(
                nb, nl, arith::AddIOp::create(nb, nl, exponent, i32c(127)),
                i32c(23));
            return arith::BitcastOp::create(nb, nl, f32, field);
          };
          Value inverse =
              power(arith::SubIOp::create(nb, nl, i32c(0), e).getResult());
          linalg::YieldOp::create(nb, nl, ValueRange{power(e), inverse});
        });
    scale = scales.getResult(0);
    result.inverseScale = scales.getResult(1);
  }
  Value empty =
      tensor::EmptyOp::create(b, loc, getTypedSizes(b, loc, value), to);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  SmallVector<Value> inputs = {value};
  SmallVector<AffineMap> maps = {id};
  if (scale) {
    inputs.push_back(scale);
    maps.push_back(
        AffineMap::get(rank, 0, {b.getAffineConstantExpr(0)}, b.getContext()));
  }
  maps.push_back(id);
  result.value =
      linalg::GenericOp::create(
          b, loc, TypeRange{empty.getType()}, inputs, ValueRange{empty}, maps,
          parallel,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value x = args[0];
            if (scale) {
              x = convertScalarToDtype(nb, nl, x, f32,
                                       /*isUnsignedCast=*/false);
              x = arith::MulFOp::create(nb, nl, x, args[1]);
            }
            // f16 <-> bf16 (same width) goes through f32.
            if (x.getType() != to && x.getType().getIntOrFloatBitWidth() ==
                                         to.getIntOrFloatBitWidth())
              x = arith::ExtFOp::create(nb, nl, f32, x);
            linalg::YieldOp::create(
                nb, nl,
                convertScalarToDtype(nb, nl, x, to, /*isUnsignedCast=*/false));
          })
          .getResult(0);
  return result;
}

/// `product` (f32 or wider, padded shape) times both inverse scales, plus
/// `init` if given, rounded once to `elementType`.
Value mlir::stl::detail::unscale(OpBuilder &b, Location loc, Value product,
                                 Value init, Value lhsInverse, Value rhsInverse,
                                 Type elementType) {
  auto type = cast<RankedTensorType>(product.getType());
  Type acc = type.getElementType();
  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  Value empty = tensor::EmptyOp::create(b, loc, getTypedSizes(b, loc, product),
                                        elementType);
  SmallVector<Value> inputs = {product};
  SmallVector<AffineMap> maps = {id};
  if (init) {
    inputs.push_back(init);
    maps.push_back(id);
  }
  // An inverse scale is an f32 constant (a constant operand's) or a
  // one-element tensor (computed at run time), read here as an input.
  AffineMap element0 =
      AffineMap::get(rank, 0, {b.getAffineConstantExpr(0)}, b.getContext());
  SmallVector<int> inverseArgs;
  for (Value inverse : {lhsInverse, rhsInverse}) {
    inverseArgs.push_back(-1);
    if (inverse && isa<RankedTensorType>(inverse.getType())) {
      inverseArgs.back() = inputs.size();
      inputs.push_back(inverse);
      maps.push_back(element0);
    }
  }
  maps.push_back(id);
  return linalg::GenericOp::create(
             b, loc, TypeRange{empty.getType()}, inputs, ValueRange{empty},
             maps, parallel,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               auto widen = [&](Value v) {
                 return convertScalarToDtype(nb, nl, v, acc,
                                             /*isUnsignedCast=*/false);
               };
               Value lhsScale =
                   inverseArgs[0] < 0 ? lhsInverse : args[inverseArgs[0]];
               Value rhsScale =
                   inverseArgs[1] < 0 ? rhsInverse : args[inverseArgs[1]];
               // Two exact power-of-two multiplies: their product might
               // not be a normal number.
               Value y =
                   arith::MulFOp::create(nb, nl, args[0], widen(lhsScale));
               y = arith::MulFOp::create(nb, nl, y, widen(rhsScale));
               if (init)
                 y = arith::AddFOp::create(nb, nl, widen(args[1]), y);
               linalg::YieldOp::create(
                   nb, nl,
                   convertScalarToDtype(nb, nl, y, elementType,
                                        /*isUnsignedCast=*/false));
             })
      .getResult(0);
}
