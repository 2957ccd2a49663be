//===- BenchSelfTest.cpp - Host-only tests of stl-bench's pieces ----------===//
//
// Runs without a GPU: JSON reading and writing, scheme files, Brent check,
// Kronecker product, the fp64 references, the manifest reader, option parsing,
// the report, 16-bit conversions, and -- through StlTileOps.h, the code the
// reference CUDA kernels run per tile -- the index math of stl-ref's encode and
// decode.
//
// Usage: stl-bench-selftest <folder with example-manifest.json>
//                           [<folder with the repository's scheme files>]
//
//===----------------------------------------------------------------------===//

#include "ElementType.h"
#include "Manifest.h"
#include "Options.h"
#include "RefCoefficients.h"
#include "Reference.h"
#include "Report.h"
#include "StlTileOps.h"

#include "stl/SchemeCore/SchemeCore.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace stl::bench;
using stl::bf16ToFloat;
using stl::f16ToFloat;
using stl::floatToBf16;
using stl::floatToF16;
namespace core = stl::core;

namespace {

int failures = 0, checks = 0;

void check(bool ok, const std::string &what) {
  ++checks;
  if (!ok) {
    ++failures;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

struct FloatConv {
  static float load(float x) { return x; }
  static float store(float x) { return x; }
};

std::vector<float> randomMatrix(int64_t rows, int64_t cols, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> m(static_cast<size_t>(rows * cols));
  for (float &x : m)
    x = normal(gen);
  return m;
}

/// A sample covering the whole matrices.
Sample fullSample(const std::vector<float> &x, const std::vector<float> &w,
                  int64_t M, int64_t K, int64_t N, int m, int n) {
  Sample s = planSample(M, K, N, m, n, 1 << 20, 1);
  s.x = x;
  s.w = w;
  return s;
}

/// stl-ref on the host: the reference kernels' per-thread functions over
/// every tile, the batched product in float, as on the GPU minus rounding.
std::vector<float> emulateStlRef(const Scheme &s, const std::vector<float> &x,
                                 const std::vector<float> &w, int64_t M,
                                 int64_t K, int64_t N) {
  RefCoefficients c = packReferenceCoefficients(s);
  int64_t tI = M / s.m, tJ = K / s.k, tL = N / s.n;
  std::vector<float> xhat(static_cast<size_t>(s.rank * tI * tJ));
  std::vector<float> what(static_cast<size_t>(s.rank * tJ * tL));
  std::vector<float> p(static_cast<size_t>(s.rank * tI * tL), 0.0f);
  std::vector<float> y(static_cast<size_t>(M * N), NAN);
  for (int64_t t = 0; t < tI * tJ; ++t)
    encodeLhsAt<FloatConv>(t, x.data(), xhat.data(), tI, tJ, K, s.m, s.k,
                           s.rank, c.u.data());
  for (int64_t t = 0; t < tJ * tL; ++t)
    encodeRhsAt<FloatConv>(t, w.data(), what.data(), tJ, tL, N, s.k, s.n,
                           s.rank, c.v.data());
  for (int l = 0; l < s.rank; ++l)
    for (int64_t i = 0; i < tI; ++i)
      for (int64_t j = 0; j < tJ; ++j)
        for (int64_t q = 0; q < tL; ++q)
          p[(l * tI + i) * tL + q] +=
              xhat[(l * tI + i) * tJ + j] * what[(l * tJ + j) * tL + q];
  for (int64_t t = 0; t < tI * tL; ++t)
    decodeAt<FloatConv>(t, p.data(), y.data(), tI, tL, N, s.m, s.n, s.rank,
                        c.d.data());
  return y;
}

/// Writes `text` to a fresh file and returns its path.
std::string writeTemp(const std::string &name, const std::string &text) {
  std::string path =
      (std::filesystem::temp_directory_path() /
       ("stl-bench-selftest-" + std::to_string(getpid()) + "-" + name))
          .string();
  std::ofstream(path) << text;
  return path;
}

/// Manifests are parsed by nlohmann-json: strict RFC 8259, errors with the
/// file and the line.
void testJsonParsing() {
  const std::string good =
      R"({"stl_bench_manifest": 1, "cases": [{"name": "c\u0041", )"
      R"("library": "libstlk_cA.so", "scheme": "strassen", "M": 8, )"
      R"("K": 8.0, "N": 8, "tile": {"m": 2, "k": 2, "n": 2}, "rank": 7, )"
      R"("dtype": "bf16", "symbols": {"matmul": null}}]})";
  Manifest m;
  std::string error;
  std::string path = writeTemp("good.json", good);
  check(readManifest(path, m, error) && m.cases.size() == 1 &&
            m.cases[0].name == "cA" && m.cases[0].K == 8,
        "manifest: unicode escape decoded, 8.0 read as an integer: " + error);
  std::remove(path.c_str());
  struct Bad {
    const char *name, *text, *what;
  };
  for (Bad b : {Bad{"comma.json", "{\"a\": [1, 2,]}", "trailing comma"},
                Bad{"trail.json", "{\"a\": 1} x", "trailing text"},
                Bad{"plus.json", "{\"a\": +5}", "'+5'"},
                Bad{"zero.json", "{\"a\": 01}", "'01'"},
                Bad{"negzero.json", "[-01]", "'-01'"},
                Bad{"short.json", "[\"\\u12\"]", "short unicode escape"},
                Bad{"high.json", "[\"\\ud800\"]", "lone high surrogate"},
                Bad{"low.json", "[\"\\udc00\"]", "lone low surrogate"}}) {
    path = writeTemp(b.name, b.text);
    error.clear();
    check(!readManifest(path, m, error) &&
              error.find(path) != std::string::npos &&
              error.find("line 1") != std::string::npos,
          std::string(b.what) + " rejected naming the file and line: " + error);
    std::remove(path.c_str());
  }
  path = writeTemp("version.json", R"({"stl_bench_manifest": 2.5})");
  check(!readManifest(path, m, error) &&
            error.find("stl_bench_manifest") != std::string::npos,
        "a non-integral manifest version is refused");
  std::remove(path.c_str());
  path =
      writeTemp("huge.json", R"({"stl_bench_manifest": 18446744073709551615})");
  check(!readManifest(path, m, error), "an out-of-range version is refused");
  std::remove(path.c_str());
}

Scheme libraryScheme(const char *name) {
  core::SchemeOrError s = core::lookupScheme(name);
  check(s.ok(), std::string("library scheme ") + name + ": " + s.error);
  return s.scheme;
}

/// stl-bench reads schemes with the compiler's scheme core: same limits,
/// same tolerance, same library.
void testSchemes() {
  Scheme strassen = libraryScheme("strassen");
  core::BrentReport b = checkBrent(strassen);
  check(b.exact && b.maxResidual == 0, "Strassen satisfies Brent");
  Scheme s44 = core::compose(strassen, strassen);
  check(s44.m == 4 && s44.rank == 49 && checkBrent(s44).exact,
        "Strassen (x) Strassen is an exact <4,4,4;49>");
  check(s44.u == libraryScheme("strassen-4x4").u,
        "the library's strassen-4x4 is the Kronecker product");
  Scheme broken = strassen;
  broken.u[0] = 0.5;
  core::BrentReport bb = checkBrent(broken);
  check(!bb.exact && bb.relativeError > 0, "perturbed Strassen is inexact");

  core::SchemeOrError naive = core::parseSchemeJSON(
      R"({"name": "naive-1", "m": 1, "k": 1, "n": 1, "rank": 1,
          "u": [[1]], "v": [[1]], "w": [[1]]})",
      "inline");
  check(naive.ok() && checkBrent(naive.scheme).exact,
        "parse a scheme: " + naive.error);
  core::SchemeOrError bad = core::parseSchemeJSON(
      R"({"name": "bad", "m": 2, "k": 2, "n": 2, "rank": 7,
          "u": [[1,0,0,1]], "v": [], "w": []})",
      "inline");
  check(!bad.ok() && bad.error.find("'u'") != std::string::npos,
        "wrong row count names the field: " + bad.error);
  // The limits of the compiler, not stricter ones of its own: a 96x1x1
  // tile (beyond the former limit of 64 here) is a valid scheme.
  core::SchemeOrError wide = core::lookupScheme("naive-96x1x1");
  check(wide.ok() && checkBrent(wide.scheme).exact,
        "naive-96x1x1 is accepted: " + wide.error);
}

