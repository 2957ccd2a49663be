//===- DeviceKernels.h - stl-bench's own CUDA kernels -----------*- C++ -*-===//
//
// Random inputs and the hand-written reference STL ("stl-ref"): simple,
// unfused encode and decode kernels around cuBLAS's batched GEMM. They
// measure the cost model's unfused ceiling; they are not the compiler's
// output and are always labelled stl-ref.
//
// Layouts (row-major, as in the manifest's ABI):
//   X[M,K], W[K,N], Y[M,N], Xhat[r, M/m, K/k], What[r, K/k, N/n],
//   P[r, M/m, N/n] (f32).
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_DEVICEKERNELS_H
#define STL_BENCH_DEVICEKERNELS_H

#include "DeviceBuffer.h"
#include "ElementType.h"
#include "stl/SchemeCore/SchemeCore.h"

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

namespace stl {
namespace bench {

using core::checkBrent;
using core::Scheme;

/// Fills `count` elements with N(0, 1) samples (counter-based hash +
/// Box-Muller, so the same seed gives the same matrix on any GPU).
cudaError_t fillNormal(void *dst, ElementType type, size_t count, uint64_t seed,
                       cudaStream_t stream);

/// A scheme's coefficients on the device, in the padded layout of
/// StlTileOps.h; freed with the value.
struct DeviceScheme {
  int m = 0, k = 0, n = 0, rank = 0;
  DeviceBuffer u, v, d;
};

/// Uploads `s` (which must pass fitsReferenceKernels()); false with the
/// reason on failure.
bool uploadScheme(const Scheme &s, DeviceScheme &out, std::string &error);

/// Xhat = encode(X); X is M x K of `type`, Xhat has the same type.
cudaError_t encodeLhs(const DeviceScheme &s, const void *x, void *xhat,
                      ElementType type, int64_t M, int64_t K,
                      cudaStream_t stream);
/// What = encode(W); W is K x N.
cudaError_t encodeRhs(const DeviceScheme &s, const void *w, void *what,
                      ElementType type, int64_t K, int64_t N,
                      cudaStream_t stream);
/// Y = decode(P); P is f32, Y of `outType`.
cudaError_t decode(const DeviceScheme &s, const float *p, void *y,
                   ElementType outType, int64_t M, int64_t N,
                   cudaStream_t stream);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_DEVICEKERNELS_H
