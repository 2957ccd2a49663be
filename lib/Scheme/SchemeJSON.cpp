//===- SchemeJSON.cpp - Scheme files --------------------------------------===//
//
// Format (docs/Schemes.md):
//   {"name": "...", "m": M, "k": K, "n": N, "rank": R,
//    "u": [R rows of M*K numbers], "v": [R rows of K*N numbers],
//    "w": [M*N rows of R numbers]}
// Files come from users, so every malformation is an error that names the
// file and the field; nothing here may assert on input.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeInternal.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace stl;

namespace {

llvm::Error fieldError(llvm::StringRef origin, llvm::StringRef field,
                       const llvm::Twine &what) {
  return llvm::createStringError(
      (origin + ": field '" + field + "' " + what).str());
}

llvm::Expected<int64_t> readDim(const llvm::json::Object &obj,
                                llvm::StringRef origin, llvm::StringRef field,
                                int64_t limit) {
  const llvm::json::Value *value = obj.get(field);
  if (!value)
    return fieldError(origin, field, "is missing");
  // getAsInteger() accepts 3 and 3.0 but not 2.5, "3" or 1e300; it is only
  // asked for numbers in range, since it converts the double 2^63 to int64
  // (undefined behaviour, found by fuzzing).
  std::optional<double> number = value->getAsNumber();
  std::optional<int64_t> integer;
  if (number && *number >= 1 && *number <= static_cast<double>(limit))
    integer = value->getAsInteger();
  if (!integer || *integer <= 0 || *integer > limit) {
    std::string got;
    llvm::raw_string_ostream os(got);
    os << *value;
    return fieldError(origin, field,
                      "must be an integer in [1, " + llvm::Twine(limit) +
                          "], got " + got);
  }
  return *integer;
}

/// Reads `field` as `rows` rows of `cols` finite numbers, appended row-major
/// to `out`. `rowsName`/`colsName` explain the expected sizes in messages.
llvm::Error readMatrix(const llvm::json::Object &obj, llvm::StringRef origin,
                       llvm::StringRef field, int64_t rows, int64_t cols,
                       llvm::StringRef rowsName, llvm::StringRef colsName,
                       std::vector<double> &out) {
  const llvm::json::Value *value = obj.get(field);
  if (!value)
    return fieldError(origin, field, "is missing");
  const llvm::json::Array *array = value->getAsArray();
  if (!array)
    return fieldError(origin, field,
                      "must be an array of " + llvm::Twine(rows) + " rows (" +
                          rowsName + ")");
  if (static_cast<int64_t>(array->size()) != rows)
    return fieldError(origin, field,
                      "has length " + llvm::Twine(array->size()) +
                          ", expected " + llvm::Twine(rows) + " rows (" +
                          rowsName + ")");
  // No reserve(rows * cols): the rows' lengths are not checked yet, and a
  // few bytes of "[]" rows would make that terabytes.
  out.clear();
  for (int64_t i = 0; i < rows; ++i) {
    const llvm::json::Array *row = (*array)[i].getAsArray();
    if (!row)
      return fieldError(origin, field,
                        "row " + llvm::Twine(i) + " is not an array");
    if (static_cast<int64_t>(row->size()) != cols)
      return fieldError(origin, field,
                        "row " + llvm::Twine(i) + " has length " +
                            llvm::Twine(row->size()) + ", expected " +
                            llvm::Twine(cols) + " (" + colsName + ")");
    for (int64_t j = 0; j < cols; ++j) {
      std::optional<double> x = (*row)[j].getAsNumber();
      if (!x)
        return fieldError(origin, field,
                          "row " + llvm::Twine(i) + " column " +
                              llvm::Twine(j) + " is not a number");
      if (!std::isfinite(*x))
        return fieldError(origin, field,
                          "row " + llvm::Twine(i) + " column " +
                              llvm::Twine(j) + " is not a finite number");
      out.push_back(*x);
    }
  }
  return llvm::Error::success();
}

/// Shortest text that reads back as exactly `x`: integers as integers
/// (schemes are mostly 0/+-1), anything else with 17 significant digits.
void printNumber(llvm::raw_ostream &os, double x) {
  if (x == std::trunc(x) && std::fabs(x) < 1e15) {
    // Avoid "-0": the sign of a zero coefficient carries no meaning.
    os << static_cast<long long>(x);
    return;
  }
  os << llvm::format("%.17g", x);
}

/// Writes `data` as rows of `cols` numbers. Only ever reads what `data`
/// holds, so a scheme that fails validate() still prints (and then fails to
/// read back with a precise message) instead of reading out of bounds.
void printRows(llvm::raw_ostream &os, llvm::StringRef field,
               const std::vector<double> &data, int64_t cols, bool last) {
  size_t width = cols > 0 ? static_cast<size_t>(cols) : 1;
  os << "  \"" << field << "\": [";
  for (size_t start = 0; start < data.size(); start += width) {
    os << (start ? ",\n    [" : "\n    [");
    for (size_t j = start; j < std::min(start + width, data.size()); ++j) {
      if (j != start)
        os << ", ";
      printNumber(os, data[j]);
    }
    os << "]";
  }
  os << "\n  ]" << (last ? "\n" : ",\n");
}

/// Deepest array/object nesting in `text`, ignoring brackets inside strings.
/// llvm::json::parse recurses once per level, so a hostile file of a few
/// hundred thousand '[' would overflow the stack; scheme files need 2 levels.
size_t nestingDepth(llvm::StringRef text) {
  size_t depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '[' || c == '{')
      deepest = std::max(deepest, ++depth);
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return deepest;
}

} // namespace

