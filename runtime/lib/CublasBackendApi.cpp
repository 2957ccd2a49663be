//===- CublasBackendApi.cpp - stl.hadamard through cuBLASLt ---------------===//
//
// The runtime side of `hadamard-backend=cublas`: the batched product of an
// STL computation as one cuBLASLt strided-batched GEMM on the caller's stream,
// with the handle and the heuristic's choice cached per shape. The cuBLASLt
// workspace comes from the stream-ordered pool (allocated and freed on the
// same stream around the GEMM), so concurrent calls on different streams
// never share one and a captured call turns it into graph memory nodes.
// ABI: docs/GPU.md, "Library backend of stl.hadamard".
//
//===----------------------------------------------------------------------===//

#include "CublasLtGemm.h"
#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <cstdio>
#include <string>

using namespace stl::runtime;
namespace lt = stl::cublaslt;

namespace {

/// Upper bound of the workspace an algorithm may ask for; cuBLASLt's
/// guidance for Hopper is 32 MiB.
constexpr size_t kMaxWorkspaceBytes = 32ull << 20;

lt::PlanCache &planCache() {
  // Never destroyed: cuBLASLt must not be torn down after the driver at exit.
  static lt::PlanCache *cache = new lt::PlanCache();
  return *cache;
}

bool toCudaType(int32_t type, cudaDataType_t &out) {
  switch (type) {
  case STL_RUNTIME_F32:
    out = CUDA_R_32F;
    return true;
  case STL_RUNTIME_F16:
    out = CUDA_R_16F;
    return true;
  case STL_RUNTIME_BF16:
    out = CUDA_R_16BF;
    return true;
  default:
    return false;
  }
}

size_t typeBytes(int32_t type) { return type == STL_RUNTIME_F32 ? 4 : 2; }

/// Runs the product; "" on success, else the reason.
std::string runBatchedGemm(const lt::GemmShape &shape, const void *a,
                           const void *b, void *c, CUstream stream) {
  std::string why;
  if (!tryActivateContext(why))
    return "no usable CUDA context: " + why;
  size_t inBytes = shape.inType == CUDA_R_32F ? 4 : 2;
  size_t outBytes = shape.outType == CUDA_R_32F ? 4 : 2;
  unsigned alignA = lt::alignmentOf(a, shape.strideA * inBytes);
  unsigned alignB = lt::alignmentOf(b, shape.strideB * inBytes);
  unsigned alignC = lt::alignmentOf(c, shape.strideC * outBytes);
  const lt::PlanCache::Plan *plan =
      planCache().plan(shape, alignA, alignB, alignC, kMaxWorkspaceBytes, why);
  if (!plan)
    return why;
  // Under a stream override (benchmarking, graph capture) the product goes
  // where the rest of the generated code goes.
  if (CUstream redirected = streamOverride())
    stream = redirected;
  CUdeviceptr workspace = 0;
  if (plan->workspaceBytes) {
    if (!stream)
      return "a cuBLASLt algorithm needing a workspace was chosen but no "
             "stream was given to order it on";
    workspace = poolAllocate(plan->workspaceBytes, stream);
  }
  cublasStatus_t status =
      planCache().run(*plan, a, b, c, reinterpret_cast<void *>(workspace),
                      static_cast<cudaStream_t>(stream));
  if (workspace)
    poolRelease(workspace, stream);
  if (status != CUBLAS_STATUS_SUCCESS)
    return std::string("cublasLtMatmul: ") + lt::statusName(status);
  if (debugEnabled())
    std::fprintf(stderr,
                 "stl-runtime: cuBLASLt batched GEMM %lld x (%lldx%lldx%lld), "
                 "workspace %zu bytes, stream %p\n",
                 (long long)shape.batch, (long long)shape.m, (long long)shape.k,
                 (long long)shape.n, plan->workspaceBytes,
                 static_cast<void *>(stream));
  return "";
}

/// Reads a rank-R memref as `batch` row-major matrices: the leading R-2
/// dimensions must collapse into one (contiguous among themselves), the
/// innermost stride must be 1.
bool viewAsBatch(const char *name, int64_t rank, const StlMemRefDescriptor *d,
                 int64_t elementBytes, int64_t &batch, int64_t &rows,
                 int64_t &cols, int64_t &ld, int64_t &batchStride,
                 const void *&data, std::string &why) {
  const int64_t *sizes = d->sizesAndStrides;
  const int64_t *strides = sizes + rank;
  if (strides[rank - 1] != 1) {
    why = std::string(name) + ": innermost stride " +
          std::to_string(strides[rank - 1]) + " (must be 1)";
    return false;
  }
  batch = 1;
  for (int64_t i = 0; i + 2 < rank; ++i) {
    batch *= sizes[i];
    if (i + 3 < rank && sizes[i + 1] != 1 &&
        strides[i] != strides[i + 1] * sizes[i + 1]) {
      why = std::string(name) + ": batch dimensions " + std::to_string(i) +
            " and " + std::to_string(i + 1) + " do not collapse";
      return false;
    }
  }
  rows = sizes[rank - 2];
  cols = sizes[rank - 1];
  ld = strides[rank - 2];
  batchStride = strides[rank - 3];
  data = static_cast<const char *>(d->aligned) + d->offset * elementBytes;
  return true;
}

} // namespace

