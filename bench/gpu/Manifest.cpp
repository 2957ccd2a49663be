//===- Manifest.cpp - Cases compiled by stl-opt for stl-bench -------------===//

#include "Manifest.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <fstream>

namespace stl {
namespace bench {

/// The same alias as Report.h's (members keep their order).
using Json = nlohmann::ordered_json;

namespace {

constexpr int kManifestVersion = 1;

/// True and the value if `v` is an integral number. The prepare script writes
/// integers, but a hand-edited "4096.0" means the same and is accepted.
bool asInteger(const Json &v, int64_t &out) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      return false;
    out = v.get<int64_t>();
    return true;
  }
  if (!v.is_number_float())
    return false;
  double d = v.get<double>();
  if (std::trunc(d) != d || std::fabs(d) > 9.0e15)
    return false;
  out = static_cast<int64_t>(d);
  return true;
}

/// Member `key` of an object, or null if absent (or not an object).
const Json *member(const Json &obj, const char *key) {
  if (!obj.is_object())
    return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

/// Reads and parses a file (strict RFC 8259: no '+5', no '01', only valid
/// unicode escapes); errors name the file, the line and the column.
bool readJsonFile(const std::string &path, Json &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  try {
    out = Json::parse(in);
  } catch (const Json::parse_error &e) {
    // "[json.exception.parse_error.101] parse error at line L, column C:
    // ...": the tag says nothing to a reader of the manifest.
    std::string why = e.what();
    std::size_t tag = why.find("] ");
    error =
        path + ": " + (tag == std::string::npos ? why : why.substr(tag + 2));
    return false;
  }
  return true;
}

struct CaseReader {
  const Json &obj;
  std::string where;
  std::string &error;

  bool fail(const std::string &what) {
    error = where + ": " + what;
    return false;
  }

  bool string(const char *field, std::string &out, bool required) {
    const Json *v = member(obj, field);
    if (!v || v->is_null())
      return required ? fail(std::string("missing field '") + field + "'")
                      : true;
    if (!v->is_string())
      return fail(std::string("field '") + field + "' must be a string");
    out = v->get<std::string>();
    return true;
  }

  bool integer(const Json &from, const char *field, int64_t &out) {
    const Json *v = member(from, field);
    if (!v || !asInteger(*v, out) || out <= 0)
      return fail(std::string("field '") + field +
                  "' must be a positive integer");
    return true;
  }

  bool type(const char *field, ElementType &out, bool required) {
    std::string s;
    if (!string(field, s, required))
      return false;
    if (s.empty())
      return true;
    if (!parseElementType(s, out))
      return fail(std::string("field '") + field +
                  "' must be bf16, f16 or f32");
    return true;
  }
};

bool validName(const std::string &name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

bool readCase(const Json &obj, const std::string &where,
              const std::string &folder, ManifestCase &c, std::string &error) {
  CaseReader r{obj, where, error};
  if (!obj.is_object())
    return r.fail("a case must be an object");
  if (!r.string("name", c.name, true))
    return false;
  if (!validName(c.name))
    return r.fail("name '" + c.name + "' may hold only [A-Za-z0-9_.-]");
  r.where = where + " (" + c.name + ")";
  std::string library;
  if (!r.string("library", library, true) ||
      !r.string("object", c.object, false) ||
      !r.string("scheme", c.scheme, true) ||
      !r.string("scheme_file", c.schemeFile, false))
    return false;
  c.library = library;
  if (!c.schemeFile.empty())
    c.schemeFile = resolvePath(folder, c.schemeFile);
  int64_t M, K, N, rank, m, k, n;
  if (!r.integer(obj, "M", M) || !r.integer(obj, "K", K) ||
      !r.integer(obj, "N", N) || !r.integer(obj, "rank", rank))
    return false;
  const Json *tile = member(obj, "tile");
  if (!tile || !tile->is_object())
    return r.fail("missing object 'tile' with m, k, n");
  if (!r.integer(*tile, "m", m) || !r.integer(*tile, "k", k) ||
      !r.integer(*tile, "n", n))
    return false;
  if (M % m || K % k || N % n)
    return r.fail("tile <" + std::to_string(m) + "," + std::to_string(k) + "," +
                  std::to_string(n) +
                  "> does not divide M, K, N = " + std::to_string(M) + ", " +
                  std::to_string(K) + ", " + std::to_string(N));
  c.M = M;
  c.K = K;
  c.N = N;
  c.m = static_cast<int>(m);
  c.k = static_cast<int>(k);
  c.n = static_cast<int>(n);
  c.rank = static_cast<int>(rank);
  if (!r.type("dtype", c.dtype, true) ||
      !r.type("out_dtype", c.outDtype, false) ||
      !r.type("hadamard_dtype", c.hadamardDtype, false))
    return false;
  if (c.dtype == ElementType::F32)
    return r.fail("dtype must be bf16 or f16");

  const Json *symbols = member(obj, "symbols");
  if (!symbols || !symbols->is_object())
    return r.fail("missing object 'symbols'");
  CaseReader s{*symbols, r.where + " symbols", error};
  if (!s.string("encode_lhs", c.symbols.encodeLhs, false) ||
      !s.string("encode_rhs", c.symbols.encodeRhs, false) ||
      !s.string("hadamard", c.symbols.hadamard, false) ||
      !s.string("decode", c.symbols.decode, false) ||
      !s.string("matmul", c.symbols.matmul, false))
    return false;
  return true;
}

std::string folderOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

} // namespace

std::string resolvePath(const std::string &folder, const std::string &path) {
  if (path.empty() || path[0] == '/')
    return path;
  return folder + "/" + path;
}

bool readManifest(const std::string &path, Manifest &out, std::string &error) {
  Json root;
  if (!readJsonFile(path, root, error))
    return false;
  Manifest m;
  m.path = path;
  m.folder = folderOf(path);
  const Json *version = member(root, "stl_bench_manifest");
  int64_t v = 0;
  if (!version || !asInteger(*version, v) || v != kManifestVersion) {
    error = path + ": expected \"stl_bench_manifest\": " +
            std::to_string(kManifestVersion);
    return false;
  }
  if (const Json *by = member(root, "generated_by"))
    if (by->is_string())
      m.generatedBy = by->get<std::string>();
  const Json *cases = member(root, "cases");
  if (!cases || !cases->is_array()) {
    error = path + ": missing array 'cases'";
    return false;
  }
  for (size_t i = 0; i < cases->size(); ++i) {
    ManifestCase c;
    if (!readCase((*cases)[i], path + ": case " + std::to_string(i), m.folder,
                  c, error))
      return false;
    for (const ManifestCase &other : m.cases)
      if (other.name == c.name) {
        error = path + ": case name '" + c.name + "' appears twice";
        return false;
      }
    m.cases.push_back(std::move(c));
  }
  out = std::move(m);
  return true;
}

} // namespace bench
} // namespace stl
