//===- SchemeJSON.cpp - Scheme files --------------------------------------===//
//
// Format (docs/Schemes.md):
//   {"name": "...", "m": M, "k": K, "n": N, "rank": R,
//    "u": [R rows of M*K numbers], "v": [R rows of K*N numbers],
//    "w": [M*N rows of R numbers]}
// Files come from users, so every malformation is an error that names the
// file and the field; nothing here may throw, assert or abort on input. The
// compiler builds this file without exceptions, so only nlohmann-json's
// non-throwing entry points are used and every access is type-checked first.
//
//===----------------------------------------------------------------------===//

#include "stl/SchemeCore/SchemeCore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

using namespace stl::core;
using nlohmann::json;

namespace {

std::string fieldError(const std::string &origin, const char *field,
                       const std::string &what) {
  return origin + ": field '" + field + "' " + what;
}

/// Records the first syntax error of a parse; accepts everything else. Used
/// only to explain why json::parse(..., allow_exceptions=false) failed.
struct ErrorRecorder : nlohmann::json_sax<json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t &) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &ex) override {
    message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 3, ..." reads
    // better without the library's tag.
    std::size_t tag = message.find("] ");
    if (message.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
      message = message.substr(tag + 2);
    return false;
  }
};

/// Deepest array/object nesting in `text`, ignoring brackets inside strings.
/// Scheme files need 2 levels; a hostile file of a few hundred thousand '['
/// is refused before a DOM is built for it.
size_t nestingDepth(const std::string &text) {
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

/// A JSON number that is an integer: 3 and 3.0, not 2.5, "3" or 1e300.
bool asInteger(const json &value, int64_t &out) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      return false;
    out = value.get<int64_t>();
    return true;
  }
  if (value.is_number_float()) {
    double x = value.get<double>();
    if (x != std::trunc(x) || std::fabs(x) > 9.0e18)
      return false;
    out = static_cast<int64_t>(x);
    return true;
  }
  return false;
}

std::string readDim(const json &obj, const std::string &origin,
                    const char *field, int64_t limit, int64_t &out) {
  auto it = obj.find(field);
  if (it == obj.end())
    return fieldError(origin, field, "is missing");
  if (!asInteger(*it, out) || out <= 0 || out > limit)
    return fieldError(
        origin, field,
        "must be an integer in [1, " + std::to_string(limit) + "], got " +
            it->dump(-1, ' ', false, json::error_handler_t::replace));
  return "";
}

/// Reads `field` as `rows` rows of `cols` finite numbers, row-major into
/// `out`. `rowsName`/`colsName` explain the expected sizes in messages.
std::string readMatrix(const json &obj, const std::string &origin,
                       const char *field, int64_t rows, int64_t cols,
                       const char *rowsName, const char *colsName,
                       std::vector<double> &out) {
  auto it = obj.find(field);
  if (it == obj.end())
    return fieldError(origin, field, "is missing");
  const json &array = *it;
  if (!array.is_array())
    return fieldError(origin, field,
                      "must be an array of " + std::to_string(rows) +
                          " rows (" + rowsName + ")");
  if (static_cast<int64_t>(array.size()) != rows)
    return fieldError(origin, field,
                      "has length " + std::to_string(array.size()) +
                          ", expected " + std::to_string(rows) + " rows (" +
                          rowsName + ")");
  out.clear();
  out.reserve(rows * cols);
  for (int64_t i = 0; i < rows; ++i) {
    const json &row = array[i];
    std::string where = "row " + std::to_string(i);
    if (!row.is_array())
      return fieldError(origin, field, where + " is not an array");
    if (static_cast<int64_t>(row.size()) != cols)
      return fieldError(origin, field,
                        where + " has length " + std::to_string(row.size()) +
                            ", expected " + std::to_string(cols) + " (" +
                            colsName + ")");
    for (int64_t j = 0; j < cols; ++j) {
      const json &x = row[j];
      std::string cell = where + " column " + std::to_string(j);
      if (!x.is_number())
        return fieldError(origin, field, cell + " is not a number");
      double value = x.get<double>();
      if (!std::isfinite(value))
        return fieldError(origin, field, cell + " is not a finite number");
      out.push_back(value);
    }
  }
  return "";
}

SchemeOrError failure(std::string message) {
  SchemeOrError result;
  result.error = std::move(message);
  return result;
}

