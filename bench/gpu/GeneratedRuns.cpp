//===- GeneratedRuns.cpp - Time the kernels compiled by stl-opt -----------===//
//
// Generated host code synchronizes its own streams, so timing it with events
// on a bench stream would measure host overhead. When the library links
// libstl_runtime with stlRuntimeSetStreamOverride, its streams are redirected
// to the bench stream with deferred synchronization and CUDA events give the
// GPU time ("cuda-events"); the wall clock of a normal, synchronizing call is
// reported beside it (host_ms). Without the override only the wall clock is
// available ("host-wall-clock").
//
//===----------------------------------------------------------------------===//

#include "BenchContext.h"
#include "DeviceKernels.h"
#include "GeneratedLibrary.h"
#include "RefCoefficients.h"
#include "Reference.h"
#include "Sampling.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

namespace stl {
namespace bench {

namespace {

struct CaseBuffers {
  DeviceBuffer xhat, what, p, y;
  MemRefDescriptor<2> x, w, yd;
  MemRefDescriptor<3> xhatd, whatd, pd;
};

bool allocate(const ManifestCase &c, ShapeInputs &in, CaseBuffers &b,
              std::string &error) {
  int64_t tilesI = c.M / c.m, tilesJ = c.K / c.k, tilesL = c.N / c.n;
  size_t es = byteSize(c.dtype);
  if (!b.xhat.allocate(static_cast<size_t>(c.rank * tilesI * tilesJ) * es,
                       "Xhat", error) ||
      !b.what.allocate(static_cast<size_t>(c.rank * tilesJ * tilesL) * es,
                       "What", error) ||
      !b.p.allocate(static_cast<size_t>(c.rank * tilesI * tilesL) *
                        byteSize(c.hadamardDtype),
                    "P", error) ||
      !b.y.allocate(static_cast<size_t>(c.M * c.N) * byteSize(c.outDtype), "Y",
                    error))
    return false;
  b.x = rowMajor<2>(in.x.get(), {c.M, c.K});
  b.w = rowMajor<2>(in.w.get(), {c.K, c.N});
  b.yd = rowMajor<2>(b.y.get(), {c.M, c.N});
  b.xhatd = rowMajor<3>(b.xhat.get(), {c.rank, tilesI, tilesJ});
  b.whatd = rowMajor<3>(b.what.get(), {c.rank, tilesJ, tilesL});
  b.pd = rowMajor<3>(b.p.get(), {c.rank, tilesI, tilesL});
  return true;
}

Record caseRecord(const ManifestCase &c, const char *stage, bool exact) {
  Record r;
  r.M = c.M;
  r.K = c.K;
  r.N = c.N;
  r.impl = "stl-gen";
  r.caseName = c.name;
  r.scheme = c.scheme;
  r.m = c.m;
  r.k = c.k;
  r.n = c.n;
  r.rank = c.rank;
  r.exactScheme = exact;
  r.stage = stage;
  r.dtype = typeName(c.dtype);
  r.outDtype = typeName(c.outDtype);
  return r;
}

/// libstl_runtime's element type codes (StlRuntime.h).
int32_t runtimeType(ElementType t) {
  switch (t) {
  case ElementType::F32:
    return 0;
  case ElementType::F16:
    return 1;
  case ElementType::BF16:
    return 2;
  }
  return -1;
}

/// Host microseconds per call of `call`, issued `count` times back to back
/// (the caller makes sure nothing waits inside).
template <typename Fn> double hostMicrosPerCall(int count, Fn call) {
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i)
    call();
  auto t1 = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::micro>(t1 - t0).count() / count;
}

/// Calls issued per host-time measurement: few enough that the GPU's launch
/// queue never fills (which would make the host wait for the GPU).
constexpr int kEnqueueCalls = 10;

/// Compares the first entries of two device buffers of f32 products (at
/// most 4 Mi of them): the generated hadamard against its library twin.
bool compareProducts(const void *got, const void *want, size_t count,
                     ErrorStats &out, std::string &error) {
  count = std::min<size_t>(count, 4u << 20);
  std::vector<float> g(count), w(count);
  cudaError_t e = cudaMemcpy(g.data(), got, count * 4, cudaMemcpyDeviceToHost);
  if (e == cudaSuccess)
    e = cudaMemcpy(w.data(), want, count * 4, cudaMemcpyDeviceToHost);
  if (e != cudaSuccess) {
    error = std::string("copying products: ") + cudaGetErrorString(e);
    return false;
  }
  out = compareToReference(std::vector<double>(w.begin(), w.end()), g);
  return true;
}

bool syncOk(std::string &err) {
  cudaError_t e = cudaDeviceSynchronize();
  if (e != cudaSuccess)
    err = std::string("after generated code: ") + cudaGetErrorString(e);
  return e == cudaSuccess;
}

} // namespace

void runGenerated(BenchContext &ctx, const ManifestCase &c,
                  const std::string &libraryPath) {
  std::string label = "stl-gen " + c.name;
  std::printf("case %s: %lldx%lldx%lld %s <%d,%d,%d> rank %d (%s)\n",
              c.name.c_str(), static_cast<long long>(c.M),
              static_cast<long long>(c.K), static_cast<long long>(c.N),
              c.scheme.c_str(), c.m, c.k, c.n, c.rank, libraryPath.c_str());
  std::fflush(stdout);

  // The scheme gives the reference of an approximate scheme and lets
  // stl-ref encode W when the case has no encode_rhs.
  Scheme scheme;
  bool haveScheme = false;
  std::string error;
  if (!c.schemeFile.empty()) {
    core::SchemeOrError parsed = core::readSchemeFile(c.schemeFile);
    haveScheme = parsed.ok();
    if (!haveScheme)
      ctx.note(label + ": " + parsed.error);
    else
      scheme = std::move(parsed.scheme);
    if (haveScheme && (scheme.m != c.m || scheme.k != c.k || scheme.n != c.n ||
                       scheme.rank != c.rank)) {
      ctx.note(label + ": scheme file does not match the case's tile/rank");
      haveScheme = false;
    }
  }
  bool exact = haveScheme && checkBrent(scheme).exact;

  ShapeInputs in;
  Shape shape{c.M, c.K, c.N};
  if (!makeInputs(ctx, shape, c.dtype, in, error)) {
    ctx.fail(label + ": " + error);
    return;
  }
  double denseMs = runDense(ctx, in, c.outDtype);
  if (haveScheme)
    runBatchedBaseline(ctx, shape, c.dtype, scheme, denseMs);

  CaseBuffers b;
  if (!allocate(c, in, b, error)) {
    ctx.fail(label + ": " + error);
    return;
  }
  GeneratedLibrary lib;
  if (!lib.open(libraryPath, error)) {
    ctx.fail(label + ": " + error);
    return;
  }
  auto resolve = [&](const std::string &name, const char *stage) -> void * {
    if (name.empty()) {
      ctx.note(label + ": no " + stage + " in the manifest; skipped");
      return nullptr;
    }
    std::string why;
    void *p = lib.symbol(name, why);
    if (!p)
      ctx.fail(label + " " + stage + ": " + why);
    return p;
  };
  auto encodeLhs = reinterpret_cast<GeneratedLibrary::Fn2>(
      resolve(c.symbols.encodeLhs, "encode_lhs"));
  auto encodeRhs = reinterpret_cast<GeneratedLibrary::Fn2>(
      resolve(c.symbols.encodeRhs, "encode_rhs"));
  auto hadamard = reinterpret_cast<GeneratedLibrary::Fn3>(
      resolve(c.symbols.hadamard, "hadamard"));
  auto decodeFn = reinterpret_cast<GeneratedLibrary::Fn2>(
      resolve(c.symbols.decode, "decode"));
  auto matmul = reinterpret_cast<GeneratedLibrary::Fn3>(
      resolve(c.symbols.matmul, "matmul"));

  // What: from the case's encoder, else from stl-ref's.
  bool haveWhat = false;
  std::string whatSource;
  if (encodeRhs) {
    encodeRhs(&b.w, &b.whatd);
    haveWhat = syncOk(error);
    whatSource = "stl-gen encode_rhs";
    if (!haveWhat)
      ctx.fail(label + " encode_rhs: " + error);
  } else if (haveScheme && fitsReferenceKernels(scheme, error)) {
    DeviceScheme ds;
    haveWhat = uploadScheme(scheme, ds, error) &&
               cudaCheck(stl::bench::encodeRhs(ds, in.w.get(), b.what.get(),
                                               c.dtype, c.K, c.N, ctx.stream),
                         "encode", error) &&
               cudaCheck(cudaStreamSynchronize(ctx.stream),
                         "cudaStreamSynchronize", error);
    whatSource = "stl-ref encoder (the case has no encode_rhs)";
    if (!haveWhat)
      ctx.fail(label + " stl-ref encode_rhs: " + error);
  }

  Sample sample = planSample(c.M, c.K, c.N, c.m, c.n, ctx.options.sampleBlocks,
                             ctx.options.seed);
  std::vector<double> matmulRef, stlRef;
  if (fetchInputs(sample, in.x.get(), in.w.get(), c.dtype, error)) {
    matmulRef = denseReference(sample);
    if (haveScheme && !exact)
      stlRef = stlReference(sample, scheme);
  } else {
    ctx.fail(label + " reference: " + error);
  }
  // Compares Y with the scheme's reference (and X.W for approximate ones).
  auto checkOutput = [&](Record &r) {
    if (matmulRef.empty())
      return;
    std::vector<float> got;
    std::string err;
    if (!fetchOutput(sample, b.y.get(), c.outDtype, got, err)) {
      ctx.fail(label + " output: " + err);
      return;
    }
    r.hasError = true;
    if (!stlRef.empty()) {
      r.errorReference = "STL operator (fp64)";
      r.error = compareToReference(stlRef, got);
      r.hasErrorVsMatmul = true;
      r.errorVsMatmul = compareToReference(matmulRef, got);
    } else {
      r.errorReference = "X.W (fp64)";
      r.error = compareToReference(matmulRef, got);
      if (!haveScheme)
        r.notes.push_back("no scheme file: error against X.W");
    }
  };

  const bool events = lib.hasStreamOverride();
  if (!events)
    ctx.note(label + ": library has no stlRuntimeSetStreamOverride; timing "
                     "with the host wall clock");
  const GeneratedLibrary::RuntimeApi &rt = lib.runtime();
  // Captures `call` into a CUDA graph and times its replays on the bench
  // stream; an end-to-end stage's output after the replays is checked again.
  auto measureGraph = [&](Record &r, const std::function<void()> &call,
                          bool endToEnd) {
    char reason[512] = {0};
    // Destroyed on every path out of here.
    std::unique_ptr<void, void (*)(void *)> owned(
        rt.graphCapture(
            [](void *fn) {
              (*static_cast<const std::function<void()> *>(fn))();
            },
            const_cast<std::function<void()> *>(&call), ctx.stream, reason,
            sizeof(reason)),
        rt.graphDestroy);
    void *graph = owned.get();
    if (!graph) {
      r.notes.push_back(std::string("graph capture failed: ") + reason);
      return;
    }
    Timing replay;
    std::string err;
    bool ok = timeOnStream(
        ctx.stream, ctx.policy,
        [&](std::string &e) {
          if (rt.graphLaunch(graph, ctx.stream) == 0)
            return true;
          e = "stlRuntimeGraphLaunch failed";
          return false;
        },
        replay, err);
    double launchUs = NAN;
    if (ok)
      launchUs = hostMicrosPerCall(kEnqueueCalls,
                                   [&] { rt.graphLaunch(graph, ctx.stream); });
    ok = ok && syncOk(err);
    if (ok) {
      r.graphMs = replay.median;
      r.graphEnqueueUs = launchUs;
      r.graphNodes = static_cast<int>(rt.graphNodeCount(graph));
      if (endToEnd && r.hasError) {
        Record again = r;
        checkOutput(again);
        if (again.error.relativeFrobenius != r.error.relativeFrobenius)
          r.notes.push_back("output after graph replays differs: rel.err " +
                            formatSci(again.error.relativeFrobenius));
      }
    } else {
      ctx.fail(label + " " + r.stage + " graph: " + err);
    }
  };
  if (ctx.options.graph && !(events && rt.hasGraphs()))
    ctx.note(label + ": --graph needs libstl_runtime's graph and stream "
                     "override entry points; not measured");
  // Times `call` on the GPU (events, redirected streams) and on the host:
  // the wall clock of a normal (synchronizing) call, the host time to issue
  // a call when nothing waits, and with --graph the call replayed as a CUDA
  // graph. `extra` completes the record.
  auto measure = [&](const char *stage, const std::function<void()> &call,
                     double bytes, bool endToEnd,
                     const std::function<void(Record &)> &extra = nullptr) {
    auto once = [&](std::string &err) {
      call();
      return true;
    };
    Timing gpu, host;
    std::string err;
    bool ok;
    double enqueueUs = NAN;
    if (events) {
      lib.setStreamOverride(ctx.stream, true);
      ok = timeOnStream(ctx.stream, ctx.policy, once, gpu, err);
      if (ok)
        enqueueUs = hostMicrosPerCall(kEnqueueCalls, call);
      lib.setStreamOverride(nullptr, false);
      ok = ok && syncOk(err);
    } else {
      ok = timeOnHost(ctx.policy, once, gpu, err);
    }
    if (!ok) {
      ctx.fail(label + " " + stage + ": " + err);
      return;
    }
    TimingPolicy hostPolicy = ctx.policy;
    hostPolicy.reps = 5;
    hostPolicy.warmup = 1;
    bool hostOk = events && timeOnHost(hostPolicy, once, host, err);
    Record r = caseRecord(c, stage, exact);
    r.timing = events ? "cuda-events" : "host-wall-clock";
    setTiming(r, gpu);
    if (hostOk) {
      r.hostMs = host.median;
      r.overheadUs = (host.median - gpu.median) * 1e3;
    }
    // The same normal call with upstream's allocation (cuMemAlloc/cuMemFree
    // per call, the free waiting for the device): what the pool saves.
    Timing unpooled;
    if (hostOk && rt.setPoolAllocation) {
      rt.setPoolAllocation(0);
      if (timeOnHost(hostPolicy, once, unpooled, err))
        r.hostMsUnpooled = unpooled.median;
      rt.setPoolAllocation(1);
    }
    r.enqueueUs = enqueueUs;
    if (std::isfinite(bytes))
      setBandwidth(ctx, r, bytes);
    if (endToEnd) {
      setThroughput(r, denseMs);
      checkOutput(r);
    }
    if (ctx.options.graph && events && rt.hasGraphs())
      measureGraph(r, call, endToEnd);
    if (std::string(stage) == "encode_rhs")
      r.notes.push_back("offline (weights); not part of total");
    if (endToEnd && whatSource.find("stl-ref") != std::string::npos)
      r.notes.push_back("What from " + whatSource);
    if (extra)
      extra(r);
    ctx.records.push_back(r);
  };

  size_t es = byteSize(c.dtype);
  int64_t tilesI = c.M / c.m, tilesL = c.N / c.n;
  double lhsBytes = static_cast<double>(c.M) * c.K * es *
                    (1.0 + static_cast<double>(c.rank) / (c.m * c.k));
  double rhsBytes = static_cast<double>(c.K) * c.N * es *
                    (1.0 + static_cast<double>(c.rank) / (c.k * c.n));
  double decodeBytes = static_cast<double>(c.rank) * tilesI * tilesL *
                           byteSize(c.hadamardDtype) +
                       static_cast<double>(c.M) * c.N * byteSize(c.outDtype);

  if (encodeRhs)
    measure(
        "encode_rhs", [&] { encodeRhs(&b.w, &b.whatd); }, rhsBytes, false);
  if (encodeLhs)
    measure(
        "encode_lhs", [&] { encodeLhs(&b.x, &b.xhatd); }, lhsBytes, false);
  // The library twin of the generated hadamard: libstl_runtime's cuBLASLt
  // entry (the hadamard-backend=cublas path) on the same X^, W^, into its
  // own P, timed in the same run; the generated P is compared with it.
  double libraryMs = NAN;
  DeviceBuffer pLibrary;
  if (hadamard && encodeLhs && haveWhat && !rt.batchedGemm)
    ctx.note(label + ": libstl_runtime has no stlRuntimeBatchedGemm; no "
                     "library twin");
  if (hadamard && encodeLhs && haveWhat && rt.batchedGemm &&
      pLibrary.allocate(b.p.size(), "P (library)", error)) {
    int64_t tilesJ = c.K / c.k;
    auto twin = [&](std::string &err) {
      if (rt.batchedGemm(c.rank, tilesI, tilesL, tilesJ, b.xhat.get(), tilesJ,
                         tilesI * tilesJ, b.what.get(), tilesL, tilesJ * tilesL,
                         pLibrary.get(), tilesL, tilesI * tilesL,
                         runtimeType(c.dtype), runtimeType(c.hadamardDtype),
                         ctx.stream) == 0)
        return true;
      err = "stlRuntimeBatchedGemm failed (see stderr)";
      return false;
    };
    encodeLhs(&b.x, &b.xhatd); // X^ for both products
    Timing t;
    std::string err;
    if (syncOk(err) && timeOnStream(ctx.stream, ctx.policy, twin, t, err) &&
        syncOk(err)) {
      Record r = caseRecord(c, "hadamard", exact);
      r.impl = "cublaslt-rt";
      setTiming(r, t);
      r.notes.push_back("libstl_runtime stlRuntimeBatchedGemm on the same "
                        "operands (library twin)");
      ctx.records.push_back(r);
      libraryMs = t.median;
    } else {
      ctx.fail(label + " hadamard library twin: " + err);
    }
  }
  if (hadamard && encodeLhs && haveWhat)
    measure(
        "hadamard", [&] { hadamard(&b.xhatd, &b.whatd, &b.pd); }, NAN, false,
        [&](Record &r) {
          if (!std::isfinite(libraryMs))
            return;
          r.libraryMs = libraryMs;
          r.vsLibrary = libraryMs / r.ms;
          std::string err;
          if (c.hadamardDtype == ElementType::F32 &&
              compareProducts(b.p.get(), pLibrary.get(),
                              static_cast<size_t>(c.rank * tilesI * tilesL),
                              r.error, err)) {
            r.hasError = true;
            r.errorReference = "cuBLASLt P on the same operands (first " +
                               std::to_string(r.error.count) + " entries)";
          } else if (!err.empty()) {
            ctx.fail(label + " hadamard vs library: " + err);
          }
        });
  if (decodeFn && hadamard && encodeLhs && haveWhat)
    measure(
        "decode", [&] { decodeFn(&b.pd, &b.yd); }, decodeBytes, false);
  if (encodeLhs && hadamard && decodeFn && haveWhat)
    measure(
        "total",
        [&] {
          encodeLhs(&b.x, &b.xhatd);
          hadamard(&b.xhatd, &b.whatd, &b.pd);
          decodeFn(&b.pd, &b.yd);
        },
        NAN, true);
  if (matmul && haveWhat)
    measure(
        "matmul", [&] { matmul(&b.x, &b.whatd, &b.yd); }, NAN, true);
  else if (matmul)
    ctx.note(label + ": matmul needs pre-encoded weights but none could be "
                     "made (no encode_rhs, no usable scheme file)");
}

} // namespace bench
} // namespace stl
