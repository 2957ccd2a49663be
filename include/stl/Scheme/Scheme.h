//===- Scheme.h - Bilinear tile-product algorithms --------------*- C++ -*-===//
//
// The LLVM-facing side of the scheme core (include/stl/SchemeCore/SchemeCore.h,
// plain C++17, shared with the runtime): the same model, limits, file format
// and library, with errors as llvm::Error for the dialect, the passes and
// the tools, plus the least-squares fit of approximate schemes. See
// docs/Schemes.md.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SCHEME_SCHEME_H
#define STL_SCHEME_SCHEME_H

#include "stl/SchemeCore/SchemeCore.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace llvm {
namespace json {
class Value;
} // namespace json
} // namespace llvm

namespace mlir::stl {

/// The plain C++17 scheme core (stl/SchemeCore/SchemeCore.h), which the
/// CUDA runtime shares, lives outside MLIR's namespace.
namespace core = ::stl::core;

using core::BrentReport;
using core::checkBrent;
using core::CoefficientSet;
using core::coefficientSetName;
using core::compose;
using core::countNonzeros;
using core::getNaiveScheme;
using core::kExactTolerance;
using core::kMaxNaiveRank;
using core::kMaxRank;
using core::kMaxTileDim;
using core::LibraryEntry;
using core::listLibrarySchemes;
using core::NonzeroCounts;
using core::schemeToJSON;

/// A core scheme with LLVM-style validation. Every core function taking a
/// scheme accepts this one, and every core result converts to it.
struct Scheme : core::Scheme {
  Scheme() = default;
  Scheme(core::Scheme s) : core::Scheme(std::move(s)) {}
  /// Checks sizes and finiteness; the message names the offending field.
  llvm::Error validate() const;
};

/// Names accepted by lookupScheme(): the schemes of listLibrarySchemes() and
/// "naive-MxKxN" for any tile.
llvm::Expected<Scheme> lookupScheme(llvm::StringRef name);

/// JSON (see docs/Schemes.md). `origin` names the file in error messages.
llvm::Expected<Scheme> schemeFromJSON(const llvm::json::Value &value,
                                      llvm::StringRef origin);
llvm::Expected<Scheme> parseSchemeJSON(llvm::StringRef text,
                                       llvm::StringRef origin);
llvm::Expected<Scheme> readSchemeFile(llvm::StringRef path);

/// A library name, or a path to a JSON file (anything ending in ".json" or
/// containing a '/').
llvm::Expected<Scheme> resolveScheme(llvm::StringRef nameOrPath);

/// A rank-`rank` approximation of the <m,k,n> tensor by alternating least
/// squares (CP-ALS), started from a pseudo-random point drawn from `seed`.
/// Deterministic: the same arguments give the same coefficients. The result
/// is exact only if the fit happens to converge to zero residual.
llvm::Expected<Scheme> fitSchemeALS(int64_t m, int64_t k, int64_t n,
                                    int64_t rank, unsigned iterations,
                                    uint64_t seed);
/// The parameters that made the library's "cp-als-4x4x4-r24" (seed 57 gave
/// the smallest error among seeds 1..100).
constexpr unsigned kDefaultFitIterations = 500;
constexpr uint64_t kDefaultFitSeed = 57;

} // namespace mlir::stl

#endif // STL_SCHEME_SCHEME_H