SchemeOrError schemeFromJSON(const json &value, const std::string &origin) {
  if (!value.is_object())
    return failure(origin + ": expected a JSON object with fields name, m, k, "
                            "n, rank, u, v, w");
  Scheme s;
  auto name = value.find("name");
  if (name == value.end())
    return failure(fieldError(origin, "name", "is missing"));
  if (!name->is_string() || name->get_ref<const std::string &>().empty())
    return failure(fieldError(origin, "name", "must be a non-empty string"));
  s.name = name->get<std::string>();

  for (auto [field, slot, limit] :
       {std::tuple<const char *, int64_t *, int64_t>{"m", &s.m, kMaxTileDim},
        {"k", &s.k, kMaxTileDim},
        {"n", &s.n, kMaxTileDim},
        {"rank", &s.rank, kMaxRank}})
    if (std::string error = readDim(value, origin, field, limit, *slot);
        !error.empty())
      return failure(error);
  // Before reading any coefficient: the tile decides how much is read.
  if (std::string error = checkTileVolume(s.m, s.k, s.n); !error.empty())
    return failure(origin + ": " + error);
  if (std::string error =
          readMatrix(value, origin, "u", s.rank, s.m * s.k, "rank", "m*k", s.u);
      !error.empty())
    return failure(error);
  if (std::string error =
          readMatrix(value, origin, "v", s.rank, s.k * s.n, "rank", "k*n", s.v);
      !error.empty())
    return failure(error);
  if (std::string error =
          readMatrix(value, origin, "w", s.m * s.n, s.rank, "m*n", "rank", s.w);
      !error.empty())
    return failure(error);
  // Redundant after the checks above, but keeps one definition of "valid".
  if (std::string error = validationError(s); !error.empty())
    return failure(origin + ": " + error);
  return {std::move(s), ""};
}

/// Shortest text that reads back as exactly `x`: integers as integers
/// (schemes are mostly 0/+-1), anything else with 17 significant digits.
void printNumber(std::string &out, double x) {
  char buffer[32];
  if (x == std::trunc(x) && std::fabs(x) < 1e15)
    // Avoid "-0": the sign of a zero coefficient carries no meaning.
    std::snprintf(buffer, sizeof(buffer), "%lld", static_cast<long long>(x));
  else
    std::snprintf(buffer, sizeof(buffer), "%.17g", x);
  out += buffer;
}

/// Writes `data` as rows of `cols` numbers. Only ever reads what `data`
/// holds, so a scheme that fails validation still prints (and then fails to
/// read back with a precise message) instead of reading out of bounds.
void printRows(std::string &out, const char *field,
               const std::vector<double> &data, int64_t cols, bool last) {
  size_t width = cols > 0 ? static_cast<size_t>(cols) : 1;
  out += std::string("  \"") + field + "\": [";
  for (size_t start = 0; start < data.size(); start += width) {
    out += start ? ",\n    [" : "\n    [";
    for (size_t j = start; j < std::min(start + width, data.size()); ++j) {
      if (j != start)
        out += ", ";
      printNumber(out, data[j]);
    }
    out += "]";
  }
  out += last ? "\n  ]\n" : "\n  ],\n";
}

} // namespace

SchemeOrError stl::core::parseSchemeJSON(const std::string &text,
                                         const std::string &origin) {
  constexpr size_t kMaxNesting = 64;
  if (nestingDepth(text) > kMaxNesting)
    return failure(origin + ": invalid JSON: nested deeper than " +
                   std::to_string(kMaxNesting) + " levels");
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    ErrorRecorder recorder;
    json::sax_parse(text, &recorder);
    return failure(origin + ": invalid JSON: " + recorder.message);
  }
  return schemeFromJSON(value, origin);
}

SchemeOrError stl::core::readSchemeFile(const std::string &path) {
  auto cannotRead = [&](int error) {
    return failure("cannot read scheme file '" + path +
                   "': " + std::strerror(error));
  };
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin),
                std::istreambuf_iterator<char>());
    return parseSchemeJSON(text, path);
  }
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return cannotRead(errno);
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
    text.append(buffer, got);
  // A directory opens but does not read (EISDIR).
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error)
    return cannotRead(error);
  return parseSchemeJSON(text, path);
}

std::string stl::core::schemeToJSON(const Scheme &s) {
  std::string out = "{\n  \"name\": ";
  // A name that is not UTF-8 cannot come from a file, only from API callers;
  // repair it rather than emit invalid JSON.
  out += json(s.name).dump(-1, ' ', false, json::error_handler_t::replace);
  out += ",\n  \"m\": " + std::to_string(s.m) +
         ",\n  \"k\": " + std::to_string(s.k) +
         ",\n  \"n\": " + std::to_string(s.n) +
         ",\n  \"rank\": " + std::to_string(s.rank) + ",\n";
  printRows(out, "u", s.u, s.m * s.k, /*last=*/false);
  printRows(out, "v", s.v, s.k * s.n, /*last=*/false);
  printRows(out, "w", s.w, s.rank, /*last=*/true);
  out += "}\n";
  return out;
}
