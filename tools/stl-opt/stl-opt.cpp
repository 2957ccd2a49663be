//===- stl-opt.cpp - The stl optimizer driver -----------------------------===//
//
// mlir-opt with every stl dialect, pass and pipeline registered. The input
// is read here (rather than by MlirOptMain) so that its nesting depth can be
// checked before MLIR's recursive parser sees it.
//
//===----------------------------------------------------------------------===//

#include "InputGuard.h"
#include "stl/InitAllSTL.h"
#ifdef STL_INCLUDE_TESTS
#include "TestPasses.h"
#endif

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::DialectRegistry registry;
  mlir::stl::registerAllForTools(registry);
#ifdef STL_INCLUDE_TESTS
  mlir::stl::test::registerTestPasses();
#endif
  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "stl optimizer driver: Strassen-Tile passes and pipelines\n",
      registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleaveComma(registry.getDialectNames(), llvm::outs());
    llvm::outs() << "\n";
    return 0;
  }
  if (config.shouldListPasses()) {
    mlir::printRegisteredPasses();
    return 0;
  }

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFilename, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return 1;
  }
  // Bytecode ("ML\xefR") is not bracketed text.
  if (!input->getBuffer().starts_with("ML\xefR")) {
    if (std::optional<mlir::stl::UnparsableInput> refused =
            mlir::stl::findUnparsableInput(input->getBuffer())) {
      llvm::errs() << inputFilename << refused->location
                   << ": error: " << refused->message << "\n";
      return 1;
    }
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (mlir::failed(
          mlir::MlirOptMain(output->os(), std::move(input), registry, config)))
    return 1;
  output->keep();
  return 0;
}
