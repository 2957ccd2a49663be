//===- BrentTest.cpp - checkBrent and the naive scheme --------------------===//

#include "stl/Scheme/Scheme.h"

#include "gtest/gtest.h"

#include <cmath>
#include <tuple>

using namespace mlir::stl;

namespace {

TEST(Brent, NaiveSchemesAreExact) {
  for (auto [m, k, n] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1},
                         {2, 2, 2},
                         {1, 2, 3},
                         {3, 2, 1},
                         {2, 3, 4},
                         {4, 4, 4},
                         {5, 1, 3}}) {
    Scheme s = getNaiveScheme(m, k, n);
    ASSERT_FALSE(static_cast<bool>(s.validate()));
    EXPECT_EQ(s.rank, m * k * n);
    EXPECT_DOUBLE_EQ(s.multiplyRatio(), 1.0);
    EXPECT_TRUE(s.hasIntegerCoefficients());
    BrentReport report = checkBrent(s);
    EXPECT_TRUE(report.exact) << s.name;
    EXPECT_EQ(report.maxResidual, 0.0) << s.name;
    EXPECT_EQ(report.relativeError, 0.0) << s.name;
  }
}

TEST(Brent, NaiveName) {
  EXPECT_EQ(getNaiveScheme(2, 3, 4).name, "naive-2x3x4");
}

// Perturbing one coefficient by e changes exactly the tensor entries that
// coefficient touches; for the naive scheme that is one entry, so the
// residual is e and the relative error e / sqrt(mkn).
TEST(Brent, PerturbationIsMeasured) {
  Scheme s = getNaiveScheme(2, 3, 2);
  s.w[0] += 0.25; // C[0][0] gains 0.25 * p_0 = 0.25 * A[0][0] B[0][0].
  BrentReport report = checkBrent(s);
  EXPECT_FALSE(report.exact);
  EXPECT_DOUBLE_EQ(report.maxResidual, 0.25);
  EXPECT_NEAR(report.relativeError, 0.25 / std::sqrt(12.0), 1e-15);
}

TEST(Brent, ToleranceDecidesExactness) {
  Scheme s = getNaiveScheme(2, 2, 2);
  s.u[0] += 1e-9;
  EXPECT_FALSE(checkBrent(s).exact);
  EXPECT_TRUE(checkBrent(s, 1e-6).exact);
}

TEST(Brent, DroppingProductsGivesSqrtOfMissingFraction) {
  // Zeroing the decoder of d products of the naive scheme removes d unit
  // entries of the tensor.
  Scheme s = getNaiveScheme(3, 3, 3);
  for (int64_t l = 0; l < 10; ++l)
    for (int64_t o = 0; o < 9; ++o)
      s.w[o * s.rank + l] = 0;
  BrentReport report = checkBrent(s);
  EXPECT_DOUBLE_EQ(report.maxResidual, 1.0);
  EXPECT_NEAR(report.relativeError, std::sqrt(10.0 / 27.0), 1e-15);
}

TEST(Brent, MalformedSchemeIsNotExact) {
  Scheme s = getNaiveScheme(2, 2, 2);
  s.v.pop_back();
  BrentReport report = checkBrent(s);
  EXPECT_FALSE(report.exact);
  EXPECT_TRUE(std::isinf(report.maxResidual));
}

TEST(Scheme, HasIntegerCoefficients) {
  Scheme s = getNaiveScheme(2, 2, 2);
  EXPECT_TRUE(s.hasIntegerCoefficients());
  s.v[3] = -2;
  EXPECT_TRUE(s.hasIntegerCoefficients());
  s.w[5] = 0.5;
  EXPECT_FALSE(s.hasIntegerCoefficients());
}

TEST(Scheme, ValidateNamesTheField) {
  Scheme s = getNaiveScheme(2, 2, 2);
  s.u.pop_back();
  EXPECT_NE(llvm::toString(s.validate()).find("'u'"), std::string::npos);

  s = getNaiveScheme(2, 2, 2);
  s.w[3] = std::nan("");
  EXPECT_NE(llvm::toString(s.validate()).find("'w'"), std::string::npos);

  s = getNaiveScheme(2, 2, 2);
  s.k = 0;
  EXPECT_NE(llvm::toString(s.validate()).find("'k'"), std::string::npos);

  s = getNaiveScheme(2, 2, 2);
  s.name.clear();
  EXPECT_NE(llvm::toString(s.validate()).find("'name'"), std::string::npos);
}

} // namespace
