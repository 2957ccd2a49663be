//===- Scheme.cpp - Scheme invariants and the naive scheme ----------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeInternal.h"

#include <cmath>

using namespace stl;

bool Scheme::hasIntegerCoefficients() const {
  auto integral = [](const std::vector<double> &values) {
    for (double x : values)
      if (!std::isfinite(x) || x != std::nearbyint(x))
        return false;
    return true;
  };
  return integral(u) && integral(v) && integral(w);
}

llvm::Error stl::checkTileVolume(int64_t m, int64_t k, int64_t n) {
  if (m * k * n <= kMaxTileVolume)
    return llvm::Error::success();
  return llvm::createStringError(
      "tile <%lld,%lld,%lld> has m*k*n = %lld; at most %lld is supported "
      "(the Brent check costs (m*k*n)^2)",
      static_cast<long long>(m), static_cast<long long>(k),
      static_cast<long long>(n), static_cast<long long>(m * k * n),
      static_cast<long long>(kMaxTileVolume));
}

llvm::Error Scheme::validate() const {
  auto checkDim = [](llvm::StringRef field, int64_t value,
                     int64_t limit) -> llvm::Error {
    if (value <= 0 || value > limit)
      return llvm::createStringError(
          "field '%s' must be an integer in [1, %lld], got %lld",
          field.str().c_str(), static_cast<long long>(limit),
          static_cast<long long>(value));
    return llvm::Error::success();
  };
  if (name.empty())
    return llvm::createStringError("field 'name' must not be empty");
  if (llvm::Error err = checkDim("m", m, kMaxTileDim))
    return err;
  if (llvm::Error err = checkDim("k", k, kMaxTileDim))
    return err;
  if (llvm::Error err = checkDim("n", n, kMaxTileDim))
    return err;
  if (llvm::Error err = checkDim("rank", rank, kMaxRank))
    return err;
  if (llvm::Error err = checkTileVolume(m, k, n))
    return err;

  auto checkMatrix = [](llvm::StringRef field, const std::vector<double> &data,
                        int64_t rows, int64_t cols,
                        llvm::StringRef shape) -> llvm::Error {
    if (static_cast<int64_t>(data.size()) != rows * cols)
      return llvm::createStringError(
          "field '%s' has %zu coefficients, expected %s = %lld",
          field.str().c_str(), data.size(), shape.str().c_str(),
          static_cast<long long>(rows * cols));
    for (size_t i = 0; i < data.size(); ++i)
      if (!std::isfinite(data[i]))
        return llvm::createStringError(
            "field '%s' row %lld column %lld is not a finite number",
            field.str().c_str(), static_cast<long long>(i / cols),
            static_cast<long long>(i % cols));
    return llvm::Error::success();
  };
  if (llvm::Error err = checkMatrix("u", u, rank, m * k, "rank*m*k"))
    return err;
  if (llvm::Error err = checkMatrix("v", v, rank, k * n, "rank*k*n"))
    return err;
  return checkMatrix("w", w, m * n, rank, "m*n*rank");
}

Scheme stl::getNaiveScheme(int64_t m, int64_t k, int64_t n) {
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
