//===- Gemm.cpp - cuBLAS and cuBLASLt baselines ---------------------------===//

#include "Gemm.h"

namespace stl {
namespace bench {

namespace {

/// cuBLASLt may use a workspace for split-K and similar algorithms; 64 MiB
/// is what large-GEMM benchmarks commonly give it on Hopper.
constexpr size_t kWorkspaceBytes = 64ull << 20;

cudaDataType_t cudaType(ElementType t) {
  switch (t) {
  case ElementType::BF16:
    return CUDA_R_16BF;
  case ElementType::F16:
    return CUDA_R_16F;
  case ElementType::F32:
    return CUDA_R_32F;
  }
  return CUDA_R_32F;
}

} // namespace

const char *cublasStatusName(cublasStatus_t status) {
  return cublaslt::statusName(status);
}

bool GemmRunner::init(std::string &error) {
  cublasHandle_t h = nullptr;
  cublasStatus_t s = cublasCreate(&h);
  if (s != CUBLAS_STATUS_SUCCESS) {
    error = std::string("cublasCreate: ") + cublasStatusName(s);
    return false;
  }
  handle.reset(h);
  if (!ltPlans.handle(error))
    return false;
  return workspace.allocate(kWorkspaceBytes, "the cuBLASLt workspace", error);
}

std::string GemmRunner::version() const {
  int v = 0;
  if (handle)
    cublasGetVersion(handle.get(), &v);
  return "cuBLAS " + std::to_string(v) + ", cuBLASLt " +
         std::to_string(cublasLtGetVersion());
}

cublasStatus_t GemmRunner::dense(const void *x, const void *w, void *y,
                                 ElementType in, ElementType out, int64_t M,
                                 int64_t K, int64_t N, cudaStream_t stream) {
  cublasSetStream(handle.get(), stream);
  float alpha = 1.0f, beta = 0.0f;
  // Column-major view: Y^T (N x M) = W^T (N x K) . X^T (K x M).
  return cublasGemmEx(handle.get(), CUBLAS_OP_N, CUBLAS_OP_N,
                      static_cast<int>(N), static_cast<int>(M),
                      static_cast<int>(K), &alpha, w, cudaType(in),
                      static_cast<int>(N), x, cudaType(in), static_cast<int>(K),
                      &beta, y, cudaType(out), static_cast<int>(N),
                      CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
}

cublasStatus_t GemmRunner::denseLt(const void *x, const void *w, void *y,
                                   ElementType in, ElementType out, int64_t M,
                                   int64_t K, int64_t N, cudaStream_t stream) {
  // One dense row-major product: batch 1, rows as long as the matrices.
  cublaslt::GemmShape shape{
      1, M, N, K, K, 0, N, 0, N, 0, cudaType(in), cudaType(out)};
  std::string error;
  const cublaslt::PlanCache::Plan *plan = ltPlans.plan(
      shape, cublaslt::alignmentOf(x, 0), cublaslt::alignmentOf(w, 0),
      cublaslt::alignmentOf(y, 0), workspace.size(), error);
  if (!plan)
    return CUBLAS_STATUS_NOT_SUPPORTED;
  return ltPlans.run(*plan, x, w, y, workspace.get(), stream);
}

cublasStatus_t GemmRunner::batched(const void *a, const void *b, float *p,
                                   ElementType in, int64_t batch, int64_t rows,
                                   int64_t inner, int64_t cols,
                                   cudaStream_t stream) {
  cublasSetStream(handle.get(), stream);
  float alpha = 1.0f, beta = 0.0f;
  // Per batch, column-major: P^T (cols x rows) = B^T (cols x inner) . A^T.
  return cublasGemmStridedBatchedEx(
      handle.get(), CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(cols),
      static_cast<int>(rows), static_cast<int>(inner), &alpha, b, cudaType(in),
      static_cast<int>(cols), inner * cols, a, cudaType(in),
      static_cast<int>(inner), rows * inner, &beta, p, CUDA_R_32F,
      static_cast<int>(cols), rows * cols, static_cast<int>(batch),
      CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
}

} // namespace bench
} // namespace stl
