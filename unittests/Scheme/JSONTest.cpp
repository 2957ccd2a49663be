//===- JSONTest.cpp - Scheme files ----------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeTestUtil.h"

#include "llvm/Support/JSON.h"

#include "gtest/gtest.h"

using namespace mlir::stl;

namespace {

void expectSame(const Scheme &a, const Scheme &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.m, b.m);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.rank, b.rank);
  // Bitwise equality: the writer must print enough digits.
  EXPECT_EQ(a.u, b.u);
  EXPECT_EQ(a.v, b.v);
  EXPECT_EQ(a.w, b.w);
}

TEST(JSON, RoundTripLibrary) {
  for (const LibraryEntry &e : listLibrarySchemes()) {
    Scheme s = lookupOrFail(e.name);
    llvm::Expected<Scheme> back = parseSchemeJSON(schemeToJSON(s), e.name);
    ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
    expectSame(s, *back);
  }
}

TEST(JSON, RoundTripAwkwardValues) {
  Scheme s = getNaiveScheme(1, 2, 1);
  s.name = "quote\" back\\slash \xc3\xa9";
  // <1,2,1> of rank 2: u and v are 2 x 2, w is 1 x 2.
  s.u = {0.1, -1e-300, 0.0, 1.0};
  s.v = {1.0 / 3.0, 12345678901.5, -0.0, 2.5e-7};
  s.w = {-2.0, 6.02214076e23};
  llvm::Expected<Scheme> back = parseSchemeJSON(schemeToJSON(s), "test");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  expectSame(s, *back);
}

TEST(JSON, WriterIsValidJSONWithTheDocumentedFields) {
  std::string text = schemeToJSON(lookupOrFail("strassen"));
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(value)) << llvm::toString(value.takeError());
  const llvm::json::Object *obj = value->getAsObject();
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->size(), 8u);
  for (const char *key : {"name", "m", "k", "n", "rank", "u", "v", "w"})
    EXPECT_NE(obj->get(key), nullptr) << key;
  EXPECT_EQ(obj->getArray("u")->size(), 7u);
  EXPECT_EQ((*obj->getArray("w"))[0].getAsArray()->size(), 7u);
  EXPECT_EQ(obj->getArray("w")->size(), 4u);
  // Integer coefficients print as integers.
  EXPECT_EQ(text.find(".0"), std::string::npos);
}

/// A valid <1,1,2;2> scheme in which tests replace one piece.
std::string validText() {
  return R"({"name": "t", "m": 1, "k": 1, "n": 2, "rank": 2,
             "u": [[1], [1]], "v": [[1, 0], [0, 1]],
             "w": [[1, 0], [0, 1]]})";
}

std::string replaced(llvm::StringRef from, llvm::StringRef to) {
  std::string text = validText();
  size_t at = text.find(from.str());
  EXPECT_NE(at, std::string::npos) << from.str();
  if (at != std::string::npos)
    text.replace(at, from.size(), to.str());
  return text;
}

TEST(JSON, ValidBaseline) {
  llvm::Expected<Scheme> s = parseSchemeJSON(validText(), "base.json");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_TRUE(checkBrent(*s).exact);
}

struct BadCase {
  const char *from, *to;
  const char *message;
};

TEST(JSON, MalformedFilesNameFileAndField) {
  const BadCase cases[] = {
      {"\"name\": \"t\", ", "", "field 'name' is missing"},
      {"\"t\"", "7", "field 'name' must be a non-empty string"},
      {"\"t\"", "\"\"", "field 'name' must be a non-empty string"},
      {"\"m\": 1, ", "", "field 'm' is missing"},
      {"\"m\": 1", "\"m\": 0",
       "field 'm' must be an integer in [1, 1024], got 0"},
      {"\"k\": 1", "\"k\": -3", "field 'k' must be an integer"},
      {"\"n\": 2", "\"n\": 2.5", "field 'n' must be an integer"},
      {"\"n\": 2", "\"n\": \"2\"", "field 'n' must be an integer"},
      {"\"rank\": 2", "\"rank\": 3",
       "field 'u' has length 2, expected 3 rows (rank)"},
      {"\"rank\": 2", "\"rank\": 0", "field 'rank' must be an integer"},
      {"\"u\": [[1], [1]], ", "", "field 'u' is missing"},
      {"\"u\": [[1], [1]]", "\"u\": 5", "field 'u' must be an array"},
      {"[[1], [1]]", "[[1], 1]", "field 'u' row 1 is not an array"},
      {"[[1], [1]]", "[[1], [1, 2]]",
       "field 'u' row 1 has length 2, expected 1 (m*k)"},
      {"\"v\": [[1, 0], [0, 1]]", "\"v\": [[1, 0], [0]]",
       "field 'v' row 1 has length 1, expected 2 (k*n)"},
      {"\"w\": [[1, 0], [0, 1]]", "\"w\": [[1, 0]]",
       "field 'w' has length 1, expected 2 rows (m*n)"},
      {"\"w\": [[1, 0], [0, 1]]", "\"w\": [[1, 0], [0, 1e999]]",
       "invalid JSON: number overflow parsing '1e999'"},
      {"\"w\": [[1, 0], [0, 1]]", "\"w\": [[1, 0], [null, 1]]",
       "field 'w' row 1 column 0 is not a number"},
  };
  for (const BadCase &c : cases) {
    std::string message =
        errorOf(parseSchemeJSON(replaced(c.from, c.to), "bad.json"));
    EXPECT_EQ(message.rfind("bad.json: ", 0), 0u) << message;
    EXPECT_NE(message.find(c.message), std::string::npos)
        << "got: " << message << "\nwant: " << c.message;
  }
}

