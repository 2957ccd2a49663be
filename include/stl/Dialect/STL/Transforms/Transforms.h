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
#include "stl/Dialect/STL/Transforms/Options.h"

#include <functional>
#include <limits>
#include <optional>

namespace mlir {
namespace linalg {
class LinalgOp;
} // namespace linalg
namespace stl {

/// Discardable attribute on an stl.matmul (and, after decomposition, its
/// stl.hadamard): why scheme=auto or a candidate list chose its scheme.
constexpr StringLiteral kSelectionAttrName = "stl.selection";

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
  /// Encoded-operand type of float products (Auto: see
  /// resolveEncodingType, which reads `target`).
  EncodingType encoding = EncodingType::Auto;
  /// Rewrite only products whose multiplies, padding included, are at least
  /// this many percent fewer than the original's (strictly fewer at 0).
  double minSaving = 0.0;
  /// Rewrite even where the rule above says no.
  bool force = false;
  /// If not empty, `scheme` is ignored: each product gets the candidate
  /// (and the operand order) that minimises the cost model, or is left alone
  /// if none beats the product as written. Candidates must be exact.
  SmallVector<SchemeAttr> candidates;
  /// Target of the cost model: multiplies after padding only, or the time
  /// on a CPU or GPU (GEMM time plus encode/decode traffic as memory time,
  /// from the figures in docs/CostModel.md).
  CostTarget target = CostTarget::Multiplies;
  /// Which input plays A (false: the first; true: the second); unset: the
  /// order that needs the fewest transposes.
  std::optional<bool> swapOperands;
};

/// The estimated cost (seconds for a target, multiplies without one) of a
/// product batch x rows x inner x cols with `scheme` (null: as written).
/// `rhsConstant`: the rhs is encoded at compile time.
double estimateCost(SchemeAttr scheme, int64_t batch, int64_t rows,
                    int64_t inner, int64_t cols, unsigned operandBytes,
                    unsigned encodedBytes, unsigned resultBytes,
                    bool rhsConstant, CostTarget target);

/// Chooses, per matched op, the options to rewrite it with, or std::nullopt
/// to leave it alone (e.g. attention products): the hook an embedder uses to
/// pick a scheme per op.
using ControlRewriteMatmulFn =
    std::function<std::optional<RewriteMatmulOptions>(linalg::LinalgOp)>;

/// Rewrites a linalg matrix product (matmul, its transposed forms,
/// batch_matmul, or a generic that is a plain contraction) on tensors or
/// memrefs into stl.matmul. Returns the replacement's stl.matmul.
FailureOr<MatmulOp> rewriteMatmulAsSTL(RewriterBase &rewriter,
                                       linalg::LinalgOp op,
                                       const RewriteMatmulOptions &options);

void populateRewriteMatmulPatterns(RewritePatternSet &patterns,
                                   const RewriteMatmulOptions &options);

/// As above with the options chosen per op by `control`.
void populateRewriteMatmulPatterns(RewritePatternSet &patterns,
                                   ControlRewriteMatmulFn control);

/// stl.matmul -> stl.encode (lhs, and rhs unless pre-encoded), stl.hadamard,
/// stl.decode. Returns the stl.decode.
FailureOr<DecodeOp> decomposeMatmul(RewriterBase &rewriter, MatmulOp op);

void populateDecomposePatterns(RewritePatternSet &patterns);

/// The value of a compile-time constant tensor: an arith.constant (dense or
/// dense_resource), possibly through linalg.transpose, linalg.broadcast,
/// yield-only linalg.generic copies (broadcasts and transposes as torch-mlir
/// writes them), tensor reshapes and constant tensor.pad. Fails otherwise, or
/// when the value has more than `maxElements` elements.
FailureOr<DenseElementsAttr> evaluateConstantTensor(
    Value value, int64_t maxElements = std::numeric_limits<int64_t>::max());

/// Whether `type` is static with at most `maxElements` elements (counted
/// with overflow checks).
bool fitsElementBudget(ShapedType type, int64_t maxElements);

/// Whether evaluateConstantTensor can evaluate `value` (budget aside):
/// checks the ops only, reads no data.
bool isConstantTensor(Value value);

/// `source` rearranged into `resultType`: result element `idx` is source
/// element `[idx[sourceDims[0]], idx[sourceDims[1]], ...]`, where a
/// sourceDims entry of -1 stands for index 0. Covers transposes, broadcasts
/// and slices at index 0. Fails for element types that are not whole bytes.
FailureOr<DenseElementsAttr> gatherConstantTensor(DenseElementsAttr source,
                                                  RankedTensorType resultType,
                                                  ArrayRef<int64_t> sourceDims);

/// Where a constant tensor comes from, for reports: the constant (a
/// dense_resource blob by name) and the ops it passes through, e.g.
/// "dense_resource<w> : tensor<6x4xf32> through linalg.transpose". Empty if
/// `value` is not one isConstantTensor accepts.
std::string describeConstantTensor(Value value);

/// Discardable attribute on a constant made from a weight (pre-encoded, or
/// converted to the encoding type): describeConstantTensor of the weight.
constexpr StringLiteral kWeightAttrName = "stl.weight";

/// Evaluates an stl.encode of a constant (see evaluateConstantTensor) at
/// compile time.
FailureOr<Value> foldConstantEncoding(RewriterBase &rewriter, EncodeOp op,
                                      int64_t maxElements);

/// Scalar multiplies of one product in its original and its STL form.
struct MultiplyCount {
  std::string scheme;
  int64_t m = 0, k = 0, n = 0, rank = 0;
  /// The product as written: batch (all batch dims), M, K, N.
  int64_t batch = 1, rows = 0, inner = 0, cols = 0;
  /// Batch * M * N * K of the product as written (before padding).
  int64_t original = 0;
  /// Batch * rank * (Mp/m) * (Kp/k) * (Np/n), padding included.
  int64_t stl = 0;
  /// The rhs (weight) was encoded at compile time.
  bool rhsPreEncoded = false;
  /// Which weight, when known (see kWeightAttrName).
  std::string weight;
  /// Why the scheme was chosen (scheme=auto or a list), else empty.
  std::string selection;
};

/// The weight of an stl.matmul (`rhs_encoded`) or stl.hadamard (a constant
/// rhs, or one broadcast along batch dimensions) that was encoded at compile
/// time: its description (kWeightAttrName; empty when unknown). nullopt when
/// the rhs is encoded at run time.
std::optional<std::string> getPreEncodedWeight(Operation *op);

/// The multiply counts of an stl.matmul or stl.hadamard with static shapes.
FailureOr<MultiplyCount> countMultiplies(Operation *op);

/// A scheme ready for the rewrite.
struct ResolvedScheme {
  SchemeAttr attr;
  /// The Brent equations hold (the rewrite computes the same product).
  bool exact = false;
};

/// `spec` (a library name or JSON path as a StringAttr, or an #stl.scheme)
/// as a scheme the rewrite can use: resolved, validated and checked for
/// exactness. An approximate scheme is refused unless `allowApproximate`;
/// the message then names `allowApproximateOption`, the caller's switch. On
/// failure `error` says why (the same words for every front door).
FailureOr<ResolvedScheme> resolveRewriteScheme(MLIRContext *context,
                                               Attribute spec,
                                               bool allowApproximate,
                                               StringRef allowApproximateOption,
                                               std::string &error);

/// Keeps the message of the last match failure (the reason the rewrite left
/// an op alone), so that a pass or a transform op can report it; forwards
/// every notification to `next` when one is given (a transform rewriter's
/// tracking listener).
struct RewriteFailureListener : RewriterBase::ForwardingListener {
  explicit RewriteFailureListener(OpBuilder::Listener *next = nullptr)
      : ForwardingListener(next) {}
  std::string reason;
  void
  notifyMatchFailure(Location loc,
                     function_ref<void(Diagnostic &)> reasonCallback) override {
    Diagnostic diag(loc, DiagnosticSeverity::Remark);
    reasonCallback(diag);
    reason = diag.str();
    ForwardingListener::notifyMatchFailure(loc, reasonCallback);
  }
};

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_TRANSFORMS_TRANSFORMS_H
