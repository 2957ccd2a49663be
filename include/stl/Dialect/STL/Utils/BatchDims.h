//===- BatchDims.h - Folding batch dimensions into one ----------*- C++ -*-===//
//
// The Hadamard product's lowerings fold its leading dimensions (batch
// dimensions and the scheme rank) into the one batch of a batched GEMM.
//
//===----------------------------------------------------------------------===//

#ifndef STL_DIALECT_STL_UTILS_BATCHDIMS_H
#define STL_DIALECT_STL_UTILS_BATCHDIMS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir {
namespace stl {

/// Whether folding the leading dimensions of `type` (all but the last two)
/// into one would merge more than one dynamic dimension. Their buffer is
/// then a memref.expand_shape of one dynamic dimension into several, on
/// which MLIR 22's expand-strided-metadata crashes (it builds a
/// memref.reinterpret_cast from a null stride attribute); lowerings keep
/// such batch dimensions apart instead.
inline bool collapsesSeveralDynamicDims(RankedTensorType type) {
  return llvm::count_if(type.getShape().drop_back(2), ShapedType::isDynamic) >
         1;
}

/// `value` (B.. x R x C) with its leading dimensions folded into one
/// (tensor.collapse_shape); `value` itself when it has one.
Value foldBatchDims(OpBuilder &b, Location loc, Value value);

/// The inverse for the folded product of a Hadamard op: `product`
/// (B x P x S) expanded to `type` (B.. x P x S), the sizes of the leading
/// dimensions taken from `lhs` (B.. x P x Q); `product` itself when `type`
/// has one leading dimension.
Value unfoldBatchDims(OpBuilder &b, Location loc, Value product, Value lhs,
                      RankedTensorType type);

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_UTILS_BATCHDIMS_H
