//===- Brent.cpp - Distance of a scheme from the matmul tensor ------------===//

#include "stl/SchemeCore/SchemeCore.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace stl::core;

BrentReport stl::core::checkBrent(const Scheme &s, double tolerance) {
  BrentReport report;
  if (!validationError(s).empty()) {
    // Callers are expected to validate first; a malformed scheme is simply
    // "infinitely far" rather than undefined behaviour.
    report.maxResidual = std::numeric_limits<double>::infinity();
    report.relativeError = std::numeric_limits<double>::infinity();
    return report;
  }
  const int64_t m = s.m, k = s.k, n = s.n, r = s.rank;
  const int64_t lhsSize = m * k, rhsSize = k * n, outSize = m * n;

  // The reconstructed tensor That[p][q][o] = sum_l u[l][p] v[l][q] w[o][l] is
  // built one lhs index p at a time so memory stays (k*n)*(m*n) even for big
  // tiles; products with u[l][p] == 0 are skipped, which makes the check
  // cheap for the sparse schemes of the library.
  std::vector<double> slice(rhsSize * outSize);
  std::vector<double> wColumn(outSize);
  double maxResidual = 0, squaredError = 0;
  for (int64_t p = 0; p < lhsSize; ++p) {
    std::fill(slice.begin(), slice.end(), 0.0);
    for (int64_t l = 0; l < r; ++l) {
      double ul = s.u[l * lhsSize + p];
      if (ul == 0)
        continue;
      for (int64_t o = 0; o < outSize; ++o)
        wColumn[o] = s.w[o * r + l];
      const double *vl = &s.v[l * rhsSize];
      for (int64_t q = 0; q < rhsSize; ++q) {
        double uv = ul * vl[q];
        if (uv == 0)
          continue;
        double *row = &slice[q * outSize];
        for (int64_t o = 0; o < outSize; ++o)
          row[o] += uv * wColumn[o];
      }
    }
    // T[p][q][o] = 1 iff p = (a,b), q = (b,c), o = (a,c).
    int64_t a = p / k, b = p % k;
    for (int64_t c = 0; c < n; ++c)
      slice[(b * n + c) * outSize + a * n + c] -= 1.0;
    for (double d : slice) {
      maxResidual = std::max(maxResidual, std::fabs(d));
      squaredError += d * d;
    }
  }
  report.maxResidual = maxResidual;
  report.relativeError =
      std::sqrt(squaredError / static_cast<double>(m * k * n));
  report.exact = maxResidual <= tolerance;
  return report;
}
