//===- stl-consumer.cpp - A compiler that embeds stl ----------------------===//
//
// Reads a module, rewrites every linalg.matmul into stl.matmul with the
// public C++ API (stl/Dialect/STL/Transforms/Transforms.h), then runs a pass
// pipeline given by name, as an embedding compiler would:
//
//   stl-consumer input.mlir [scheme [pipeline]]
//
// docs/Embedding.md quotes this file.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/InitAllSTL.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: stl-consumer input.mlir [scheme [pipeline]]\n";
    return 2;
  }
  StringRef schemeName = argc > 2 ? argv[2] : "strassen";

  // The stl dialect (and its extensions) plus what the input uses.
  DialectRegistry registry;
  mlir::stl::registerSTLDialects(registry);
  registry.insert<func::FuncDialect, linalg::LinalgDialect>();
  MLIRContext context(registry);
  // The rewrite creates stl attributes before any stl op exists.
  context.loadDialect<mlir::stl::STLDialect>();

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(argv[1], &context);
  if (!module)
    return 1;

  // The scheme: a library name or a JSON file.
  llvm::Expected<::mlir::stl::Scheme> scheme =
      ::mlir::stl::resolveScheme(schemeName);
  if (!scheme) {
    llvm::errs() << llvm::toString(scheme.takeError()) << "\n";
    return 1;
  }
  mlir::stl::RewriteMatmulOptions options;
  options.scheme = mlir::stl::SchemeAttr::get(&context, *scheme);
  options.schemeIsExact = options.scheme.isExact();
  // The example rewrites a small odd product too, which padding makes more
  // expensive: force it, as the profitability rule would leave it alone.
  options.force = true;

  // Rewrite every linalg.matmul, with per-op control: an op may name its own
  // scheme (`stl.scheme = "laderman"`) or opt out (`stl.skip`), as an
  // embedder would keep e.g. attention products in their original form.
  SmallVector<linalg::MatmulOp> matmuls;
  module->walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
  IRRewriter rewriter(&context);
  int rewritten = 0;
  for (linalg::MatmulOp op : matmuls) {
    if (op->hasAttr("stl.skip"))
      continue;
    mlir::stl::RewriteMatmulOptions opOptions = options;
    if (auto name = op->getAttrOfType<StringAttr>("stl.scheme")) {
      llvm::Expected<::mlir::stl::Scheme> own =
          ::mlir::stl::resolveScheme(name);
      if (!own) {
        op->emitError() << llvm::toString(own.takeError());
        return 1;
      }
      opOptions.scheme = mlir::stl::SchemeAttr::get(&context, *own);
      opOptions.schemeIsExact = opOptions.scheme.isExact();
    }
    rewriter.setInsertionPoint(op);
    if (succeeded(mlir::stl::rewriteMatmulAsSTL(
            rewriter, cast<linalg::LinalgOp>(op.getOperation()), opOptions)))
      ++rewritten;
  }
  llvm::outs() << "// rewritten " << rewritten << " of " << matmuls.size()
               << " matmuls\n";

  // Then any registered stl pipeline, by name.
  if (argc > 3) {
    mlir::stl::registerAllSTLPasses();
    PassManager pm(&context);
    if (failed(parsePassPipeline(argv[3], pm, llvm::errs())) ||
        failed(pm.run(*module)))
      return 1;
  }
  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
