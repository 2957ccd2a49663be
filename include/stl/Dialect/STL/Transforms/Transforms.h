//===- Transforms.h - Public STL rewrite API --------------------*- C++ -*-===//
//
// Each rewrite is a function that returns failure (after notifyMatchFailure
// on the rewriter, so callers and remarks see why) or the new op; the passes
// are thin wrappers so that other compilers can call the same entry points.
//
//===----------------------------------------------------------------------===//

#ifndef STL_DIALECT_STL_TRANSFORMS_TRANSFORMS_H
#define STL_DIALECT_STL_TRANSFORMS_TRANSFORMS_H

#include "mlir/IR/PatternMatch.h"
#include "stl/Dialect/STL/IR/STLOps.h"

namespace mlir {
namespace linalg {
class LinalgOp;
} // namespace linalg
namespace stl {

struct RewriteMatmulOptions {
  /// The scheme to rewrite with.
  SchemeAttr scheme;
  /// Whether `scheme` satisfies the Brent equations (computed once by the
  /// caller; see SchemeAttr::isExact).
  bool schemeIsExact = false;
  /// Use `scheme` even if it is not exact.
  bool allowApproximate = false;
  /// Leave products with a static M, N or K below this alone.
  int64_t minSize = 1;
};

/// Rewrites a linalg matrix product (matmul, its transposed forms,
/// batch_matmul, or a generic that is a plain contraction) on tensors or
/// memrefs into stl.matmul. Returns the replacement's stl.matmul.
FailureOr<MatmulOp> rewriteMatmulAsSTL(RewriterBase &rewriter,
                                       linalg::LinalgOp op,
                                       const RewriteMatmulOptions &options);

void populateRewriteMatmulPatterns(RewritePatternSet &patterns,
                                   const RewriteMatmulOptions &options);

/// stl.matmul -> stl.encode (lhs, and rhs unless pre-encoded), stl.hadamard,
/// stl.decode. Returns the stl.decode.
FailureOr<DecodeOp> decomposeMatmul(RewriterBase &rewriter, MatmulOp op);

void populateDecomposePatterns(RewritePatternSet &patterns);

/// Evaluates an stl.encode of an arith.constant at compile time.
FailureOr<Value> foldConstantEncoding(RewriterBase &rewriter, EncodeOp op,
                                      int64_t maxElements);

/// Scalar multiplies of one product in its original and its STL form.
struct MultiplyCount {
  std::string scheme;
  int64_t m = 0, k = 0, n = 0, rank = 0;
  /// Batch * M * N * K of the product as written (before padding).
  int64_t original = 0;
  /// Batch * rank * (Mp/m) * (Kp/k) * (Np/n), padding included.
  int64_t stl = 0;
};

/// The multiply counts of an stl.matmul or stl.hadamard with static shapes.
FailureOr<MultiplyCount> countMultiplies(Operation *op);

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_TRANSFORMS_TRANSFORMS_H
