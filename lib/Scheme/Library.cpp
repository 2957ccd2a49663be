//===- Library.cpp - The named schemes ------------------------------------===//
//
// Every fixed scheme is written in the notation of its paper (see
// Notation.cpp) and checked against the Brent equations by the unit tests;
// nothing here is trusted without that check.
//
//===----------------------------------------------------------------------===//

#include "stl/Scheme/Scheme.h"

#include "SchemeInternal.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace stl;

namespace {

/// V. Strassen, "Gaussian elimination is not optimal", Numer. Math. 13
/// (1969) 354-356.
Scheme buildStrassen() {
  static const ProductSpec products[] = {
      {"a11 + a22", "b11 + b22"}, {"a21 + a22", "b11"},
      {"a11", "b12 - b22"},       {"a22", "b21 - b11"},
      {"a11 + a12", "b22"},       {"a21 - a11", "b11 + b12"},
      {"a12 - a22", "b21 + b22"},
  };
  static const OutputSpec outputs[] = {
      {"c11", "p1 + p4 - p5 + p7"},
      {"c12", "p3 + p5"},
      {"c21", "p2 + p4"},
      {"c22", "p1 - p2 + p3 + p6"},
  };
  return buildScheme("strassen", 2, 2, 2, products, outputs);
}

/// Winograd's variant of Strassen's algorithm: 7 multiplications and 15
/// additions when these sums are shared:
///   s1 = a21 + a22, s2 = s1 - a11, s3 = a11 - a21, s4 = a12 - s2,
///   t1 = b12 - b11, t2 = b22 - t1, t3 = b22 - b12, t4 = t2 - b21,
///   products a11 b11, a12 b21, s4 b22, a22 t4, s1 t1, s2 t2, s3 t3.
/// Below the sums are written out in full.
Scheme buildWinograd() {
  static const ProductSpec products[] = {
      {"a11", "b11"},
      {"a12", "b21"},
      {"a11 + a12 - a21 - a22", "b22"},
      {"a22", "b11 - b12 - b21 + b22"},
      {"a21 + a22", "b12 - b11"},
      {"a21 + a22 - a11", "b11 - b12 + b22"},
      {"a11 - a21", "b22 - b12"},
  };
  // With u2 = p1 + p6, u3 = u2 + p7, u4 = u2 + p5: c12 = u4 + p3,
  // c21 = u3 - p4, c22 = u3 + p5.
  static const OutputSpec outputs[] = {
      {"c11", "p1 + p2"},
      {"c12", "p1 + p6 + p5 + p3"},
      {"c21", "p1 + p6 + p7 - p4"},
      {"c22", "p1 + p6 + p7 + p5"},
  };
  return buildScheme("winograd", 2, 2, 2, products, outputs);
}

/// An exact <2,2,3;11>: Strassen's seven products for the first two columns
/// of B and the four classical products for the third. Eleven is the
/// minimum for this format (Hopcroft and Kerr, SIAM J. Appl. Math. 20 (1971)
/// 30-36, show ceil(7n/2) products are necessary and sufficient for 2x2 by
/// 2xn); this is a construction attaining that count, not a transcription
/// of their paper.
Scheme buildHopcroftKerr() {
  static const ProductSpec products[] = {
      {"a11 + a22", "b11 + b22"},
      {"a21 + a22", "b11"},
      {"a11", "b12 - b22"},
      {"a22", "b21 - b11"},
      {"a11 + a12", "b22"},
      {"a21 - a11", "b11 + b12"},
      {"a12 - a22", "b21 + b22"},
      {"a11", "b13"},
      {"a12", "b23"},
      {"a21", "b13"},
      {"a22", "b23"},
  };
  static const OutputSpec outputs[] = {
      {"c11", "p1 + p4 - p5 + p7"}, {"c12", "p3 + p5"},
      {"c13", "p8 + p9"},           {"c21", "p2 + p4"},
      {"c22", "p1 - p2 + p3 + p6"}, {"c23", "p10 + p11"},
  };
  return buildScheme("hopcroft-kerr", 2, 2, 3, products, outputs);
}

/// J. D. Laderman, "A noncommutative algorithm for multiplying 3x3 matrices
/// using 23 multiplications", Bull. AMS 82(1) (1976) 126-128, products
/// m1..m23 in the paper's order.
Scheme buildLaderman() {
  static const ProductSpec products[] = {
      {"a11 + a12 + a13 - a21 - a22 - a32 - a33", "b22"},
      {"a11 - a21", "b22 - b12"},
      {"a22", "b12 + b21 + b33 - b11 - b22 - b23 - b31"},
      {"a21 + a22 - a11", "b11 - b12 + b22"},
      {"a21 + a22", "b12 - b11"},
      {"a11", "b11"},
      {"a31 + a32 - a11", "b11 - b13 + b23"},
      {"a31 - a11", "b13 - b23"},
      {"a31 + a32", "b13 - b11"},
      {"a11 + a12 + a13 - a22 - a23 - a31 - a32", "b23"},
      {"a32", "b13 + b21 + b32 - b11 - b22 - b23 - b31"},
      {"a32 + a33 - a13", "b22 + b31 - b32"},
      {"a13 - a33", "b22 - b32"},
      {"a13", "b31"},
      {"a32 + a33", "b32 - b31"},
      {"a22 + a23 - a13", "b23 + b31 - b33"},
      {"a13 - a23", "b23 - b33"},
      {"a22 + a23", "b33 - b31"},
      {"a12", "b21"},
      {"a23", "b32"},
      {"a21", "b13"},
      {"a31", "b12"},
      {"a33", "b33"},
  };
  static const OutputSpec outputs[] = {
      {"c11", "p6 + p14 + p19"},
      {"c12", "p1 + p4 + p5 + p6 + p12 + p14 + p15"},
      {"c13", "p6 + p7 + p9 + p10 + p14 + p16 + p18"},
      {"c21", "p2 + p3 + p4 + p6 + p14 + p16 + p17"},
      {"c22", "p2 + p4 + p5 + p6 + p20"},
      {"c23", "p14 + p16 + p17 + p18 + p21"},
      {"c31", "p6 + p7 + p8 + p11 + p12 + p13 + p14"},
      {"c32", "p12 + p13 + p14 + p15 + p22"},
      {"c33", "p6 + p7 + p8 + p9 + p23"},
  };
  return buildScheme("laderman", 3, 3, 3, products, outputs);
}

Scheme buildStrassen4x4() {
  Scheme s = compose(buildStrassen(), buildStrassen());
  s.name = "strassen-4x4";
  return s;
}

/// 24 of the 64 classical products of <4,4,4>: output C[a][c] keeps
/// A[a][b] B[b][c] for b = (a+c) mod 4, and also b = (a+c+2) mod 4 when a+c
/// is even. Each dropped product removes one unit entry of the tensor, so
/// the relative error is sqrt(40/64) whatever products are kept; this choice
/// spreads them so every entry of A and of B is used.
Scheme buildTruncated4x4x4() {
  Scheme s;
  s.name = "truncated-4x4x4-r24";
  s.m = s.k = s.n = 4;
  s.rank = 24;
  s.u.assign(s.rank * 16, 0.0);
  s.v.assign(s.rank * 16, 0.0);
  s.w.assign(16 * s.rank, 0.0);
  int64_t l = 0;
  for (int64_t a = 0; a < 4; ++a)
    for (int64_t c = 0; c < 4; ++c)
      for (int64_t shift : {0, 2}) {
        if (shift == 2 && (a + c) % 2 != 0)
          continue;
        int64_t b = (a + c + shift) % 4;
        s.u[l * 16 + a * 4 + b] = 1.0;
        s.v[l * 16 + b * 4 + c] = 1.0;
        s.w[(a * 4 + c) * s.rank + l] = 1.0;
        ++l;
      }
  return s;
}

Scheme buildCpAls4x4x4() {
  // Changing these parameters changes the scheme that IR naming
  // "cp-als-4x4x4-r24" denotes.
  llvm::Expected<Scheme> s =
      fitSchemeALS(4, 4, 4, 24, kDefaultFitIterations, kDefaultFitSeed);
  if (!s)
    llvm::report_fatal_error(s.takeError());
  return std::move(*s);
}

Scheme buildNaive() {
  Scheme s = getNaiveScheme(2, 2, 2);
  s.name = "naive";
  return s;
}

struct NamedScheme {
  const char *name;
  const char *description;
  Scheme (*build)();
};

const NamedScheme kLibrary[] = {
    {"naive", "classical algorithm for <2,2,2> (naive-MxKxN for any tile)",
     buildNaive},
    {"strassen", "Strassen 1969", buildStrassen},
    {"winograd", "Winograd's variant of Strassen (7 mults, 15 adds)",
     buildWinograd},
    {"hopcroft-kerr",
     "Strassen on B's first two columns + 4 classical products; attains "
     "Hopcroft-Kerr's optimal count 11",
     buildHopcroftKerr},
    {"laderman", "Laderman 1976", buildLaderman},
    {"strassen-4x4", "Strassen (x) Strassen (Kronecker product)",
     buildStrassen4x4},
    {"truncated-4x4x4-r24",
     "24 of the 64 classical products; relative error sqrt(40/64)",
     buildTruncated4x4x4},
    {"cp-als-4x4x4-r24", "CP-ALS least-squares fit (seed 57, 500 iterations)",
     buildCpAls4x4x4},
};

/// Parses "MxKxN" into positive integers.
bool parseTile(llvm::StringRef text, int64_t dims[3]) {
  llvm::SmallVector<llvm::StringRef, 3> parts;
  text.split(parts, 'x');
  if (parts.size() != 3)
    return false;
  for (int i = 0; i < 3; ++i) {
    uint64_t value;
    if (parts[i].empty() || parts[i].getAsInteger(10, value) || value == 0)
      return false;
    // Clamp so the size check below cannot overflow; anything this large is
    // rejected there.
    value = std::min<uint64_t>(value, kMaxNaiveRank + 1);
    dims[i] = static_cast<int64_t>(value);
  }
  return true;
}

} // namespace

