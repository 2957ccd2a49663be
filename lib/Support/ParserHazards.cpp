//===- ParserHazards.cpp - Inputs that crash MLIR 22's parser -------------===//
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

#include "InputGuard.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>

namespace mlir::stl {
namespace {

/// Whitespace as MLIR's lexer sees it: space, tab, newline, carriage return
/// and a NUL byte inside the buffer. `std::isspace` also accepts '\v' and
/// '\f', which the lexer rejects: a list `[\v]` looked well formed to the
/// checks below but left the parser with a null attribute (found by the gpu
/// fuzz target); a NUL between `linalg.fill` and `<2>` hid the `<` (found by
/// the parse target).
bool isMLIRSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

/// Whether the decimal (or hexadecimal) digits `digits` are at most
/// INT64_MAX: a larger list element fails to parse and leaves the same null
/// attribute (found by the cpu fuzz target). -2^63 is refused too; no
/// permutation or dimension list needs it.
bool fitsInt64(llvm::StringRef digits, bool hex = false) {
  digits = digits.ltrim('0');
  if (hex)
    return digits.size() < 16 || (digits.size() == 16 && digits[0] <= '7');
  constexpr llvm::StringLiteral max = "9223372036854775807";
  return digits.size() < max.size() ||
         (digits.size() == max.size() && digits <= max);
}

/// A character of an MLIR identifier (op names, keywords, aliases).
bool isIdent(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
         c == '$';
}

/// The offset just past the string literal starting at `at` (a '"').
size_t skipStringLiteral(llvm::StringRef text, size_t at) {
  size_t i = at + 1;
  for (; i < text.size() && text[i] != '"'; ++i)
    if (text[i] == '\\')
      ++i;
  return std::min(i + 1, text.size());
}

/// `text` without the whitespace MLIR's lexer skips at either end (a NUL
/// byte included: `tensor<\0complex<f32>>` is a complex tensor to the
/// parser; found by the gpu fuzz target).
llvm::StringRef trimMLIRSpace(llvm::StringRef text) {
  while (!text.empty() && isMLIRSpace(text.front()))
    text = text.drop_front();
  while (!text.empty() && isMLIRSpace(text.back()))
    text = text.drop_back();
  return text;
}

size_t skipMLIRSpace(llvm::StringRef text, size_t i) {
  while (i < text.size() && isMLIRSpace(text[i]))
    ++i;
  return i;
}

bool isInComment(llvm::StringRef text, size_t at);

/// The offset of the value in the definition `alias = value` of an attribute
/// (`#name`) or type (`!name`) alias, if any. Top-level definitions need not
/// start a line: the lexer takes `!a = f32 !b = ...` and an indented one as
/// well.
std::optional<size_t> findAliasValue(llvm::StringRef text,
                                     llvm::StringRef alias) {
  for (size_t def = text.find(alias); def != llvm::StringRef::npos;
       def = text.find(alias, def + 1)) {
    size_t after = def + alias.size();
    if ((after < text.size() && isIdent(text[after])) ||
        (def > 0 && (isIdent(text[def - 1]) || text[def - 1] == '!' ||
                     text[def - 1] == '#')) ||
        isInComment(text, def))
      continue;
    size_t eq = skipMLIRSpace(text, after);
    if (eq >= text.size() || text[eq] != '=')
      continue;
    return skipMLIRSpace(text, eq + 1);
  }
  return std::nullopt;
}

/// Whether the text at `at` is `[` string literals separated by commas `]`.
bool isStringList(llvm::StringRef text, size_t at) {
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

/// The offset of the first `permutation =` or `dimensions =` (outside string
/// literals and `//` comments) whose value MLIR 22's linalg parsers would
/// crash on, if any.
std::optional<size_t> findLinalgArrayKeywordHazard(llvm::StringRef text) {
  size_t e = text.size();
  auto skipSpace = [&](size_t i) { return skipMLIRSpace(text, i); };
  for (size_t i = 0; i < e; ++i) {
    char c = text[i];
    if (c == '"') {
      i = skipStringLiteral(text, i) - 1;
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
std::optional<size_t> findLinalgPropertiesHazard(llvm::StringRef text) {
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

/// For the dictionary starting at `at` (a '{'): whether its top-level
/// `iterator_types` entry, if any, is a list of string literals.
bool hasStringIteratorTypes(llvm::StringRef text, size_t at) {
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

/// The offset of the first custom-form `linalg.generic` whose trait
/// dictionary (written after the op name, or an attribute alias `#name`
/// defined as one) has an `iterator_types` entry that is not a list of
/// string literals, if any. MLIR 22's parser reads every element of that
/// list as a string attribute without checking (found by the parse fuzz
/// target with `iterator_types=[8]`; even `#linalg.iterator_type<parallel>`
/// elements, valid in the generic form, crash the custom form). Values
/// other than a literal list, such as an alias, are refused as well.
std::optional<size_t>
findLinalgGenericIteratorTypesHazard(llvm::StringRef text) {
  constexpr llvm::StringLiteral name = "linalg.generic";
  for (size_t at = text.find(name); at != llvm::StringRef::npos;
       at = text.find(name, at + 1)) {
    if ((at > 0 && (text[at - 1] == '"' || text[at - 1] == '#' ||
                    text[at - 1] == '!' || isIdent(text[at - 1]))) ||
        (at + name.size() < text.size() && isIdent(text[at + name.size()])))
      continue;
    size_t j = skipMLIRSpace(text, at + name.size());
    if (j >= text.size())
      continue;
    if (text[j] == '{') {
      if (!hasStringIteratorTypes(text, j))
        return at;
      continue;
    }
    if (text[j] != '#')
      continue;
    // An alias: check the dictionary of its definition `#name = {...}`.
    size_t end = j + 1;
    while (end < text.size() && isIdent(text[end]))
      ++end;
    std::optional<size_t> value = findAliasValue(text, text.slice(j, end));
    if (value && (*value >= text.size() || text[*value] != '{' ||
                  !hasStringIteratorTypes(text, *value)))
      return at;
  }
  return std::nullopt;
}

/// The offset just past the bracket that closes the one at `open`, counting
/// (), [], {} and <> alike and skipping string literals; npos if unclosed.
size_t skipBalanced(llvm::StringRef text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      i = skipStringLiteral(text, i) - 1;
    } else if (c == '(' || c == '[' || c == '{' || c == '<') {
      ++depth;
    } else if ((c == ')' || c == ']' || c == '}' || c == '>') &&
               !(c == '>' && i > 0 && text[i - 1] == '-')) {
      if (--depth == 0)
        return i + 1;
    }
  }
  return llvm::StringRef::npos;
}

/// `text` split at each `separator` outside brackets and string literals.
llvm::SmallVector<llvm::StringRef> splitTopLevel(llvm::StringRef text,
                                                 char separator) {
  llvm::SmallVector<llvm::StringRef> parts;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(' || c == '[' || c == '{' || c == '<' || c == '"') {
      size_t end =
          c == '"' ? skipStringLiteral(text, i) : skipBalanced(text, i);
      if (end == llvm::StringRef::npos)
        break;
      i = end - 1;
    } else if (c == separator) {
      parts.push_back(trimMLIRSpace(text.slice(start, i)));
      start = i + 1;
    }
  }
  parts.push_back(trimMLIRSpace(text.substr(start)));
  return parts;
}

/// The type written at `at` as the lexer reads it: a keyword or an alias
/// name and, if `<` follows, everything through its matching `>`. An alias's
/// value ends there, not at the end of its line (`!t = tensor<index>` may be
/// followed by an op on the same line).
llvm::StringRef typeAt(llvm::StringRef text, size_t at) {
  size_t i = at;
  while (i < text.size() && (isIdent(text[i]) || text[i] == '!'))
    ++i;
  size_t open = skipMLIRSpace(text, i);
  if (open < text.size() && text[open] == '<') {
    size_t end = skipBalanced(text, open);
    i = end == llvm::StringRef::npos ? text.size() : end;
  }
  return text.slice(at, i);
}

/// The element type of a type as written (`tensor<2x?xcomplex<f32>>` ->
/// `complex<f32>`, `memref<4xf32, strided<[1]>>` -> `f32`, `f32` -> `f32`),
/// through type aliases `!name = ...` defined at the start of a line; a
/// slice of `text`.
llvm::StringRef elementTypeOf(llvm::StringRef text, llvm::StringRef type) {
  for (int hops = 0; hops < 8 && type.starts_with("!"); ++hops) {
    llvm::StringRef alias =
        type.take_while([](char c) { return c == '!' || isIdent(c); });
    std::optional<size_t> value = findAliasValue(text, alias);
    if (!value)
      return type;
    type = typeAt(text, *value);
  }
  // The lexer also takes whitespace between the keyword and `<`.
  for (llvm::StringRef shaped : {"tensor", "memref", "vector"}) {
    llvm::StringRef rest = type;
    if (!rest.consume_front(shaped))
      continue;
    rest = rest.drop_front(skipMLIRSpace(rest, 0));
    if (!rest.consume_front("<"))
      continue;
    type = rest;
    llvm::StringRef body = splitTopLevel(type.drop_back(), ',').front();
    // Dimensions: digits, `?` or `[4]` (scalable), each followed by `x`;
    // the lexer skips whitespace (and NUL bytes) between them.
    body = trimMLIRSpace(body);
    while (!body.empty()) {
      size_t n = 0;
      if (body[0] == '?')
        n = 1;
      else if (body[0] == '[')
        n = body.find(']') == llvm::StringRef::npos ? 0 : body.find(']') + 1;
      else
        while (n < body.size() &&
               std::isdigit(static_cast<unsigned char>(body[n])))
          ++n;
      llvm::StringRef rest = trimMLIRSpace(body.drop_front(n));
      if (n == 0 || rest.empty() || rest[0] != 'x')
        break;
      body = trimMLIRSpace(rest.drop_front());
    }
    return body;
  }
  return trimMLIRSpace(type);
}

/// The types after the top-level `:` of the parenthesized operand list that
/// starts at `open`.
llvm::SmallVector<llvm::StringRef> operandListTypes(llvm::StringRef text,
                                                    size_t open) {
  size_t end = skipBalanced(text, open);
  if (end == llvm::StringRef::npos)
    return {};
  llvm::SmallVector<llvm::StringRef> halves =
      splitTopLevel(text.slice(open + 1, end - 1), ':');
  if (halves.size() != 2)
    return {};
  return splitTopLevel(halves[1], ',');
}

/// Whether offset `at` is inside a `//` comment (outside string literals).
bool isInComment(llvm::StringRef text, size_t at) {
  size_t line = text.take_front(at).rfind('\n');
  for (size_t i = line == llvm::StringRef::npos ? 0 : line + 1; i < at; ++i) {
    if (text[i] == '"')
      i = skipStringLiteral(text, i) - 1;
    else if (text[i] == '/' && i + 1 < at && text[i + 1] == '/')
      return true;
  }
  return false;
}

/// The offset of the first custom-form `linalg.matmul`,
/// `linalg.batch_matmul` or `linalg.batch_reduce_matmul` whose operand
/// element types MLIR 22's parser cannot build a body for, if any. The body
/// builder casts each input element to the output's and, for these types,
/// uses the failed cast unchecked: an index output, an index input into a
/// float output, a complex input into a real output or an integer input into
/// a complex one, and vector elements leave a null value that the builder
/// then uses (found by mutation fuzzing of the tools and of the Python
/// bindings). linalg.matmul reports most of these itself; the mixes are
/// refused for all three, as no product takes them.
std::optional<size_t> findLinalgMatmulTypesHazard(llvm::StringRef text) {
  for (llvm::StringLiteral name :
       {llvm::StringLiteral("linalg.matmul"),
        llvm::StringLiteral("linalg.batch_matmul"),
        llvm::StringLiteral("linalg.batch_reduce_matmul")}) {
    for (size_t at = text.find(name); at != llvm::StringRef::npos;
         at = text.find(name, at + 1)) {
      if ((at > 0 && (text[at - 1] == '"' || isIdent(text[at - 1]))) ||
          (at + name.size() < text.size() && isIdent(text[at + name.size()])) ||
          isInComment(text, at))
        continue;
      size_t ins = text.find("ins", at + name.size());
      size_t outs = text.find("outs", at + name.size());
      if (ins == llvm::StringRef::npos || outs == llvm::StringRef::npos)
        continue;
      ins = skipMLIRSpace(text, ins + 3);
      outs = skipMLIRSpace(text, outs + 4);
      if (ins >= text.size() || text[ins] != '(' || outs >= text.size() ||
          text[outs] != '(')
        continue;
      llvm::SmallVector<llvm::StringRef> inTypes = operandListTypes(text, ins);
      llvm::SmallVector<llvm::StringRef> outTypes =
          operandListTypes(text, outs);
      if (inTypes.empty() || outTypes.empty())
        continue;
      llvm::StringRef out = elementTypeOf(text, outTypes.front());
      // i8, si32, ui64 (not index).
      auto isInteger = [](llvm::StringRef type) {
        if (!type.consume_front("si"))
          if (!type.consume_front("ui"))
            if (!type.consume_front("i"))
              return false;
        return !type.empty() && llvm::all_of(type, [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        });
      };
      bool outComplex = out.starts_with("complex<");
      if (out == "index" || out.starts_with("vector<"))
        return at;
      for (llvm::StringRef inType : inTypes) {
        llvm::StringRef in = elementTypeOf(text, inType);
        if ((in == "index" && !isInteger(out)) || in.starts_with("vector<") ||
            (in.starts_with("complex<") && !outComplex) ||
            (isInteger(in) && outComplex))
          return at;
      }
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<UnparsableInput> findUnparsableInput(llvm::StringRef text) {
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
  if (std::optional<size_t> at = findLinalgMatmulTypesHazard(text))
    return UnparsableInput{
        ":" + std::to_string(1 + text.take_front(*at).count('\n')),
        "the custom form of this linalg product cannot take these element "
        "types (an index output, an index input into a float output, a "
        "complex input into a real output or an integer one into a complex "
        "output, vector elements); write it as a linalg.generic with "
        "explicit casts"};
  return std::nullopt;
}

} // namespace mlir::stl
