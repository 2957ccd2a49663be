//===- Gemm.h - cuBLAS and cuBLASLt baselines -------------------*- C++ -*-===//
//
// Row-major products on column-major libraries: Y = X.W (row-major) is
// Y^T = W^T X^T (column-major), so every call passes W first. Inputs are
// bf16/f16, accumulation is f32 (CUBLAS_COMPUTE_32F), outputs bf16/f16/f32.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_GEMM_H
#define STL_BENCH_GEMM_H

#include "CublasLtGemm.h"
#include "DeviceBuffer.h"
#include "ElementType.h"

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <memory>
#include <string>
#include <type_traits>

namespace stl {
namespace bench {

const char *cublasStatusName(cublasStatus_t status);

class GemmRunner {
public:
  GemmRunner() = default;
  GemmRunner(const GemmRunner &) = delete;
  GemmRunner &operator=(const GemmRunner &) = delete;

  bool init(std::string &error);
  /// cuBLAS and cuBLASLt versions, e.g. "cuBLAS 130001".
  std::string version() const;

  /// Y[M,N] = X[M,K] . W[K,N] with cublasGemmEx.
  cublasStatus_t dense(const void *x, const void *w, void *y, ElementType in,
                       ElementType out, int64_t M, int64_t K, int64_t N,
                       cudaStream_t stream);
  /// The same product with cublasLtMatmul and the heuristic's first
  /// algorithm (plans cached per shape; the code libstl_runtime's
  /// stlRuntimeBatchedGemm uses, with batch 1).
  cublasStatus_t denseLt(const void *x, const void *w, void *y, ElementType in,
                         ElementType out, int64_t M, int64_t K, int64_t N,
                         cudaStream_t stream);
  /// P[l] = A[l] . B[l] for l < batch with cublasGemmStridedBatchedEx;
  /// A[l] is rows x inner, B[l] inner x cols, P f32 (the STL Hadamard stage).
  cublasStatus_t batched(const void *a, const void *b, float *p, ElementType in,
                         int64_t batch, int64_t rows, int64_t inner,
                         int64_t cols, cudaStream_t stream);

private:
  struct HandleDeleter {
    void operator()(cublasHandle_t h) const { cublasDestroy(h); }
  };
  std::unique_ptr<std::remove_pointer_t<cublasHandle_t>, HandleDeleter> handle;
  /// The same plan cache as libstl_runtime's cuBLASLt backend.
  cublaslt::PlanCache ltPlans;
  DeviceBuffer workspace;
};

} // namespace bench
} // namespace stl

#endif // STL_BENCH_GEMM_H
