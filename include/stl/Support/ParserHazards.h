//===- ParserHazards.h - Inputs that crash MLIR 22's parser -----*- C++ -*-===//
//
// The custom syntax of linalg.transpose (`permutation = [...]`),
// linalg.broadcast and linalg.reduce (`dimensions = [...]`) is parsed by
// MLIR 22 without checking that the integer list parsed: a missing or
// malformed list leaves a null attribute that the parser then dereferences
// (found by fuzzing, see docs/Hardening.md). Until the upstream parser
// checks it, the tools look for such a keyword whose value is not a
// well-formed list and refuse the input with a diagnostic instead of
// crashing. The custom syntax takes nothing but the list: any other value
// (`dense<...>`, `array<...>`, even well-formed) crashes it too. Inside an
// attribute dictionary (`{dimensions = ...}`, `<{... , permutation = ...}>`:
// the keyword follows `{` or `,`) the generic attribute parser reads the
// value and reports its errors, so the keyword is left alone there.
// The same holds for a few other custom forms (a property dictionary after
// the op name, the `iterator_types` of linalg.generic), each with its check
// below.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SUPPORT_PARSERHAZARDS_H
#define STL_SUPPORT_PARSERHAZARDS_H

#include "stl/Support/IRNesting.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>

namespace mlir::stl {

/// Whitespace as MLIR's lexer sees it: space, tab, newline, carriage return
/// and a NUL byte inside the buffer. `std::isspace` also accepts '\v' and
/// '\f', which the lexer rejects: a list `[\v]` looked well formed to the
/// checks below but left the parser with a null attribute (found by the gpu
/// fuzz target); a NUL between `linalg.fill` and `<2>` hid the `<` (found by
/// the parse target).
inline bool isMLIRSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

/// Whether the decimal (or hexadecimal) digits `digits` are at most
/// INT64_MAX: a larger list element fails to parse and leaves the same null
/// attribute (found by the cpu fuzz target). -2^63 is refused too; no
/// permutation or dimension list needs it.
inline bool fitsInt64(llvm::StringRef digits, bool hex = false) {
  digits = digits.ltrim('0');
  if (hex)
    return digits.size() < 16 || (digits.size() == 16 && digits[0] <= '7');
  constexpr llvm::StringLiteral max = "9223372036854775807";
  return digits.size() < max.size() ||
         (digits.size() == max.size() && digits <= max);
}

namespace detail {
/// A character of an MLIR identifier (op names, keywords, aliases).
inline bool isIdent(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
         c == '$';
}

/// The offset just past the string literal starting at `at` (a '"').
inline size_t skipStringLiteral(llvm::StringRef text, size_t at) {
  size_t i = at + 1;
  for (; i < text.size() && text[i] != '"'; ++i)
    if (text[i] == '\\')
      ++i;
  return std::min(i + 1, text.size());
}

inline size_t skipMLIRSpace(llvm::StringRef text, size_t i) {
  while (i < text.size() && isMLIRSpace(text[i]))
    ++i;
  return i;
}

/// Whether the text at `at` is `[` string literals separated by commas `]`.
inline bool isStringList(llvm::StringRef text, size_t at) {
  if (at >= text.size() || text[at] != '[')
    return false;
  size_t i = skipMLIRSpace(text, at + 1);
  if (i < text.size() && text[i] == ']')
    return true;
  while (i < text.size() && text[i] == '"') {
    i = skipMLIRSpace(text, skipStringLiteral(text, i));
    if (i < text.size() && text[i] == ']')
      return true;
    if (i >= text.size() || text[i] != ',')
      return false;
    i = skipMLIRSpace(text, i + 1);
  }
  return false;
}

} // namespace detail

/// The offset of the first `permutation =` or `dimensions =` (outside string
/// literals and `//` comments) whose value MLIR 22's linalg parsers would
/// crash on, if any.
inline std::optional<size_t>
findLinalgArrayKeywordHazard(llvm::StringRef text) {
  using detail::isIdent;
  size_t e = text.size();
  auto skipSpace = [&](size_t i) { return detail::skipMLIRSpace(text, i); };
  for (size_t i = 0; i < e; ++i) {
    char c = text[i];
    if (c == '"') {
      i = detail::skipStringLiteral(text, i) - 1;
      continue;
    }
    if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      while (i < e && text[i] != '\n')
        ++i;
      continue;
    }
    llvm::StringRef rest = text.substr(i);
    size_t keyword = rest.starts_with("permutation")  ? 11
                     : rest.starts_with("dimensions") ? 10
                                                      : 0;
    if (!keyword || (i > 0 && isIdent(text[i - 1])) ||
        (i + keyword < e && isIdent(text[i + keyword])))
      continue;
    size_t at = i;
    size_t j = skipSpace(i + keyword);
    i += keyword - 1;
    if (j >= e || text[j] != '=')
      continue;
    size_t before = at;
    while (before > 0 && isMLIRSpace(text[before - 1]))
      --before;
    if (before > 0 && (text[before - 1] == '{' || text[before - 1] == ','))
      continue;
    j = skipSpace(j + 1);
    // The custom form: `[` integers separated by commas `]`.
    if (j >= e || text[j] != '[')
      return at;
    j = skipSpace(j + 1);
    bool ok = false, first = true;
    while (j < e) {
      if (text[j] == ']' && first) {
        ok = true;
        break;
      }
      if (text[j] == '-')
        j = skipSpace(j + 1);
      // Decimal, or hexadecimal as MLIR's lexer reads it (`0x` and at least
      // one hex digit).
      bool hex = j + 2 < e && text[j] == '0' && text[j + 1] == 'x' &&
                 std::isxdigit(static_cast<unsigned char>(text[j + 2]));
      if (hex)
        j += 2;
      size_t digits = j;
      while (j < e && (hex ? std::isxdigit(static_cast<unsigned char>(text[j]))
                           : std::isdigit(static_cast<unsigned char>(text[j]))))
        ++j;
      if (j == digits || !fitsInt64(text.slice(digits, j), hex))
        break;
      j = skipSpace(j);
      first = false;
      if (j < e && text[j] == ']') {
        ok = true;
        break;
      }
      if (j >= e || text[j] != ',')
        break;
      j = skipSpace(j + 1);
    }
    if (!ok)
      return at;
  }
  return std::nullopt;
}

