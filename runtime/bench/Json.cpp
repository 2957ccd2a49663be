//===- Json.cpp - stl-bench's JSON DOM over nlohmann-json ---------------===//

#include "Json.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace stl {
namespace bench {

JsonValue JsonValue::makeBool(bool b) {
  JsonValue v;
  v.kindValue = Kind::Bool;
  v.boolValue = b;
  return v;
}

JsonValue JsonValue::makeNumber(double d) {
  JsonValue v;
  v.kindValue = Kind::Number;
  v.numberValue = d;
  return v;
}

JsonValue JsonValue::makeString(std::string s) {
  JsonValue v;
  v.kindValue = Kind::String;
  v.stringValue = std::move(s);
  return v;
}

JsonValue JsonValue::makeArray() {
  JsonValue v;
  v.kindValue = Kind::Array;
  return v;
}

JsonValue JsonValue::makeObject() {
  JsonValue v;
  v.kindValue = Kind::Object;
  return v;
}

bool JsonValue::asInteger(int64_t &out) const {
  if (kindValue != Kind::Number || std::trunc(numberValue) != numberValue ||
      std::fabs(numberValue) > 9.0e15)
    return false;
  out = static_cast<int64_t>(numberValue);
  return true;
}

const JsonValue *JsonValue::get(const std::string &key) const {
  for (const auto &member : objectValue)
    if (member.first == key)
      return &member.second;
  return nullptr;
}

void JsonValue::set(const std::string &key, JsonValue value) {
  for (auto &member : objectValue)
    if (member.first == key) {
      member.second = std::move(value);
      return;
    }
  objectValue.emplace_back(key, std::move(value));
}

namespace {

/// The DOM of stl-bench from nlohmann-json's (object members keep their
/// order, so reports and manifests print as written).
JsonValue fromLibrary(const nlohmann::ordered_json &j) {
  switch (j.type()) {
  case nlohmann::ordered_json::value_t::boolean:
    return JsonValue::makeBool(j.get<bool>());
  case nlohmann::ordered_json::value_t::number_integer:
  case nlohmann::ordered_json::value_t::number_unsigned:
  case nlohmann::ordered_json::value_t::number_float:
    return JsonValue::makeNumber(j.get<double>());
  case nlohmann::ordered_json::value_t::string:
    return JsonValue::makeString(j.get<std::string>());
  case nlohmann::ordered_json::value_t::array: {
    JsonValue out = JsonValue::makeArray();
    for (const nlohmann::ordered_json &e : j)
      out.push(fromLibrary(e));
    return out;
  }
  case nlohmann::ordered_json::value_t::object: {
    JsonValue out = JsonValue::makeObject();
    for (auto it = j.begin(); it != j.end(); ++it)
      out.set(it.key(), fromLibrary(it.value()));
    return out;
  }
  default:
    return JsonValue();
  }
}

std::string formatNumber(double d) {
  if (!std::isfinite(d))
    return "null"; // JSON has no NaN/Inf
  if (std::trunc(d) == d && std::fabs(d) < 1e15) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%lld", static_cast<long long>(d));
    return buffer;
  }
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%.9g", d);
  return buffer;
}

bool isFlatArray(const JsonValue &v) {
  for (const JsonValue &e : v.elements())
    if (e.isArray() || e.isObject())
      return false;
  return true;
}

void write(std::ostringstream &os, const JsonValue &v, int indent) {
  std::string pad(indent, ' ');
  std::string inner(indent + 2, ' ');
  switch (v.kind()) {
  case JsonValue::Kind::Null:
    os << "null";
    return;
  case JsonValue::Kind::Bool:
    os << (v.asBool() ? "true" : "false");
    return;
  case JsonValue::Kind::Number:
    os << formatNumber(v.asNumber());
    return;
  case JsonValue::Kind::String:
    os << jsonQuote(v.asString());
    return;
  case JsonValue::Kind::Array: {
    if (v.elements().empty()) {
      os << "[]";
      return;
    }
    if (isFlatArray(v)) {
      os << "[";
      for (size_t i = 0; i < v.elements().size(); ++i) {
        if (i)
          os << ", ";
        write(os, v.elements()[i], indent);
      }
      os << "]";
      return;
    }
    os << "[\n";
    for (size_t i = 0; i < v.elements().size(); ++i) {
      os << inner;
      write(os, v.elements()[i], indent + 2);
      os << (i + 1 < v.elements().size() ? ",\n" : "\n");
    }
    os << pad << "]";
    return;
  }
  case JsonValue::Kind::Object: {
    if (v.members().empty()) {
      os << "{}";
      return;
    }
    os << "{\n";
    for (size_t i = 0; i < v.members().size(); ++i) {
      os << inner << jsonQuote(v.members()[i].first) << ": ";
      write(os, v.members()[i].second, indent + 2);
      os << (i + 1 < v.members().size() ? ",\n" : "\n");
    }
    os << pad << "}";
    return;
  }
  }
}

} // namespace

bool parseJson(const std::string &text, JsonValue &out, std::string &error) {
  // Strict RFC 8259 (no '+5', no '01', only valid \\u escapes); errors carry
  // the line and column.
  nlohmann::ordered_json j =
      nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    try {
      nlohmann::ordered_json again = nlohmann::ordered_json::parse(text);
      (void)again;
      error = "invalid JSON";
    } catch (const nlohmann::ordered_json::parse_error &e) {
      error = e.what();
      std::size_t tag = error.find("] ");
      if (tag != std::string::npos)
        error = error.substr(tag + 2);
    }
    return false;
  }
  out = fromLibrary(j);
  return true;
}

bool readJsonFile(const std::string &path, JsonValue &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  std::string why;
  if (!parseJson(text, out, why)) {
    error = path + ": " + why;
    return false;
  }
  return true;
}

std::string jsonQuote(const std::string &s) {
  return nlohmann::json(s).dump(-1, ' ', false,
                                nlohmann::json::error_handler_t::replace);
}

std::string toJson(const JsonValue &value) {
  std::ostringstream os;
  write(os, value, 0);
  os << "\n";
  return os.str();
}

} // namespace bench
} // namespace stl
