//===- RewriteMatmulPass.cpp - The --stl-rewrite-matmul pass --------------===//
//
// A thin pass over rewriteMatmulAsSTL: resolves the scheme (or candidates)
// once, then rewrites every matched product, with a remark where it does not.
//
//===----------------------------------------------------------------------===//

#include "RewriteMatmulInternal.h"
#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
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

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLREWRITEMATMUL
#include "stl/Dialect/STL/Transforms/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::detail;

namespace {
struct RewriteMatmulPattern : OpInterfaceRewritePattern<linalg::LinalgOp> {
  RewriteMatmulPattern(MLIRContext *context, ControlRewriteMatmulFn control)
      : OpInterfaceRewritePattern(context), control(std::move(control)) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!isMatmulCandidate(op))
      return rewriter.notifyMatchFailure(op, "not a matrix product");
    std::optional<RewriteMatmulOptions> options = control(op);
    if (!options)
      return rewriter.notifyMatchFailure(op, "skipped by the control function");
    return mlir::stl::rewriteMatmulAsSTL(rewriter, op, *options);
  }

private:
  ControlRewriteMatmulFn control;
};

struct STLRewriteMatmulPass
    : public mlir::stl::impl::STLRewriteMatmulBase<STLRewriteMatmulPass> {
  using STLRewriteMatmulBase::STLRewriteMatmulBase;

  /// Resolves the scheme and checks the Brent equations once per pipeline
  /// run (not per op, nor per function when the pass is nested: clones of
  /// the pass share what this computed). A bad scheme is only recorded here
  /// and reported by runOnOperation, at the location of the IR it concerns.
  LogicalResult initialize(MLIRContext *context) override {
    schemeError.clear();
    schemeAttr = nullptr;
    candidates.clear();
    if (scheme == "auto") {
      collectAutoCandidates(context);
      return success();
    }
    if (StringRef(scheme).contains(',')) {
      SmallVector<StringRef> names;
      StringRef(scheme).split(names, ',', -1, /*KeepEmpty=*/false);
      for (StringRef name : names) {
        FailureOr<std::pair<SchemeAttr, bool>> attr =
            resolve(context, name.trim());
        if (failed(attr))
          return success();
        if (!attr->second) {
          schemeError = "stl-rewrite-matmul: candidate scheme '" + name.str() +
                        "' is approximate; lists take exact "
                        "schemes only";
          return success();
        }
        candidates.push_back(attr->first);
      }
      return success();
    }
    FailureOr<std::pair<SchemeAttr, bool>> attr = resolve(context, scheme);
    if (failed(attr))
      return success();
    schemeAttr = attr->first;
    schemeIsExact = attr->second;
    return success();
  }

  /// Resolves and validates one scheme; records the error otherwise. Returns
  /// the attribute and whether it is exact (refusing an approximate one
  /// unless allow-approximate is set).
  FailureOr<std::pair<SchemeAttr, bool>> resolve(MLIRContext *context,
                                                 StringRef name) {
    std::string error;
    FailureOr<ResolvedScheme> resolved = resolveRewriteScheme(
        context, StringAttr::get(context, name), allowApproximate,
        "pass allow-approximate=true", error);
    if (failed(resolved)) {
      schemeError = "stl-rewrite-matmul: " + error;
      return failure();
    }
    return std::make_pair(resolved->attr, resolved->exact);
  }

  /// scheme=auto: every exact library scheme that saves multiplies, and the
  /// Kronecker products of two of them whose tile sides stay at most 9
  /// (exact by construction, e.g. strassen (x) laderman for 6x6x6 tiles).
  void collectAutoCandidates(MLIRContext *context) {
    std::vector<Scheme> base;
    for (const LibraryEntry &entry : listLibrarySchemes()) {
      llvm::Expected<Scheme> s = lookupScheme(entry.name);
      if (!s) {
        llvm::consumeError(s.takeError());
        continue;
      }
      if (s->m * s->k * s->n <= s->rank || s->validate() ||
          !checkBrent(*s).exact)
        continue;
      base.push_back(std::move(*s));
    }
    llvm::StringSet<> seen;
    auto add = [&](const Scheme &s) {
      if (seen.insert(s.name).second)
        candidates.push_back(SchemeAttr::get(context, s));
    };
    for (const Scheme &s : base)
      add(s);
    for (const Scheme &a : base)
      for (const Scheme &b : base)
        if (a.m * b.m <= 9 && a.k * b.k <= 9 && a.n * b.n <= 9)
          add(compose(a, b));
  }

  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *context = &getContext();
    if (!schemeError.empty()) {
      mlir::emitError(root->getLoc()) << schemeError;
      return signalPassFailure();
    }

    RewriteMatmulOptions options;
    options.scheme = schemeAttr;
    options.schemeIsExact = schemeIsExact;
    options.allowApproximate = allowApproximate;
    options.minSize = minSize;
    options.encoding = encodingType;
    options.minSaving = minSaving;
    options.force = force;
    options.candidates = candidates;
    options.target = target;

    SmallVector<linalg::LinalgOp> candidates;
    root->walk([&](linalg::LinalgOp op) {
      if (isMatmulCandidate(op))
        candidates.push_back(op);
    });

    RewriteFailureListener listener;
    IRRewriter rewriter(context, &listener);
    for (linalg::LinalgOp op : candidates) {
      listener.reason.clear();
      rewriter.setInsertionPoint(op);
      if (succeeded(mlir::stl::rewriteMatmulAsSTL(rewriter, op, options))) {
        ++numRewritten;
        continue;
      }
      // At the op's location, without the op attached: a remark per skipped
      // product should not print each one in full.
      mlir::emitRemark(op.getLoc())
          << "not rewritten to STL: " << listener.reason;
      ++numSkipped;
    }
  }

private:
  SchemeAttr schemeAttr;
  bool schemeIsExact = false;
  SmallVector<SchemeAttr> candidates;
  /// Why the scheme cannot be used; empty if it can.
  std::string schemeError;
};
} // namespace

void mlir::stl::populateRewriteMatmulPatterns(
    RewritePatternSet &patterns, const RewriteMatmulOptions &options) {
  populateRewriteMatmulPatterns(
      patterns,
      [options](linalg::LinalgOp) -> std::optional<RewriteMatmulOptions> {
        return options;
      });
}

void mlir::stl::populateRewriteMatmulPatterns(RewritePatternSet &patterns,
                                              ControlRewriteMatmulFn control) {
  patterns.add<RewriteMatmulPattern>(patterns.getContext(), std::move(control));
}
