//===- Reference.h - fp64 references on sampled entries ---------*- C++ -*-===//
//
// Errors are measured on a sample: a few blocks of m consecutive rows and n
// consecutive columns of Y (so every sampled entry belongs to a complete STL
// output tile). The host copies only the rows of X and the columns of W those
// entries need, and computes in fp64 from the values actually on the device
// (after rounding to bf16/f16):
//   - the dense reference X.W (the reference of cuBLAS and exact schemes),
//   - the STL operator of a scheme (the reference of approximate schemes).
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_REFERENCE_H
#define STL_BENCH_REFERENCE_H

#include "stl/SchemeCore/SchemeCore.h"

#include <cstdint>
#include <vector>

namespace stl {
namespace bench {

using core::checkBrent;
using core::Scheme;

struct Sample {
  int64_t M = 0, K = 0, N = 0;
  int blockRows = 1, blockCols = 1; // m and n of the tiles sampled
  std::vector<int64_t> rowBlocks;   // sampled I (row-block indices)
  std::vector<int64_t> colBlocks;   // sampled L (column-block indices)
  std::vector<float> x; // rows() x K: the sampled rows of X, in order
  std::vector<float> w; // K x cols(): the sampled columns of W, row-major

  int64_t rows() const {
    return static_cast<int64_t>(rowBlocks.size()) * blockRows;
  }
  int64_t cols() const {
    return static_cast<int64_t>(colBlocks.size()) * blockCols;
  }
  /// Row of Y (and X) of sampled row r.
  int64_t rowIndex(int64_t r) const {
    return rowBlocks[r / blockRows] * blockRows + r % blockRows;
  }
  /// Column of Y (and W) of sampled column c.
  int64_t colIndex(int64_t c) const {
    return colBlocks[c / blockCols] * blockCols + c % blockCols;
  }
};

/// Chooses up to `count` row blocks of `blockRows` rows among M / blockRows
/// and as many column blocks: always the first and the last, the others
/// pseudo-randomly from `seed`. Leaves x and w empty.
Sample planSample(int64_t M, int64_t K, int64_t N, int blockRows, int blockCols,
                  int count, uint64_t seed);

/// (X.W) at the sampled entries, rows() x cols(), in fp64.
std::vector<double> denseReference(const Sample &s);

/// The STL operator of `scheme` (docs/stl-operator.md) at the sampled
/// entries in fp64. Needs blockRows == scheme.m, blockCols == scheme.n and
/// K % scheme.k == 0.
std::vector<double> stlReference(const Sample &s, const Scheme &scheme);

struct ErrorStats {
  double relativeFrobenius = 0; // ||got - ref||_2 / ||ref||_2 over entries
  double maxAbs = 0;            // max |got - ref|
  double refRms = 0;            // RMS of the reference (scale of the values)
  int64_t count = 0;            // entries compared
  int64_t nonFinite = 0;        // NaN/Inf in `got`
};

ErrorStats compareToReference(const std::vector<double> &ref,
                              const std::vector<float> &got);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_REFERENCE_H
