//===- Fit.cpp - Approximate schemes by CP-ALS ----------------------------===//
//
// Low-rank schemes below the tensor rank (e.g. <4,4,4> with 24 products)
// cannot be exact; the best one can do is a least-squares fit of the
// matrix-multiplication tensor. Alternating least squares is the textbook
// method: fixing two factors makes the third a linear least-squares problem.
//
// Determinism matters more than quality here: the fit backs a library name
// that the dialect resolves when it parses IR, so the same arguments must
// always give the same scheme. Hence a self-contained PRNG (splitmix64),
// only correctly rounded IEEE operations (+, *, /, sqrt) and no contraction
// into fused multiply-adds (see CMakeLists.txt): a few hundred ALS sweeps
// amplify a difference in the last bit.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeInternal.h"

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

using namespace stl;

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and identical on every
/// platform, unlike std:: distributions.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [-1, 1) with 53 random bits.
  double uniform() {
    return static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0;
  }

private:
  uint64_t state;
};

/// Cube root of y > 0 by Newton's method: libm's cbrt is not correctly
/// rounded and may differ between C libraries, which would change the fit.
double cubeRoot(double y) {
  int exponent;
  (void)std::frexp(y, &exponent); // Exact: y = f * 2^exponent, f in [.5, 1).
  // 2^floor(exponent/3) is within a factor 4 of the root, and Newton's
  // iteration for x^3 = y converges from any positive start.
  int third = exponent >= 0 ? exponent / 3 : -((2 - exponent) / 3);
  double x = std::ldexp(1.0, third);
  // Bounded: near the root the iterate may alternate between neighbours.
  for (int i = 0; i < 100; ++i) {
    double next = (2.0 * x + y / (x * x)) / 3.0;
    if (next == x)
      break;
    x = next;
  }
  return x;
}

/// A factor matrix stored rows x rank, row-major.
struct Factor {
  int64_t rows, rank;
  std::vector<double> data;
  double *row(int64_t i) { return &data[i * rank]; }
  const double *row(int64_t i) const { return &data[i * rank]; }
};

/// Gram matrix F^T F (rank x rank).
std::vector<double> gram(const Factor &f) {
  std::vector<double> g(f.rank * f.rank, 0.0);
  for (int64_t i = 0; i < f.rows; ++i) {
    const double *x = f.row(i);
    for (int64_t a = 0; a < f.rank; ++a)
      for (int64_t b = 0; b < f.rank; ++b)
        g[a * f.rank + b] += x[a] * x[b];
  }
  return g;
}

/// In-place Cholesky factorization of an SPD matrix (lower triangle).
void cholesky(std::vector<double> &g, int64_t r) {
  for (int64_t j = 0; j < r; ++j) {
    double d = g[j * r + j];
    for (int64_t p = 0; p < j; ++p)
      d -= g[j * r + p] * g[j * r + p];
    // The regularization keeps d > 0; guard anyway so a degenerate fit stays
    // finite instead of producing NaNs.
    d = std::sqrt(d > 1e-300 ? d : 1e-300);
    g[j * r + j] = d;
    for (int64_t i = j + 1; i < r; ++i) {
      double x = g[i * r + j];
      for (int64_t p = 0; p < j; ++p)
        x -= g[i * r + p] * g[j * r + p];
      g[i * r + j] = x / d;
    }
  }
}

void choleskySolve(const std::vector<double> &l, int64_t r, double *x) {
  for (int64_t i = 0; i < r; ++i) {
    for (int64_t p = 0; p < i; ++p)
      x[i] -= l[i * r + p] * x[p];
    x[i] /= l[i * r + i];
  }
  for (int64_t i = r - 1; i >= 0; --i) {
    for (int64_t p = i + 1; p < r; ++p)
      x[i] -= l[p * r + i] * x[p];
    x[i] /= l[i * r + i];
  }
}

/// One nonzero T[p][q][o] = 1 of the matrix-multiplication tensor.
struct Entry {
  int64_t index[3];
};

