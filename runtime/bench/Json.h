//===- Json.h - stl-bench's JSON DOM ----------------------------*- C++ -*-===//
//
// A small DOM for manifests and reports. Parsing is nlohmann-json's (strict
// RFC 8259; the header lives in runtime/third_party for the GPU machine,
// which has no package registry); the writer keeps arrays of numbers on one
// line. Errors are returned, never thrown.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_JSON_H
#define STL_BENCH_JSON_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace stl {
namespace bench {

class JsonValue {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  JsonValue() = default;
  static JsonValue makeBool(bool b);
  static JsonValue makeNumber(double d);
  static JsonValue makeString(std::string s);
  static JsonValue makeArray();
  static JsonValue makeObject();

  Kind kind() const { return kindValue; }
  bool isNull() const { return kindValue == Kind::Null; }
  bool isNumber() const { return kindValue == Kind::Number; }
  bool isString() const { return kindValue == Kind::String; }
  bool isArray() const { return kindValue == Kind::Array; }
  bool isObject() const { return kindValue == Kind::Object; }
  bool isBool() const { return kindValue == Kind::Bool; }

  bool asBool() const { return boolValue; }
  double asNumber() const { return numberValue; }
  const std::string &asString() const { return stringValue; }
  /// True and the value if this is a number that is an integer.
  bool asInteger(int64_t &out) const;

  const std::vector<JsonValue> &elements() const { return arrayValue; }
  std::vector<JsonValue> &elements() { return arrayValue; }
  /// Object members in insertion order.
  const std::vector<std::pair<std::string, JsonValue>> &members() const {
    return objectValue;
  }
  /// Member `key` of an object, or null if absent (or not an object).
  const JsonValue *get(const std::string &key) const;
  void set(const std::string &key, JsonValue value);
  void push(JsonValue value) { arrayValue.push_back(std::move(value)); }

private:
  Kind kindValue = Kind::Null;
  bool boolValue = false;
  double numberValue = 0;
  std::string stringValue;
  std::vector<JsonValue> arrayValue;
  std::vector<std::pair<std::string, JsonValue>> objectValue;
};

/// Parses `text`; on failure returns false with "line L: message" in `error`.
bool parseJson(const std::string &text, JsonValue &out, std::string &error);
/// Reads and parses a file; errors name the file.
bool readJsonFile(const std::string &path, JsonValue &out, std::string &error);

/// Serializes with two-space indentation; arrays of numbers stay on one line.
std::string toJson(const JsonValue &value);
/// JSON string literal of `s` (with quotes).
std::string jsonQuote(const std::string &s);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_JSON_H
