//===- DenseRuns.cpp - Copy bandwidth and cuBLAS baselines ----------------===//

#include "BenchContext.h"
#include "DeviceKernels.h"
#include "Reference.h"
#include "Sampling.h"

#include <cstdio>

namespace stl {
namespace bench {

void BenchContext::note(const std::string &text) {
  std::printf("note: %s\n", text.c_str());
  std::fflush(stdout);
  notes.push_back(text);
}

void BenchContext::fail(const std::string &what) {
  ++failures;
  std::printf("FAILED: %s\n", what.c_str());
  std::fflush(stdout);
  notes.push_back("FAILED: " + what);
}

void setTiming(Record &r, const Timing &t) {
  r.ms = t.median;
  r.minMs = t.min;
  r.maxMs = t.max;
  r.reps = t.reps;
  r.requestedReps = t.requestedReps;
  r.l2Flushed = t.l2Flushed;
  if (!t.note.empty())
    r.notes.push_back(t.note);
}

void setThroughput(Record &r, double denseMs) {
  if (!(r.ms > 0))
    return;
  double flops = 2.0 * static_cast<double>(r.M) * r.N * r.K;
  r.tflops = flops / (r.ms * 1e-3) / 1e12;
  if (denseMs > 0)
    r.speedup = denseMs / r.ms;
}

void setBandwidth(BenchContext &ctx, Record &r, double bytes) {
  r.bytes = bytes;
  if (!(r.ms > 0))
    return;
  r.gbps = bytes / (r.ms * 1e-3) / 1e9;
  if (ctx.copyGbps > 0)
    r.copyFraction = r.gbps / ctx.copyGbps;
}

bool makeInputs(BenchContext &ctx, const Shape &shape, ElementType type,
                ShapeInputs &out, std::string &error) {
  out.shape = shape;
  out.type = type;
  size_t es = byteSize(type);
  if (!out.x.allocate(static_cast<size_t>(shape.M * shape.K) * es, "X",
                      error) ||
      !out.w.allocate(static_cast<size_t>(shape.K * shape.N) * es, "W", error))
    return false;
  // Different matrices per shape, the same on every run and GPU.
  uint64_t seed =
      ctx.options.seed * 1000003ull + shape.M * 31 + shape.K * 7 + shape.N;
  cudaError_t e =
      fillNormal(out.x.get(), type, static_cast<size_t>(shape.M * shape.K),
                 seed, ctx.stream);
  if (e == cudaSuccess)
    e = fillNormal(out.w.get(), type, static_cast<size_t>(shape.K * shape.N),
                   seed ^ 0x5DEECE66Dull, ctx.stream);
  if (e == cudaSuccess)
    e = cudaStreamSynchronize(ctx.stream);
  if (e != cudaSuccess) {
    error = std::string("random fill: ") + cudaGetErrorString(e);
    return false;
  }
  return true;
}

void measureCopyBandwidth(BenchContext &ctx) {
  const size_t bytes = 1ull << 30; // far beyond L2: HBM bound
  DeviceBuffer src, dst;
  std::string error;
  if (!src.allocate(bytes, "copy source", error) ||
      !dst.allocate(bytes, "copy destination", error)) {
    ctx.fail("copy bandwidth: " + error);
    return;
  }
  cudaMemsetAsync(src.get(), 1, bytes, ctx.stream);
  Timing t;
  bool ok = timeOnStream(
      ctx.stream, ctx.policy,
      [&](std::string &err) {
        cudaError_t e = cudaMemcpyAsync(dst.get(), src.get(), bytes,
                                        cudaMemcpyDeviceToDevice, ctx.stream);
        if (e != cudaSuccess)
          err = std::string("cudaMemcpyAsync: ") + cudaGetErrorString(e);
        return e == cudaSuccess;
      },
      t, error);
  if (!ok) {
    ctx.fail("copy bandwidth: " + error);
    return;
  }
  Record r;
  r.impl = "cudaMemcpy";
  r.stage = "d2d-copy";
  r.dtype = r.outDtype = "bytes";
  setTiming(r, t);
  double moved = 2.0 * static_cast<double>(bytes); // read + write
  ctx.copyGbps = moved / (r.ms * 1e-3) / 1e9;
  setBandwidth(ctx, r, moved);
  r.notes.push_back("1 GiB device-to-device; bandwidth counts read + write");
  ctx.records.push_back(r);
  std::printf("device-to-device copy: %.0f GB/s (read + write, median of %d)\n",
              ctx.copyGbps, r.reps);
  std::fflush(stdout);
}

double runDense(BenchContext &ctx, ShapeInputs &in, ElementType outType) {
  const Shape &s = in.shape;
  DeviceBuffer y;
  std::string error;
  if (!y.allocate(static_cast<size_t>(s.M * s.N) * byteSize(outType), "Y",
                  error)) {
    ctx.fail("dense " + s.str() + ": " + error);
    return NAN;
  }
  // One sample for both libraries: 4 x 4 blocks (every shape here is a
  // multiple of 4; otherwise single entries).
  int block = (s.M % 4 == 0 && s.N % 4 == 0) ? 4 : 1;
  Sample sample = planSample(s.M, s.K, s.N, block, block,
                             ctx.options.sampleBlocks, ctx.options.seed);
  bool haveReference =
      fetchInputs(sample, in.x.get(), in.w.get(), in.type, error);
  std::vector<double> reference;
  if (haveReference)
    reference = denseReference(sample);
  else
    ctx.fail("dense " + s.str() + " reference: " + error);

  double best = NAN;
  std::vector<size_t> added;
  for (const std::string impl : {"cublas", "cublaslt"}) {
    bool lt = impl == "cublaslt";
    auto enqueue = [&](std::string &err) {
      cublasStatus_t st =
          lt ? ctx.gemm.denseLt(in.x.get(), in.w.get(), y.get(), in.type,
                                outType, s.M, s.K, s.N, ctx.stream)
             : ctx.gemm.dense(in.x.get(), in.w.get(), y.get(), in.type, outType,
                              s.M, s.K, s.N, ctx.stream);
      if (st != CUBLAS_STATUS_SUCCESS)
        err = impl + ": " + cublasStatusName(st);
      return st == CUBLAS_STATUS_SUCCESS;
    };
    Timing t;
    if (!timeOnStream(ctx.stream, ctx.policy, enqueue, t, error)) {
      ctx.fail(impl + " " + s.str() + ": " + error);
      continue;
    }
    Record r;
    r.M = s.M;
    r.K = s.K;
    r.N = s.N;
    r.impl = impl;
    r.stage = "gemm";
    r.dtype = typeName(in.type);
    r.outDtype = typeName(outType);
    setTiming(r, t);
    if (haveReference) {
      std::vector<float> got;
      if (fetchOutput(sample, y.get(), outType, got, error)) {
        r.hasError = true;
        r.errorReference = "X.W (fp64)";
        r.error = compareToReference(reference, got);
      } else {
        ctx.fail(impl + " " + s.str() + " output: " + error);
      }
    }
    if (!(best <= r.ms))
      best = r.ms;
    added.push_back(ctx.records.size());
    ctx.records.push_back(r);
  }
  for (size_t i : added)
    setThroughput(ctx.records[i], best);
  return best;
}

void runBatchedBaseline(BenchContext &ctx, const Shape &shape, ElementType type,
                        const Scheme &scheme, double denseMs) {
  int64_t tilesI = shape.M / scheme.m, tilesJ = shape.K / scheme.k,
          tilesL = shape.N / scheme.n;
  size_t es = byteSize(type);
  DeviceBuffer a, b, p;
  std::string error;
  if (!a.allocate(static_cast<size_t>(scheme.rank * tilesI * tilesJ) * es,
                  "Xhat", error) ||
      !b.allocate(static_cast<size_t>(scheme.rank * tilesJ * tilesL) * es,
                  "What", error) ||
      !p.allocate(static_cast<size_t>(scheme.rank * tilesI * tilesL) * 4, "P",
                  error)) {
    ctx.fail("cublas-batched " + shape.str() + ": " + error);
    return;
  }
  fillNormal(a.get(), type, a.size() / es, ctx.options.seed + 11, ctx.stream);
  fillNormal(b.get(), type, b.size() / es, ctx.options.seed + 13, ctx.stream);
  Timing t;
  bool ok = timeOnStream(
      ctx.stream, ctx.policy,
      [&](std::string &err) {
        cublasStatus_t st =
            ctx.gemm.batched(a.get(), b.get(), p.as<float>(), type, scheme.rank,
                             tilesI, tilesJ, tilesL, ctx.stream);
        if (st != CUBLAS_STATUS_SUCCESS)
          err = std::string("cublasGemmStridedBatchedEx: ") +
                cublasStatusName(st);
        return st == CUBLAS_STATUS_SUCCESS;
      },
      t, error);
  if (!ok) {
    ctx.fail("cublas-batched " + shape.str() + " " + scheme.name + ": " +
             error);
    return;
  }
  Record r;
  r.M = shape.M;
  r.K = shape.K;
  r.N = shape.N;
  r.impl = "cublas-batched";
  r.scheme = scheme.name;
  r.m = scheme.m;
  r.k = scheme.k;
  r.n = scheme.n;
  r.rank = scheme.rank;
  r.exactScheme = checkBrent(scheme).exact;
  r.stage = "hadamard";
  r.dtype = typeName(type);
  r.outDtype = "f32";
  setTiming(r, t);
  setThroughput(r, denseMs);
  double innerFlops =
      2.0 * scheme.rank * static_cast<double>(tilesI) * tilesJ * tilesL;
  char text[160];
  std::snprintf(text, sizeof(text),
                "batch %lld of %lldx%lldx%lld at %.0f TFLOP/s; speedup = "
                "ceiling of a perfectly fused STL",
                static_cast<long long>(scheme.rank),
                static_cast<long long>(tilesI), static_cast<long long>(tilesJ),
                static_cast<long long>(tilesL),
                innerFlops / (r.ms * 1e-3) / 1e12);
  r.notes.push_back(text);
  ctx.records.push_back(r);
}

} // namespace bench
} // namespace stl