void testReferences() {
  const int64_t M = 8, K = 12, N = 8;
  std::vector<float> x = randomMatrix(M, K, 1), w = randomMatrix(K, N, 2);
  Scheme strassen = libraryScheme("strassen");
  Sample s = fullSample(x, w, M, K, N, 2, 2);
  check(s.rows() == M && s.cols() == N, "full sample covers the matrices");
  std::vector<double> dense = denseReference(s);
  std::vector<double> stl = stlReference(s, strassen);
  double worst = 0;
  for (size_t i = 0; i < dense.size(); ++i)
    worst = std::fmax(worst, std::fabs(dense[i] - stl[i]));
  check(worst < 1e-9, "fp64 STL of an exact scheme equals X.W (max diff " +
                          std::to_string(worst) + ")");
  // The dense reference itself against a direct sum.
  double y00 = 0;
  for (int64_t kk = 0; kk < K; ++kk)
    y00 += static_cast<double>(x[kk]) * w[kk * N];
  check(std::fabs(dense[0] - y00) < 1e-9, "dense reference entry (0,0)");

  Scheme broken = strassen;
  broken.v[5] = 3.0;
  std::vector<double> off = stlReference(s, broken);
  std::vector<float> offF(off.begin(), off.end());
  ErrorStats e = compareToReference(dense, offF);
  check(e.relativeFrobenius > 1e-3, "an inexact scheme differs from X.W");

  // A strict sample: picks the edges and maps rows/columns back.
  Sample part = planSample(64, 16, 32, 4, 4, 3, 7);
  check(part.rowBlocks.size() == 3 && part.rowBlocks.front() == 0 &&
            part.rowBlocks.back() == 15 && part.colBlocks.back() == 7,
        "sample keeps the first and last blocks");
  check(part.rowIndex(5) == part.rowBlocks[1] * 4 + 1, "sample row index");

  std::vector<float> withNan(dense.begin(), dense.end());
  withNan[3] = NAN;
  ErrorStats n = compareToReference(dense, withNan);
  check(n.nonFinite == 1 && std::isnan(n.relativeFrobenius),
        "NaN output is reported, not averaged away");
}

