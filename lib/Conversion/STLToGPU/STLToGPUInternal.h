//===- STLToGPUInternal.h - Shared by the stl-to-GPU patterns ---*- C++ -*-===//
//
// Host-side helpers and preconditions that the kernel-launch patterns
// (ConvertSTLToGPU.cpp) and the cuBLASLt library-call pattern
// (HadamardToLibraryCall.cpp) share. Private to lib/Conversion/STLToGPU.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_CONVERSION_STLTOGPU_STLTOGPUINTERNAL_H
#define STL_LIB_CONVERSION_STLTOGPU_STLTOGPUINTERNAL_H

#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"

#include <string>
#include <utility>

namespace mlir::stl::detail {

/// The identity-layout memref type of a static tensor type.
MemRefType bufferType(RankedTensorType type);

/// `tensor` as a read-only device buffer.
Value readBuffer(OpBuilder &b, Location loc, Value tensor);

/// A fresh buffer for a result of `type`, and the tensor that stands for it
/// once the kernel has written it.
std::pair<Value, Value> allocResult(OpBuilder &b, Location loc,
                                    RankedTensorType type, Operation *after);

/// Element types and extents of an stl op that the kernels can index.
LogicalResult checkOperandTypes(Operation *op);

/// The cuBLASLt backend's operand and result types.
LogicalResult checkLibraryHadamard(HadamardOp op);

/// Runs `check`, turning its diagnostics into the match-failure reason of a
/// pattern instead of errors: a pattern that cannot apply is not an error
/// for the embedder who populated it.
template <typename Check>
auto checkQuietly(PatternRewriter &rewriter, Operation *op, Check check) {
  std::string reason;
  decltype(check()) result = [&] {
    ScopedDiagnosticHandler capture(op->getContext(), [&](Diagnostic &diag) {
      if (reason.empty())
        reason = diag.str();
      return success();
    });
    return check();
  }();
  if (failed(result))
    (void)rewriter.notifyMatchFailure(op, reason);
  return result;
}

} // namespace mlir::stl::detail

#endif // STL_LIB_CONVERSION_STLTOGPU_STLTOGPUINTERNAL_H
