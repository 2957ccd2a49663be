//===- RefCoefficients.h - Scheme coefficients for stl-ref kernels -*- C++ -*-//
//
// Lays a scheme's U, V and D out as StlTileOps.h expects: 16 floats per
// product, zero-padded.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_REFCOEFFICIENTS_H
#define STL_BENCH_REFCOEFFICIENTS_H

#include "StlTileOps.h"
#include "stl/SchemeCore/SchemeCore.h"

#include <string>
#include <vector>

namespace stl {
namespace bench {

using core::checkBrent;
using core::Scheme;

struct RefCoefficients {
  std::vector<float> u; // [l][a*4+b]
  std::vector<float> v; // [l][b*4+c]
  std::vector<float> d; // [l][a*4+c] = D[a*n+c][l]
};

/// Whether the reference kernels can run `s` (tiles up to 4x4x4, rank up to
/// kMaxRefRank); if not, says why.
inline bool fitsReferenceKernels(const Scheme &s, std::string &why) {
  if (s.m > kMaxRefTileDim || s.k > kMaxRefTileDim || s.n > kMaxRefTileDim) {
    why = "stl-ref kernels handle tiles up to 4x4x4";
    return false;
  }
  if (s.rank > kMaxRefRank) {
    why = "stl-ref kernels handle rank up to " + std::to_string(kMaxRefRank);
    return false;
  }
  return true;
}

inline RefCoefficients packReferenceCoefficients(const Scheme &s) {
  RefCoefficients c;
  size_t size = static_cast<size_t>(s.rank) * kPaddedTile;
  c.u.assign(size, 0.0f);
  c.v.assign(size, 0.0f);
  c.d.assign(size, 0.0f);
  for (int l = 0; l < s.rank; ++l) {
    for (int a = 0; a < s.m; ++a)
      for (int b = 0; b < s.k; ++b)
        c.u[l * kPaddedTile + a * kMaxRefTileDim + b] =
            static_cast<float>(s.uAt(l, a, b));
    for (int b = 0; b < s.k; ++b)
      for (int cc = 0; cc < s.n; ++cc)
        c.v[l * kPaddedTile + b * kMaxRefTileDim + cc] =
            static_cast<float>(s.vAt(l, b, cc));
    for (int a = 0; a < s.m; ++a)
      for (int cc = 0; cc < s.n; ++cc)
        c.d[l * kPaddedTile + a * kMaxRefTileDim + cc] =
            static_cast<float>(s.wAt(a, cc, l));
  }
  return c;
}

} // namespace bench
} // namespace stl

#endif // STL_BENCH_REFCOEFFICIENTS_H
