//===- FuzzScheme.cpp - Fuzz target: scheme JSON files --------------------===//
//
// What `stl-scheme verify FILE` and `--stl-rewrite-matmul=scheme=FILE` do
// with a scheme file: parse, validate, evaluate the Brent equations, and
// write it back. A scheme that was accepted must survive the round trip.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::stl::Scheme> scheme =
      mlir::stl::parseSchemeJSON(text, "fuzz");
  if (!scheme) {
    llvm::consumeError(scheme.takeError());
    return 0;
  }
  if (llvm::Error error = scheme->validate()) {
    llvm::errs() << "fuzz: parsed scheme fails validate(): "
                 << llvm::toString(std::move(error)) << "\n";
    std::abort();
  }
  (void)mlir::stl::checkBrent(*scheme);
  (void)scheme->hasIntegerCoefficients();
  (void)scheme->multiplyRatio();

  llvm::Expected<mlir::stl::Scheme> again = mlir::stl::parseSchemeJSON(
      mlir::stl::schemeToJSON(*scheme), "round trip");
  if (!again) {
    llvm::errs() << "fuzz: written scheme does not parse: "
                 << llvm::toString(again.takeError()) << "\n";
    std::abort();
  }
  return 0;
}