TEST(JSON, NotJSONOrNotAnObject) {
  EXPECT_NE(errorOf(parseSchemeJSON("{\"name\": ", "x.json"))
                .find("x.json: invalid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf(parseSchemeJSON("", "x.json")).find("invalid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf(parseSchemeJSON("[1, 2]", "x.json"))
                .find("x.json: expected a JSON object"),
            std::string::npos);
}

// What the benchmark's former hand-written reader accepted or mangled: a
// leading '+', leading zeros and escapes that are not UTF-16 are errors in
// every reader of scheme files now (stl-opt, stl-scheme and stl-bench share
// this one).
TEST(JSON, StrictSyntax) {
  const BadCase cases[] = {
      {"\"m\": 1", "\"m\": +1", "bad.json: invalid JSON: "},
      {"\"m\": 1", "\"m\": 01", "bad.json: invalid JSON: "},
      {"[[1], [1]]", "[[1], [-01]]", "bad.json: invalid JSON: "},
      {"\"t\"", "\"\\u12\"", "bad.json: invalid JSON: "},
      {"\"t\"", "\"\\ud800\"", "bad.json: invalid JSON: "},
      {"\"t\"", "\"\\udc00x\"", "bad.json: invalid JSON: "},
      {"\"t\"", "\"\\x41\"", "bad.json: invalid JSON: "},
      {"[[1], [1]]", "[[1], [1],]", "bad.json: invalid JSON: "},
  };
  for (const BadCase &c : cases) {
    std::string message =
        errorOf(parseSchemeJSON(replaced(c.from, c.to), "bad.json"));
    EXPECT_EQ(message.rfind(c.message, 0), 0u) << c.to << ": " << message;
  }
  // A valid surrogate pair is fine.
  llvm::Expected<Scheme> s =
      parseSchemeJSON(replaced("\"t\"", "\"\\ud83d\\ude00\""), "ok.json");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->name, "\xf0\x9f\x98\x80");
}

// Hostile nesting must be an error, not a stack overflow or a huge DOM.
// Brackets inside strings do not count.
TEST(JSON, DeepNesting) {
  std::string deep = std::string(300000, '[') + std::string(300000, ']');
  EXPECT_NE(errorOf(parseSchemeJSON(deep, "deep.json"))
                .find("deep.json: invalid JSON: nested deeper than 64 levels"),
            std::string::npos);

  std::string text = validText();
  text.replace(text.find("\"t\""), 3, "\"[[[[\\\"[[[[\"");
  for (int i = 0; i < 100; ++i)
    text.insert(text.find("\"[[[[") + 1, "[");
  llvm::Expected<Scheme> s = parseSchemeJSON(text, "brackets.json");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->name.size(), 109u);
}

TEST(JSON, UnreadableFile) {
  std::string message = errorOf(readSchemeFile("/nonexistent/dir/s.json"));
  EXPECT_NE(message.find("cannot read scheme file '/nonexistent/dir/s.json'"),
            std::string::npos)
      << message;
}

TEST(JSON, SchemeFromJSONValue) {
  // [[1]]: spelled with a Value inside, since Array{Array{1}} is a copy of
  // [1] for some compilers (clang) and [[1]] for others (GCC).
  llvm::json::Value one(llvm::json::Array{1});
  llvm::json::Value value = llvm::json::Object{{"name", "one"},
                                               {"m", 1},
                                               {"k", 1},
                                               {"n", 1},
                                               {"rank", 1},
                                               {"u", llvm::json::Array{one}},
                                               {"v", llvm::json::Array{one}},
                                               {"w", llvm::json::Array{one}}};
  llvm::Expected<Scheme> s = schemeFromJSON(value, "inline");
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_TRUE(checkBrent(*s).exact);
}

} // namespace
