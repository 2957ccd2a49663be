//===- STLTransformOps.cpp - Transform dialect extension ------------------===//
//
// Thin wrappers over the public rewrite API (Transforms.h), as the passes
// are, so that a transform script and a pass pipeline give the same IR.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/TransformOps/STLTransformOps.h"

#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Format.h"

using namespace mlir;
using namespace mlir::stl;

//===----------------------------------------------------------------------===//
// STLRewriteMatmulOp
//===----------------------------------------------------------------------===//

static bool isSchemeSpec(Attribute attr) {
  return isa<StringAttr, SchemeAttr>(attr);
}

LogicalResult transform::STLRewriteMatmulOp::verify() {
  if (!isSchemeSpec(getScheme()))
    return emitOpError() << "'scheme' must be a scheme name or path (string) "
                            "or an #stl.scheme, got "
                         << getScheme();
  return success();
}

DiagnosedSilenceableFailure
transform::STLRewriteMatmulOp::apply(transform::TransformRewriter &rewriter,
                                     transform::TransformResults &results,
                                     transform::TransformState &state) {
  SmallVector<Operation *> targets =
      llvm::to_vector(state.getPayloadOps(getTarget()));
  SmallVector<Attribute> specs(targets.size(), getScheme());
  if (getSchemes()) {
    ArrayRef<Attribute> params = state.getParams(getSchemes());
    if (params.size() != targets.size())
      return emitDefiniteFailure()
             << "'schemes' holds " << params.size() << " values for "
             << targets.size() << " payload ops; expected one per op";
    specs.assign(params.begin(), params.end());
  }

  DenseMap<Attribute, ResolvedScheme> resolved;
  SmallVector<Operation *> rewritten;
  std::optional<DiagnosedSilenceableFailure> notLinalg;
  OpBuilder::Listener *tracking = rewriter.getListener();
  RewriteFailureListener listener(tracking);
  rewriter.setListener(&listener);
  llvm::scope_exit restoreListener([&] { rewriter.setListener(tracking); });
  for (auto [op, spec] : llvm::zip_equal(targets, specs)) {
    auto it = resolved.find(spec);
    if (it == resolved.end()) {
      std::string error;
      FailureOr<ResolvedScheme> scheme =
          resolveRewriteScheme(getContext(), spec, getAllowApproximate(),
                               "set allow_approximate", error);
      if (failed(scheme))
        return emitDefiniteFailure() << error;
      it = resolved.try_emplace(spec, *scheme).first;
    }

    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp) {
      if (!notLinalg)
        notLinalg.emplace(emitSilenceableError()
                          << "expected linalg ops, got a payload op that is "
                             "not one");
      notLinalg->attachNote(op->getLoc()) << "payload op";
      continue;
    }
    RewriteMatmulOptions options;
    options.scheme = it->second.attr;
    options.schemeIsExact = it->second.exact;
    options.allowApproximate = getAllowApproximate();
    options.minSize = getMinSize();
    options.force = getForce();
    listener.reason.clear();
    rewriter.setInsertionPoint(op);
    FailureOr<MatmulOp> stlOp = rewriteMatmulAsSTL(rewriter, linalgOp, options);
    if (succeeded(stlOp)) {
      rewritten.push_back(*stlOp);
      continue;
    }
    // As the pass does: a product the rewrite declines (too small, sparse,
    // ...) is left alone with a remark; the script sees it missing from
    // `transformed`.
    mlir::emitRemark(op->getLoc())
        << "not rewritten to STL: " << listener.reason;
  }
  results.set(cast<OpResult>(getTransformed()), rewritten);
  if (notLinalg)
    return std::move(*notLinalg);
  return DiagnosedSilenceableFailure::success();
}

void transform::STLRewriteMatmulOp::getEffects(
    SmallVectorImpl<MemoryEffects::EffectInstance> &effects) {
  consumesHandle(getTargetMutable(), effects);
  onlyReadsHandle(getSchemesMutable(), effects);
  producesHandle(getOperation()->getOpResults(), effects);
  modifiesPayload(effects);
}