/// The offset of the first custom-form linalg op name (`linalg.fill`, not
/// the quoted generic `"linalg.fill"`) followed by `<` and something other
/// than a property dictionary `{`, if any: MLIR 22's linalg parsers read an
/// attribute there and use it as a dictionary without checking (found by
/// the parse fuzz target with `linalg.fill<2>`).
inline std::optional<size_t> findLinalgPropertiesHazard(llvm::StringRef text) {
  for (size_t at = text.find("linalg."); at != llvm::StringRef::npos;
       at = text.find("linalg.", at + 1)) {
    // Not the quoted generic form, nor a linalg attribute or type
    // (`#linalg.iterator_type<parallel>`), nor part of a longer name.
    if (at > 0 &&
        (text[at - 1] == '"' || text[at - 1] == '#' || text[at - 1] == '!' ||
         std::isalnum(static_cast<unsigned char>(text[at - 1])) ||
         text[at - 1] == '_' || text[at - 1] == '.'))
      continue;
    size_t j = at + 7;
    while (j < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[j])) ||
            text[j] == '_' || text[j] == '.'))
      ++j;
    while (j < text.size() && isMLIRSpace(text[j]))
      ++j;
    if (j >= text.size() || text[j] != '<')
      continue;
    ++j;
    while (j < text.size() && isMLIRSpace(text[j]))
      ++j;
    if (j >= text.size() || text[j] != '{')
      return at;
  }
  return std::nullopt;
}

namespace detail {
/// For the dictionary starting at `at` (a '{'): whether its top-level
/// `iterator_types` entry, if any, is a list of string literals.
inline bool hasStringIteratorTypes(llvm::StringRef text, size_t at) {
  int depth = 0;
  bool expectKey = false;
  for (size_t i = at; i < text.size(); ++i) {
    char c = text[i];
    if (isMLIRSpace(c))
      continue;
    if (depth == 1 && expectKey) {
      expectKey = false;
      llvm::StringRef rest = text.substr(i);
      size_t len = rest.starts_with("iterator_types")       ? 14
                   : rest.starts_with("\"iterator_types\"") ? 16
                                                            : 0;
      size_t j = skipMLIRSpace(text, i + len);
      if (len && j < text.size() && text[j] == '=')
        return isStringList(text, skipMLIRSpace(text, j + 1));
    }
    if (c == '"') {
      i = skipStringLiteral(text, i) - 1;
      continue;
    }
    // The '>' of an arrow (`affine_map<(i) -> (i)>`) closes nothing.
    if (c == '{' || c == '[' || c == '(' || c == '<')
      ++depth;
    else if (c == '}' || c == ']' || c == ')' ||
             (c == '>' && text[i - 1] != '-'))
      --depth;
    if (depth <= 0)
      return true;
    if (depth == 1 && (c == '{' || c == ','))
      expectKey = true;
  }
  return true;
}
} // namespace detail