llvm::Expected<Scheme> stl::schemeFromJSON(const llvm::json::Value &value,
                                           llvm::StringRef origin) {
  const llvm::json::Object *obj = value.getAsObject();
  if (!obj)
    return llvm::createStringError(
        (origin + ": expected a JSON object with fields name, m, k, n, "
                  "rank, u, v, w")
            .str());
  Scheme s;
  const llvm::json::Value *name = obj->get("name");
  if (!name)
    return fieldError(origin, "name", "is missing");
  std::optional<llvm::StringRef> nameText = name->getAsString();
  if (!nameText || nameText->empty())
    return fieldError(origin, "name", "must be a non-empty string");
  s.name = nameText->str();

  for (auto [field, slot, limit] :
       {std::tuple<const char *, int64_t *, int64_t>{"m", &s.m, kMaxTileDim},
        {"k", &s.k, kMaxTileDim},
        {"n", &s.n, kMaxTileDim},
        {"rank", &s.rank, kMaxRank}}) {
    llvm::Expected<int64_t> dim = readDim(*obj, origin, field, limit);
    if (!dim)
      return dim.takeError();
    *slot = *dim;
  }
  // Before reading any coefficient: the tile decides how much is read.
  if (llvm::Error err = checkTileVolume(s.m, s.k, s.n))
    return llvm::createStringError(
        (origin + ": " + llvm::toString(std::move(err))).str());
  if (llvm::Error err =
          readMatrix(*obj, origin, "u", s.rank, s.m * s.k, "rank", "m*k", s.u))
    return std::move(err);
  if (llvm::Error err =
          readMatrix(*obj, origin, "v", s.rank, s.k * s.n, "rank", "k*n", s.v))
    return std::move(err);
  if (llvm::Error err =
          readMatrix(*obj, origin, "w", s.m * s.n, s.rank, "m*n", "rank", s.w))
    return std::move(err);
  // Redundant after the checks above, but keeps one definition of "valid".
  if (llvm::Error err = s.validate())
    return llvm::createStringError(
        (origin + ": " + llvm::toString(std::move(err))).str());
  return s;
}

llvm::Expected<Scheme> stl::parseSchemeJSON(llvm::StringRef text,
                                            llvm::StringRef origin) {
  constexpr size_t kMaxNesting = 64;
  if (nestingDepth(text) > kMaxNesting)
    return llvm::createStringError((origin +
                                    ": invalid JSON: nested deeper than " +
                                    llvm::Twine(kMaxNesting) + " levels")
                                       .str());
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value)
    return llvm::createStringError(
        (origin + ": invalid JSON: " + llvm::toString(value.takeError()))
            .str());
  return schemeFromJSON(*value, origin);
}

llvm::Expected<Scheme> stl::readSchemeFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(("cannot read scheme file '" + path +
                                    "': " + buffer.getError().message())
                                       .str());
  return parseSchemeJSON((*buffer)->getBuffer(), path);
}

std::string stl::schemeToJSON(const Scheme &s) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "{\n  \"name\": ";
  // Let llvm::json escape the name; everything else is plain numbers. A name
  // that is not UTF-8 cannot come from a file, only from API callers; repair
  // it rather than emit invalid JSON.
  os << llvm::json::Value(
      llvm::json::isUTF8(s.name) ? s.name : llvm::json::fixUTF8(s.name));
  os << ",\n  \"m\": " << s.m << ",\n  \"k\": " << s.k << ",\n  \"n\": " << s.n
     << ",\n  \"rank\": " << s.rank << ",\n";
  printRows(os, "u", s.u, s.m * s.k, /*last=*/false);
  printRows(os, "v", s.v, s.k * s.n, /*last=*/false);
  printRows(os, "w", s.w, s.rank, /*last=*/true);
  os << "}\n";
  return text;
}
