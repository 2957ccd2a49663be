//===- RewriteMatmul.cpp - linalg matrix products into stl.matmul ---------===//
//
// rewriteMatmulAsSTL: a product that MatchMatmul.cpp accepted is rebuilt in
// the canonical layout stl.matmul expects:
//
//   memref -> tensor (to_tensor restrict), transpose to (batch.., M, K) /
//   (batch.., K, N) / (batch.., M, N), widen integers to the accumulator,
//   zero-pad M, K, N to multiples of the tile (Padding.cpp), convert and
//   scale 16-bit operands (EncodingPrecision.cpp), stl.matmul, slice,
//   transpose back, and write the result into the memref (or replace the
//   tensor). The choice of scheme is SchemeSelection.cpp's; the pass is
//   RewriteMatmulPass.cpp.
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
// IR building helpers
//===----------------------------------------------------------------------===//

/// `value` permuted by `perm` (linalg.transpose's convention: result dim i is
/// input dim perm[i]); `value` itself for the identity.
static Value transpose(OpBuilder &b, Location loc, Value value,
                       ArrayRef<int64_t> perm) {
  if (isIdentityPermutation(perm))
    return value;
  SmallVector<OpFoldResult> sizes = getTypedSizes(b, loc, value);
  SmallVector<OpFoldResult> permuted;
  for (int64_t p : perm)
    permuted.push_back(sizes[p]);
  Type elementType = getElementTypeOrSelf(value.getType());
  Value init = tensor::EmptyOp::create(b, loc, permuted, elementType);
  return linalg::TransposeOp::create(b, loc, value, init, perm).getResult()[0];
}

/// The inverse of a permutation.
static SmallVector<int64_t> invert(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return inverse;
}

