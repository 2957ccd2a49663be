//===- Divisors.h - Tile sizes that divide an extent ------------*- C++ -*-===//
//
// The CPU pipeline tiles static contractions with the largest tile sizes
// that divide their extents (stl-cpu-tile-and-vectorize), and the CPU cost
// model predicts the GEMM rate from the same choice.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SUPPORT_DIVISORS_H
#define STL_SUPPORT_DIVISORS_H

#include <algorithm>
#include <cstdint>

namespace mlir {
namespace stl {

/// The largest divisor of `extent` that is at most `target` (at least 1).
inline int64_t largestDivisorAtMost(int64_t extent, int64_t target) {
  for (int64_t d = std::min(extent, target); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

} // namespace stl
} // namespace mlir

#endif // STL_SUPPORT_DIVISORS_H
