//===- CublasLtGemm.h - Cached cuBLASLt plans for row-major GEMMs -*- C++ -*-=//
//
// One implementation of "row-major C[b] = A[b] . B[b] with cuBLASLt", shared
// by libstl_runtime (the hadamard-backend=cublas entry points) and stl-bench
// (its dense cuBLASLt baseline), so that a library baseline and the library
// backend of generated code are the same code.
//
// cuBLASLt is column-major. A row-major m x n matrix with row stride ld is
// the column-major n x m matrix with leading dimension ld, so
//   C = A . B (row-major)  <=>  C^T = B^T . A^T (column-major)
// and every plan passes B as cuBLASLt's "A" operand and A as its "B".
//
// Plans (descriptors, layouts and the heuristic's first algorithm) are cached
// per shape, strides, types and operand alignment; the handle is created once.
// Needs the CUDA headers and libcublasLt only (no cudart, no driver API).
//
//===----------------------------------------------------------------------===//

#ifndef STL_RUNTIME_LIB_CUBLASLTGEMM_H
#define STL_RUNTIME_LIB_CUBLASLTGEMM_H

#include <cublasLt.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace stl {
namespace cublaslt {

/// A row-major strided-batched product C[b] = A[b] . B[b], b < batch, with
/// A[b] m x k, B[b] k x n, C[b] m x n; leading dimensions (row strides) and
/// batch strides in elements. Accumulation and scaling in f32.
struct GemmShape {
  int64_t batch = 1, m = 0, n = 0, k = 0;
  int64_t lda = 0, strideA = 0;
  int64_t ldb = 0, strideB = 0;
  int64_t ldc = 0, strideC = 0;
  cudaDataType_t inType = CUDA_R_16BF; // A and B
  cudaDataType_t outType = CUDA_R_32F; // C
};

/// "" if `shape` is well-formed (positive sizes, ld >= row length,
/// supported types), else why not.
std::string validate(const GemmShape &shape);

/// Largest power of two (<= 256) dividing the address and, for batched
/// operands, the batch stride in bytes: what cuBLASLt's algorithms may assume.
unsigned alignmentOf(const void *ptr, int64_t batchStrideBytes);

const char *statusName(cublasStatus_t status);

class PlanCache {
public:
  /// A cached plan; valid as long as the cache.
  struct Plan {
    cublasLtMatmulDesc_t desc = nullptr;
    cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
    cublasLtMatmulAlgo_t algo = {};
    size_t workspaceBytes = 0; // what the chosen algorithm needs
  };

  PlanCache() = default;
  PlanCache(const PlanCache &) = delete;
  PlanCache &operator=(const PlanCache &) = delete;
  ~PlanCache();

  /// The plan for `shape` with operands of the given alignments, allowing at
  /// most `maxWorkspaceBytes` of workspace; created (handle, descriptors,
  /// heuristic query) on first use. Thread-safe. On failure returns null
  /// with the reason in `error`.
  const Plan *plan(const GemmShape &shape, unsigned alignA, unsigned alignB,
                   unsigned alignC, size_t maxWorkspaceBytes,
                   std::string &error);

  /// Enqueues C = A . B on `stream` with `plan` (workspace of at least
  /// plan.workspaceBytes, may be null when that is 0).
  cublasStatus_t run(const Plan &plan, const void *a, const void *b, void *c,
                     void *workspace, cudaStream_t stream);

  /// The handle, created on first use (null with `error` on failure).
  cublasLtHandle_t handle(std::string &error);

private:
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                         int64_t, int64_t, int64_t, int64_t, int, int, unsigned,
                         unsigned, unsigned, size_t>;
  std::mutex mutex;
  cublasLtHandle_t ltHandle = nullptr;
  std::map<Key, std::unique_ptr<Plan>> plans;
};

} // namespace cublaslt
} // namespace stl

#endif // STL_RUNTIME_LIB_CUBLASLTGEMM_H
