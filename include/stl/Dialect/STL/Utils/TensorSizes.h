//===- TensorSizes.h - Sizes that agree with a tensor's type ----*- C++ -*-===//
//
// The rewrite and the lowerings build reshapes, slices and empty tensors from
// the sizes of their operands. Upstream's tensor::getMixedSizes folds the
// tensor.dim of a dynamic dimension where it can: the dim of a tensor.cast
// from a static tensor becomes a constant. A type derived from such sizes is
// then static where the operand's type is dynamic, and the reshape or
// linalg.generic built with it does not verify (a batch of ? that folds to 1
// against a partner batch of ?). getTypedSizes keeps every size as the type
// states it.
//
//===----------------------------------------------------------------------===//

#ifndef STL_DIALECT_STL_UTILS_TENSORSIZES_H
#define STL_DIALECT_STL_UTILS_TENSORSIZES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir {
namespace stl {

/// The sizes of the ranked tensor `value`: an index attribute for each static
/// dimension of its type and a tensor.dim, never folded, for each dynamic
/// one.
SmallVector<OpFoldResult> getTypedSizes(OpBuilder &b, Location loc,
                                        Value value);

/// The shape a type built from `sizes` has, as the reshape and slice
/// builders read them: an attribute is a static extent, a value is dynamic.
SmallVector<int64_t> getStaticShape(ArrayRef<OpFoldResult> sizes);

/// `value` as `type` (a tensor.cast), or `value` itself when it has that
/// type. A lowering built from getTypedSizes may be less static than the op
/// it replaces (an operand of ? where the verifier let the result say 1);
/// this gives the replacement the op's type.
Value castToType(OpBuilder &b, Location loc, Value value, Type type);

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_UTILS_TENSORSIZES_H
