//===- RewriteMatmulInternal.h - Pieces of --stl-rewrite-matmul -*- C++ -*-===//
//
// The rewrite of linalg products into stl.matmul, in the files named after
// what they decide: MatchMatmul.cpp (which ops are products, and the
// profitability rule), EncodingPrecision.cpp (f16/bf16 encodings and their
// scales), Padding.cpp (extents padded to the tile), SchemeSelection.cpp
// (scheme=auto and candidate lists through the cost model) and
// RewriteMatmul.cpp (the rewrite itself); RewriteMatmulPass.cpp is the pass.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_DIALECT_STL_TRANSFORMS_REWRITEMATMULINTERNAL_H
#define STL_LIB_DIALECT_STL_TRANSFORMS_REWRITEMATMULINTERNAL_H

#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>
#include <string>

namespace mlir {
namespace stl {
namespace detail {

/// How the body converts an input element before the multiply.
enum class CastKind { None, ExtF, ExtSI, ExtUI };

/// What the rewrite needs to know about a matched product.
struct MatmulMatch {
  /// The dps inputs that play A (M x K) and B (K x N), chosen to need the
  /// fewest transposes: `out[n, m] += in0[k, m] * in1[n, k]` needs three with
  /// in0 as A, none with in1 as A.
  unsigned lhsInput = 0, rhsInput = 1;
  /// For each operand, linalg.transpose's permutation to the canonical
  /// (batch.., rows, cols) layout: canonical dim i is operand dim perm[i].
  SmallVector<int64_t> lhsPerm, rhsPerm, outPerm;
  int64_t numBatch = 0;
  CastKind cast = CastKind::None;
  Type inputType, outputType;
  bool buffers = false;
  /// Multiplies of the product as written and in STL form after padding
  /// (0 when a dimension is dynamic).
  int64_t originalMultiplies = 0, stlMultiplies = 0;
};

/// The operand of an encoding and, for a scaled one, 1 / scale (an f32
/// scalar) to multiply the product by.
struct PreparedOperand {
  Value value;
  Value inverseScale;
};

/// One matrix dimension (M, N or K): its extent, static if any operand
/// knows it, and the zero padding that makes it a multiple of the tile.
struct Extent {
  OpFoldResult size;
  OpFoldResult padded;
  OpFoldResult high;
  bool pad = false;
};

/// Whether `perm` maps every dimension to itself.
bool isIdentityPermutation(ArrayRef<int64_t> perm);

/// Decides whether `op` can be rewritten; on failure `why` says why, in words
/// meant for a remark.
FailureOr<MatmulMatch> matchMatmul(linalg::LinalgOp op,
                                   const RewriteMatmulOptions &options,
                                   std::string &why);

/// Ops the rewrite is about: named contractions (matmul, batch_matmul,
/// matvec, ...), linalg.contract, and two-input generics with a reduction.
/// These get a remark when left alone; elementwise generics, fills and the
/// like are not matrix products and are passed over silently.
bool isMatmulCandidate(linalg::LinalgOp op);

/// The largest sum of coefficient magnitudes of one encoder row: an encoded
/// value is at most this times the operand's largest magnitude.
double getMaxRowL1(ArrayRef<double> coefficients, int64_t rowLength);

/// floor(log2(kF16Max / maxRowL1)): with |x| < 2^(E+1), scaling x by
/// 2^(t - E - 1) keeps every encoded value below maxRowL1 * 2^t <= kF16Max.
int getScaleBudget(double maxRowL1);

/// `value` converted elementwise to `to`; if `scaleBudget` is set, first
/// multiplied by the power of two getScaleExponent picks from its largest
/// magnitude. Constants (weights) are converted at compile time, so that
/// they stay constants the encoding can be folded into.
PreparedOperand prepareOperand(OpBuilder &b, Location loc, Value value,
                               FloatType to, std::optional<int> scaleBudget);

/// `product` (f32 or wider, padded shape) times both inverse scales, plus
/// `init` if given, rounded once to `elementType`.
Value unscale(OpBuilder &b, Location loc, Value product, Value init,
              Value lhsInverse, Value rhsInverse, Type elementType);

/// The extent `size` and its padding to a multiple of `tile`. Dynamic
/// extents are always padded (by 0 when they happen to be multiples at run
/// time): divisibility is a precondition of the stl ops.
Extent makeExtent(OpBuilder &b, Location loc, OpFoldResult size, int64_t tile);

/// Pads the two trailing dimensions of `value` with `zero` as `rows` and
/// `cols` say.
Value padTrailing(OpBuilder &b, Location loc, Value value, const Extent &rows,
                  const Extent &cols, Value zero);

/// `size` of dimension `dim` of the first of `values` that has it static,
/// else a tensor.dim of the first.
OpFoldResult getExtent(OpBuilder &b, Location loc,
                       ArrayRef<std::pair<Value, int64_t>> values);

/// Whether `value` is a linalg.fill of +0 (the identity of the accumulation
/// that an stl.matmul without init starts from).
linalg::FillOp getZeroFill(Value value);

/// Picks, among options.candidates, the scheme and operand order that
/// minimise estimateCost for `op`, and says why in `selection`. Fails (with
/// `why`) if none beats the product as written. Products whose structure
/// is not a plain matrix product get the first candidate, for which
/// matchMatmul then gives the reason.
FailureOr<RewriteMatmulOptions>
selectScheme(linalg::LinalgOp op, const RewriteMatmulOptions &options,
             std::string &selection, std::string &why);

} // namespace detail
} // namespace stl
} // namespace mlir

#endif // STL_LIB_DIALECT_STL_TRANSFORMS_REWRITEMATMULINTERNAL_H
