//===- Compose.cpp - Kronecker product of schemes -------------------------===//

#include "stl/SchemeCore/Scheme.h"

using namespace stl::core;

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
      for (int64_t i1 = 0; i1 < a.m; ++i1)
        for (int64_t j1 = 0; j1 < a.k; ++j1) {
          double ua = a.uAt(l1, i1, j1);
          if (ua == 0)
            continue;
          for (int64_t i2 = 0; i2 < b.m; ++i2)
            for (int64_t j2 = 0; j2 < b.k; ++j2)
              s.u[l * s.m * s.k + (i1 * b.m + i2) * s.k + j1 * b.k + j2] =
                  ua * b.uAt(l2, i2, j2);
        }
      for (int64_t j1 = 0; j1 < a.k; ++j1)
        for (int64_t q1 = 0; q1 < a.n; ++q1) {
          double va = a.vAt(l1, j1, q1);
          if (va == 0)
            continue;
          for (int64_t j2 = 0; j2 < b.k; ++j2)
            for (int64_t q2 = 0; q2 < b.n; ++q2)
              s.v[l * s.k * s.n + (j1 * b.k + j2) * s.n + q1 * b.n + q2] =
                  va * b.vAt(l2, j2, q2);
        }
      for (int64_t i1 = 0; i1 < a.m; ++i1)
        for (int64_t q1 = 0; q1 < a.n; ++q1) {
          double wa = a.wAt(i1, q1, l1);
          if (wa == 0)
            continue;
          for (int64_t i2 = 0; i2 < b.m; ++i2)
            for (int64_t q2 = 0; q2 < b.n; ++q2)
              s.w[((i1 * b.m + i2) * s.n + q1 * b.n + q2) * s.rank + l] =
                  wa * b.wAt(i2, q2, l2);
        }
    }
  return s;
}
