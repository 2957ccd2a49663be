//===- CublasLtGemm.cpp - Cached cuBLASLt plans for row-major GEMMs -------===//

#include "CublasLtGemm.h"

#include <climits>
#include <utility>

namespace stl {
namespace cublaslt {

namespace {

size_t elementBytes(cudaDataType_t type) {
  switch (type) {
  case CUDA_R_16BF:
  case CUDA_R_16F:
    return 2;
  case CUDA_R_32F:
    return 4;
  default:
    return 0;
  }
}

/// Column-major layout of a row-major rows x cols matrix with row stride ld,
/// `batch` of them `stride` elements apart.
cublasStatus_t makeLayout(cublasLtMatrixLayout_t &layout, cudaDataType_t type,
                          int64_t rows, int64_t cols, int64_t ld, int64_t batch,
                          int64_t stride) {
  cublasStatus_t s =
      cublasLtMatrixLayoutCreate(&layout, type, static_cast<uint64_t>(cols),
                                 static_cast<uint64_t>(rows), ld);
  if (s != CUBLAS_STATUS_SUCCESS || batch == 1)
    return s;
  int32_t count = static_cast<int32_t>(batch);
  s = cublasLtMatrixLayoutSetAttribute(
      layout, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &count, sizeof(count));
  if (s != CUBLAS_STATUS_SUCCESS)
    return s;
  return cublasLtMatrixLayoutSetAttribute(
      layout, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride,
      sizeof(stride));
}

void destroy(PlanCache::Plan &p) {
  if (p.desc)
    cublasLtMatmulDescDestroy(p.desc);
  if (p.a)
    cublasLtMatrixLayoutDestroy(p.a);
  if (p.b)
    cublasLtMatrixLayoutDestroy(p.b);
  if (p.c)
    cublasLtMatrixLayoutDestroy(p.c);
  p = PlanCache::Plan();
}

} // namespace

std::string validate(const GemmShape &s) {
  if (s.batch < 1 || s.m < 1 || s.n < 1 || s.k < 1)
    return "batch, m, n and k must be positive";
  if (s.batch > INT32_MAX)
    return "batch count above 2^31 - 1";
  if (s.lda < s.k || s.ldb < s.n || s.ldc < s.n)
    return "a leading dimension is smaller than its row (lda >= k, ldb >= n, "
           "ldc >= n)";
  if (s.strideA < 0 || s.strideB < 0 || s.strideC < 0)
    return "negative batch stride";
  if (s.inType != CUDA_R_16BF && s.inType != CUDA_R_16F)
    return "operands must be bf16 or f16";
  if (!elementBytes(s.outType))
    return "the result must be f32, bf16 or f16";
  return "";
}

unsigned alignmentOf(const void *ptr, int64_t batchStrideBytes) {
  uint64_t bits = reinterpret_cast<uintptr_t>(ptr) |
                  static_cast<uint64_t>(batchStrideBytes) | 256u;
  return static_cast<unsigned>(bits & (~bits + 1)); // lowest set bit
}

const char *statusName(cublasStatus_t status) {
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

PlanCache::~PlanCache() {
  for (auto &entry : plans)
    destroy(*entry.second);
  if (ltHandle)
    cublasLtDestroy(ltHandle);
}

cublasLtHandle_t PlanCache::handle(std::string &error) {
  std::lock_guard<std::mutex> lock(mutex);
  if (!ltHandle) {
    cublasStatus_t s = cublasLtCreate(&ltHandle);
    if (s != CUBLAS_STATUS_SUCCESS) {
      ltHandle = nullptr;
      error = std::string("cublasLtCreate: ") + statusName(s);
    }
  }
  return ltHandle;
}

const PlanCache::Plan *PlanCache::plan(const GemmShape &s, unsigned alignA,
                                       unsigned alignB, unsigned alignC,
                                       size_t maxWorkspaceBytes,
                                       std::string &error) {
  error = validate(s);
  if (!error.empty())
    return nullptr;
  if (!handle(error))
    return nullptr;
  Key key(s.batch, s.m, s.n, s.k, s.lda, s.strideA, s.ldb, s.strideB, s.ldc,
          s.strideC, static_cast<int>(s.inType), static_cast<int>(s.outType),
          alignA, alignB, alignC, maxWorkspaceBytes);
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Plan> &cached = plans[key];
  if (cached)
    return cached.get();

  auto fresh = std::make_unique<Plan>();
  Plan &p = *fresh;
  auto failed = [&](const char *what, cublasStatus_t status) {
    error = std::string(what) + ": " + statusName(status);
    destroy(p);
    plans.erase(key);
    return nullptr;
  };
  cublasStatus_t st =
      cublasLtMatmulDescCreate(&p.desc, CUBLAS_COMPUTE_32F, CUDA_R_32F);
  if (st != CUBLAS_STATUS_SUCCESS)
    return failed("cublasLtMatmulDescCreate", st);
  // cuBLASLt's A is our B (k x n row-major), its B our A (m x k).
  if ((st = makeLayout(p.a, s.inType, s.k, s.n, s.ldb, s.batch, s.strideB)) !=
          CUBLAS_STATUS_SUCCESS ||
      (st = makeLayout(p.b, s.inType, s.m, s.k, s.lda, s.batch, s.strideA)) !=
          CUBLAS_STATUS_SUCCESS ||
      (st = makeLayout(p.c, s.outType, s.m, s.n, s.ldc, s.batch, s.strideC)) !=
          CUBLAS_STATUS_SUCCESS)
    return failed("cublasLtMatrixLayoutCreate", st);

  cublasLtMatmulPreference_t preference = nullptr;
  if ((st = cublasLtMatmulPreferenceCreate(&preference)) !=
      CUBLAS_STATUS_SUCCESS)
    return failed("cublasLtMatmulPreferenceCreate", st);
  uint64_t workspace = maxWorkspaceBytes;
  cublasLtMatmulPreferenceSetAttribute(preference,
                                       CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                       &workspace, sizeof(workspace));
  // What the operands really guarantee (cuBLASLt's A, B, C, D).
  const std::pair<cublasLtMatmulPreferenceAttributes_t, uint32_t> alignments[] =
      {{CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, alignB},
       {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES, alignA},
       {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES, alignC},
       {CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES, alignC}};
  for (const auto &[attribute, bytes] : alignments)
    cublasLtMatmulPreferenceSetAttribute(preference, attribute, &bytes,
                                         sizeof(bytes));
  cublasLtMatmulHeuristicResult_t result = {};
  int found = 0;
  st = cublasLtMatmulAlgoGetHeuristic(ltHandle, p.desc, p.a, p.b, p.c, p.c,
                                      preference, 1, &result, &found);
  cublasLtMatmulPreferenceDestroy(preference);
  if (st != CUBLAS_STATUS_SUCCESS)
    return failed("cublasLtMatmulAlgoGetHeuristic", st);
  if (found == 0)
    return failed("cublasLtMatmulAlgoGetHeuristic (no algorithm)",
                  CUBLAS_STATUS_NOT_SUPPORTED);
  p.algo = result.algo;
  p.workspaceBytes = result.workspaceSize;
  cached = std::move(fresh);
  return cached.get();
}

cublasStatus_t PlanCache::run(const Plan &p, const void *a, const void *b,
                              void *c, void *workspace, cudaStream_t stream) {
  float alpha = 1.0f, beta = 0.0f;
  return cublasLtMatmul(ltHandle, p.desc, &alpha, b, p.a, a, p.b, &beta, c, p.c,
                        c, p.c, &p.algo, workspace, p.workspaceBytes, stream);
}

} // namespace cublaslt
} // namespace stl
