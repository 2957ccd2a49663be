//===- Json.cpp - Minimal JSON reader and writer for stl-bench ------------===//

#include "Json.h"

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

class Parser {
public:
  explicit Parser(const std::string &text) : text(text) {}

  bool parseDocument(JsonValue &out, std::string &error) {
    skipSpace();
    if (!parseValue(out, 0))
      return fail(error);
    skipSpace();
    if (pos != text.size()) {
      message = "unexpected text after the JSON value";
      return fail(error);
    }
    return true;
  }

private:
  const std::string &text;
  size_t pos = 0;
  std::string message;

  bool fail(std::string &error) {
    size_t line = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i)
      line += text[i] == '\n';
    error = "line " + std::to_string(line) + ": " + message;
    return false;
  }

  bool error(const std::string &what) {
    message = what;
    return false;
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                 text[pos] == '\t' || text[pos] == '\r'))
      ++pos;
  }

  bool consume(const char *word) {
    size_t n = std::char_traits<char>::length(word);
    if (text.compare(pos, n, word) != 0)
      return false;
    pos += n;
    return true;
  }

  bool parseValue(JsonValue &out, int depth) {
    if (depth > 64)
      return error("nesting too deep");
    if (pos >= text.size())
      return error("unexpected end of input");
    char c = text[pos];
    if (c == '{')
      return parseObject(out, depth);
    if (c == '[')
      return parseArray(out, depth);
    if (c == '"') {
      std::string s;
      if (!parseString(s))
        return false;
      out = JsonValue::makeString(std::move(s));
      return true;
    }
    if (consume("true")) {
      out = JsonValue::makeBool(true);
      return true;
    }
    if (consume("false")) {
      out = JsonValue::makeBool(false);
      return true;
    }
    if (consume("null")) {
      out = JsonValue();
      return true;
    }
    return parseNumber(out);
  }

  bool parseNumber(JsonValue &out) {
    size_t start = pos;
    if (pos < text.size() && text[pos] == '-')
      ++pos;
    while (pos < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[pos])) ||
            text[pos] == '.' || text[pos] == 'e' || text[pos] == 'E' ||
            text[pos] == '+' || text[pos] == '-'))
      ++pos;
    if (start == pos)
      return error(std::string("unexpected character '") + text[start] + "'");
    std::string token = text.substr(start, pos - start);
    char *end = nullptr;
    double d = std::strtod(token.c_str(), &end);
    if (!end || *end != '\0')
      return error("malformed number '" + token + "'");
    out = JsonValue::makeNumber(d);
    return true;
  }

  bool parseString(std::string &out) {
    ++pos; // opening quote
    while (pos < text.size()) {
      char c = text[pos++];
      if (c == '"')
        return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos >= text.size())
        break;
      char e = text[pos++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        if (pos + 4 > text.size())
          return error("truncated \\u escape");
        unsigned code = static_cast<unsigned>(
            std::strtoul(text.substr(pos, 4).c_str(), nullptr, 16));
        pos += 4;
        // Enough for the ASCII and BMP text these files hold.
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else if (code < 0x800) {
          out += static_cast<char>(0xC0 | (code >> 6));
          out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (code >> 12));
          out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (code & 0x3F));
        }
        break;
      }
      default:
        return error(std::string("bad escape \\") + e);
      }
    }
    return error("unterminated string");
  }

  bool parseArray(JsonValue &out, int depth) {
    ++pos;
    out = JsonValue::makeArray();
    skipSpace();
    if (pos < text.size() && text[pos] == ']') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      JsonValue element;
      if (!parseValue(element, depth + 1))
        return false;
      out.push(std::move(element));
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return true;
      }
      return error("expected ',' or ']' in array");
    }
  }

  bool parseObject(JsonValue &out, int depth) {
    ++pos;
    out = JsonValue::makeObject();
    skipSpace();
    if (pos < text.size() && text[pos] == '}') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (pos >= text.size() || text[pos] != '"')
        return error("expected a member name");
      std::string key;
      if (!parseString(key))
        return false;
      skipSpace();
      if (pos >= text.size() || text[pos] != ':')
        return error("expected ':' after member name");
      ++pos;
      skipSpace();
      JsonValue value;
      if (!parseValue(value, depth + 1))
        return false;
      out.set(key, std::move(value));
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == '}') {
        ++pos;
        return true;
      }
      return error("expected ',' or '}' in object");
    }
  }
};

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
  Parser parser(text);
  return parser.parseDocument(out, error);
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
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
        out += buffer;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string toJson(const JsonValue &value) {
  std::ostringstream os;
  write(os, value, 0);
  os << "\n";
  return os.str();
}

} // namespace bench
} // namespace stl