/// Solves for factor `mode` with the other two fixed: for each row i,
/// ((F1^T F1) .* (F2^T F2) + lambda I) x_i = sum_{entries at i} F1[.] .* F2[.].
void updateFactor(Factor *factors[3], int mode, llvm::ArrayRef<Entry> entries,
                  double lambda) {
  Factor &target = *factors[mode];
  const Factor &f1 = *factors[(mode + 1) % 3];
  const Factor &f2 = *factors[(mode + 2) % 3];
  const int64_t r = target.rank;
  std::vector<double> g1 = gram(f1), g2 = gram(f2);
  std::vector<double> g(r * r);
  for (int64_t i = 0; i < r * r; ++i)
    g[i] = g1[i] * g2[i];
  for (int64_t i = 0; i < r; ++i)
    g[i * r + i] += lambda;
  cholesky(g, r);
  std::fill(target.data.begin(), target.data.end(), 0.0);
  for (const Entry &e : entries) {
    double *x = target.row(e.index[mode]);
    const double *y = f1.row(e.index[(mode + 1) % 3]);
    const double *z = f2.row(e.index[(mode + 2) % 3]);
    for (int64_t l = 0; l < r; ++l)
      x[l] += y[l] * z[l];
  }
  for (int64_t i = 0; i < target.rows; ++i)
    choleskySolve(g, r, target.row(i));
}

} // namespace

llvm::Expected<Scheme> stl::fitSchemeALS(int64_t m, int64_t k, int64_t n,
                                         int64_t rank, unsigned iterations,
                                         uint64_t seed) {
  return fitSchemeALSWithRidge(m, k, n, rank, iterations, seed, kDefaultRidge);
}

llvm::Expected<Scheme>
stl::fitSchemeALSWithRidge(int64_t m, int64_t k, int64_t n, int64_t rank,
                           unsigned iterations, uint64_t seed, double lambda) {
  // The fit works on the dense factors of a (mk) x (kn) x (mn) tensor; keep
  // it to tiles where that is cheap.
  constexpr int64_t kMaxFitDim = 16, kMaxFitRank = 4096;
  for (auto [name, value] :
       {std::pair<const char *, int64_t>{"m", m}, {"k", k}, {"n", n}})
    if (value <= 0 || value > kMaxFitDim)
      return llvm::createStringError("fit: %s must be in [1, %lld], got %lld",
                                     name, static_cast<long long>(kMaxFitDim),
                                     static_cast<long long>(value));
  if (rank <= 0 || rank > kMaxFitRank)
    return llvm::createStringError("fit: rank must be in [1, %lld], got %lld",
                                   static_cast<long long>(kMaxFitRank),
                                   static_cast<long long>(rank));

  std::vector<Entry> entries;
  for (int64_t a = 0; a < m; ++a)
    for (int64_t b = 0; b < k; ++b)
      for (int64_t c = 0; c < n; ++c)
        entries.push_back({{a * k + b, b * n + c, a * n + c}});

  SplitMix64 rng(seed);
  Factor fu{m * k, rank, {}}, fv{k * n, rank, {}}, fw{m * n, rank, {}};
  for (Factor *f : {&fu, &fv, &fw}) {
    f->data.resize(f->rows * rank);
    for (double &x : f->data)
      x = rng.uniform();
  }
  Factor *factors[3] = {&fu, &fv, &fw};
  for (unsigned it = 0; it < iterations; ++it)
    for (int mode = 0; mode < 3; ++mode)
      updateFactor(factors, mode, entries, lambda);

  // Balance each product's three factors to equal norm so that encoded
  // operands have comparable magnitude (matters for 16-bit operands).
  for (int64_t l = 0; l < rank; ++l) {
    double norms[3];
    for (int f = 0; f < 3; ++f) {
      double sum = 0;
      for (int64_t i = 0; i < factors[f]->rows; ++i)
        sum += factors[f]->row(i)[l] * factors[f]->row(i)[l];
      norms[f] = std::sqrt(sum);
    }
    if (norms[0] == 0 || norms[1] == 0 || norms[2] == 0)
      continue;
    double target = cubeRoot(norms[0] * norms[1] * norms[2]);
    for (int f = 0; f < 3; ++f)
      for (int64_t i = 0; i < factors[f]->rows; ++i)
        factors[f]->row(i)[l] *= target / norms[f];
  }

  Scheme s;
  s.name = "cp-als-" + std::to_string(m) + "x" + std::to_string(k) + "x" +
           std::to_string(n) + "-r" + std::to_string(rank);
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = rank;
  s.u.resize(rank * m * k);
  s.v.resize(rank * k * n);
  for (int64_t l = 0; l < rank; ++l) {
    for (int64_t p = 0; p < m * k; ++p)
      s.u[l * m * k + p] = fu.row(p)[l];
    for (int64_t q = 0; q < k * n; ++q)
      s.v[l * k * n + q] = fv.row(q)[l];
  }
  s.w = fw.data; // Already (m*n) x rank.
  if (llvm::Error err = s.validate())
    return llvm::createStringError("fit diverged: " +
                                   llvm::toString(std::move(err)));
  return s;
}
