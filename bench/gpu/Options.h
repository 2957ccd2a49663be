//===- Options.h - stl-bench command line -----------------------*- C++ -*-===//

#ifndef STL_BENCH_OPTIONS_H
#define STL_BENCH_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

namespace stl {
namespace bench {

struct Shape {
  int64_t M = 0, K = 0, N = 0;
  bool operator==(const Shape &o) const {
    return M == o.M && K == o.K && N == o.N;
  }
  std::string str() const;
};

struct Options {
  std::vector<Shape> shapes;        // empty: defaults (or --quick's)
  std::string manifest;             // compiled cases (stl-gen)
  std::vector<std::string> cases;   // restrict to these manifest cases
  std::string kernelDir;            // where libstlk_*.so live
  std::vector<std::string> schemes; // scheme files for stl-ref
  int reps = 30;
  int warmup = 5;
  double budgetSeconds = 10.0;
  int sampleBlocks = 8;
  uint64_t seed = 20250312;
  std::string json;
  bool quick = false;
  bool runRef = true;
  bool runGenerated = true;
  bool graph = false; // also time stl-gen stages replayed as CUDA graphs
  /// Write a buffer larger than L2 before every timed sample (Timing.h).
  bool l2Flush = true;
  bool listCases = false;
  bool help = false;
};

/// Parses argv; on error returns false with a message.
bool parseOptions(int argc, char **argv, Options &out, std::string &error);
/// Shapes of a comma-separated list of "S" (S x S x S) or "MxKxN" items.
bool parseShapes(const std::string &text, std::vector<Shape> &out,
                 std::string &error);
/// The shapes to run when --shapes is not given.
std::vector<Shape> defaultShapes(bool quick);
std::string usage();

} // namespace bench
} // namespace stl

#endif // STL_BENCH_OPTIONS_H
