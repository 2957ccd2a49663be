//===- BenchSelfTest.cpp - Host-only tests of stl-bench's pieces ----------===//
//
// Runs without a GPU: JSON, scheme files, Brent check, Kronecker product, the
// fp64 references, the manifest reader, option parsing, the report, 16-bit
// conversions, and -- through StlTileOps.h, the code the reference CUDA
// kernels run per tile -- the index math of stl-ref's encode and decode.
//
// Usage: stl-bench-selftest <folder with example-manifest.json>
//                           [<folder with the repository's scheme files>]
//
//===----------------------------------------------------------------------===//

#include "ElementType.h"
#include "Json.h"
#include "Manifest.h"
#include "Options.h"
#include "RefCoefficients.h"
#include "Reference.h"
#include "Report.h"
#include "StlTileOps.h"

#include "stl/SchemeCore/Scheme.h"

#include <cmath>
#include <cstdio>
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

void testJson() {
  JsonValue v;
  std::string error;
  check(parseJson(R"({"a": [1, 2.5, -3e2], "b": {"c": "x\"y\u0041"},
                     "d": true, "e": null})",
                  v, error),
        "parse valid JSON: " + error);
  const JsonValue *a = v.get("a");
  check(a && a->isArray() && a->elements().size() == 3 &&
            a->elements()[2].asNumber() == -300,
        "JSON array values");
  check(v.get("b") && v.get("b")->get("c") &&
            v.get("b")->get("c")->asString() == "x\"yA",
        "JSON string escapes");
  JsonValue again;
  check(parseJson(toJson(v), again, error) && toJson(again) == toJson(v),
        "JSON round trip");
  check(!parseJson("{\"a\": [1, 2,]}", v, error) &&
            error.find("line 1") != std::string::npos,
        "trailing comma rejected with a line number");
  check(!parseJson("{\"a\": 1} x", v, error), "trailing text rejected");
  // What the former hand-written parser accepted or mangled.
  check(!parseJson("{\"a\": +5}", v, error), "'+5' rejected");
  check(!parseJson("{\"a\": 01}", v, error), "'01' rejected");
  check(!parseJson("[-01]", v, error), "'-01' rejected");
  check(!parseJson("[\"\\u12\"]", v, error), "short \\u escape rejected");
  check(!parseJson("[\"\\ud800\"]", v, error), "lone high surrogate rejected");
  check(!parseJson("[\"\\udc00\"]", v, error), "lone low surrogate rejected");
  check(parseJson("[\"\\ud83d\\ude00\"]", v, error) &&
            v.elements()[0].asString() == "\xf0\x9f\x98\x80",
        "surrogate pair decoded to UTF-8: " + error);
  JsonValue nan = JsonValue::makeNumber(NAN);
  check(toJson(nan) == "null\n", "NaN serializes as null");
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
  JsonValue bad;
  parseJson(R"({"stl_bench_manifest": 1, "cases": [{"name": "a b"}]})", bad,
            error);
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
  JsonValue j = recordToJson(r);
  check(j.get("gbps") == nullptr && j.get("error") == nullptr &&
            j.get("tflops")->asNumber() == 549.8,
        "JSON leaves out what was not measured");
  check(j.get("host_overhead_us") == nullptr && j.get("graph_ms") == nullptr &&
            j.get("library_ms") == nullptr,
        "JSON has no host-path or library fields that were not measured");
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
  JsonValue gj = recordToJson(g);
  check(gj.get("speed_vs_library") &&
            gj.get("speed_vs_library")->asNumber() == 0.9 &&
            gj.get("host_overhead_us")->asNumber() == 41.5 &&
            gj.get("enqueue_us")->asNumber() == 12.25 &&
            gj.get("graph_nodes")->asNumber() == 9,
        "JSON host-path and library fields");
  std::string row = formatTable({g});
  check(row.find("0.900x of cuBLASLt") != std::string::npos &&
            row.find("host +41.5 us/call") != std::string::npos &&
            row.find("graph 1.9900 ms") != std::string::npos,
        "table note with library ratio, overhead and graph: " + row);
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
  testJson();
  testSchemes();
  testReferences();
  testReferenceKernelMath();
  testManifest(folder);
  if (argc > 2)
    testSchemeFiles(argv[2]);
  testOptions();
  testReport();
  testElementTypes();
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "PASSED",
              checks, failures);
  return failures ? 1 : 0;
}
