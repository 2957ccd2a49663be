//===- Compose.cpp - Kronecker product of schemes -------------------------===//

#include "stl/SchemeCore/SchemeCore.h"

using namespace stl::core;

/// out(r1*rows2 + r2, c1*cols2 + c2) = x(r1, c1) * y(r2, c2): the Kronecker
/// product of one coefficient matrix of each scheme (zero entries of `x`
/// skipped; `out` starts zeroed).
template <typename X, typename Y, typename Out>
static void kronecker(int64_t rows1, int64_t cols1, int64_t rows2,
                      int64_t cols2, X x, Y y, Out out) {
  for (int64_t r1 = 0; r1 < rows1; ++r1)
    for (int64_t c1 = 0; c1 < cols1; ++c1) {
      double coefficient = x(r1, c1);
      if (coefficient == 0)
        continue;
      for (int64_t r2 = 0; r2 < rows2; ++r2)
        for (int64_t c2 = 0; c2 < cols2; ++c2)
          out(r1 * rows2 + r2, c1 * cols2 + c2) = coefficient * y(r2, c2);
    }
}

Scheme stl::core::compose(const Scheme &a, const Scheme &b) {
  Scheme s;
  s.name = a.name + "*" + b.name;
  s.m = a.m * b.m;
  s.k = a.k * b.k;
  s.n = a.n * b.n;
  s.rank = a.rank * b.rank;
  s.u.assign(s.rank * s.m * s.k, 0.0);
  s.v.assign(s.rank * s.k * s.n, 0.0);
  s.w.assign(s.m * s.n * s.rank, 0.0);
  // Blocked layout: tile row i = i1*b.m + i2 where i1 indexes the block that
  // `a` sees and i2 the row inside it (likewise for columns); product
  // l = l1*b.rank + l2 is b's product l2 applied to a's product l1 of blocks.
  // The coefficient of a composed product on an entry is the product of the
  // two schemes' coefficients, which is exactly the Kronecker product of the
  // two tensors and therefore exact when both factors are.
  for (int64_t l1 = 0; l1 < a.rank; ++l1)
    for (int64_t l2 = 0; l2 < b.rank; ++l2) {
      int64_t l = l1 * b.rank + l2;
      kronecker(
          a.m, a.k, b.m, b.k,
          [&](int64_t r, int64_t c) { return a.uAt(l1, r, c); },
          [&](int64_t r, int64_t c) { return b.uAt(l2, r, c); },
          [&](int64_t r, int64_t c) -> double & {
            return s.u[(l * s.m + r) * s.k + c];
          });
      kronecker(
          a.k, a.n, b.k, b.n,
          [&](int64_t r, int64_t c) { return a.vAt(l1, r, c); },
          [&](int64_t r, int64_t c) { return b.vAt(l2, r, c); },
          [&](int64_t r, int64_t c) -> double & {
            return s.v[(l * s.k + r) * s.n + c];
          });
      kronecker(
          a.m, a.n, b.m, b.n,
          [&](int64_t r, int64_t c) { return a.wAt(r, c, l1); },
          [&](int64_t r, int64_t c) { return b.wAt(r, c, l2); },
          [&](int64_t r, int64_t c) -> double & {
            return s.w[(r * s.n + c) * s.rank + l];
          });
    }
  return s;
}