std::vector<LibraryEntry> stl::listLibrarySchemes() {
  std::vector<LibraryEntry> entries;
  for (const NamedScheme &s : kLibrary)
    entries.push_back({s.name, s.description});
  return entries;
}

llvm::Expected<Scheme> stl::lookupScheme(llvm::StringRef name) {
  for (const NamedScheme &s : kLibrary)
    if (name == s.name) {
      // The fit takes milliseconds and the dialect may resolve the same name
      // many times, so build each scheme once (thread-safe static init).
      if (s.build == buildCpAls4x4x4) {
        static const Scheme cached = buildCpAls4x4x4();
        return cached;
      }
      return s.build();
    }
  if (name.starts_with("naive-")) {
    int64_t dims[3];
    if (!parseTile(name.drop_front(6), dims))
      return llvm::createStringError(
          "malformed scheme name '%s': expected naive-MxKxN with positive "
          "integers M, K, N",
          name.str().c_str());
    if (dims[0] * dims[1] * dims[2] > kMaxNaiveRank ||
        std::max({dims[0], dims[1], dims[2]}) > kMaxTileDim)
      return llvm::createStringError(
          "scheme '%s' is too large: naive tiles are limited to M*K*N <= %lld",
          name.str().c_str(), static_cast<long long>(kMaxNaiveRank));
    return getNaiveScheme(dims[0], dims[1], dims[2]);
  }
  std::string known;
  for (const NamedScheme &s : kLibrary)
    known += std::string(s.name) + ", ";
  known += "naive-MxKxN";
  return llvm::createStringError(
      "unknown scheme '%s' (library schemes: %s; a file name must end in "
      "'.json' or contain '/')",
      name.str().c_str(), known.c_str());
}

llvm::Expected<Scheme> stl::resolveScheme(llvm::StringRef nameOrPath) {
  if (nameOrPath.ends_with(".json") || nameOrPath.contains('/'))
    return readSchemeFile(nameOrPath);
  return lookupScheme(nameOrPath);
}
