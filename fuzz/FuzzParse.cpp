//===- FuzzParse.cpp - Fuzz target: parse and verify stl IR ---------------===//
//
// The parsers and verifiers of #stl.scheme, #stl.kernel_config and the stl
// ops, with everything else the tools register.
//
//===----------------------------------------------------------------------===//

#include "FuzzIR.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::stl::fuzz::parseAndRun(data, size, /*pipeline=*/"");
  return 0;
}
