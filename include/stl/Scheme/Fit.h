//===- Fit.h - Fitting schemes to the matmul tensor -------------*- C++ -*-===//
//
// Least-squares fits of a rank-r scheme to the <m,k,n> tensor. fitSchemeALS
// (Scheme.h) is the deterministic CP-ALS behind the library's
// "cp-als-4x4x4-r24"; fitSchemeLM below is the better optimizer.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SCHEME_FIT_H
#define STL_SCHEME_FIT_H

#include "stl/Scheme/Scheme.h"

#include <cstdint>
#include <functional>

namespace mlir::stl {

/// Called after every Levenberg-Marquardt step with the restart (1-based),
/// the step and the relative squared error ||T - T_hat||^2 / ||T||^2.
using FitProgress =
    std::function<void(unsigned restart, unsigned step, double error)>;

struct FitOptions {
  unsigned iterations = 300; ///< steps per restart
  unsigned restarts = 1;     ///< random starting points, best kept
  uint64_t seed = kDefaultFitSeed;
  /// Stop restarting once the best relative squared error is this small.
  double stopBelow = 1e-24;
  FitProgress progress;
};

/// A rank-`rank` fit of the <m,k,n> tensor by Levenberg-Marquardt with
/// restarts (uniform [-1, 1) starting points from `seed`); the best of the
/// restarts, whose relative squared error goes to `bestError`. Unlike ALS it
/// finds exact schemes where they exist at the rank (<2,2,2;7> to round-off).
/// Limited to rank*(mk+kn+mn) <= 2048 parameters (one dense solve per step).
llvm::Expected<Scheme> fitSchemeLM(int64_t m, int64_t k, int64_t n,
                                   int64_t rank, const FitOptions &options,
                                   double *bestError = nullptr);

} // namespace mlir::stl

#endif // STL_SCHEME_FIT_H