//===----------------------------------------------------------------------===//
// STLDecomposeOp
//===----------------------------------------------------------------------===//

DiagnosedSilenceableFailure
transform::STLDecomposeOp::applyToOne(transform::TransformRewriter &rewriter,
                                      Operation *target,
                                      transform::ApplyToEachResultList &results,
                                      transform::TransformState &state) {
  auto matmul = dyn_cast<MatmulOp>(target);
  if (!matmul) {
    DiagnosedSilenceableFailure diag = emitSilenceableError()
                                       << "expected an stl.matmul";
    diag.attachNote(target->getLoc()) << "payload op";
    return diag;
  }
  rewriter.setInsertionPoint(matmul);
  FailureOr<DecodeOp> decode = decomposeMatmul(rewriter, matmul);
  if (failed(decode))
    return emitDefaultSilenceableFailure(target);
  results.push_back(*decode);
  return DiagnosedSilenceableFailure::success();
}

//===----------------------------------------------------------------------===//
// STLFoldConstantEncodingOp
//===----------------------------------------------------------------------===//

DiagnosedSilenceableFailure transform::STLFoldConstantEncodingOp::applyToOne(
    transform::TransformRewriter &rewriter, Operation *target,
    transform::ApplyToEachResultList &results,
    transform::TransformState &state) {
  auto encode = dyn_cast<EncodeOp>(target);
  if (!encode) {
    DiagnosedSilenceableFailure diag = emitSilenceableError()
                                       << "expected an stl.encode";
    diag.attachNote(target->getLoc()) << "payload op";
    return diag;
  }
  rewriter.setInsertionPoint(encode);
  FailureOr<Value> folded =
      foldConstantEncoding(rewriter, encode, getMaxElements());
  if (failed(folded)) {
    DiagnosedSilenceableFailure diag = emitSilenceableError()
                                       << "the encoding was not folded";
    diag.attachNote(target->getLoc())
        << "not an encoding of a constant with at most " << getMaxElements()
        << " result elements";
    return diag;
  }
  results.push_back(folded->getDefiningOp());
  return DiagnosedSilenceableFailure::success();
}

//===----------------------------------------------------------------------===//
// Pattern descriptors
//===----------------------------------------------------------------------===//

void transform::ApplySTLDecomposePatternsOp::populatePatterns(
    RewritePatternSet &patterns) {
  populateDecomposePatterns(patterns);
}

void transform::ApplySTLLowerToLinalgPatternsOp::populatePatterns(
    RewritePatternSet &patterns) {
  populateSTLToLinalgConversionPatterns(patterns);
}

//===----------------------------------------------------------------------===//
// Extension
//===----------------------------------------------------------------------===//

#define GET_OP_CLASSES
#include "stl/Dialect/STL/TransformOps/STLTransformOps.cpp.inc"

namespace {
class STLTransformDialectExtension
    : public transform::TransformDialectExtension<
          STLTransformDialectExtension> {
public:
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(STLTransformDialectExtension)

  using Base::Base;

  void init() {
    declareDependentDialect<linalg::LinalgDialect>();
    declareGeneratedDialect<STLDialect>();
    declareGeneratedDialect<arith::ArithDialect>();
    declareGeneratedDialect<bufferization::BufferizationDialect>();
    declareGeneratedDialect<linalg::LinalgDialect>();
    declareGeneratedDialect<tensor::TensorDialect>();
    registerTransformOps<
#define GET_OP_LIST
#include "stl/Dialect/STL/TransformOps/STLTransformOps.cpp.inc"
        >();
  }
};
} // namespace

void mlir::stl::registerTransformDialectExtension(DialectRegistry &registry) {
  registry.addExtensions<STLTransformDialectExtension>();
}
