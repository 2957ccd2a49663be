//===- Options.cpp - stl-bench command line -------------------------------===//

#include "Options.h"

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
  --scheme FILE      scheme JSON for stl-ref (repeatable); default: built-in
                     Strassen and Strassen (x) Strassen
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
  --list-cases       print the manifest's cases and exit (no GPU needed)
  --help
Exit status: 0 ok, 1 a measurement failed, 2 usage, 77 no GPU.
)";
}

bool parseOptions(int argc, char **argv, Options &out, std::string &error) {
  bool repsGiven = false, warmupGiven = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    size_t eq = arg.find('=');
    bool hasInline = arg.rfind("--", 0) == 0 && eq != std::string::npos;
    if (hasInline) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto next = [&](std::string &v) {
      if (hasInline) {
        v = value;
        return true;
      }
      if (i + 1 >= argc) {
        error = arg + " needs a value";
        return false;
      }
      v = argv[++i];
      return true;
    };
    auto nextInt = [&](int64_t &v) {
      std::string s;
      if (!next(s))
        return false;
      if (!parsePositive(s, v)) {
        error = arg + " needs a positive integer, got '" + s + "'";
        return false;
      }
      return true;
    };
    int64_t n = 0;
    std::string s;
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--shapes") {
      if (!next(s) || !parseShapes(s, out.shapes, error))
        return false;
    } else if (arg == "--quick") {
      out.quick = true;
    } else if (arg == "--manifest") {
      if (!next(out.manifest))
        return false;
    } else if (arg == "--case") {
      if (!next(s))
        return false;
      out.cases.push_back(s);
    } else if (arg == "--kernel-dir") {
      if (!next(out.kernelDir))
        return false;
    } else if (arg == "--scheme") {
      if (!next(s))
        return false;
      out.schemes.push_back(s);
    } else if (arg == "--reps") {
      if (!nextInt(n))
        return false;
      out.reps = static_cast<int>(n);
      repsGiven = true;
    } else if (arg == "--warmup") {
      if (!nextInt(n))
        return false;
      out.warmup = static_cast<int>(n);
      warmupGiven = true;
    } else if (arg == "--budget-s") {
      if (!next(s))
        return false;
      out.budgetSeconds = std::atof(s.c_str());
      if (out.budgetSeconds <= 0) {
        error = "--budget-s needs a positive number";
        return false;
      }
    } else if (arg == "--samples") {
      if (!nextInt(n))
        return false;
      out.sampleBlocks = static_cast<int>(n);
    } else if (arg == "--seed") {
      if (!nextInt(n))
        return false;
      out.seed = static_cast<uint64_t>(n);
    } else if (arg == "--json") {
      if (!next(out.json))
        return false;
    } else if (arg == "--no-ref") {
      out.runRef = false;
    } else if (arg == "--no-generated") {
      out.runGenerated = false;
    } else if (arg == "--list-cases") {
      out.listCases = true;
    } else {
      error = "unknown option '" + arg + "'";
      return false;
    }
  }
  if (out.quick) {
    if (!repsGiven)
      out.reps = 20;
    if (!warmupGiven)
      out.warmup = 3;
  }
  return true;
}

} // namespace bench
} // namespace stl
