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

#include "stl/Scheme/Fit.h"
#include "stl/Scheme/Scheme.h"

#include "SchemeInternal.h"

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace mlir::stl;

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

/// The scheme of factors stored rows x rank (U: mk rows, V: kn, W: mn),
/// named "<prefix>-MxKxN-rR"; an error if the fit diverged.
llvm::Expected<Scheme> schemeFromFactors(const char *prefix, int64_t m,
                                         int64_t k, int64_t n, int64_t rank,
                                         const double *fu, const double *fv,
                                         const double *fw) {
  Scheme s;
  s.name = std::string(prefix) + "-" + std::to_string(m) + "x" +
           std::to_string(k) + "x" + std::to_string(n) + "-r" +
           std::to_string(rank);
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = rank;
  s.u.resize(rank * m * k);
  s.v.resize(rank * k * n);
  for (int64_t l = 0; l < rank; ++l) {
    for (int64_t p = 0; p < m * k; ++p)
      s.u[l * m * k + p] = fu[p * rank + l];
    for (int64_t q = 0; q < k * n; ++q)
      s.v[l * k * n + q] = fv[q * rank + l];
  }
  s.w.assign(fw, fw + m * n * rank); // Already (m*n) x rank.
  if (llvm::Error err = s.validate())
    return llvm::createStringError("fit diverged: " +
                                   llvm::toString(std::move(err)));
  return s;
}

} // namespace

llvm::Expected<Scheme> mlir::stl::fitSchemeALS(int64_t m, int64_t k, int64_t n,
                                               int64_t rank,
                                               unsigned iterations,
                                               uint64_t seed) {
  return fitSchemeALSWithRidge(m, k, n, rank, iterations, seed, kDefaultRidge);
}

llvm::Expected<Scheme> mlir::stl::fitSchemeALSWithRidge(int64_t m, int64_t k,
                                                        int64_t n, int64_t rank,
                                                        unsigned iterations,
                                                        uint64_t seed,
                                                        double lambda) {
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

  return schemeFromFactors("cp-als", m, k, n, rank, fu.data.data(),
                           fv.data.data(), fw.data.data());
}

//===----------------------------------------------------------------------===//
// Levenberg-Marquardt
//===----------------------------------------------------------------------===//
//
// ALS moves one factor at a time and crawls through the "swamps" of CP
// fitting; Levenberg-Marquardt steps all three factors together with the
// Gauss-Newton model, damped where that model is poor, and converges
// quadratically to an exact decomposition where one exists at the rank. The
// Gauss-Newton matrix J^T J is never formed from J: for the CP model its
// blocks are Hadamard products of the factors' Gram matrices (U-U block:
// delta_pp' (V^T V .* W^T W)_ll'; U-V block: U_pl' V_ql (W^T W)_ll'; ...),
// so one step costs O(N^2 + N^3/3) for N = r (mk + kn + mn) parameters.

namespace {

struct LMProblem {
  int64_t sizes[3]; // rows of U, V, W: mk, kn, mn
  int64_t rank;
  std::vector<Entry> entries;
  int64_t offset(int f) const {
    int64_t o = 0;
    for (int g = 0; g < f; ++g)
      o += sizes[g] * rank;
    return o;
  }
  int64_t parameters() const { return offset(3); }
};

/// The residual tensor T_hat - T, dense over (mk) x (kn) x (mn), and its
/// squared norm.
double residual(const LMProblem &pb, const std::vector<double> &x,
                std::vector<double> &res) {
  const int64_t r = pb.rank, s0 = pb.sizes[0], s1 = pb.sizes[1],
                s2 = pb.sizes[2];
  const double *u = &x[pb.offset(0)], *v = &x[pb.offset(1)],
               *w = &x[pb.offset(2)];
  res.assign(s0 * s1 * s2, 0.0);
  for (int64_t p = 0; p < s0; ++p)
    for (int64_t q = 0; q < s1; ++q) {
      double *row = &res[(p * s1 + q) * s2];
      for (int64_t l = 0; l < r; ++l) {
        double uv = u[p * r + l] * v[q * r + l];
        if (uv == 0)
          continue;
        for (int64_t o = 0; o < s2; ++o)
          row[o] += uv * w[o * r + l];
      }
    }
  for (const Entry &e : pb.entries)
    res[(e.index[0] * s1 + e.index[1]) * s2 + e.index[2]] -= 1.0;
  double sum = 0;
  for (double d : res)
    sum += d * d;
  return sum;
}

/// Gram matrix of the factor stored at `f` (rows x rank).
std::vector<double> gramOf(const double *f, int64_t rows, int64_t r) {
  std::vector<double> g(r * r, 0.0);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t a = 0; a < r; ++a)
      for (int64_t b = 0; b < r; ++b)
        g[a * r + b] += f[i * r + a] * f[i * r + b];
  return g;
}

