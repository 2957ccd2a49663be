//===- SchemeInternal.h - Helpers shared by the scheme library --*- C++ -*-===//
//
// Not installed: only the library's own sources and its tests include this.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_SCHEME_SCHEMEINTERNAL_H
#define STL_LIB_SCHEME_SCHEMEINTERNAL_H

#include "stl/Scheme/Scheme.h"

#include <cstdint>

namespace mlir::stl {

/// Ridge term of fitSchemeALS(). Below the border rank a best fit need not
/// exist (factors can grow without bound while the error creeps down); the
/// ridge keeps the coefficients bounded and the normal equations SPD.
constexpr double kDefaultRidge = 1e-4;

/// fitSchemeALS() with an explicit ridge term (for experiments and tests).
llvm::Expected<Scheme> fitSchemeALSWithRidge(int64_t m, int64_t k, int64_t n,
                                             int64_t rank, unsigned iterations,
                                             uint64_t seed, double lambda);

} // namespace mlir::stl

#endif // STL_LIB_SCHEME_SCHEMEINTERNAL_H
