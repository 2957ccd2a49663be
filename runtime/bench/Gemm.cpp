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
  switch (status) {
  case CUBLAS_STATUS_SUCCESS:
    return "CUBLAS_STATUS_SUCCESS";
  case CUBLAS_STATUS_NOT_INITIALIZED:
    return "CUBLAS_STATUS_NOT_INITIALIZED";
  case CUBLAS_STATUS_ALLOC_FAILED:
    return "CUBLAS_STATUS_ALLOC_FAILED";
  case CUBLAS_STATUS_INVALID_VALUE:
    return "CUBLAS_STATUS_INVALID_VALUE";
  case CUBLAS_STATUS_ARCH_MISMATCH:
    return "CUBLAS_STATUS_ARCH_MISMATCH";
  case CUBLAS_STATUS_MAPPING_ERROR:
    return "CUBLAS_STATUS_MAPPING_ERROR";
  case CUBLAS_STATUS_EXECUTION_FAILED:
    return "CUBLAS_STATUS_EXECUTION_FAILED";
  case CUBLAS_STATUS_INTERNAL_ERROR:
    return "CUBLAS_STATUS_INTERNAL_ERROR";
  case CUBLAS_STATUS_NOT_SUPPORTED:
    return "CUBLAS_STATUS_NOT_SUPPORTED";
  default:
    return "CUBLAS_STATUS_<other>";
  }
}

GemmRunner::~GemmRunner() {
  for (auto &entry : ltPlans) {
    LtPlan &p = entry.second;
    if (p.desc)
      cublasLtMatmulDescDestroy(p.desc);
    if (p.a)
      cublasLtMatrixLayoutDestroy(p.a);
    if (p.b)
      cublasLtMatrixLayoutDestroy(p.b);
    if (p.c)
      cublasLtMatrixLayoutDestroy(p.c);
  }
  if (workspace)
    cudaFree(workspace);
  if (ltHandle)
    cublasLtDestroy(ltHandle);
  if (handle)
    cublasDestroy(handle);
}

bool GemmRunner::init(std::string &error) {
  cublasStatus_t s = cublasCreate(&handle);
  if (s != CUBLAS_STATUS_SUCCESS) {
    error = std::string("cublasCreate: ") + cublasStatusName(s);
    return false;
  }
  s = cublasLtCreate(&ltHandle);
  if (s != CUBLAS_STATUS_SUCCESS) {
    error = std::string("cublasLtCreate: ") + cublasStatusName(s);
    return false;
  }
  if (cudaMalloc(&workspace, kWorkspaceBytes) != cudaSuccess) {
    error = "cudaMalloc of the cuBLASLt workspace failed";
    return false;
  }
  workspaceBytes = kWorkspaceBytes;
  return true;
}

std::string GemmRunner::version() const {
  int v = 0;
  if (handle)
    cublasGetVersion(handle, &v);
  return "cuBLAS " + std::to_string(v) + ", cuBLASLt " +
         std::to_string(cublasLtGetVersion());
}

cublasStatus_t GemmRunner::dense(const void *x, const void *w, void *y,
                                 ElementType in, ElementType out, int64_t M,
                                 int64_t K, int64_t N, cudaStream_t stream) {
  cublasSetStream(handle, stream);
  float alpha = 1.0f, beta = 0.0f;
  // Column-major view: Y^T (N x M) = W^T (N x K) . X^T (K x M).
  return cublasGemmEx(handle, CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(N),
                      static_cast<int>(M), static_cast<int>(K), &alpha, w,
                      cudaType(in), static_cast<int>(N), x, cudaType(in),
                      static_cast<int>(K), &beta, y, cudaType(out),
                      static_cast<int>(N), CUBLAS_COMPUTE_32F,
                      CUBLAS_GEMM_DEFAULT);
}

cublasStatus_t GemmRunner::planLt(ElementType in, ElementType out, int64_t M,
                                  int64_t K, int64_t N, LtPlan &plan) {
  cublasStatus_t s =
      cublasLtMatmulDescCreate(&plan.desc, CUBLAS_COMPUTE_32F, CUDA_R_32F);
  if (s != CUBLAS_STATUS_SUCCESS)
    return s;
  // A = W^T (N x K, ld N), B = X^T (K x M, ld K), C = D = Y^T (N x M, ld N).
  if ((s = cublasLtMatrixLayoutCreate(&plan.a, cudaType(in), N, K, N)) !=
          CUBLAS_STATUS_SUCCESS ||
      (s = cublasLtMatrixLayoutCreate(&plan.b, cudaType(in), K, M, K)) !=
          CUBLAS_STATUS_SUCCESS ||
      (s = cublasLtMatrixLayoutCreate(&plan.c, cudaType(out), N, M, N)) !=
          CUBLAS_STATUS_SUCCESS)
    return s;
  cublasLtMatmulPreference_t preference = nullptr;
  if ((s = cublasLtMatmulPreferenceCreate(&preference)) !=
      CUBLAS_STATUS_SUCCESS)
    return s;
  cublasLtMatmulPreferenceSetAttribute(preference,
                                       CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                       &workspaceBytes, sizeof(workspaceBytes));
  cublasLtMatmulHeuristicResult_t result;
  int found = 0;
  s = cublasLtMatmulAlgoGetHeuristic(ltHandle, plan.desc, plan.a, plan.b,
                                     plan.c, plan.c, preference, 1, &result,
                                     &found);
  cublasLtMatmulPreferenceDestroy(preference);
  if (s != CUBLAS_STATUS_SUCCESS)
    return s;
  if (found == 0)
    return CUBLAS_STATUS_NOT_SUPPORTED;
  plan.algo = result.algo;
  plan.valid = true;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t GemmRunner::denseLt(const void *x, const void *w, void *y,
                                   ElementType in, ElementType out, int64_t M,
                                   int64_t K, int64_t N, cudaStream_t stream) {
  auto key =
      std::make_tuple(static_cast<int>(in), static_cast<int>(out), M, K, N);
  LtPlan &plan = ltPlans[key];
  if (!plan.valid) {
    cublasStatus_t s = planLt(in, out, M, K, N, plan);
    if (s != CUBLAS_STATUS_SUCCESS)
      return s;
  }
  float alpha = 1.0f, beta = 0.0f;
  return cublasLtMatmul(ltHandle, plan.desc, &alpha, w, plan.a, x, plan.b,
                        &beta, y, plan.c, y, plan.c, &plan.algo, workspace,
                        workspaceBytes, stream);
}

cublasStatus_t GemmRunner::batched(const void *a, const void *b, float *p,
                                   ElementType in, int64_t batch, int64_t rows,
                                   int64_t inner, int64_t cols,
                                   cudaStream_t stream) {
  cublasSetStream(handle, stream);
  float alpha = 1.0f, beta = 0.0f;
  // Per batch, column-major: P^T (cols x rows) = B^T (cols x inner) . A^T.
  return cublasGemmStridedBatchedEx(
      handle, CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(cols),
      static_cast<int>(rows), static_cast<int>(inner), &alpha, b, cudaType(in),
      static_cast<int>(cols), inner * cols, a, cudaType(in),
      static_cast<int>(inner), rows * inner, &beta, p, CUDA_R_32F,
      static_cast<int>(cols), rows * cols, static_cast<int>(batch),
      CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
}

} // namespace bench
} // namespace stl
