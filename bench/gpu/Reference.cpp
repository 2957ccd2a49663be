//===- Reference.cpp - fp64 references on sampled entries -----------------===//

#include "Reference.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace stl {
namespace bench {

namespace {

uint64_t splitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::vector<int64_t> chooseBlocks(int64_t total, int count, uint64_t &state) {
  std::set<int64_t> chosen;
  if (total <= count) {
    for (int64_t i = 0; i < total; ++i)
      chosen.insert(i);
  } else {
    // The edges catch indexing bugs at borders; the rest is random.
    chosen.insert(0);
    chosen.insert(total - 1);
    while (static_cast<int>(chosen.size()) < count)
      chosen.insert(static_cast<int64_t>(splitMix64(state) %
                                         static_cast<uint64_t>(total)));
  }
  return std::vector<int64_t>(chosen.begin(), chosen.end());
}

} // namespace

Sample planSample(int64_t M, int64_t K, int64_t N, int blockRows, int blockCols,
                  int count, uint64_t seed) {
  Sample s;
  s.M = M;
  s.K = K;
  s.N = N;
  s.blockRows = blockRows;
  s.blockCols = blockCols;
  uint64_t state = seed;
  s.rowBlocks = chooseBlocks(M / blockRows, count, state);
  s.colBlocks = chooseBlocks(N / blockCols, count, state);
  return s;
}

std::vector<double> denseReference(const Sample &s) {
  int64_t rows = s.rows(), cols = s.cols();
  std::vector<double> y(static_cast<size_t>(rows * cols), 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const float *xRow = &s.x[static_cast<size_t>(r * s.K)];
    double *yRow = &y[static_cast<size_t>(r * cols)];
    for (int64_t kk = 0; kk < s.K; ++kk) {
      double xv = xRow[kk];
      const float *wRow = &s.w[static_cast<size_t>(kk * cols)];
      for (int64_t c = 0; c < cols; ++c)
        yRow[c] += xv * static_cast<double>(wRow[c]);
    }
  }
  return y;
}

std::vector<double> stlReference(const Sample &s, const Scheme &scheme) {
  const int m = scheme.m, k = scheme.k, n = scheme.n, r = scheme.rank;
  const int64_t tilesJ = s.K / k;
  const int64_t rowBlocks = static_cast<int64_t>(s.rowBlocks.size());
  const int64_t colBlocks = static_cast<int64_t>(s.colBlocks.size());
  const int64_t cols = s.cols();

  // xhat[ib][l][J] = sum_{a,b} U[l,a,b] X[I m + a, J k + b]
  std::vector<double> xhat(static_cast<size_t>(rowBlocks * r * tilesJ), 0.0);
  for (int64_t ib = 0; ib < rowBlocks; ++ib)
    for (int l = 0; l < r; ++l)
      for (int64_t J = 0; J < tilesJ; ++J) {
        double acc = 0;
        for (int a = 0; a < m; ++a)
          for (int b = 0; b < k; ++b)
            acc += scheme.uAt(l, a, b) *
                   s.x[static_cast<size_t>((ib * m + a) * s.K + J * k + b)];
        xhat[static_cast<size_t>((ib * r + l) * tilesJ + J)] = acc;
      }
  // what[jb][l][J] = sum_{b,c} V[l,b,c] W[J k + b, L n + c]
  std::vector<double> what(static_cast<size_t>(colBlocks * r * tilesJ), 0.0);
  for (int64_t jb = 0; jb < colBlocks; ++jb)
    for (int l = 0; l < r; ++l)
      for (int64_t J = 0; J < tilesJ; ++J) {
        double acc = 0;
        for (int b = 0; b < k; ++b)
          for (int c = 0; c < n; ++c)
            acc += scheme.vAt(l, b, c) *
                   s.w[static_cast<size_t>((J * k + b) * cols + jb * n + c)];
        what[static_cast<size_t>((jb * r + l) * tilesJ + J)] = acc;
      }
  // P[l] = sum_J xhat what; Y[I m + a, L n + c] = sum_l D[a,c,l] P[l]
  std::vector<double> y(static_cast<size_t>(s.rows() * cols), 0.0);
  std::vector<double> p(static_cast<size_t>(r));
  for (int64_t ib = 0; ib < rowBlocks; ++ib)
    for (int64_t jb = 0; jb < colBlocks; ++jb) {
      for (int l = 0; l < r; ++l) {
        const double *xl = &xhat[static_cast<size_t>((ib * r + l) * tilesJ)];
        const double *wl = &what[static_cast<size_t>((jb * r + l) * tilesJ)];
        double acc = 0;
        for (int64_t J = 0; J < tilesJ; ++J)
          acc += xl[J] * wl[J];
        p[l] = acc;
      }
      for (int a = 0; a < m; ++a)
        for (int c = 0; c < n; ++c) {
          double acc = 0;
          for (int l = 0; l < r; ++l)
            acc += scheme.wAt(a, c, l) * p[l];
          y[static_cast<size_t>((ib * m + a) * cols + jb * n + c)] = acc;
        }
    }
  return y;
}

ErrorStats compareToReference(const std::vector<double> &ref,
                              const std::vector<float> &got) {
  ErrorStats e;
  double diff2 = 0, ref2 = 0;
  size_t n = std::min(ref.size(), got.size());
  for (size_t i = 0; i < n; ++i) {
    double g = got[i];
    if (!std::isfinite(g)) {
      ++e.nonFinite;
      continue;
    }
    double d = g - ref[i];
    diff2 += d * d;
    ref2 += ref[i] * ref[i];
    e.maxAbs = std::max(e.maxAbs, std::fabs(d));
  }
  e.count = static_cast<int64_t>(n);
  e.relativeFrobenius = ref2 > 0 ? std::sqrt(diff2 / ref2) : std::sqrt(diff2);
  e.refRms = n ? std::sqrt(ref2 / static_cast<double>(n)) : 0;
  if (e.nonFinite)
    e.relativeFrobenius = NAN; // a NaN in the output is never "accurate"
  return e;
}

} // namespace bench
} // namespace stl
