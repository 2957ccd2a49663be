//===- FuzzIR.h - Shared driver of the IR fuzz targets ----------*- C++ -*-===//
//
// The IR targets differ only in the pass pipeline they run on the parsed
// input, so the parsing, the silenced diagnostics and the checks on what the
// passes produce live here once.
//
//===----------------------------------------------------------------------===//

#ifndef STL_FUZZ_FUZZIR_H
#define STL_FUZZ_FUZZIR_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>

namespace mlir::stl::fuzz {

/// Parses `data` as a module in a fresh context with every stl dialect and
/// pass registered. If it parses and verifies and `pipeline` (textual pass
/// pipeline on builtin.module) is not empty, runs the pipeline on it.
///
/// Anything may fail with a diagnostic; what must not happen is a crash, a
/// sanitizer report, or a pass that succeeds and leaves IR that does not
/// verify: that aborts with the pass's name, so libFuzzer records the input.
void parseAndRun(const uint8_t *data, size_t size, llvm::StringRef pipeline);

} // namespace mlir::stl::fuzz

#endif // STL_FUZZ_FUZZIR_H