/// Builds J^T J (dense, N x N) and J^T res.
void normalEquations(const LMProblem &pb, const std::vector<double> &x,
                     const std::vector<double> &res, std::vector<double> &a,
                     std::vector<double> &g) {
  const int64_t r = pb.rank, n = pb.parameters();
  const int64_t *sz = pb.sizes;
  const double *f[3] = {&x[pb.offset(0)], &x[pb.offset(1)], &x[pb.offset(2)]};
  std::vector<double> gram[3];
  for (int i = 0; i < 3; ++i)
    gram[i] = gramOf(f[i], sz[i], r);
  a.assign(n * n, 0.0);
  g.assign(n, 0.0);
  // Gradient: g_F[i][l] = sum over the other two indices of res * product.
  for (int64_t p = 0; p < sz[0]; ++p)
    for (int64_t q = 0; q < sz[1]; ++q)
      for (int64_t o = 0; o < sz[2]; ++o) {
        double d = res[(p * sz[1] + q) * sz[2] + o];
        if (d == 0)
          continue;
        for (int64_t l = 0; l < r; ++l) {
          double fu = f[0][p * r + l], fv = f[1][q * r + l],
                 fw = f[2][o * r + l];
          g[pb.offset(0) + p * r + l] += d * fv * fw;
          g[pb.offset(1) + q * r + l] += d * fu * fw;
          g[pb.offset(2) + o * r + l] += d * fu * fv;
        }
      }
  // Diagonal blocks: delta_ii' (G_other1 .* G_other2)_ll'.
  for (int fi = 0; fi < 3; ++fi) {
    const std::vector<double> &g1 = gram[(fi + 1) % 3],
                              &g2 = gram[(fi + 2) % 3];
    for (int64_t i = 0; i < sz[fi]; ++i)
      for (int64_t l = 0; l < r; ++l)
        for (int64_t l2 = 0; l2 < r; ++l2) {
          int64_t row = pb.offset(fi) + i * r + l;
          a[row * n + pb.offset(fi) + i * r + l2] =
              g1[l * r + l2] * g2[l * r + l2];
        }
  }
  // Off-diagonal blocks (fi < fj, third factor ft):
  // A[(fi,i,l),(fj,j,l')] = F_fi[i][l'] F_fj[j][l] G_ft[l][l'].
  for (int fi = 0; fi < 3; ++fi)
    for (int fj = fi + 1; fj < 3; ++fj) {
      int ft = 3 - fi - fj;
      for (int64_t i = 0; i < sz[fi]; ++i)
        for (int64_t j = 0; j < sz[fj]; ++j)
          for (int64_t l = 0; l < r; ++l)
            for (int64_t l2 = 0; l2 < r; ++l2) {
              double value =
                  f[fi][i * r + l2] * f[fj][j * r + l] * gram[ft][l * r + l2];
              int64_t row = pb.offset(fi) + i * r + l;
              int64_t col = pb.offset(fj) + j * r + l2;
              a[row * n + col] = value;
              a[col * n + row] = value;
            }
    }
}

