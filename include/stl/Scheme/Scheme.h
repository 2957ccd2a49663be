//===- Scheme.h - Bilinear tile-product algorithms --------------*- C++ -*-===//
//
// A scheme is a bilinear algorithm for the product of an m x k tile by a
// k x n tile with `rank` scalar multiplications (see docs/Schemes.md):
//
//   p_l     = (sum_{i,j} u[l][i*k+j] A[i][j]) * (sum_{j,q} v[l][j*n+q] B[j][q])
//   C[i][q] = sum_l w[i*n+q][l] p_l
//
// This library is plain C++ over LLVM Support (no MLIR) so that passes, tools
// and the tests share one definition of every scheme.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SCHEME_SCHEME_H
#define STL_SCHEME_SCHEME_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
namespace json {
class Value;
} // namespace json
} // namespace llvm

namespace stl {

/// A rank-r bilinear algorithm for the <m,k,n> tile product. Coefficients are
/// stored row-major: u is rank x (m*k), v is rank x (k*n), w is (m*n) x rank.
struct Scheme {
  std::string name;
  int64_t m = 0, k = 0, n = 0, rank = 0;
  std::vector<double> u, v, w;

  double uAt(int64_t l, int64_t i, int64_t j) const {
    return u[l * m * k + i * k + j];
  }
  double vAt(int64_t l, int64_t j, int64_t q) const {
    return v[l * k * n + j * n + q];
  }
  double wAt(int64_t i, int64_t q, int64_t l) const {
    return w[(i * n + q) * rank + l];
  }

  /// Multiplies saved per tile product: (m*k*n) / rank.
  double multiplyRatio() const {
    return static_cast<double>(m * k * n) / static_cast<double>(rank);
  }
  /// True if every coefficient is an integer (the scheme can run on integer
  /// element types without rounding).
  bool hasIntegerCoefficients() const;
  /// Checks sizes and finiteness; the message names the offending field.
  llvm::Error validate() const;
};

/// How far a scheme is from the <m,k,n> matrix-multiplication tensor T.
struct BrentReport {
  /// max over all (a,b,c,a',b',c') of |T_hat - T| (the Brent residual).
  double maxResidual = 0;
  /// ||T - T_hat||_F / ||T||_F.
  double relativeError = 0;
  /// maxResidual <= tolerance.
  bool exact = false;
};

/// Evaluates the Brent equations for `s`.
BrentReport checkBrent(const Scheme &s, double tolerance = 1e-12);

/// Kronecker product: <m1 m2, k1 k2, n1 n2; r1 r2>. Tiles of the result are
/// blocked: the outer scheme `a` multiplies blocks that `b` multiplies.
Scheme compose(const Scheme &a, const Scheme &b);

/// The identity algorithm for <m,k,n> (rank m*k*n, exact).
Scheme getNaiveScheme(int64_t m, int64_t k, int64_t n);

/// A rank-`rank` approximation of the <m,k,n> tensor by alternating least
/// squares (CP-ALS), started from a pseudo-random point drawn from `seed`.
/// Deterministic: the same arguments give the same coefficients. The result
/// is exact only if the fit happens to converge to zero residual.
llvm::Expected<Scheme> fitSchemeALS(int64_t m, int64_t k, int64_t n,
                                    int64_t rank, unsigned iterations,
                                    uint64_t seed);
/// The parameters of the library's "cp-als-4x4x4-r24" (seed 57 gave the
/// smallest error among seeds 1..100) and the defaults of `stl-scheme fit`.
constexpr unsigned kDefaultFitIterations = 500;
constexpr uint64_t kDefaultFitSeed = 57;

/// Names accepted by lookupScheme(): "strassen", "winograd",
/// "hopcroft-kerr", "laderman", "strassen-4x4", "naive" (<2,2,2>),
/// "naive-MxKxN" for any tile, and the approximate ones listed by
/// listLibrarySchemes().
llvm::Expected<Scheme> lookupScheme(llvm::StringRef name);

/// One line per library scheme, for `stl-scheme list`.
struct LibraryEntry {
  std::string name;
  std::string description;
};
std::vector<LibraryEntry> listLibrarySchemes();

/// JSON (see docs/Schemes.md). `origin` names the file in error messages.
llvm::Expected<Scheme> schemeFromJSON(const llvm::json::Value &value,
                                      llvm::StringRef origin);
llvm::Expected<Scheme> parseSchemeJSON(llvm::StringRef text,
                                       llvm::StringRef origin);
llvm::Expected<Scheme> readSchemeFile(llvm::StringRef path);
std::string schemeToJSON(const Scheme &s);

/// A library name, or a path to a JSON file (anything ending in ".json" or
/// containing a '/').
llvm::Expected<Scheme> resolveScheme(llvm::StringRef nameOrPath);

} // namespace stl

#endif // STL_SCHEME_SCHEME_H
