//===- Manifest.cpp - Cases compiled by stl-opt for stl-bench -------------===//

#include "Manifest.h"

#include "Json.h"

#include <cctype>

namespace stl {
namespace bench {

namespace {

constexpr int kManifestVersion = 1;

struct CaseReader {
  const JsonValue &obj;
  std::string where;
  std::string &error;

  bool fail(const std::string &what) {
    error = where + ": " + what;
    return false;
  }

  bool string(const char *field, std::string &out, bool required) {
    const JsonValue *v = obj.get(field);
    if (!v || v->isNull())
      return required ? fail(std::string("missing field '") + field + "'")
                      : true;
    if (!v->isString())
      return fail(std::string("field '") + field + "' must be a string");
    out = v->asString();
    return true;
  }

  bool integer(const JsonValue &from, const char *field, int64_t &out) {
    const JsonValue *v = from.get(field);
    if (!v || !v->asInteger(out) || out <= 0)
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

bool readCase(const JsonValue &obj, const std::string &where,
              const std::string &folder, ManifestCase &c, std::string &error) {
  CaseReader r{obj, where, error};
  if (!obj.isObject())
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
  const JsonValue *tile = obj.get("tile");
  if (!tile || !tile->isObject())
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

  const JsonValue *symbols = obj.get("symbols");
  if (!symbols || !symbols->isObject())
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
  JsonValue root;
  if (!readJsonFile(path, root, error))
    return false;
  Manifest m;
  m.path = path;
  m.folder = folderOf(path);
  const JsonValue *version = root.get("stl_bench_manifest");
  int64_t v = 0;
  if (!version || !version->asInteger(v) || v != kManifestVersion) {
    error = path + ": expected \"stl_bench_manifest\": " +
            std::to_string(kManifestVersion);
    return false;
  }
  if (const JsonValue *by = root.get("generated_by"))
    if (by->isString())
      m.generatedBy = by->asString();
  const JsonValue *cases = root.get("cases");
  if (!cases || !cases->isArray()) {
    error = path + ": missing array 'cases'";
    return false;
  }
  for (size_t i = 0; i < cases->elements().size(); ++i) {
    ManifestCase c;
    if (!readCase(cases->elements()[i], path + ": case " + std::to_string(i),
                  m.folder, c, error))
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
