//===- IRNesting.h - Nesting depth of textual IR ----------------*- C++ -*-===//
//
// MLIR's parser, verifier and printer recurse once per nested region,
// attribute list or type, so a few kilobytes of "[[[[" overflow the stack
// (about 8,000 levels in an AddressSanitizer build). The tools measure the
// nesting of their input first and refuse anything deeper than real IR ever
// gets, with a diagnostic instead of a crash.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SUPPORT_IRNESTING_H
#define STL_SUPPORT_IRNESTING_H

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstddef>

namespace mlir::stl {

/// Deepest bracket nesting the tools accept in textual IR.
constexpr size_t kMaxIRNesting = 512;

/// Deepest nesting of (), [], {} and <> in `text`, outside string literals
/// and `//` comments. "->", "<=" and ">=" are not brackets; a stray closing
/// bracket never makes the count negative (it can only under-count).
inline size_t getIRNestingDepth(llvm::StringRef text) {
  size_t depth = 0, deepest = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    char next = i + 1 < e ? text[i + 1] : '\0';
    if (c == '"') {
      for (++i; i < e && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      continue;
    }
    if (c == '/' && next == '/') {
      while (i < e && text[i] != '\n')
        ++i;
      continue;
    }
    if ((c == '-' && next == '>') || ((c == '<' || c == '>') && next == '=')) {
      ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{' || c == '<')
      deepest = std::max(deepest, ++depth);
    else if ((c == ')' || c == ']' || c == '}' || c == '>') && depth > 0)
      --depth;
  }
  return deepest;
}

} // namespace mlir::stl

#endif // STL_SUPPORT_IRNESTING_H
