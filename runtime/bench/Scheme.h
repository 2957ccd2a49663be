//===- Scheme.h - STL schemes as stl-bench sees them ------------*- C++ -*-===//
//
// The scheme file format shared with the compiler (docs/Schemes.md):
//   {"name", "m", "k", "n", "rank",
//    "u": [rank rows of m*k], "v": [rank rows of k*n], "w": [m*n rows of rank]}
// u, v and w are the encoders U, V and the decoder D of
// docs/stl-operator.md: rows of tiles are flattened row-major (a*k+b for an
// lhs tile, b*n+c for an rhs tile, a*n+c for an output tile).
//
// The compiler has its own Scheme library over LLVM Support; stl-bench cannot
// link it (no LLVM on the GPU machine), hence this small re-reading.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_SCHEME_H
#define STL_BENCH_SCHEME_H

#include <string>
#include <vector>

namespace stl {
namespace bench {

class JsonValue;

struct Scheme {
  std::string name;
  std::string source; // file it came from, or "built-in"
  int m = 0, k = 0, n = 0, rank = 0;
  std::vector<double> u; // rank x (m*k)
  std::vector<double> v; // rank x (k*n)
  std::vector<double> w; // (m*n) x rank

  double uAt(int l, int a, int b) const { return u[(l * m + a) * k + b]; }
  double vAt(int l, int b, int c) const { return v[(l * k + b) * n + c]; }
  double wAt(int a, int c, int l) const { return w[(a * n + c) * rank + l]; }
  /// m*k*n / rank: the multiply reduction over the classical product.
  double multiplyRatio() const {
    return static_cast<double>(m) * k * n / static_cast<double>(rank);
  }
};

bool schemeFromJson(const JsonValue &value, const std::string &origin,
                    Scheme &out, std::string &error);
bool readSchemeFile(const std::string &path, Scheme &out, std::string &error);

/// Strassen's 1969 algorithm for <2,2,2> (rank 7), built in so stl-bench has
/// an exact scheme even when no scheme file is given.
Scheme strassenScheme();
/// Kronecker product <m1 m2, k1 k2, n1 n2; r1 r2>: `outer` multiplies blocks
/// that `inner` multiplies.
Scheme kroneckerScheme(const Scheme &outer, const Scheme &inner);

struct BrentCheck {
  double maxResidual = 0;   // max |T_hat - T| over the tensor entries
  double relativeError = 0; // ||T_hat - T||_F / ||T||_F
  bool exact = false;       // maxResidual <= 1e-9
};
/// Evaluates the Brent equations (is the scheme an exact <m,k,n> product?).
BrentCheck checkBrent(const Scheme &s);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_SCHEME_H
