//===- LinearCombination.h - Scheme rows as arith ops -----------*- C++ -*-===//
//
// Every lowering of stl.encode and stl.decode (linalg on tensors, CPU
// vectors, GPU kernels) evaluates one scheme row at a time: a sum of
// coefficient * value over the row's nonzero coefficients. These helpers
// build that sum from arith ops on scalars or vectors alike, so that zero
// coefficients cost nothing and +-1 become additions and subtractions.
//
//===----------------------------------------------------------------------===//

#ifndef STL_DIALECT_STL_UTILS_LINEARCOMBINATION_H
#define STL_DIALECT_STL_UTILS_LINEARCOMBINATION_H

#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace mlir {
namespace stl {

/// sum_i coeffs[i] * values[i], added to `initial` when it is not null, in
/// `type`, the type of the values (a float or integer type, scalar or
/// vector; integer coefficients for integer values). Terms are added in order,
/// zero coefficients are skipped, +-1 add or subtract without a multiply.
/// Returns zero of that type when nothing is summed. For finite values the
/// result is bit-identical to accumulating every term, zeros included, onto
/// a zero start.
Value buildLinearCombination(OpBuilder &b, Location loc, Type type,
                             ArrayRef<double> coeffs, ArrayRef<Value> values,
                             Value initial = nullptr);

/// `value` (scalar or vector) with its elements extended or truncated to
/// `elementType`, which must be of the same kind (float or signless
/// integer, integers read as signed). Identity when the types agree.
Value castElements(OpBuilder &b, Location loc, Value value, Type elementType);

/// The type products and sums are accumulated in for values of
/// `elementType`: at least f32 for floats, so that 16-bit values are never
/// summed (or cancelled) in 16 bits; integers are summed in their own type.
Type getAccumulationType(Type elementType);

/// The type a decode of products of `inputType` into a result of
/// `resultType` sums in: getAccumulationType(inputType), widened to the
/// result's float type when that is wider (f32 products into f64).
Type getDecodeAccumulationType(Type inputType, Type resultType);

/// The most coefficient planes one pass of an encode or decode stores or
/// reads. The r planes are far apart in memory, often a power of two apart:
/// touching all of them at once thrashes the cache sets those addresses
/// share (a rank-49 encode ran at a tenth of the copy bandwidth), and a
/// consumer that gives each result of a dispatch its own buffer binding
/// (IREE allows 32) cannot take a rank-48 encode in one op. The CPU vector
/// loops and the linalg form both work in passes of at most this many.
constexpr int64_t kMaxPlanesPerPass = 8;

/// The planes per pass when `rank` planes are split into as few passes of
/// at most kMaxPlanesPerPass as possible, sized as evenly as possible.
inline int64_t getPlanesPerPass(int64_t rank) {
  int64_t passes = llvm::divideCeil(rank, kMaxPlanesPerPass);
  return llvm::divideCeil(rank, passes);
}

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_UTILS_LINEARCOMBINATION_H
