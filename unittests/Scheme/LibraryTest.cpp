//===- LibraryTest.cpp - The named schemes --------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeTestUtil.h"

#include "gtest/gtest.h"

#include <cmath>
#include <set>

using namespace stl;

namespace {

struct Want {
  const char *name;
  int64_t m, k, n, rank;
  bool exact;
};

const Want kExpected[] = {
    {"naive", 2, 2, 2, 8, true},
    {"strassen", 2, 2, 2, 7, true},
    {"winograd", 2, 2, 2, 7, true},
    {"hopcroft-kerr", 2, 2, 3, 11, true},
    {"laderman", 3, 3, 3, 23, true},
    {"strassen-4x4", 4, 4, 4, 49, true},
    {"truncated-4x4x4-r24", 4, 4, 4, 24, false},
    {"cp-als-4x4x4-r24", 4, 4, 4, 24, false},
};

TEST(Library, ListsExactlyTheExpectedSchemes) {
  std::set<std::string> listed;
  for (const LibraryEntry &e : listLibrarySchemes()) {
    EXPECT_FALSE(e.description.empty()) << e.name;
    EXPECT_TRUE(listed.insert(e.name).second) << "duplicate " << e.name;
  }
  std::set<std::string> expected;
  for (const Want &e : kExpected)
    expected.insert(e.name);
  EXPECT_EQ(listed, expected);
}

TEST(Library, ShapesRanksAndExactness) {
  for (const Want &e : kExpected) {
    llvm::Expected<Scheme> s = lookupScheme(e.name);
    ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
    EXPECT_FALSE(static_cast<bool>(s->validate())) << e.name;
    EXPECT_EQ(s->name, e.name);
    EXPECT_EQ(s->m, e.m) << e.name;
    EXPECT_EQ(s->k, e.k) << e.name;
    EXPECT_EQ(s->n, e.n) << e.name;
    EXPECT_EQ(s->rank, e.rank) << e.name;
    BrentReport report = checkBrent(*s);
    EXPECT_EQ(report.exact, e.exact) << e.name;
    if (e.exact) {
      EXPECT_LE(report.maxResidual, 1e-12) << e.name;
      EXPECT_LE(report.relativeError, 1e-12) << e.name;
    }
  }
}

TEST(Library, ExactSchemesHaveIntegerCoefficients) {
  for (const Want &e : kExpected) {
    if (!e.exact)
      continue;
    EXPECT_TRUE(lookupOrFail(e.name).hasIntegerCoefficients()) << e.name;
  }
}

TEST(Library, MultiplyRatios) {
  EXPECT_NEAR(lookupOrFail("strassen").multiplyRatio(), 8.0 / 7, 1e-15);
  EXPECT_NEAR(lookupOrFail("hopcroft-kerr").multiplyRatio(), 12.0 / 11, 1e-15);
  EXPECT_NEAR(lookupOrFail("laderman").multiplyRatio(), 27.0 / 23, 1e-15);
  EXPECT_NEAR(lookupOrFail("strassen-4x4").multiplyRatio(), 64.0 / 49, 1e-15);
  EXPECT_NEAR(lookupOrFail("truncated-4x4x4-r24").multiplyRatio(), 64.0 / 24,
              1e-15);
}

TEST(Library, TruncatedErrorMatchesFormula) {
  Scheme s = lookupOrFail("truncated-4x4x4-r24");
  BrentReport report = checkBrent(s);
  EXPECT_NEAR(report.relativeError, std::sqrt(40.0 / 64.0), 1e-15);
  EXPECT_DOUBLE_EQ(report.maxResidual, 1.0);
  EXPECT_TRUE(s.hasIntegerCoefficients());
}

TEST(Library, StrassenFourByFourIsComposition) {
  Scheme direct = lookupOrFail("strassen-4x4");
  Scheme strassen = lookupOrFail("strassen");
  Scheme composed = compose(strassen, strassen);
  EXPECT_EQ(direct.u, composed.u);
  EXPECT_EQ(direct.v, composed.v);
  EXPECT_EQ(direct.w, composed.w);
}

TEST(Library, NaivePattern) {
  llvm::Expected<Scheme> s = lookupScheme("naive-3x1x5");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->name, "naive-3x1x5");
  EXPECT_EQ(s->rank, 15);
  EXPECT_TRUE(checkBrent(*s).exact);

  llvm::Expected<Scheme> plain = lookupScheme("naive");
  ASSERT_TRUE(static_cast<bool>(plain));
  EXPECT_EQ(plain->rank, 8);
  EXPECT_EQ(plain->u, getNaiveScheme(2, 2, 2).u);
}

TEST(Library, BadNames) {
  for (const char *name :
       {"naive-0x2x2", "naive-2x2", "naive-2x2x2x2", "naive-axbxc",
        "naive-2x-1x2", "naive-", "naive-100x100x100", "naive-1x1x4096",
        "naive-99999999999999999999x1x1", "strasen", ""}) {
    std::string message = errorOf(lookupScheme(name));
    EXPECT_NE(message.find(std::string("'") + name + "'"), std::string::npos)
        << message;
  }
}

TEST(Library, ResolveDispatchesOnPathShape) {
  llvm::Expected<Scheme> byName = resolveScheme("laderman");
  ASSERT_TRUE(static_cast<bool>(byName));
  EXPECT_EQ(byName->rank, 23);

  EXPECT_NE(
      errorOf(resolveScheme("no/such/file.json")).find("no/such/file.json"),
      std::string::npos);
}

} // namespace
