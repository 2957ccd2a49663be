//===- Scheme.cpp - Scheme invariants and the naive scheme ----------------===//

#include "stl/SchemeCore/SchemeCore.h"

#include <cmath>
#include <tuple>

using namespace stl::core;

namespace {

bool isDyadic(double x) {
  if (!std::isfinite(x))
    return false;
  // Every finite double is some k / 2^j; "dyadic" here means a small
  // denominator (at most 2^24, the f32 significand), so that the encodings
  // of small integers stay exact in f32.
  return std::ldexp(x, 24) == std::nearbyint(std::ldexp(x, 24));
}

} // namespace

const char *stl::core::coefficientSetName(CoefficientSet set) {
  switch (set) {
  case CoefficientSet::Integer:
    return "integer";
  case CoefficientSet::Dyadic:
    return "dyadic";
  case CoefficientSet::Real:
    return "real";
  }
  return "real";
}

bool Scheme::hasIntegerCoefficients() const {
  return coefficientSet() == CoefficientSet::Integer;
}

CoefficientSet Scheme::coefficientSet() const {
  CoefficientSet set = CoefficientSet::Integer;
  for (const std::vector<double> *values : {&u, &v, &w})
    for (double x : *values) {
      if (!std::isfinite(x))
        return CoefficientSet::Real;
      if (x == std::nearbyint(x))
        continue;
      if (!isDyadic(x))
        return CoefficientSet::Real;
      set = CoefficientSet::Dyadic;
    }
  return set;
}

NonzeroCounts stl::core::countNonzeros(const Scheme &s) {
  NonzeroCounts counts;
  for (double x : s.u)
    counts.u += x != 0;
  for (double x : s.v)
    counts.v += x != 0;
  for (double x : s.w)
    counts.w += x != 0;
  return counts;
}

std::string stl::core::checkSchemeExtents(int64_t m, int64_t k, int64_t n,
                                          int64_t rank) {
  for (auto [field, value, limit] :
       {std::tuple<const char *, int64_t, int64_t>{"m", m, kMaxTileDim},
        {"k", k, kMaxTileDim},
        {"n", n, kMaxTileDim}})
    if (value <= 0 || value > limit)
      return std::string("field '") + field + "' must be an integer in [1, " +
             std::to_string(limit) + "], got " + std::to_string(value);
  if (std::string error = checkTileVolume(m, k, n); !error.empty())
    return error;
  if (rank <= 0 || rank > kMaxRank)
    return "field 'rank' must be an integer in [1, " +
           std::to_string(kMaxRank) + "], got " + std::to_string(rank);
  return "";
}

std::string stl::core::validationError(const Scheme &s) {
  if (s.name.empty())
    return "field 'name' must not be empty";
  if (std::string error = checkSchemeExtents(s.m, s.k, s.n, s.rank);
      !error.empty())
    return error;

  auto checkMatrix = [](const char *field, const std::vector<double> &data,
                        int64_t rows, int64_t cols,
                        const char *shape) -> std::string {
    if (static_cast<int64_t>(data.size()) != rows * cols)
      return std::string("field '") + field + "' has " +
             std::to_string(data.size()) + " coefficients, expected " + shape +
             " = " + std::to_string(rows * cols);
    for (size_t i = 0; i < data.size(); ++i)
      if (!std::isfinite(data[i]))
        return std::string("field '") + field + "' row " +
               std::to_string(i / cols) + " column " +
               std::to_string(i % cols) + " is not a finite number";
    return "";
  };
  if (std::string error = checkMatrix("u", s.u, s.rank, s.m * s.k, "rank*m*k");
      !error.empty())
    return error;
  if (std::string error = checkMatrix("v", s.v, s.rank, s.k * s.n, "rank*k*n");
      !error.empty())
    return error;
  return checkMatrix("w", s.w, s.m * s.n, s.rank, "m*n*rank");
}

Scheme stl::core::getNaiveScheme(int64_t m, int64_t k, int64_t n) {
  Scheme s;
  s.name = "naive-" + std::to_string(m) + "x" + std::to_string(k) + "x" +
           std::to_string(n);
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = m * k * n;
  s.u.assign(s.rank * m * k, 0.0);
  s.v.assign(s.rank * k * n, 0.0);
  s.w.assign(m * n * s.rank, 0.0);
  // Product l = (i*k + j)*n + q is A[i][j] * B[j][q], added into C[i][q].
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < k; ++j)
      for (int64_t q = 0; q < n; ++q) {
        int64_t l = (i * k + j) * n + q;
        s.u[l * m * k + i * k + j] = 1.0;
        s.v[l * k * n + j * n + q] = 1.0;
        s.w[(i * n + q) * s.rank + l] = 1.0;
      }
  return s;
}

std::string stl::core::checkTileVolume(int64_t m, int64_t k, int64_t n) {
  if (m * k * n <= kMaxTileVolume)
    return "";
  return "tile <" + std::to_string(m) + "," + std::to_string(k) + "," +
         std::to_string(n) + "> has m*k*n = " + std::to_string(m * k * n) +
         "; at most " + std::to_string(kMaxTileVolume) +
         " is supported (the Brent check costs (m*k*n)^2)";
}
