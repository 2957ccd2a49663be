//===- FuzzIR.cpp - Shared driver of the IR fuzz targets ------------------===//

#include "FuzzIR.h"

#include "InputGuard.h"
#include "stl/InitAllSTL.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace {

const DialectRegistry &getRegistry() {
  // Built once: registering every dialect and pass is the slow part, and the
  // pass registry is global anyway.
  static const DialectRegistry *registry = [] {
    auto *r = new DialectRegistry();
    mlir::stl::registerAllForTools(*r);
    return r;
  }();
  return *registry;
}

/// Verifies the op a pass ran on after every successful pass. The pass
/// manager's own verifier turns invalid IR into a plain failure; here it is
/// a finding, reported with the pass that produced it.
struct VerifyAfterEachPass : public PassInstrumentation {
  void runAfterPass(Pass *pass, Operation *op) override {
    if (succeeded(verify(op)))
      return;
    llvm::errs() << "fuzz: pass '" << pass->getArgument()
                 << "' succeeded and produced IR that does not verify\n";
    std::abort();
  }
};

} // namespace

void mlir::stl::fuzz::parseAndRun(const uint8_t *data, size_t size,
                                  llvm::StringRef pipeline) {
  // MLIR's lexer reads one byte past the end of its buffer, expecting a
  // NUL there as in every MemoryBuffer a tool reads; libFuzzer's inputs end
  // exactly at `size` (the first campaign stopped on that overread).
  std::string owned(reinterpret_cast<const char *>(data), size);
  llvm::StringRef text(owned);
  // What stl-opt refuses before parsing (too deep for MLIR's recursive
  // parser, or a list its linalg parsers would crash on).
  if (mlir::stl::findUnparsableInput(text))
    return;

  // Loading the dialects (linalg above all) costs far more than parsing a
  // small input, so a context serves a batch of inputs; renewing it bounds
  // what the uniquers accumulate. A finding that needs the batch's history
  // still reproduces by rerunning the corpus in the same order.
  constexpr unsigned kInputsPerContext = 2000;
  static std::unique_ptr<MLIRContext> shared;
  static unsigned inputs = 0;
  if (!shared || ++inputs % kInputsPerContext == 0) {
    shared.reset();
    shared = std::make_unique<MLIRContext>(getRegistry(),
                                           MLIRContext::Threading::DISABLED);
    shared->loadAllAvailableDialects();
  }
  MLIRContext &context = *shared;
  // Errors are the expected outcome for most inputs; printing them would
  // only slow the fuzzer down.
  ScopedDiagnosticHandler silence(&context,
                                  [](Diagnostic &) { return success(); });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&context));
  if (!module || pipeline.empty())
    return;

  PassManager pm(&context, ModuleOp::getOperationName());
  pm.enableVerifier(false);
  pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>());
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs()))) {
    llvm::errs() << "fuzz: bad pipeline " << pipeline << "\n";
    std::abort();
  }
  (void)pm.run(*module);
}
