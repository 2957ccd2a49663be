//===- BenchMain.cpp - stl-bench: STL vs cuBLAS on one GPU ----------------===//
//
// See docs/Benchmarking.md. Per shape: device-to-device copy bandwidth (once),
// dense cuBLAS and cuBLASLt GEMM, cuBLAS batched GEMM at each scheme's STL
// inner shape, the hand-written reference STL (stl-ref), and the manifest's
// kernels compiled by stl-opt (stl-gen). Output: a table on stdout and JSON.
//
//===----------------------------------------------------------------------===//

#include "BenchContext.h"
#include "DeviceInfo.h"
#include "Manifest.h"
#include "Options.h"
#include "Report.h"
#include "stl/SchemeCore/SchemeCore.h"

#include <sys/stat.h>

#include <cstdio>

using namespace stl::bench;
namespace core = stl::core;

namespace {

constexpr int kNoGpuExitCode = 77;

bool fileExists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string findLibrary(const Options &o, const Manifest &m,
                        const ManifestCase &c) {
  std::vector<std::string> folders;
  if (!o.kernelDir.empty())
    folders.push_back(o.kernelDir);
  folders.push_back(executableFolder());
  folders.push_back(m.folder);
  for (const std::string &folder : folders) {
    std::string path = resolvePath(folder, c.library);
    if (fileExists(path))
      return path;
  }
  return "";
}

void listCases(const Manifest &m) {
  for (const ManifestCase &c : m.cases) {
    std::string stages;
    auto add = [&](const std::string &sym, const char *name) {
      if (!sym.empty())
        stages += (stages.empty() ? "" : ",") + std::string(name);
    };
    add(c.symbols.encodeLhs, "encode_lhs");
    add(c.symbols.encodeRhs, "encode_rhs");
    add(c.symbols.hadamard, "hadamard");
    add(c.symbols.decode, "decode");
    add(c.symbols.matmul, "matmul");
    std::printf("%s %lldx%lldx%lld %s <%d,%d,%d> r%d %s->%s %s [%s]\n",
                c.name.c_str(), static_cast<long long>(c.M),
                static_cast<long long>(c.K), static_cast<long long>(c.N),
                c.scheme.c_str(), c.m, c.k, c.n, c.rank, typeName(c.dtype),
                typeName(c.outDtype), c.library.c_str(), stages.c_str());
  }
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  std::string error;
  if (!parseOptions(argc, argv, options, error)) {
    std::fprintf(stderr, "stl-bench: %s\n%s", error.c_str(), usage().c_str());
    return 2;
  }
  if (options.help) {
    std::printf("%s", usage().c_str());
    return 0;
  }
  Manifest manifest;
  bool haveManifest = !options.manifest.empty();
  if (haveManifest && !readManifest(options.manifest, manifest, error)) {
    std::fprintf(stderr, "stl-bench: %s\n", error.c_str());
    return 2;
  }
  if (options.listCases) {
    if (!haveManifest) {
      std::fprintf(stderr, "stl-bench: --list-cases needs --manifest\n");
      return 2;
    }
    listCases(manifest);
    return 0;
  }
  for (const std::string &name : options.cases) {
    bool found = false;
    for (const ManifestCase &c : manifest.cases)
      found |= c.name == name;
    if (!found) {
      std::fprintf(stderr, "stl-bench: no case '%s' in the manifest\n",
                   name.c_str());
      return 2;
    }
  }

  std::vector<Scheme> refSchemes;
  std::vector<std::string> startNotes;
  // Library names or files, read by the same scheme core as stl-opt's.
  for (const std::string &nameOrPath : options.schemes) {
    core::SchemeOrError s = core::resolveScheme(nameOrPath);
    if (!s.ok()) {
      std::fprintf(stderr, "stl-bench: %s\n", s.error.c_str());
      return 2;
    }
    refSchemes.push_back(std::move(s.scheme));
  }
  if (refSchemes.empty()) {
    refSchemes = {core::lookupScheme("strassen").scheme,
                  core::lookupScheme("strassen-4x4").scheme};
    startNotes.push_back("no --scheme given: stl-ref runs the built-in "
                         "strassen and strassen-4x4; pass a rank-24 <4,4,4> "
                         "scheme file to time the paper's operator");
  }

  std::string reason;
  if (!probeGpu(reason)) {
    std::printf("stl-bench: %s\n", reason.c_str());
    return kNoGpuExitCode;
  }

  BenchContext ctx;
  ctx.options = options;
  ctx.policy.reps = options.reps;
  ctx.policy.warmup = options.warmup;
  ctx.policy.budgetSeconds = options.budgetSeconds;
  ctx.notes = startNotes;
  if (options.reps < 20)
    ctx.notes.push_back("fewer than 20 repetitions per measurement requested");
  if (!createStream(ctx.ownedStream, error) || !ctx.gemm.init(error)) {
    std::printf("stl-bench: setup failed: %s\n", error.c_str());
    return 1;
  }
  ctx.stream = ctx.ownedStream.get();

  std::string deviceSummary;
  DeviceFacts facts;
  Json device = describeDevice(deviceSummary, facts);
  device["libraries"] = ctx.gemm.version();
  std::printf("stl-bench on %s; %s\n", deviceSummary.c_str(),
              ctx.gemm.version().c_str());
  for (const std::string &n : startNotes)
    std::printf("note: %s\n", n.c_str());
  if (options.l2Flush) {
    if (ctx.l2Flush.init(facts.l2Bytes, error))
      ctx.policy.l2Flush = &ctx.l2Flush;
    else
      ctx.note("samples are not L2-flushed: " + error);
  }
  if (ctx.l2Flush.enabled())
    std::printf("stl-bench: %.0f MiB written before every timed sample "
                "(L2 flush; --no-l2-flush turns it off)\n",
                static_cast<double>(ctx.l2Flush.bytes()) / (1 << 20));
  else
    std::printf("stl-bench: samples timed back to back (no L2 flush)\n");

  std::vector<Shape> shapes =
      options.shapes.empty() ? defaultShapes(options.quick) : options.shapes;
  // A run that only times manifest cases (--manifest ... --no-ref) measures
  // dense baselines at the cases' shapes only.
  bool runShapes = options.runRef || !options.shapes.empty() || !haveManifest ||
                   !options.runGenerated;

  ctx.flush = [&] {
    if (options.json.empty())
      return;
    Json doc = reportToJson(
        device,
        optionsToJson(options, runShapes ? shapes : std::vector<Shape>(),
                      ctx.l2Flush.enabled() ? ctx.l2Flush.bytes() : 0),
        ctx.copyGbps, ctx.notes, ctx.records);
    std::string why;
    if (!writeJsonFile(options.json, doc, why))
      std::fprintf(stderr, "stl-bench: %s\n", why.c_str());
  };

  measureCopyBandwidth(ctx);
  ctx.flush();

  if (runShapes) {
    for (const Shape &shape : shapes) {
      std::printf("shape %s\n", shape.str().c_str());
      std::fflush(stdout);
      ShapeInputs in;
      if (!makeInputs(ctx, shape, ElementType::BF16, in, error)) {
        ctx.fail(shape.str() + ": " + error);
        continue;
      }
      double denseMs = runDense(ctx, in, ElementType::BF16);
      for (const Scheme &s : refSchemes) {
        if (shape.M % s.m || shape.K % s.k || shape.N % s.n) {
          ctx.note(s.name + " does not tile " + shape.str());
          continue;
        }
        runBatchedBaseline(ctx, shape, ElementType::BF16, s, denseMs);
        if (options.runRef)
          runStlRef(ctx, in, s, denseMs);
      }
      ctx.flush();
    }
  }

  if (haveManifest && options.runGenerated) {
    if (manifest.cases.empty())
      ctx.note("the manifest lists no cases");
    for (const ManifestCase &c : manifest.cases) {
      if (!options.cases.empty()) {
        bool wanted = false;
        for (const std::string &name : options.cases)
          wanted |= name == c.name;
        if (!wanted)
          continue;
      }
      std::string path = findLibrary(options, manifest, c);
      if (path.empty()) {
        ctx.fail("stl-gen " + c.name + ": " + c.library +
                 " not found (looked in --kernel-dir, stl-bench's folder, "
                 "the manifest's folder)");
        continue;
      }
      runGenerated(ctx, c, path);
      ctx.flush();
    }
  }

  std::printf("\n%s", formatTable(ctx.records).c_str());
  if (!options.json.empty())
    std::printf("\nJSON: %s\n", options.json.c_str());
  ctx.flush();
  if (ctx.failures)
    std::printf("%d measurement(s) FAILED (see notes)\n", ctx.failures);
  return ctx.failures ? 1 : 0;
}
