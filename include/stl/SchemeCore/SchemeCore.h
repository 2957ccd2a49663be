//===- SchemeCore.h - The scheme model, in plain C++17 ----------*- C++ -*-===//
//
// A scheme is a bilinear algorithm for the product of an m x k tile by a
// k x n tile with `rank` scalar multiplications (see docs/Schemes.md):
//
//   p_l     = (sum_{i,j} u[l][i*k+j] A[i][j]) * (sum_{j,q} v[l][j*n+q] B[j][q])
//   C[i][q] = sum_l w[i*n+q][l] p_l
//
// This is the one definition of a scheme, its limits, its exactness check,
// its file format and the library of named schemes. It needs only a C++17
// compiler and a JSON library (no LLVM, no MLIR): the compiler
// (lib/Scheme adds an LLVM-facing adapter) and the CUDA-only runtime and
// benchmark (runtime/) both build it, so a file one accepts the other does
// too.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SCHEMECORE_SCHEMECORE_H
#define STL_SCHEMECORE_SCHEMECORE_H

#include <cstdint>
#include <string>
#include <vector>

namespace stl {
namespace core {

/// Bounds every scheme must satisfy. They keep every size product
/// (rank*m*k, ...) far from int64 overflow, so a hostile file cannot make
/// anything allocate or index out of range.
constexpr int64_t kMaxTileDim = 1024;
constexpr int64_t kMaxRank = int64_t(1) << 20;
/// Largest m*k*n: the Brent check takes (m*k*n)^2 steps per product, so this
/// caps it at 2^32 steps; checked before any coefficient is read.
constexpr int64_t kMaxTileVolume = int64_t(1) << 16;
/// "" if m*k*n <= kMaxTileVolume (m, k, n already in [1, kMaxTileDim]), else
/// the error message.
std::string checkTileVolume(int64_t m, int64_t k, int64_t n);
/// Largest rank of the "naive-MxKxN" schemes: a naive scheme is dense in the
/// tensor, so its Brent check costs (m*k*n)^2 operations.
constexpr int64_t kMaxNaiveRank = 4096;
/// A scheme is exact when no Brent residual exceeds this. The exact schemes
/// of the library have dyadic coefficients and reach exactly 0.
constexpr double kExactTolerance = 1e-12;

/// Which numbers a scheme's coefficients are. Integer schemes run unchanged
/// on integer element types; dyadic ones (k / 2^e) are exact in binary
/// floating point as long as the exponent range holds; real ones are neither.
enum class CoefficientSet { Integer, Dyadic, Real };
const char *coefficientSetName(CoefficientSet set);

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
  /// The smallest of the sets above that holds every coefficient.
  CoefficientSet coefficientSet() const;
};

/// "" if the tile extents (each in [1, kMaxTileDim], m*k*n at most
/// kMaxTileVolume) and the rank (in [1, kMaxRank]) are within the limits,
/// else the first violation. Checked before any size product is formed or
/// any coefficient is read.
std::string checkSchemeExtents(int64_t m, int64_t k, int64_t n, int64_t rank);

/// Sizes and finiteness; an empty string when `s` is well formed, else a
/// message that names the offending field.
std::string validationError(const Scheme &s);

/// Nonzero coefficients of u, v and w: what encode and decode cost.
struct NonzeroCounts {
  int64_t u = 0, v = 0, w = 0;
};
NonzeroCounts countNonzeros(const Scheme &s);

/// How far a scheme is from the <m,k,n> matrix-multiplication tensor T.
struct BrentReport {
  /// max over all (a,b,c,a',b',c') of |T_hat - T| (the Brent residual).
  double maxResidual = 0;
  /// ||T - T_hat||_F / ||T||_F.
  double relativeError = 0;
  /// maxResidual <= tolerance.
  bool exact = false;
};

/// Evaluates the Brent equations for `s`; a malformed scheme is infinitely
/// far.
BrentReport checkBrent(const Scheme &s, double tolerance = kExactTolerance);

/// Kronecker product: <m1 m2, k1 k2, n1 n2; r1 r2>. Tiles of the result are
/// blocked: the outer scheme `a` multiplies blocks that `b` multiplies.
Scheme compose(const Scheme &a, const Scheme &b);

/// The identity algorithm for <m,k,n> (rank m*k*n, exact).
Scheme getNaiveScheme(int64_t m, int64_t k, int64_t n);

/// A scheme, or why there is none. `error` is empty on success.
struct SchemeOrError {
  Scheme scheme;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// The scheme file format (docs/Schemes.md). `origin` names the file in
/// error messages, which name the field too.
SchemeOrError parseSchemeJSON(const std::string &text,
                              const std::string &origin);
/// Reads a file; "-" is standard input.
SchemeOrError readSchemeFile(const std::string &path);
/// One row per line, integers as integers and other numbers with 17
/// significant digits, so the text reads back bit-identical.
std::string schemeToJSON(const Scheme &s);

/// One library scheme, for `stl-scheme list`.
struct LibraryEntry {
  std::string name;
  std::string description;
};
std::vector<LibraryEntry> listLibrarySchemes();

/// A library scheme ("strassen", ...; "naive-MxKxN" for any tile). The
/// library is data compiled in from the repository's schemes/ folder, read
/// once.
SchemeOrError lookupScheme(const std::string &name);

/// True if `nameOrPath` names a file rather than a library scheme: it ends
/// in ".json" or contains '/'.
bool isSchemeFileName(const std::string &nameOrPath);
/// A library name, or a path to a JSON file (see isSchemeFileName).
SchemeOrError resolveScheme(const std::string &nameOrPath);

} // namespace core
} // namespace stl

#endif // STL_SCHEMECORE_SCHEMECORE_H
