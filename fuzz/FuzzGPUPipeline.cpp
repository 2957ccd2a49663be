//===- FuzzGPUPipeline.cpp - Fuzz target: rewrite + GPU lowering to PTX ---===//
//
// The rewrite and the GPU pipeline down to PTX (format=isa: no ptxas),
// alternating between the sm_90a (wgmma + TMA) and sm_80 (mma.sync) kernels
// by the parity of the input's length so both are covered by one corpus.
//
//===----------------------------------------------------------------------===//

#include "FuzzIR.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::stl::fuzz::parseAndRun(data, size,
                               size % 2 ? "builtin.module(stl-rewrite-matmul,"
                                          "stl-gpu-pipeline{chip=sm_80})"
                                        : "builtin.module(stl-rewrite-matmul,"
                                          "stl-gpu-pipeline{chip=sm_90a})");
  return 0;
}
