//===- StlRefRuns.cpp - The hand-written reference STL --------------------===//
//
// stl-ref = bench's own encode kernel -> cuBLAS strided-batched GEMM -> own
// decode kernel, unfused, each through HBM. It measures the unfused ceiling
// of docs/stl-operator.md section 4 independently of the compiler; rows are
// labelled "stl-ref" and never mixed with the compiler's ("stl-gen").
//
//===----------------------------------------------------------------------===//

#include "BenchContext.h"
#include "DeviceKernels.h"
#include "RefCoefficients.h"
#include "Reference.h"
#include "Sampling.h"

namespace stl {
namespace bench {

namespace {

Record stageRecord(const ShapeInputs &in, const Scheme &s, bool exact,
                   const char *stage, ElementType outType) {
  Record r;
  r.M = in.shape.M;
  r.K = in.shape.K;
  r.N = in.shape.N;
  r.impl = "stl-ref";
  r.scheme = s.name;
  r.m = s.m;
  r.k = s.k;
  r.n = s.n;
  r.rank = s.rank;
  r.exactScheme = exact;
  r.stage = stage;
  r.dtype = typeName(in.type);
  r.outDtype = typeName(outType);
  return r;
}

bool cudaOk(cudaError_t e, const char *what, std::string &err) {
  if (e == cudaSuccess)
    return true;
  err = std::string(what) + ": " + cudaGetErrorString(e);
  return false;
}

} // namespace

void runStlRef(BenchContext &ctx, ShapeInputs &in, const Scheme &s,
               double denseMs) {
  const Shape &shape = in.shape;
  std::string label = "stl-ref " + s.name + " " + shape.str();
  std::string why;
  if (!fitsReferenceKernels(s, why)) {
    ctx.note(label + " skipped: " + why);
    return;
  }
  if (shape.M % s.m || shape.K % s.k || shape.N % s.n) {
    ctx.note(label + " skipped: the tile does not divide the shape");
    return;
  }
  core::BrentReport brent = checkBrent(s);
  const ElementType type = in.type, outType = in.type;
  const size_t es = byteSize(type);
  int64_t tilesI = shape.M / s.m, tilesJ = shape.K / s.k,
          tilesL = shape.N / s.n;

  DeviceScheme ds;
  DeviceBuffer xhat, what, p, y;
  std::string error;
  if (!uploadScheme(s, ds, error) ||
      !xhat.allocate(static_cast<size_t>(s.rank * tilesI * tilesJ) * es, "Xhat",
                     error) ||
      !what.allocate(static_cast<size_t>(s.rank * tilesJ * tilesL) * es, "What",
                     error) ||
      !p.allocate(static_cast<size_t>(s.rank * tilesI * tilesL) * 4, "P",
                  error) ||
      !y.allocate(static_cast<size_t>(shape.M * shape.N) * es, "Y", error)) {
    ctx.fail(label + ": " + error);
    return;
  }

  auto encodeW = [&](std::string &err) {
    return cudaOk(encodeRhs(ds, in.w.get(), what.get(), type, shape.K, shape.N,
                            ctx.stream),
                  "encode rhs", err);
  };
  auto encodeX = [&](std::string &err) {
    return cudaOk(encodeLhs(ds, in.x.get(), xhat.get(), type, shape.M, shape.K,
                            ctx.stream),
                  "encode lhs", err);
  };
  auto hadamard = [&](std::string &err) {
    cublasStatus_t st =
        ctx.gemm.batched(xhat.get(), what.get(), p.as<float>(), type, s.rank,
                         tilesI, tilesJ, tilesL, ctx.stream);
    if (st != CUBLAS_STATUS_SUCCESS)
      err = std::string("cublasGemmStridedBatchedEx: ") + cublasStatusName(st);
    return st == CUBLAS_STATUS_SUCCESS;
  };
  auto decodeP = [&](std::string &err) {
    return cudaOk(decode(ds, p.as<float>(), y.get(), outType, shape.M, shape.N,
                         ctx.stream),
                  "decode", err);
  };
  auto online = [&](std::string &err) {
    return encodeX(err) && hadamard(err) && decodeP(err);
  };

  struct Stage {
    const char *name;
    std::function<bool(std::string &)> run;
    double bytes; // NaN: not memory-bound
  };
  double lhsBytes = static_cast<double>(shape.M) * shape.K * es *
                    (1.0 + static_cast<double>(s.rank) / (s.m * s.k));
  double rhsBytes = static_cast<double>(shape.K) * shape.N * es *
                    (1.0 + static_cast<double>(s.rank) / (s.k * s.n));
  double decodeBytes = static_cast<double>(s.rank) * tilesI * tilesL * 4 +
                       static_cast<double>(shape.M) * shape.N * es;
  // encode_rhs first: the later stages read What.
  Stage stages[] = {{"encode_rhs", encodeW, rhsBytes},
                    {"encode_lhs", encodeX, lhsBytes},
                    {"decode", decodeP, decodeBytes},
                    {"total", online, NAN}};
  for (const Stage &stage : stages) {
    // Decode needs P: produce it once before timing decode alone.
    if (std::string(stage.name) == "decode") {
      std::string err;
      if (!encodeX(err) || !hadamard(err)) {
        ctx.fail(label + " preparing decode: " + err);
        continue;
      }
    }
    Timing t;
    if (!timeOnStream(ctx.stream, ctx.policy, stage.run, t, error)) {
      ctx.fail(label + " " + stage.name + ": " + error);
      continue;
    }
    Record r = stageRecord(in, s, brent.exact, stage.name,
                           std::string(stage.name) == "decode" ||
                                   std::string(stage.name) == "total"
                               ? outType
                               : type);
    setTiming(r, t);
    if (std::isfinite(stage.bytes))
      setBandwidth(ctx, r, stage.bytes);
    if (std::string(stage.name) == "encode_rhs")
      r.notes.push_back("offline (weights); not part of total");
    if (std::string(stage.name) == "total") {
      setThroughput(r, denseMs);
      r.notes.push_back("encode_lhs + cuBLAS batched + decode, unfused");
      // Y holds the last repetition's result: measure its error.
      Sample sample = planSample(shape.M, shape.K, shape.N, s.m, s.n,
                                 ctx.options.sampleBlocks, ctx.options.seed);
      std::vector<float> got;
      if (fetchInputs(sample, in.x.get(), in.w.get(), type, error) &&
          fetchOutput(sample, y.get(), outType, got, error)) {
        std::vector<double> matmul = denseReference(sample);
        r.hasError = true;
        if (brent.exact) {
          r.errorReference = "X.W (fp64)";
          r.error = compareToReference(matmul, got);
        } else {
          r.errorReference = "STL operator (fp64)";
          r.error = compareToReference(stlReference(sample, s), got);
          r.hasErrorVsMatmul = true;
          r.errorVsMatmul = compareToReference(matmul, got);
        }
      } else {
        ctx.fail(label + " error check: " + error);
      }
    }
    ctx.records.push_back(r);
  }
}

} // namespace bench
} // namespace stl
