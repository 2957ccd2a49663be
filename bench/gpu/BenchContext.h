//===- BenchContext.h - State shared by stl-bench's measurements -*- C++
//-*-===//

#ifndef STL_BENCH_BENCHCONTEXT_H
#define STL_BENCH_BENCHCONTEXT_H

#include "CudaHandles.h"
#include "DeviceBuffer.h"
#include "ElementType.h"
#include "Gemm.h"
#include "Manifest.h"
#include "Options.h"
#include "Report.h"
#include "Timing.h"
#include "stl/SchemeCore/SchemeCore.h"

#include <cuda_runtime.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace stl {
namespace bench {

using core::checkBrent;
using core::Scheme;

struct BenchContext {
  Options options;
  TimingPolicy policy;
  /// Written between timed samples unless --no-l2-flush (policy.l2Flush
  /// points here when enabled).
  L2Flush l2Flush;
  /// The stream everything is timed on; `stream` is ownedStream.get().
  CudaStream ownedStream;
  cudaStream_t stream = nullptr;
  GemmRunner gemm;
  /// Device-to-device cudaMemcpy bandwidth, GB/s (bytes read + written).
  double copyGbps = NAN;
  std::vector<Record> records;
  std::vector<std::string> notes; // run-level notes for the JSON
  /// Rewrites the JSON output (after each shape, so a killed run keeps what
  /// it measured).
  std::function<void()> flush;
  int failures = 0;

  void note(const std::string &text);
  /// Records a failed measurement: counted, printed, kept as a note.
  void fail(const std::string &what);
};

/// X[M,K] and W[K,N] of one shape, N(0,1) entries.
struct ShapeInputs {
  Shape shape;
  ElementType type = ElementType::BF16;
  DeviceBuffer x, w;
};

bool makeInputs(BenchContext &ctx, const Shape &shape, ElementType type,
                ShapeInputs &out, std::string &error);

/// Measures the D2D copy bandwidth into ctx.copyGbps (and a record).
void measureCopyBandwidth(BenchContext &ctx);

/// cuBLAS and cuBLASLt dense GEMM; returns the faster median in ms (NaN if
/// both failed), the baseline of every speedup at this shape.
double runDense(BenchContext &ctx, ShapeInputs &in, ElementType outType);

/// cuBLAS strided-batched GEMM at the STL inner shape of `s` (batch rank,
/// (M/m) x (K/k) x (N/n), f32 output), on random data.
void runBatchedBaseline(BenchContext &ctx, const Shape &shape, ElementType type,
                        const Scheme &s, double denseMs);

/// The hand-written reference STL: encode -> cuBLAS batched -> decode.
void runStlRef(BenchContext &ctx, ShapeInputs &in, const Scheme &s,
               double denseMs);

/// One manifest case: the kernels compiled by stl-opt.
void runGenerated(BenchContext &ctx, const ManifestCase &c,
                  const std::string &libraryPath);

/// Fills the derived columns of an end-to-end record.
void setThroughput(Record &r, double denseMs);
/// Fills the bandwidth columns of a memory-bound stage.
void setBandwidth(BenchContext &ctx, Record &r, double bytes);
void setTiming(Record &r, const Timing &t);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_BENCHCONTEXT_H
