//===- InputGuard.h - Textual IR the tools refuse before parsing -*- C++
//-*-===//
//
// MLIR 22's parser recurses once per nesting level and crashes on a few
// malformed custom forms of linalg ops (docs/Hardening.md). Every front door
// that parses text it did not write (stl-opt, the Python `Module.parse`, the
// fuzz driver) asks `findUnparsableInput` first and reports its diagnostic
// instead of crashing. This is a workaround for upstream bugs, not API: the
// header is private to the project's tools and is not installed.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_SUPPORT_INPUTGUARD_H
#define STL_LIB_SUPPORT_INPUTGUARD_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <optional>
#include <string>

namespace mlir::stl {

/// Deepest bracket nesting the tools accept in textual IR.
constexpr size_t kMaxIRNesting = 512;

/// Deepest nesting of (), [], {} and <> in `text`, outside string literals
/// and `//` comments. "->", "<=" and ">=" are not brackets; a stray closing
/// bracket never makes the count negative (it can only under-count).
size_t getIRNestingDepth(llvm::StringRef text);

/// Why a front door (stl-opt, Python, the fuzz driver) must not hand `text`
/// to MLIR's parser.
struct UnparsableInput {
  /// ":LINE" where the hazard is, or empty when it concerns the whole text.
  std::string location;
  std::string message;
};

/// Nesting deeper than kMaxIRNesting, or one of the linalg custom forms that
/// crash MLIR 22's parser, with the diagnostic the tools print; nullopt if
/// MLIR's parser may be given `text`.
std::optional<UnparsableInput> findUnparsableInput(llvm::StringRef text);

} // namespace mlir::stl

#endif // STL_LIB_SUPPORT_INPUTGUARD_H