void testReferenceKernelMath() {
  Scheme strassen = libraryScheme("strassen");
  Scheme s44 = libraryScheme("strassen-4x4");
  Scheme rect = libraryScheme("naive-2x3x4"); // unequal m, k, n
  check(checkBrent(rect).exact, "naive <2,3,4> is exact");

  const int64_t M = 16, K = 24, N = 32;
  std::vector<float> x = randomMatrix(M, K, 3), w = randomMatrix(K, N, 4);
  for (const Scheme *s : {&strassen, &s44, &rect}) {
    std::string why;
    check(fitsReferenceKernels(*s, why), s->name + " fits stl-ref kernels");
    std::vector<float> y = emulateStlRef(*s, x, w, M, K, N);
    Sample full = fullSample(x, w, M, K, N, s->m, s->n);
    std::vector<float> picked(static_cast<size_t>(full.rows() * full.cols()));
    for (int64_t r = 0; r < full.rows(); ++r)
      for (int64_t c = 0; c < full.cols(); ++c)
        picked[r * full.cols() + c] =
            y[full.rowIndex(r) * N + full.colIndex(c)];
    ErrorStats e = compareToReference(denseReference(full), picked);
    check(e.nonFinite == 0 && e.relativeFrobenius < 1e-5,
          "stl-ref tile math for " + s->name + ": rel. error " +
              std::to_string(e.relativeFrobenius));
  }
  Scheme big = s44;
  big.m = 5;
  std::string why;
  check(!fitsReferenceKernels(big, why) && !why.empty(),
        "tiles above 4 are refused with a reason");
}

