//===- FuzzCPUPipeline.cpp - Fuzz target: rewrite + CPU lowering ----------===//
//
// The rewrite (Strassen, the default scheme, on every linalg product), the
// multiply-count report, the decomposition and the whole CPU pipeline (which
// folds constant encodings) down to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "FuzzIR.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::stl::fuzz::parseAndRun(data, size,
                               "builtin.module(stl-rewrite-matmul,"
                               "stl-report{output=/dev/null},stl-decompose,"
                               "stl-cpu-pipeline)");
  return 0;
}