/// One restart: LM from a random point; returns the relative squared error.
double runLM(const LMProblem &pb, std::vector<double> &x, unsigned iterations,
             double normT2, const FitProgress &progress, unsigned restart) {
  const int64_t n = pb.parameters();
  std::vector<double> res, a, g, step(n), trial(n), trialRes;
  double f = residual(pb, x, res);
  double mu = -1;
  for (unsigned it = 0; it < iterations && f / normT2 > 1e-30; ++it) {
    normalEquations(pb, x, res, a, g);
    if (mu < 0) {
      double maxDiag = 0;
      for (int64_t i = 0; i < n; ++i)
        maxDiag = std::max(maxDiag, a[i * n + i]);
      mu = 1e-3 * std::max(maxDiag, 1.0);
    }
    bool accepted = false;
    while (!accepted && mu < 1e12) {
      std::vector<double> damped = a;
      for (int64_t i = 0; i < n; ++i)
        damped[i * n + i] += mu;
      cholesky(damped, n);
      for (int64_t i = 0; i < n; ++i)
        step[i] = -g[i];
      choleskySolve(damped, n, step.data());
      for (int64_t i = 0; i < n; ++i)
        trial[i] = x[i] + step[i];
      double ft = residual(pb, trial, trialRes);
      if (std::isfinite(ft) && ft < f) {
        x.swap(trial);
        res.swap(trialRes);
        f = ft;
        mu = std::max(mu / 3.0, 1e-15);
        accepted = true;
      } else {
        mu *= 4.0;
      }
    }
    if (progress)
      progress(restart, it + 1, f / normT2);
    if (!accepted)
      break; // No descent at any damping: a stationary point.
  }
  return f / normT2;
}

} // namespace

llvm::Expected<Scheme> mlir::stl::fitSchemeLM(int64_t m, int64_t k, int64_t n,
                                              int64_t rank,
                                              const FitOptions &options,
                                              double *bestError) {
  constexpr int64_t kMaxLMParameters = 2048;
  for (auto [name, value] :
       {std::pair<const char *, int64_t>{"m", m}, {"k", k}, {"n", n}})
    if (value <= 0 || value > 16)
      return llvm::createStringError("fit: %s must be in [1, 16], got %lld",
                                     name, static_cast<long long>(value));
  if (rank <= 0 || rank * (m * k + k * n + m * n) > kMaxLMParameters)
    return llvm::createStringError(
        "fit: Levenberg-Marquardt needs 1 <= rank*(mk+kn+mn) <= %lld, got "
        "rank %lld",
        static_cast<long long>(kMaxLMParameters), static_cast<long long>(rank));
  if (options.restarts == 0)
    return llvm::createStringError("fit: restarts must be at least 1");
  LMProblem pb{{m * k, k * n, m * n}, rank, {}};
  for (int64_t a = 0; a < m; ++a)
    for (int64_t b = 0; b < k; ++b)
      for (int64_t c = 0; c < n; ++c)
        pb.entries.push_back({{a * k + b, b * n + c, a * n + c}});
  const double normT2 = static_cast<double>(m * k * n);
  SplitMix64 rng(options.seed);
  std::vector<double> best;
  double bestErr = std::numeric_limits<double>::infinity();
  for (unsigned restart = 0; restart < options.restarts; ++restart) {
    std::vector<double> x(pb.parameters());
    for (double &c : x)
      c = rng.uniform();
    double err =
        runLM(pb, x, options.iterations, normT2, options.progress, restart + 1);
    if (err < bestErr) {
      bestErr = err;
      best = x;
    }
    if (bestErr <= options.stopBelow)
      break;
  }
  if (bestError)
    *bestError = bestErr;
  return schemeFromFactors("lm", m, k, n, rank, &best[pb.offset(0)],
                           &best[pb.offset(1)], &best[pb.offset(2)]);
}
