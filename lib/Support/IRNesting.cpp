//===- IRNesting.cpp - Nesting depth of textual IR ------------------------===//
//
// MLIR's parser, verifier and printer recurse once per nested region,
// attribute list or type, so a few kilobytes of "[[[[" overflow the stack
// (about 8,000 levels in an AddressSanitizer build). The tools measure the
// nesting of their input first and refuse anything deeper than real IR ever
// gets, with a diagnostic instead of a crash.
//
//===----------------------------------------------------------------------===//

#include "InputGuard.h"

#include <algorithm>

namespace mlir::stl {

size_t getIRNestingDepth(llvm::StringRef text) {
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