extern "C" {

int stlRuntimeBatchedGemm(int64_t batch, int64_t m, int64_t n, int64_t k,
                          const void *a, int64_t lda, int64_t strideA,
                          const void *b, int64_t ldb, int64_t strideB, void *c,
                          int64_t ldc, int64_t strideC, int32_t inType,
                          int32_t outType, void *stream) {
  lt::GemmShape shape{batch, m, n, k, lda, strideA, ldb, strideB, ldc, strideC};
  std::string why;
  if (!toCudaType(inType, shape.inType) || !toCudaType(outType, shape.outType))
    why = "unknown element type code";
  else if (!a || !b || !c)
    why = "null operand";
  else
    why = lt::validate(shape);
  if (why.empty())
    why = runBatchedGemm(shape, a, b, c, static_cast<CUstream>(stream));
  if (why.empty())
    return 0;
  std::fprintf(stderr,
               "stl-runtime: error: batched GEMM %lld x (%lldx%lldx%lld), lda "
               "%lld ldb %lld ldc %lld, strides %lld %lld %lld, types %d -> "
               "%d: %s\n",
               (long long)batch, (long long)m, (long long)k, (long long)n,
               (long long)lda, (long long)ldb, (long long)ldc,
               (long long)strideA, (long long)strideB, (long long)strideC,
               inType, outType, why.c_str());
  return 1;
}

void stlRuntimeHadamardCublas(int64_t rank, StlMemRefDescriptor *lhs,
                              StlMemRefDescriptor *rhs,
                              StlMemRefDescriptor *result, int32_t inType,
                              int32_t outType, void *stream) {
  if (rank < 3)
    fatal("stlRuntimeHadamardCublas: memrefs of rank " + std::to_string(rank) +
          " (must be >= 3: batch..., rows, columns)");
  if ((inType != STL_RUNTIME_BF16 && inType != STL_RUNTIME_F16) ||
      (outType != STL_RUNTIME_F32 && outType != STL_RUNTIME_BF16 &&
       outType != STL_RUNTIME_F16))
    fatal("stlRuntimeHadamardCublas: element types " + std::to_string(inType) +
          " -> " + std::to_string(outType) +
          " (operands bf16/f16, result f32/bf16/f16)");
  int64_t inBytes = static_cast<int64_t>(typeBytes(inType));
  int64_t outBytes = static_cast<int64_t>(typeBytes(outType));
  int64_t batchA, m, k, lda, strideA, batchB, kB, n, ldb, strideB, batchC, mC,
      nC, ldc, strideC;
  const void *a, *b, *cConst;
  std::string why;
  if (!viewAsBatch("lhs", rank, lhs, inBytes, batchA, m, k, lda, strideA, a,
                   why) ||
      !viewAsBatch("rhs", rank, rhs, inBytes, batchB, kB, n, ldb, strideB, b,
                   why) ||
      !viewAsBatch("result", rank, result, outBytes, batchC, mC, nC, ldc,
                   strideC, cConst, why))
    fatal("stlRuntimeHadamardCublas: " + why);
  if (batchA != batchB || batchA != batchC || kB != k || mC != m || nC != n)
    fatal("stlRuntimeHadamardCublas: shapes do not match: lhs " +
          std::to_string(batchA) + " x " + std::to_string(m) + "x" +
          std::to_string(k) + ", rhs " + std::to_string(batchB) + " x " +
          std::to_string(kB) + "x" + std::to_string(n) + ", result " +
          std::to_string(batchC) + " x " + std::to_string(mC) + "x" +
          std::to_string(nC));
  if (batchA == 0 || m == 0 || n == 0)
    return;
  if (k == 0)
    fatal("stlRuntimeHadamardCublas: empty inner dimension");
  if (stlRuntimeBatchedGemm(batchA, m, n, k, a, lda, strideA, b, ldb, strideB,
                            const_cast<void *>(cConst), ldc, strideC, inType,
                            outType, stream) != 0)
    fatal("stlRuntimeHadamardCublas: the cuBLASLt product failed (see above)");
}

} // extern "C"