/// The offset of the first custom-form `linalg.generic` whose trait
/// dictionary (written after the op name, or an attribute alias `#name`
/// defined as one) has an `iterator_types` entry that is not a list of
/// string literals, if any. MLIR 22's parser reads every element of that
/// list as a string attribute without checking (found by the parse fuzz
/// target with `iterator_types=[8]`; even `#linalg.iterator_type<parallel>`
/// elements, valid in the generic form, crash the custom form). Values
/// other than a literal list, such as an alias, are refused as well.
inline std::optional<size_t>
findLinalgGenericIteratorTypesHazard(llvm::StringRef text) {
  using detail::isIdent;
  constexpr llvm::StringLiteral name = "linalg.generic";
  for (size_t at = text.find(name); at != llvm::StringRef::npos;
       at = text.find(name, at + 1)) {
    if ((at > 0 && (text[at - 1] == '"' || text[at - 1] == '#' ||
                    text[at - 1] == '!' || isIdent(text[at - 1]))) ||
        (at + name.size() < text.size() && isIdent(text[at + name.size()])))
      continue;
    size_t j = detail::skipMLIRSpace(text, at + name.size());
    if (j >= text.size())
      continue;
    if (text[j] == '{') {
      if (!detail::hasStringIteratorTypes(text, j))
        return at;
      continue;
    }
    if (text[j] != '#')
      continue;
    // An alias: check the dictionary of its definition `#name = {...}`.
    size_t end = j + 1;
    while (end < text.size() && isIdent(text[end]))
      ++end;
    llvm::StringRef alias = text.slice(j, end);
    for (size_t def = text.find(alias); def != llvm::StringRef::npos;
         def = text.find(alias, def + 1)) {
      size_t after = def + alias.size();
      if ((after < text.size() && isIdent(text[after])) ||
          (def > 0 && text[def - 1] != '\n'))
        continue;
      size_t eq = detail::skipMLIRSpace(text, after);
      if (eq >= text.size() || text[eq] != '=')
        continue;
      size_t value = detail::skipMLIRSpace(text, eq + 1);
      if (value >= text.size() || text[value] != '{' ||
          !detail::hasStringIteratorTypes(text, value))
        return at;
      break;
    }
  }
  return std::nullopt;
}

/// Why a front door (stl-opt, Python, the fuzz driver) must not hand `text`
/// to MLIR's parser.
struct UnparsableInput {
  /// ":LINE" where the hazard is, or empty when it concerns the whole text.
  std::string location;
  std::string message;
};

/// Every check above, with the diagnostic the tools print; nullopt if MLIR's
/// parser may be given `text`.
inline std::optional<UnparsableInput>
findUnparsableInput(llvm::StringRef text) {
  size_t depth = getIRNestingDepth(text);
  if (depth > kMaxIRNesting)
    return UnparsableInput{"", "brackets nested " + std::to_string(depth) +
                                   " levels deep; at most " +
                                   std::to_string(kMaxIRNesting) +
                                   " are supported"};
  if (std::optional<size_t> at = findLinalgArrayKeywordHazard(text)) {
    llvm::StringRef keyword = text.substr(*at).take_while(
        [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    return UnparsableInput{
        ":" + std::to_string(1 + text.take_front(*at).count('\n')),
        "expected an integer list '[...]' after '" + keyword.str() + " ='"};
  }
  if (std::optional<size_t> at = findLinalgPropertiesHazard(text))
    return UnparsableInput{
        ":" + std::to_string(1 + text.take_front(*at).count('\n')),
        "expected a property dictionary '<{...}>' after the linalg op name"};
  if (std::optional<size_t> at = findLinalgGenericIteratorTypesHazard(text))
    return UnparsableInput{
        ":" + std::to_string(1 + text.take_front(*at).count('\n')),
        "expected 'iterator_types' of the custom-form linalg.generic to be a "
        "list of strings like [\"parallel\", \"reduction\"]"};
  return std::nullopt;
}

} // namespace mlir::stl

#endif // STL_SUPPORT_PARSERHAZARDS_H
