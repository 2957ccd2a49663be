//===- ComposeTest.cpp - Kronecker products of schemes --------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeTestUtil.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir::stl;

namespace {

/// Applies the bilinear algorithm to concrete tiles.
std::vector<double> apply(const Scheme &s, const std::vector<double> &a,
                          const std::vector<double> &b) {
  std::vector<double> c(s.m * s.n, 0.0);
  for (int64_t l = 0; l < s.rank; ++l) {
    double x = 0, y = 0;
    for (int64_t i = 0; i < s.m * s.k; ++i)
      x += s.u[l * s.m * s.k + i] * a[i];
    for (int64_t i = 0; i < s.k * s.n; ++i)
      y += s.v[l * s.k * s.n + i] * b[i];
    for (int64_t o = 0; o < s.m * s.n; ++o)
      c[o] += s.w[o * s.rank + l] * x * y;
  }
  return c;
}

void expectComposedExact(const Scheme &a, const Scheme &b) {
  Scheme c = compose(a, b);
  ASSERT_FALSE(static_cast<bool>(c.validate())) << c.name;
  EXPECT_EQ(c.m, a.m * b.m);
  EXPECT_EQ(c.k, a.k * b.k);
  EXPECT_EQ(c.n, a.n * b.n);
  EXPECT_EQ(c.rank, a.rank * b.rank);
  BrentReport report = checkBrent(c);
  EXPECT_TRUE(report.exact) << c.name << " residual " << report.maxResidual;
  EXPECT_LE(report.maxResidual, 1e-12) << c.name;
}

TEST(Compose, StrassenTimesStrassen) {
  Scheme s = lookupOrFail("strassen");
  expectComposedExact(s, s);
  Scheme c = compose(s, s);
  EXPECT_EQ(c.name, "strassen*strassen");
  EXPECT_TRUE(c.hasIntegerCoefficients());
}

TEST(Compose, MixedTiles) {
  expectComposedExact(lookupOrFail("strassen"), getNaiveScheme(1, 2, 3));
  expectComposedExact(getNaiveScheme(1, 2, 3), lookupOrFail("strassen"));
  expectComposedExact(lookupOrFail("hopcroft-kerr"), lookupOrFail("winograd"));
  expectComposedExact(lookupOrFail("laderman"), getNaiveScheme(2, 1, 1));
  expectComposedExact(getNaiveScheme(2, 1, 3), getNaiveScheme(1, 3, 2));
}

// The Brent check says the tensor is right; this also checks the blocked
// layout convention by multiplying actual matrices.
TEST(Compose, MultipliesMatrices) {
  Scheme c = compose(lookupOrFail("strassen"), getNaiveScheme(1, 2, 3));
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> dist(-1, 1);
  std::vector<double> a(c.m * c.k), b(c.k * c.n);
  for (double &x : a)
    x = dist(gen);
  for (double &x : b)
    x = dist(gen);
  std::vector<double> got = apply(c, a, b);
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t q = 0; q < c.n; ++q) {
      double want = 0;
      for (int64_t j = 0; j < c.k; ++j)
        want += a[i * c.k + j] * b[j * c.n + q];
      EXPECT_NEAR(got[i * c.n + q], want, 1e-12);
    }
}

TEST(Compose, ApproximateStaysApproximate) {
  Scheme c =
      compose(lookupOrFail("strassen"), lookupOrFail("truncated-4x4x4-r24"));
  EXPECT_FALSE(checkBrent(c).exact);
}

} // namespace
