//===- FitTest.cpp - CP-ALS approximate schemes ---------------------------===//

#include "stl/Scheme/Fit.h"
#include "stl/Scheme/Scheme.h"

#include "SchemeTestUtil.h"

#include "gtest/gtest.h"

using namespace mlir::stl;

namespace {

TEST(Fit, Deterministic) {
  llvm::Expected<Scheme> a = fitSchemeALS(2, 2, 2, 5, 50, 42);
  llvm::Expected<Scheme> b = fitSchemeALS(2, 2, 2, 5, 50, 42);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->u, b->u);
  EXPECT_EQ(a->v, b->v);
  EXPECT_EQ(a->w, b->w);
  llvm::Expected<Scheme> c = fitSchemeALS(2, 2, 2, 5, 50, 43);
  ASSERT_TRUE(static_cast<bool>(c));
  EXPECT_NE(a->u, c->u);
}

TEST(Fit, ShapeAndName) {
  llvm::Expected<Scheme> s = fitSchemeALS(2, 3, 4, 10, 20, 1);
  ASSERT_TRUE(static_cast<bool>(s));
  EXPECT_FALSE(static_cast<bool>(s->validate()));
  EXPECT_EQ(s->name, "cp-als-2x3x4-r10");
  EXPECT_EQ(s->rank, 10);
}

// With enough products the tensor is reachable (rank 8 suffices for
// <2,2,2>); ALS should get close even though the ridge term keeps it from
// being exact.
TEST(Fit, FullRankFitsWell) {
  llvm::Expected<Scheme> s = fitSchemeALS(2, 2, 2, 8, 300, 3);
  ASSERT_TRUE(static_cast<bool>(s));
  EXPECT_LT(checkBrent(*s).relativeError, 0.05);
}

// The shipped rank-24 <4,4,4> fit must beat keeping 24 of the 64 classical
// products (relative error sqrt(40/64) = 0.79); CP-ALS fits are quoted at a
// relative squared error near 0.52, and this one reaches 0.51.
TEST(Fit, LibraryFitBeatsTruncation) {
  Scheme s = lookupOrFail("cp-als-4x4x4-r24");
  BrentReport report = checkBrent(s);
  EXPECT_FALSE(report.exact);
  EXPECT_GT(report.relativeError, 0.70);
  EXPECT_LT(report.relativeError, 0.72);
  EXPECT_FALSE(s.hasIntegerCoefficients());
}

TEST(Fit, RejectsBadArguments) {
  EXPECT_NE(errorOf(fitSchemeALS(0, 2, 2, 4, 1, 1)).find("m must"),
            std::string::npos);
  EXPECT_NE(errorOf(fitSchemeALS(2, -1, 2, 4, 1, 1)).find("k must"),
            std::string::npos);
  EXPECT_NE(errorOf(fitSchemeALS(2, 2, 2000, 4, 1, 1)).find("n must"),
            std::string::npos);
  EXPECT_NE(errorOf(fitSchemeALS(2, 2, 2, 0, 1, 1)).find("rank must"),
            std::string::npos);
}

// Levenberg-Marquardt finds an exact <2,2,2;7> (a Strassen-like scheme)
// from random starts, to round-off; plain ALS does not reliably.
TEST(FitLM, RecoversAnExactRankSevenScheme) {
  FitOptions options;
  options.seed = 1;
  options.restarts = 5;
  options.iterations = 300;
  double best = 1;
  llvm::Expected<Scheme> s = fitSchemeLM(2, 2, 2, 7, options, &best);
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  BrentReport report = checkBrent(*s);
  EXPECT_LE(report.maxResidual, 1e-10);
  EXPECT_TRUE(checkBrent(*s, 1e-10).exact);
  EXPECT_LE(best, 1e-20);
  EXPECT_EQ(s->rank, 7);
}

TEST(FitLM, DeterministicWithProgress) {
  FitOptions options;
  options.seed = 9;
  options.restarts = 2;
  options.iterations = 20;
  options.stopBelow = 0; // run both restarts
  unsigned calls = 0, lastRestart = 0;
  options.progress = [&](unsigned restart, unsigned step, double error) {
    ++calls;
    lastRestart = restart;
    EXPECT_GE(step, 1u);
    EXPECT_GE(error, 0.0);
  };
  llvm::Expected<Scheme> a = fitSchemeLM(2, 2, 3, 8, options);
  llvm::Expected<Scheme> b = fitSchemeLM(2, 2, 3, 8, options);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->u, b->u);
  EXPECT_EQ(a->w, b->w);
  EXPECT_GT(calls, 0u);
  EXPECT_EQ(lastRestart, 2u);
}

// Below the border rank (7 for <2,2,2>) no fit can get close.
TEST(FitLM, BelowBorderRankStaysApproximate) {
  FitOptions options;
  options.seed = 3;
  options.restarts = 2;
  options.iterations = 100;
  double best = 0;
  llvm::Expected<Scheme> s = fitSchemeLM(2, 2, 2, 5, options, &best);
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_FALSE(checkBrent(*s).exact);
  EXPECT_GT(best, 1e-3);
}

TEST(FitLM, RejectsBadSizes) {
  FitOptions options;
  EXPECT_NE(errorOf(fitSchemeLM(0, 2, 2, 7, options)).find("m must"),
            std::string::npos);
  EXPECT_NE(errorOf(fitSchemeLM(8, 8, 8, 100, options)).find("rank"),
            std::string::npos);
  options.restarts = 0;
  EXPECT_NE(errorOf(fitSchemeLM(2, 2, 2, 7, options)).find("restarts"),
            std::string::npos);
}

} // namespace
