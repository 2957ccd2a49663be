//===- SchemeInternal.h - Helpers shared by the scheme library --*- C++ -*-===//
//
// Not installed: only the library's own sources include this.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_SCHEME_SCHEMEINTERNAL_H
#define STL_LIB_SCHEME_SCHEMEINTERNAL_H

#include "stl/Scheme/Scheme.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace stl {

/// Bounds accepted by Scheme::validate(). They keep every size product
/// (rank*m*k, ...) far from int64 overflow, so a hostile file cannot make the
/// library allocate or index out of range.
constexpr int64_t kMaxTileDim = 1024;
constexpr int64_t kMaxRank = int64_t(1) << 20;
/// Largest m*k*n: checkBrent() takes (m*k*n)^2 steps per product and keeps a
/// (k*n) x (m*n) slice, so this caps it at 2^32 steps and 512 MiB.
constexpr int64_t kMaxTileVolume = int64_t(1) << 16;
/// Error unless m*k*n <= kMaxTileVolume (m, k, n already in [1, kMaxTileDim]).
llvm::Error checkTileVolume(int64_t m, int64_t k, int64_t n);
/// Largest rank lookupScheme() builds for "naive-MxKxN": the naive scheme is
/// dense in the tensor, so its Brent check costs (m*k*n)^2 operations.
constexpr int64_t kMaxNaiveRank = 4096;

/// One product of a scheme in the notation of the papers: `lhs` is a linear
/// form in the entries aIJ of the left tile, `rhs` one in bIJ (1-based,
/// single-digit indices), e.g. {"a11 + a22", "b11 + b22"}.
struct ProductSpec {
  const char *lhs;
  const char *rhs;
};

/// One output entry cIJ as a sum of products pL (1-based), e.g.
/// {"c11", "p1 + p4 - p5 + p7"}.
struct OutputSpec {
  const char *entry;
  const char *sum;
};

/// Builds a scheme from the notation above. The inputs are compiled-in
/// constants, so malformed text is a programming error and aborts.
Scheme buildScheme(llvm::StringRef name, int64_t m, int64_t k, int64_t n,
                   llvm::ArrayRef<ProductSpec> products,
                   llvm::ArrayRef<OutputSpec> outputs);

/// Ridge term of fitSchemeALS(). Below the border rank a best fit need not
/// exist (factors can grow without bound while the error creeps down); the
/// ridge keeps the coefficients bounded and the normal equations SPD.
constexpr double kDefaultRidge = 1e-4;

/// fitSchemeALS() with an explicit ridge term (for experiments and tests).
llvm::Expected<Scheme> fitSchemeALSWithRidge(int64_t m, int64_t k, int64_t n,
                                             int64_t rank, unsigned iterations,
                                             uint64_t seed, double lambda);

} // namespace stl

#endif // STL_LIB_SCHEME_SCHEMEINTERNAL_H