void testManifest(const std::string &folder) {
  Manifest m;
  std::string error;
  check(readManifest(folder + "/example-manifest.json", m, error),
        "read example manifest: " + error);
  if (m.cases.size() == 2) {
    const ManifestCase &c = m.cases[0];
    check(c.M == 4096 && c.m == 2 && c.rank == 7 &&
              c.dtype == ElementType::BF16 &&
              c.hadamardDtype == ElementType::F32 &&
              c.symbols.matmul == "_mlir_ciface_stl_matmul",
          "manifest case fields");
    check(c.schemeFile == folder + "/schemes/strassen.json",
          "scheme_file is resolved against the manifest's folder: " +
              c.schemeFile);
    check(m.cases[1].symbols.encodeRhs.empty() &&
              m.cases[1].symbols.encodeLhs.empty(),
          "absent and null symbols are empty");
  } else {
    check(false, "example manifest should hold 2 cases");
  }
  std::string bad =
      writeTemp("badname.json",
                R"({"stl_bench_manifest": 1, "cases": [{"name": "a b"}]})");
  check(!readManifest(bad, m, error) &&
            error.find("may hold only") != std::string::npos,
        "a case name with a space is refused: " + error);
  std::remove(bad.c_str());
  check(!readManifest("/nonexistent/manifest.json", m, error) &&
            error.find("cannot open") != std::string::npos,
        "missing manifest is an error");
}

/// The repository's scheme files, when the folder is given: exactness as the
/// scheme library reports it, and stl-ref's tile math against the fp64 STL
/// operator of an approximate scheme.
void testSchemeFiles(const std::string &folder) {
  struct Expect {
    const char *file;
    bool exact;
  };
  for (Expect e :
       {Expect{"strassen.json", true}, Expect{"strassen-4x4.json", true},
        Expect{"cp-als-4x4x4-r24.json", false},
        Expect{"truncated-4x4x4-r24.json", false}}) {
    std::string path = folder + "/" + e.file;
    core::SchemeOrError read = core::readSchemeFile(path);
    if (!read.ok()) {
      check(false, "read " + path + ": " + read.error);
      continue;
    }
    const Scheme &s = read.scheme;
    core::BrentReport b = checkBrent(s);
    check(b.exact == e.exact,
          path + ": exact should be " + (e.exact ? "true" : "false"));
    if (e.exact)
      continue;
    const int64_t M = 16, K = 16, N = 8;
    std::vector<float> x = randomMatrix(M, K, 5), w = randomMatrix(K, N, 6);
    std::vector<float> y = emulateStlRef(s, x, w, M, K, N);
    Sample full = fullSample(x, w, M, K, N, s.m, s.n);
    std::vector<float> picked(static_cast<size_t>(M * N));
    for (int64_t r = 0; r < M; ++r)
      for (int64_t c = 0; c < N; ++c)
        picked[r * N + c] = y[full.rowIndex(r) * N + full.colIndex(c)];
    ErrorStats toStl = compareToReference(stlReference(full, s), picked);
    ErrorStats toMatmul = compareToReference(denseReference(full), picked);
    check(toStl.relativeFrobenius < 1e-4, // f32 arithmetic, dense coefficients
          path + ": stl-ref tile math vs the fp64 STL operator: " +
              std::to_string(toStl.relativeFrobenius));
    check(toMatmul.relativeFrobenius > 0.1,
          path + ": an approximate scheme is far from X.W");
  }
}

