//===- Sampling.h - Copy sampled rows/columns off the device ----*- C++ -*-===//

#ifndef STL_BENCH_SAMPLING_H
#define STL_BENCH_SAMPLING_H

#include "ElementType.h"
#include "Reference.h"

#include <string>
#include <vector>

namespace stl {
namespace bench {

/// Fills s.x (sampled rows of X[M,K]) and s.w (sampled columns of W[K,N])
/// from device memory of type `type`.
bool fetchInputs(Sample &s, const void *x, const void *w, ElementType type,
                 std::string &error);

/// The sampled entries of Y[M,N] (type `type`), rows() x cols() row-major.
bool fetchOutput(const Sample &s, const void *y, ElementType type,
                 std::vector<float> &out, std::string &error);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_SAMPLING_H
