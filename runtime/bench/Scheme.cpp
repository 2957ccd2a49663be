//===- Scheme.cpp - STL schemes as stl-bench sees them --------------------===//

#include "Scheme.h"

#include "Json.h"

#include <cmath>

namespace stl {
namespace bench {

namespace {

bool readDim(const JsonValue &obj, const char *field, int limit, int &out,
             const std::string &origin, std::string &error) {
  const JsonValue *v = obj.get(field);
  int64_t value = 0;
  if (!v || !v->asInteger(value) || value < 1 || value > limit) {
    error = origin + ": field '" + field + "' must be an integer in [1, " +
            std::to_string(limit) + "]";
    return false;
  }
  out = static_cast<int>(value);
  return true;
}

bool readRows(const JsonValue &obj, const char *field, int rows, int cols,
              std::vector<double> &out, const std::string &origin,
              std::string &error) {
  const JsonValue *v = obj.get(field);
  auto bad = [&](const std::string &what) {
    error = origin + ": field '" + field + "' " + what;
    return false;
  };
  if (!v || !v->isArray())
    return bad("must be an array of " + std::to_string(rows) + " rows");
  if (static_cast<int>(v->elements().size()) != rows)
    return bad("has " + std::to_string(v->elements().size()) +
               " rows, expected " + std::to_string(rows));
  out.clear();
  for (int i = 0; i < rows; ++i) {
    const JsonValue &row = v->elements()[i];
    if (!row.isArray() || static_cast<int>(row.elements().size()) != cols)
      return bad("row " + std::to_string(i) + " must hold " +
                 std::to_string(cols) + " numbers");
    for (const JsonValue &x : row.elements()) {
      if (!x.isNumber() || !std::isfinite(x.asNumber()))
        return bad("row " + std::to_string(i) + " holds a non-number");
      out.push_back(x.asNumber());
    }
  }
  return true;
}

} // namespace

bool schemeFromJson(const JsonValue &value, const std::string &origin,
                    Scheme &out, std::string &error) {
  if (!value.isObject()) {
    error = origin + ": expected an object with name, m, k, n, rank, u, v, w";
    return false;
  }
  Scheme s;
  s.source = origin;
  const JsonValue *name = value.get("name");
  if (!name || !name->isString() || name->asString().empty()) {
    error = origin + ": field 'name' must be a non-empty string";
    return false;
  }
  s.name = name->asString();
  if (!readDim(value, "m", 64, s.m, origin, error) ||
      !readDim(value, "k", 64, s.k, origin, error) ||
      !readDim(value, "n", 64, s.n, origin, error) ||
      !readDim(value, "rank", 1 << 16, s.rank, origin, error))
    return false;
  if (!readRows(value, "u", s.rank, s.m * s.k, s.u, origin, error) ||
      !readRows(value, "v", s.rank, s.k * s.n, s.v, origin, error) ||
      !readRows(value, "w", s.m * s.n, s.rank, s.w, origin, error))
    return false;
  out = std::move(s);
  return true;
}

bool readSchemeFile(const std::string &path, Scheme &out, std::string &error) {
  JsonValue value;
  if (!readJsonFile(path, value, error))
    return false;
  return schemeFromJson(value, path, out, error);
}

Scheme strassenScheme() {
  // Products, with A = lhs tile, B = rhs tile, indices (row, column):
  //   p1 = (A00 + A11)(B00 + B11)   p5 = (A00 + A01) B11
  //   p2 = (A10 + A11) B00          p6 = (A10 - A00)(B00 + B01)
  //   p3 = A00 (B01 - B11)          p7 = (A01 - A11)(B10 + B11)
  //   p4 = A11 (B10 - B00)
  //   C00 = p1 + p4 - p5 + p7       C01 = p3 + p5
  //   C10 = p2 + p4                 C11 = p1 - p2 + p3 + p6
  Scheme s;
  s.name = "strassen";
  s.source = "built-in";
  s.m = s.k = s.n = 2;
  s.rank = 7;
  s.u = {1, 0, 0, 1, 0, 0, 1,  1, 1, 0, 0, 0, 0, 0,
         0, 1, 1, 1, 0, 0, -1, 0, 1, 0, 0, 1, 0, -1};
  s.v = {1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, -1, -1, 0,
         1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0,  1,  1};
  s.w = {1, 0, 0, 1, -1, 0, 1, 0, 0,  1, 0, 1, 0, 0,
         0, 1, 0, 1, 0,  0, 0, 1, -1, 1, 0, 0, 1, 0};
  return s;
}

Scheme kroneckerScheme(const Scheme &outer, const Scheme &inner) {
  Scheme s;
  s.name = outer.name + "(x)" + inner.name;
  s.source = "built-in";
  s.m = outer.m * inner.m;
  s.k = outer.k * inner.k;
  s.n = outer.n * inner.n;
  s.rank = outer.rank * inner.rank;
  s.u.assign(static_cast<size_t>(s.rank) * s.m * s.k, 0.0);
  s.v.assign(static_cast<size_t>(s.rank) * s.k * s.n, 0.0);
  s.w.assign(static_cast<size_t>(s.m) * s.n * s.rank, 0.0);
  // Row a of the big tile is block row a1 = a / inner.m, inner row a2.
  for (int l1 = 0; l1 < outer.rank; ++l1)
    for (int l2 = 0; l2 < inner.rank; ++l2) {
      int l = l1 * inner.rank + l2;
      for (int a1 = 0; a1 < outer.m; ++a1)
        for (int a2 = 0; a2 < inner.m; ++a2)
          for (int b1 = 0; b1 < outer.k; ++b1)
            for (int b2 = 0; b2 < inner.k; ++b2) {
              int a = a1 * inner.m + a2, b = b1 * inner.k + b2;
              s.u[(l * s.m + a) * s.k + b] =
                  outer.uAt(l1, a1, b1) * inner.uAt(l2, a2, b2);
            }
      for (int b1 = 0; b1 < outer.k; ++b1)
        for (int b2 = 0; b2 < inner.k; ++b2)
          for (int c1 = 0; c1 < outer.n; ++c1)
            for (int c2 = 0; c2 < inner.n; ++c2) {
              int b = b1 * inner.k + b2, c = c1 * inner.n + c2;
              s.v[(l * s.k + b) * s.n + c] =
                  outer.vAt(l1, b1, c1) * inner.vAt(l2, b2, c2);
            }
      for (int a1 = 0; a1 < outer.m; ++a1)
        for (int a2 = 0; a2 < inner.m; ++a2)
          for (int c1 = 0; c1 < outer.n; ++c1)
            for (int c2 = 0; c2 < inner.n; ++c2) {
              int a = a1 * inner.m + a2, c = c1 * inner.n + c2;
              s.w[(a * s.n + c) * s.rank + l] =
                  outer.wAt(a1, c1, l1) * inner.wAt(a2, c2, l2);
            }
    }
  return s;
}

BrentCheck checkBrent(const Scheme &s) {
  // T_hat[(a,b),(b',c),(a',c')] = sum_l U[l,a,b] V[l,b',c] D[a',c',l] must be
  // delta(a,a') delta(b,b') delta(c,c').
  BrentCheck result;
  double diff2 = 0, norm2 = 0;
  for (int a = 0; a < s.m; ++a)
    for (int b = 0; b < s.k; ++b)
      for (int b2 = 0; b2 < s.k; ++b2)
        for (int c = 0; c < s.n; ++c)
          for (int a2 = 0; a2 < s.m; ++a2)
            for (int c2 = 0; c2 < s.n; ++c2) {
              double t = 0;
              for (int l = 0; l < s.rank; ++l)
                t += s.uAt(l, a, b) * s.vAt(l, b2, c) * s.wAt(a2, c2, l);
              double want = (a == a2 && b == b2 && c == c2) ? 1.0 : 0.0;
              double d = t - want;
              diff2 += d * d;
              norm2 += want * want;
              result.maxResidual = std::fmax(result.maxResidual, std::fabs(d));
            }
  result.relativeError = std::sqrt(diff2 / norm2);
  result.exact = result.maxResidual <= 1e-9;
  return result;
}

} // namespace bench
} // namespace stl