void testOptions() {
  std::vector<Shape> shapes;
  std::string error;
  check(parseShapes("1024,16384x4096x14336", shapes, error) &&
            shapes.size() == 2 && shapes[1].M == 16384 && shapes[1].K == 4096 &&
            shapes[1].N == 14336,
        "parse shapes: " + error);
  shapes.clear();
  check(!parseShapes("12x3", shapes, error), "bad shape rejected");
  check(defaultShapes(false).size() == 11, "11 default shapes");
  const char *argv[] = {"stl-bench",       "--quick", "--scheme", "a.json",
                        "--scheme=b.json", "--json",  "out.json"};
  Options o;
  check(parseOptions(7, const_cast<char **>(argv), o, error) && o.quick &&
            o.reps == 20 && o.schemes.size() == 2 && o.json == "out.json",
        "parse options: " + error);
  const char *graph[] = {"stl-bench", "--graph"};
  Options og;
  check(parseOptions(2, const_cast<char **>(graph), og, error) && og.graph,
        "--graph parsed: " + error);
  check(og.l2Flush, "samples are L2-flushed by default");
  const char *noFlush[] = {"stl-bench", "--no-l2-flush"};
  Options on;
  check(parseOptions(2, const_cast<char **>(noFlush), on, error) && !on.l2Flush,
        "--no-l2-flush parsed: " + error);
  const char *bad[] = {"stl-bench", "--reps", "0"};
  Options o2;
  check(!parseOptions(3, const_cast<char **>(bad), o2, error),
        "--reps 0 rejected");
}

void testReport() {
  Record r;
  r.M = r.K = r.N = 4096;
  r.impl = "stl-ref";
  r.scheme = "strassen";
  r.rank = 7;
  r.stage = "total";
  r.ms = 0.25;
  r.reps = 30;
  r.tflops = 549.8;
  r.speedup = 0.73;
  std::string table = formatTable({r});
  check(table.find("stl-ref") != std::string::npos &&
            table.find("0.730x") != std::string::npos,
        "table row");
  Json j = recordToJson(r);
  check(!j.contains("gbps") && !j.contains("error") &&
            j["tflops"].get<double>() == 549.8,
        "JSON leaves out what was not measured");
  check(!j.contains("host_overhead_us") && !j.contains("graph_ms") &&
            !j.contains("library_ms"),
        "JSON has no host-path or library fields that were not measured");
  check(j["ms_min"].is_null() && j["M"].is_number_integer() &&
            j["tile"]["k"].get<int>() == 0 && j["exact"] == false,
        "NaN is null, sizes are integers");
  check(formatSci(NAN) == "-" && formatFixed(NAN, 2) == "-", "NaN prints as -");

  // A generated hadamard with its library twin, overheads and graph replay.
  Record g = r;
  g.impl = "stl-gen";
  g.stage = "hadamard";
  g.ms = 2.0;
  g.libraryMs = 1.8;
  g.vsLibrary = 0.9;
  g.overheadUs = 41.5;
  g.enqueueUs = 12.25;
  g.graphMs = 1.99;
  g.graphEnqueueUs = 3.5;
  g.graphNodes = 9;
  Json gj = recordToJson(g);
  check(gj.contains("speed_vs_library") && gj["speed_vs_library"] == 0.9 &&
            gj["host_overhead_us"] == 41.5 && gj["enqueue_us"] == 12.25 &&
            gj["graph_nodes"] == 9,
        "JSON host-path and library fields");
  std::string row = formatTable({g});
  check(row.find("0.900x of cuBLASLt") != std::string::npos &&
            row.find("host +41.5 us/call") != std::string::npos &&
            row.find("graph 1.9900 ms") != std::string::npos,
        "table note with library ratio, overhead and graph: " + row);
}

