//===- CublasBackendTest.cpp - stl.hadamard through cuBLASLt --------------===//
//
// Products of small integers are exact in bf16/f16 operands with f32
// accumulation, so the results must equal a host reference exactly: any
// mix-up of row- and column-major, operand order, leading dimensions or batch
// strides shows up as wrong numbers.
//
//===----------------------------------------------------------------------===//

#include "RuntimeTestSupport.h"
#include "stl/Runtime/HalfFloat.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace stl {
namespace test {

namespace {

/// Deterministic small integers in [-3, 3].
float smallInt(int64_t i, int salt) {
  return static_cast<float>(((i * 7 + salt * 13) % 7) - 3);
}

struct Problem {
  int64_t batch, m, n, k;
  int64_t lda, ldb, ldc; // >= k, n, n
  int32_t inType, outType;
};

/// Runs `p` through the raw entry (or the memref entry, rank 4 with the batch
/// split 2 x batch/2) and compares with the host.
void runProblem(const RuntimeApi &api, const Problem &p, bool viaMemref,
                const std::string &label) {
  int64_t strideA = p.m * p.lda, strideB = p.k * p.ldb, strideC = p.m * p.ldc;
  std::vector<float> a(p.batch * strideA, 0.0f), b(p.batch * strideB, 0.0f);
  for (int64_t i = 0; i < static_cast<int64_t>(a.size()); ++i)
    a[i] = smallInt(i, 1);
  for (int64_t i = 0; i < static_cast<int64_t>(b.size()); ++i)
    b[i] = smallInt(i, 2);
  auto encode = [&](const std::vector<float> &v) {
    std::vector<uint16_t> out(v.size());
    for (size_t i = 0; i < v.size(); ++i)
      out[i] =
          p.inType == STL_RUNTIME_BF16 ? floatToBf16(v[i]) : floatToF16(v[i]);
    return out;
  };
  std::vector<uint16_t> a16 = encode(a), b16 = encode(b);
  size_t outBytes = p.outType == STL_RUNTIME_F32 ? 4 : 2;

  void *stream = api.mgpuStreamCreate();
  void *da = api.mgpuMemAlloc(a16.size() * 2, stream, false);
  void *db = api.mgpuMemAlloc(b16.size() * 2, stream, false);
  size_t cBytes = static_cast<size_t>(p.batch * strideC) * outBytes;
  void *dc = api.mgpuMemAlloc(cBytes, stream, false);
  api.mgpuMemcpy(da, a16.data(), a16.size() * 2, stream);
  api.mgpuMemcpy(db, b16.data(), b16.size() * 2, stream);
  api.mgpuMemset32(dc, 0x7fc00000u, cBytes / 4, stream); // NaN: unwritten

  if (viaMemref) {
    int64_t b0 = 2, b1 = p.batch / 2;
    MemRef<4> ma{
        da, da, 0, {b0, b1, p.m, p.k}, {b1 * strideA, strideA, p.lda, 1}};
    MemRef<4> mb{
        db, db, 0, {b0, b1, p.k, p.n}, {b1 * strideB, strideB, p.ldb, 1}};
    MemRef<4> mc{
        dc, dc, 0, {b0, b1, p.m, p.n}, {b1 * strideC, strideC, p.ldc, 1}};
    api.stlRuntimeHadamardCublas(4, ma.raw(), mb.raw(), mc.raw(), p.inType,
                                 p.outType, stream);
  } else {
    int status = api.stlRuntimeBatchedGemm(
        p.batch, p.m, p.n, p.k, da, p.lda, strideA, db, p.ldb, strideB, dc,
        p.ldc, strideC, p.inType, p.outType, stream);
    check(status == 0,
          label + ": stlRuntimeBatchedGemm returned " + std::to_string(status));
  }
  std::vector<char> got(cBytes);
  api.mgpuMemcpy(got.data(), dc, cBytes, stream);
  api.mgpuStreamSynchronize(stream);

  int64_t bad = 0;
  std::string first;
  for (int64_t l = 0; l < p.batch; ++l)
    for (int64_t i = 0; i < p.m; ++i)
      for (int64_t j = 0; j < p.n; ++j) {
        float want = 0.0f;
        for (int64_t q = 0; q < p.k; ++q)
          want +=
              a[l * strideA + i * p.lda + q] * b[l * strideB + q * p.ldb + j];
        int64_t at = l * strideC + i * p.ldc + j;
        float value;
        if (p.outType == STL_RUNTIME_F32) {
          std::memcpy(&value, got.data() + at * 4, 4);
        } else {
          uint16_t h;
          std::memcpy(&h, got.data() + at * 2, 2);
          value =
              p.outType == STL_RUNTIME_BF16 ? bf16ToFloat(h) : f16ToFloat(h);
        }
        if (value != want && bad++ == 0)
          first = "C[" + std::to_string(l) + "][" + std::to_string(i) + "][" +
                  std::to_string(j) + "] = " + std::to_string(value) +
                  ", want " + std::to_string(want);
      }
  check(bad == 0,
        label + ": " + std::to_string(bad) + " wrong results; " + first);
  api.mgpuMemFree(da, stream);
  api.mgpuMemFree(db, stream);
  api.mgpuMemFree(dc, stream);
  api.mgpuStreamSynchronize(stream);
  api.mgpuStreamDestroy(stream);
}

} // namespace

void testCublasBackend(const RuntimeApi &api) {
  // Rectangular, distinct m, n, k so that any transposition is caught.
  runProblem(api,
             {3, 64, 80, 48, 48, 80, 80, STL_RUNTIME_BF16, STL_RUNTIME_F32},
             false, "bf16 -> f32, 3 x 64x48x80");
  runProblem(api, {5, 40, 24, 72, 72, 24, 24, STL_RUNTIME_F16, STL_RUNTIME_F32},
             false, "f16 -> f32, 5 x 40x72x24");
  // Padded rows (leading dimensions above the row length); bf16 result
  // (|values| <= 72 * 9, exact in bf16 only if small: keep k small).
  runProblem(api,
             {2, 32, 16, 8, 24, 32, 40, STL_RUNTIME_BF16, STL_RUNTIME_BF16},
             false, "bf16 -> bf16 with lda/ldb/ldc padding, 2 x 32x8x16");
  // The second call with the same shape takes the cached plan.
  runProblem(api,
             {3, 64, 80, 48, 48, 80, 80, STL_RUNTIME_BF16, STL_RUNTIME_F32},
             false, "bf16 -> f32 again (cached plan)");
  // Memref entry, rank 4: batch dimensions 2 x 3 collapse into 6.
  runProblem(api,
             {6, 48, 32, 64, 64, 32, 32, STL_RUNTIME_BF16, STL_RUNTIME_F32},
             true, "memref entry, rank 4, 2x3 x 48x64x32");
}

void testCublasBackendValidation(const RuntimeApi &api) {
  // Rejected before any driver or cuBLAS call: works without a GPU.
  int dummy = 0;
  check(api.stlRuntimeBatchedGemm(1, 4, 4, 8, &dummy, 4, 32, &dummy, 4, 32,
                                  &dummy, 4, 16, STL_RUNTIME_BF16,
                                  STL_RUNTIME_F32, nullptr) != 0,
        "stlRuntimeBatchedGemm accepted lda (4) < k (8)");
  check(api.stlRuntimeBatchedGemm(1, 4, 4, 4, &dummy, 4, 16, &dummy, 4, 16,
                                  &dummy, 4, 16, STL_RUNTIME_F32,
                                  STL_RUNTIME_F32, nullptr) != 0,
        "stlRuntimeBatchedGemm accepted f32 operands");
  check(api.stlRuntimeBatchedGemm(1, 4, 4, 4, &dummy, 4, 16, &dummy, 4, 16,
                                  &dummy, 4, 16, 7, STL_RUNTIME_F32,
                                  nullptr) != 0,
        "stlRuntimeBatchedGemm accepted an unknown type code");
}

} // namespace test
} // namespace stl