/// `value` with every element extended to `elementType` as the matched body
/// did. Integers are widened before encoding because the encoders add
/// elements: in the narrow type those sums would wrap, which the classical
/// product (extending each element first) never does.
static Value widen(OpBuilder &b, Location loc, Value value, Type elementType,
                   CastKind castKind) {
  auto type = cast<RankedTensorType>(value.getType());
  Value init = tensor::EmptyOp::create(b, loc, getTypedSizes(b, loc, value),
                                       elementType);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{value}, ValueRange{init},
      ArrayRef<AffineMap>{id, id}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value extended =
            castKind == CastKind::ExtUI
                ? arith::ExtUIOp::create(nb, nloc, elementType, args[0])
                      .getResult()
                : arith::ExtSIOp::create(nb, nloc, elementType, args[0])
                      .getResult();
        linalg::YieldOp::create(nb, nloc, extended);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

FailureOr<MatmulOp>
mlir::stl::rewriteMatmulAsSTL(RewriterBase &rewriter, linalg::LinalgOp op,
                              const RewriteMatmulOptions &options) {
  std::string why, selection;
  if (!options.candidates.empty()) {
    FailureOr<RewriteMatmulOptions> chosen =
        selectScheme(op, options, selection, why);
    if (failed(chosen))
      return rewriter.notifyMatchFailure(op, why);
    RewriteMatmulOptions selected = std::move(*chosen);
    FailureOr<MatmulOp> result = rewriteMatmulAsSTL(rewriter, op, selected);
    if (succeeded(result) && !selection.empty())
      (*result)->setAttr(kSelectionAttrName, rewriter.getStringAttr(selection));
    return result;
  }
  if (!options.scheme)
    return rewriter.notifyMatchFailure(op, "no scheme given");
  FailureOr<MatmulMatch> matched = matchMatmul(op, options, why);
  if (failed(matched))
    return rewriter.notifyMatchFailure(op, why);
  const MatmulMatch &match = *matched;
  SchemeAttr scheme = options.scheme;
  // Static extents are user input: padding one to a multiple of the tile
  // must stay in int64 (checked before any IR is created).
  int64_t maxTile = std::max({scheme.getM(), scheme.getK(), scheme.getN()});
  for (Value operand : op->getOperands())
    if (auto type = dyn_cast<ShapedType>(operand.getType()))
      for (int64_t d : type.getShape())
        if (!ShapedType::isDynamic(d) && !checkedRoundUp(d, maxTile))
          return rewriter.notifyMatchFailure(
              op, "static extent " + Twine(d) +
                      " overflows 64 bits when padded to the tile");

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  Value lhs = op.getDpsInputs()[match.lhsInput];
  Value rhs = op.getDpsInputs()[match.rhsInput];
  Value out = op.getDpsInits()[0];
  Value init = out;

  // Memrefs enter tensor land through `to_tensor restrict`: the rewritten op
  // is their only reader here. One to_tensor per buffer, since restrict
  // promises no other to_tensor aliases it.
  if (match.buffers) {
    auto toTensor = [&](Value memref) -> Value {
      auto type = cast<MemRefType>(memref.getType());
      auto tensorType =
          RankedTensorType::get(type.getShape(), type.getElementType());
      return bufferization::ToTensorOp::create(rewriter, loc, tensorType,
                                               memref, /*restrict=*/true)
          .getResult();
    };
    Value lhsMemref = lhs;
    lhs = toTensor(lhsMemref);
    rhs = rhs == lhsMemref ? lhs : toTensor(rhs);
    init = toTensor(out);
  }

  // Float operands in the encoding type (see EncodingType), converted
  // before the transposes so that constant weights stay constants.
  Type operandType = match.inputType;
  PreparedOperand lhsPrepared{lhs, Value()}, rhsPrepared{rhs, Value()};
  bool scaled = false;
  if (auto inFloat = dyn_cast<FloatType>(match.inputType)) {
    FloatType to = inFloat;
    EncodingType encoding = resolveEncodingType(
        options.encoding, inFloat.getWidth(), options.target);
    switch (encoding) {
    case EncodingType::Auto:
      llvm_unreachable("resolveEncodingType resolves auto");
    case EncodingType::F32:
      if (inFloat.getWidth() < 32)
        to = rewriter.getF32Type();
      break;
    case EncodingType::F16:
      to = rewriter.getF16Type();
      scaled = true;
      break;
    case EncodingType::BF16:
      to = rewriter.getBF16Type();
      break;
    case EncodingType::Input:
      break;
    }
    if (encoding == EncodingType::BF16 ||
        (encoding == EncodingType::Input && inFloat.getWidth() < 32) ||
        (encoding == EncodingType::F16 && inFloat.getWidth() > 16))
      mlir::emitRemark(loc)
          << "encoded operands of this " << inFloat
          << " product are rounded to " << to
          << ": the rewritten product is less precise than the original "
             "(encoding-type=f32 keeps it exact; see docs/Precision.md)";
    else if (options.encoding == EncodingType::Auto &&
             encoding == EncodingType::F16)
      // The default changed the precision for the target: say so.
      mlir::emitRemark(loc)
          << "encoded operands of this " << inFloat
          << " product are f16, scaled by a power of two: the encoding the "
          << stringifyCostTarget(options.target)
          << " TensorCore GEMM takes (encoding-type=auto with a GPU target); "
             "encoding-type=f32 keeps the encodings exact but leaves the "
             "product to a SIMT GEMM (see docs/Precision.md)";
    if (to != inFloat || scaled) {
      std::optional<int> lhsBudget, rhsBudget;
      if (scaled) {
        lhsBudget = getScaleBudget(getMaxRowL1(scheme.getUCoefficients(),
                                               scheme.getM() * scheme.getK()));
        rhsBudget = getScaleBudget(getMaxRowL1(scheme.getVCoefficients(),
                                               scheme.getK() * scheme.getN()));
      }
      bool same = rhs == lhs && lhsBudget == rhsBudget;
      lhsPrepared = prepareOperand(rewriter, loc, lhs, to, lhsBudget);
      rhsPrepared = same ? lhsPrepared
                         : prepareOperand(rewriter, loc, rhs, to, rhsBudget);
      lhs = lhsPrepared.value;
      rhs = rhsPrepared.value;
      operandType = to;
    }
  }

  // A zero-filled output adds nothing: drop it so that decode writes its
  // result instead of reading and adding zeros.
  linalg::FillOp zeroFill = match.buffers ? nullptr : getZeroFill(init);
  if (zeroFill)
    init = nullptr;

  lhs = transpose(rewriter, loc, lhs, match.lhsPerm);
  rhs = transpose(rewriter, loc, rhs, match.rhsPerm);
  if (init)
    init = transpose(rewriter, loc, init, match.outPerm);

  // Integers are multiplied in the output type (see widen); floats are
  // multiplied in the encoding type and accumulate in f32 at least, as a
  // TensorCore does.
  if (match.cast == CastKind::ExtSI || match.cast == CastKind::ExtUI) {
    bool same = rhs == lhs;
    lhs = widen(rewriter, loc, lhs, match.outputType, match.cast);
    rhs = same ? lhs : widen(rewriter, loc, rhs, match.outputType, match.cast);
    operandType = match.outputType;
  }

  int64_t nb = match.numBatch;
  SmallVector<std::pair<Value, int64_t>> mSources = {{lhs, nb}};
  SmallVector<std::pair<Value, int64_t>> nSources = {{rhs, nb + 1}};
  if (init) {
    mSources.push_back({init, nb});
    nSources.push_back({init, nb + 1});
  }
  Extent mExtent = makeExtent(rewriter, loc, getExtent(rewriter, loc, mSources),
                              scheme.getM());
  Extent nExtent = makeExtent(rewriter, loc, getExtent(rewriter, loc, nSources),
                              scheme.getN());
  Extent kExtent = makeExtent(
      rewriter, loc, getExtent(rewriter, loc, {{lhs, nb + 1}, {rhs, nb}}),
      scheme.getK());

  // One zero constant per element type padded.
  DenseMap<Type, Value> zeros;
  auto getZero = [&](Type type) {
    Value &zero = zeros[type];
    if (!zero)
      zero =
          arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(type));
    return zero;
  };
  if (mExtent.pad || kExtent.pad)
    lhs =
        padTrailing(rewriter, loc, lhs, mExtent, kExtent, getZero(operandType));
  if (kExtent.pad || nExtent.pad)
    rhs =
        padTrailing(rewriter, loc, rhs, kExtent, nExtent, getZero(operandType));
  if (init && (mExtent.pad || nExtent.pad))
    init = padTrailing(rewriter, loc, init, mExtent, nExtent,
                       getZero(match.outputType));

  // Batch extents are equal at run time (the product's semantics); where
  // one operand knows an extent statically, all get it, so that the stl ops
  // and their lowering never mix a static and a dynamic batch extent.
  for (int64_t d = 0; d < nb; ++d) {
    SmallVector<Value *> operands = {&lhs, &rhs};
    if (init)
      operands.push_back(&init);
    int64_t known = ShapedType::kDynamic;
    for (Value *v : operands)
      if (int64_t size = cast<RankedTensorType>(v->getType()).getDimSize(d);
          !ShapedType::isDynamic(size))
        known = size;
    if (ShapedType::isDynamic(known))
      continue;
    for (Value *v : operands) {
      auto type = cast<RankedTensorType>(v->getType());
      if (!type.isDynamicDim(d))
        continue;
      SmallVector<int64_t> shape(type.getShape());
      shape[d] = known;
      *v = tensor::CastOp::create(rewriter, loc, type.clone(shape), *v);
    }
  }

  // A scaled product is unscaled (and the init added) after decode.
  Value epilogueInit;
  if (scaled) {
    epilogueInit = init;
    init = nullptr;
  }
  Type accElementType = match.outputType;
  if (auto f = dyn_cast<FloatType>(accElementType); f && f.getWidth() < 32)
    accElementType = rewriter.getF32Type();

  // The result type equals the init's (the verifier requires it); without
  // one it is built from the operands' extents.
  SmallVector<OpFoldResult> batchSizes;
  for (int64_t d = 0; d < nb; ++d) {
    SmallVector<std::pair<Value, int64_t>> sources = {{lhs, d}, {rhs, d}};
    if (init)
      sources.push_back({init, d});
    batchSizes.push_back(getExtent(rewriter, loc, sources));
  }
  RankedTensorType resultType;
  if (init) {
    resultType = cast<RankedTensorType>(init.getType());
  } else {
    SmallVector<OpFoldResult> sizes(batchSizes);
    sizes.push_back(mExtent.padded);
    sizes.push_back(nExtent.padded);
    SmallVector<int64_t> shape;
    for (OpFoldResult size : sizes)
      shape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
    resultType = RankedTensorType::get(shape, scaled ? accElementType
                                                     : match.outputType);
  }
  TypeAttr accType;
  if (operandType != resultType.getElementType() ||
      accElementType != resultType.getElementType())
    accType = TypeAttr::get(accElementType);
  auto stlMatmul =
      MatmulOp::create(rewriter, loc, resultType, lhs, rhs, init, scheme,
                       /*rhs_encoded=*/nullptr, accType);

  Value result = stlMatmul.getResult();
  if (scaled)
    result =
        unscale(rewriter, loc, result, epilogueInit, lhsPrepared.inverseScale,
                rhsPrepared.inverseScale, match.outputType);
  if (mExtent.pad || nExtent.pad) {
    SmallVector<OpFoldResult> sizes(batchSizes);
    sizes.push_back(mExtent.size);
    sizes.push_back(nExtent.size);
    SmallVector<OpFoldResult> offsets(nb + 2, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(nb + 2, rewriter.getIndexAttr(1));
    result = tensor::ExtractSliceOp::create(rewriter, loc, result, offsets,
                                            sizes, strides)
                 .getResult();
  }
  result = transpose(rewriter, loc, result, invert(match.outPerm));

  // Static extents may have been taken from another operand than the
  // output: cast back to the type the users of the op expect.
  Type outTensorType = out.getType();
  if (auto memrefType = dyn_cast<MemRefType>(outTensorType))
    outTensorType = RankedTensorType::get(memrefType.getShape(),
                                          memrefType.getElementType());
  if (result.getType() != outTensorType)
    result = tensor::CastOp::create(rewriter, loc, outTensorType, result);

  if (match.buffers) {
    // Not `restrict`: the output buffer is also read through a
    // `to_tensor restrict` (the init), and restrict on both would claim that
    // each is the only tensor access to the buffer.
    bufferization::MaterializeInDestinationOp::create(
        rewriter, loc, Type(), result, out, /*restrict=*/false,
        /*writable=*/true);
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, result);
    if (zeroFill && zeroFill->use_empty())
      rewriter.eraseOp(zeroFill);
  }
  return stlMatmul;
}

//===----------------------------------------------------------------------===//
// Pattern and pass
//===----------------------------------------------------------------------===//
