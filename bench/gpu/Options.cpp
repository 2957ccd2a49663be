//===- Options.cpp - stl-bench command line -------------------------------===//

#include "Options.h"

#include <CLI/CLI.hpp>

#include <limits>

#include <cstdlib>
#include <sstream>

namespace stl {
namespace bench {

std::string Shape::str() const {
  return std::to_string(M) + "x" + std::to_string(K) + "x" + std::to_string(N);
}

namespace {

bool parsePositive(const std::string &text, int64_t &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (!end || *end != '\0' || v <= 0)
    return false;
  out = v;
  return true;
}

} // namespace

bool parseShapes(const std::string &text, std::vector<Shape> &out,
                 std::string &error) {
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty())
      continue;
    std::vector<int64_t> dims;
    std::stringstream parts(item);
    std::string part;
    while (std::getline(parts, part, 'x')) {
      int64_t v = 0;
      if (!parsePositive(part, v)) {
        error = "bad shape '" + item + "' (want S or MxKxN)";
        return false;
      }
      dims.push_back(v);
    }
    if (dims.size() == 1)
      out.push_back({dims[0], dims[0], dims[0]});
    else if (dims.size() == 3)
      out.push_back({dims[0], dims[1], dims[2]});
    else {
      error = "bad shape '" + item + "' (want S or MxKxN)";
      return false;
    }
  }
  if (out.empty()) {
    error = "empty shape list";
    return false;
  }
  return true;
}

std::vector<Shape> defaultShapes(bool quick) {
  if (quick)
    return {{2048, 2048, 2048},
            {4096, 4096, 4096},
            {8192, 8192, 8192},
            {16384, 4096, 14336}};
  std::vector<Shape> shapes;
  for (int64_t s : {1024, 2048, 4096, 8192, 16384})
    shapes.push_back({s, s, s});
  // Transformer projections: tokens x hidden -> hidden / MLP width.
  for (int64_t m : {4096, 16384})
    for (auto kn : {std::pair<int64_t, int64_t>{4096, 4096},
                    {4096, 14336},
                    {14336, 4096}})
      shapes.push_back({m, kn.first, kn.second});
  return shapes;
}

std::string usage() {
  return R"(usage: stl-bench [options]

Times dense cuBLAS/cuBLASLt GEMM, cuBLAS batched GEMM at the STL inner shape,
the hand-written reference STL (stl-ref) and the kernels compiled by stl-opt
(stl-gen, from a manifest), on bf16 inputs with f32 accumulation.

  --shapes LIST      comma-separated S (S x S x S) or MxKxN; default: squares
                     1024..16384 and M in {4096,16384} x (K,N) in
                     {(4096,4096),(4096,14336),(14336,4096)}
  --quick            fewer shapes (2048, 4096, 8192, 16384x4096x14336),
                     20 repetitions
  --manifest FILE    cases compiled by stl-opt (docs/Benchmarking.md)
  --case NAME        only this manifest case (repeatable)
  --kernel-dir DIR   folder of the libstlk_<case>.so libraries (default: the
                     folder of stl-bench, then the manifest's)
  --scheme S         scheme for stl-ref (repeatable): a library name as
                     stl-opt takes it, or a scheme JSON file; default:
                     strassen and strassen-4x4
  --reps N           timed repetitions per measurement (default 30, >= 20
                     recommended)
  --warmup N         untimed runs first (default 5)
  --budget-s SEC     time one measurement may take before it gets fewer
                     repetitions (default 10)
  --samples N        row/column blocks sampled for errors (default 8)
  --seed N           seed of the random normal inputs
  --json FILE        write the results as JSON (rewritten after each shape)
  --no-ref           skip stl-ref
  --no-generated     skip the manifest's cases
  --graph            also capture each stl-gen stage into a CUDA graph
                     (libstl_runtime's stlRuntimeGraphCapture) and time its
                     replays (graph_ms, graph_enqueue_us)
  --no-l2-flush      time samples back to back; by default a buffer of twice
                     the L2 size is written before every timed sample
                     (outside the timed region), so operands are read cold
  --list-cases       print the manifest's cases and exit (no GPU needed)
  --help
Exit status: 0 ok, 1 a measurement failed, 2 usage, 77 no GPU.
)";
}

bool parseOptions(int argc, char **argv, Options &out, std::string &error) {
  // CLI11 parses; usage() stays the help text (it documents defaults and
  // exit codes the way the docs do), so CLI11's own --help is replaced.
  CLI::App app("stl-bench");
  app.set_help_flag();
  app.allow_extras(false);
  std::string shapes;
  std::vector<std::string> cases, schemes;
  app.add_flag("-h,--help", out.help);
  app.add_option("--shapes", shapes);
  app.add_flag("--quick", out.quick);
  app.add_option("--manifest", out.manifest);
  app.add_option("--case", cases)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--kernel-dir", out.kernelDir);
  app.add_option("--scheme", schemes)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  const CLI::Range positive(1, std::numeric_limits<int>::max());
  CLI::Option *reps = app.add_option("--reps", out.reps)->check(positive);
  CLI::Option *warmup = app.add_option("--warmup", out.warmup)->check(positive);
  app.add_option("--budget-s", out.budgetSeconds)->check(CLI::Range(1e-3, 1e6));
  app.add_option("--samples", out.sampleBlocks)->check(positive);
  app.add_option("--seed", out.seed)
      ->check(CLI::Range(uint64_t(1), std::numeric_limits<uint64_t>::max()));
  app.add_option("--json", out.json);
  bool noRef = false, noGenerated = false;
  app.add_flag("--no-ref", noRef);
  app.add_flag("--no-generated", noGenerated);
  app.add_flag("--list-cases", out.listCases);
  app.add_flag("--graph", out.graph);
  bool noL2Flush = false;
  app.add_flag("--no-l2-flush", noL2Flush);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    error = e.what();
    return false;
  }
  if (!shapes.empty() && !parseShapes(shapes, out.shapes, error))
    return false;
  out.cases.insert(out.cases.end(), cases.begin(), cases.end());
  out.schemes.insert(out.schemes.end(), schemes.begin(), schemes.end());
  out.runRef = !noRef;
  out.runGenerated = !noGenerated;
  out.l2Flush = !noL2Flush;
  if (out.quick) {
    if (!reps->count())
      out.reps = 20;
    if (!warmup->count())
      out.warmup = 3;
  }
  return true;
}

} // namespace bench
} // namespace stl