/// The whole document stl-bench writes: the keys and their order that
/// scripts/gpu-device-run.sh, plot.py and host_path.py read.
void testReportDocument() {
  Options o;
  Record r;
  r.M = r.K = r.N = 2048;
  r.impl = "cublas";
  r.stage = "gemm";
  r.ms = 0.5;
  r.error.count = 64;
  r.hasError = true;
  r.errorReference = "X.W (fp64)";
  Json device = {{"name", "GPU"}, {"sm_count", 132}};
  Json doc =
      reportToJson(device, optionsToJson(o, {{2048, 2048, 2048}}, 100 << 20),
                   NAN, {"a note"}, {r});
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it)
    keys.push_back(it.key());
  check(keys == std::vector<std::string>{"tool", "format_version", "device",
                                         "options", "copy_bandwidth_gbps",
                                         "notes", "records"},
        "report keys in order");
  keys.clear();
  for (auto it = doc["options"].begin(); it != doc["options"].end(); ++it)
    keys.push_back(it.key());
  check(keys == std::vector<std::string>{"shapes", "reps", "warmup", "budget_s",
                                         "quick", "manifest", "sample_blocks",
                                         "seed", "inputs", "accumulate",
                                         "l2_flush", "l2_flush_bytes"},
        "options keys in order");
  check(doc["copy_bandwidth_gbps"].is_null() &&
            doc["options"]["shapes"][0] == "2048x2048x2048" &&
            doc["records"][0]["error"]["entries"] == 64 &&
            doc["records"][0]["l2_flush"] == false &&
            doc["options"]["l2_flush"] == true &&
            doc["options"]["l2_flush_bytes"] == 100 << 20 &&
            doc["notes"][0] == "a note",
        "report values");
  std::string path = writeTemp("report.json", "");
  std::string error;
  check(writeJsonFile(path, doc, error), "report written: " + error);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  check(text.find("\"copy_bandwidth_gbps\": null") != std::string::npos &&
            text.find("\"M\": 2048,") != std::string::npos &&
            Json::parse(text) == doc,
        "report file: NaN as null, integers as integers, parses back");
  std::remove(path.c_str());
}

void testElementTypes() {
  check(bf16ToFloat(floatToBf16(1.0f)) == 1.0f, "bf16 1.0");
  check(floatToBf16(1.0f + 1.0f / 256) == 0x3F80, "bf16 rounds to even");
  check(bf16ToFloat(floatToBf16(-2.5f)) == -2.5f, "bf16 -2.5");
  check(floatToF16(1.0f) == 0x3C00 && floatToF16(-2.0f) == 0xC000 &&
            floatToF16(65504.0f) == 0x7BFF && floatToF16(65520.0f) == 0x7C00 &&
            floatToF16(std::ldexp(1.0f, -24)) == 0x0001 &&
            floatToF16(std::ldexp(1.0f, -25)) == 0x0000 &&
            floatToF16(std::ldexp(3.0f, -25)) == 0x0002 &&
            floatToF16(std::ldexp(1023.5f, -24)) == 0x0400,
        "f16 encoding: normals, overflow, subnormals (to nearest even)");
  check(floatToF16(1.0f + std::ldexp(1.0f, -11)) == 0x3C00 &&
            floatToF16(1.0f + std::ldexp(3.0f, -11)) == 0x3C02 &&
            floatToF16(2047.0f + 0.5f) == 0x6800 &&
            std::isnan(f16ToFloat(floatToF16(NAN))),
        "f16 encoding: ties to even, carry into the exponent, NaN");
  for (uint32_t bits = 0; bits < 0x7C00; ++bits)
    if (floatToF16(f16ToFloat(static_cast<uint16_t>(bits))) != bits) {
      check(false, "f16 round trip of every finite value");
      break;
    }
  check(f16ToFloat(0x3C00) == 1.0f && f16ToFloat(0xC000) == -2.0f &&
            f16ToFloat(0x0001) == std::ldexp(1.0f, -24),
        "f16 decoding incl. subnormals");
}

} // namespace

int main(int argc, char **argv) {
  std::string folder = argc > 1 ? argv[1] : ".";
  testJsonParsing();
  testSchemes();
  testReferences();
  testReferenceKernelMath();
  testManifest(folder);
  if (argc > 2)
    testSchemeFiles(argv[2]);
  testOptions();
  testReport();
  testReportDocument();
  testElementTypes();
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "PASSED",
              checks, failures);
  return failures ? 1 : 0;
}
