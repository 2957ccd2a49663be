//===- Library.cpp - The named schemes ------------------------------------===//
//
// The library is data: every fixed scheme is a file of the repository's
// schemes/ folder (with its sources and credits in schemes/README.md),
// compiled in by EmbedSchemes.cmake and read once, on first use. Nothing is
// computed at lookup: the approximate "cp-als-4x4x4-r24" is stored fitted
// (the unit tests check that the stored data reproduces its documented
// error and the fit that made it).
//
//===----------------------------------------------------------------------===//

#include "stl/SchemeCore/SchemeCore.h"

#include "LibraryData.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace stl::core;

namespace {

struct NamedScheme {
  const char *name;
  const char *description;
};

/// The order of `stl-scheme list`. "naive" is built, not stored; every other
/// name is the stem of a file in schemes/.
const NamedScheme kLibrary[] = {
    {"naive", "classical algorithm for <2,2,2> (naive-MxKxN for any tile)"},
    {"strassen", "Strassen 1969"},
    {"winograd", "Winograd's variant of Strassen (7 mults, 15 adds)"},
    {"hopcroft-kerr", "Strassen on B's first two columns + 4 classical "
                      "products; attains Hopcroft-Kerr's optimal count 11"},
    {"laderman", "Laderman 1976"},
    {"strassen-4x4", "Strassen (x) Strassen (Kronecker product)"},
    {"truncated-4x4x4-r24", "24 of the 64 classical products; relative "
                            "error sqrt(40/64)"},
    {"cp-als-4x4x4-r24", "CP-ALS least-squares fit (seed 57, 500 iterations)"},
    {"cp-lm-4x4x4-r24", "least-squares fit: Kronecker starts from <2,2,2> fits "
                        "polished by Levenberg-Marquardt "
                        "(scripts/fit-444-r24-search.py)"},
    {"perminov-2x2x3-r11", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-2x2x4-r14", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-2x3x3-r15", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-2x3x4-r20", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"alphatensor-2x4x4-r26", "AlphaTensor, Fawzi et al. 2022 (CC-BY-4.0)"},
    {"alphaevolve-2x4x5-r32", "AlphaEvolve, Novikov et al. 2025 (CC-BY-4.0)"},
    {"perminov-2x4x5-r33", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-3x3x3-r23", "Perminov, flip graphs (MIT)"},
    {"perminov-3x3x3-r23-addred",
     "Perminov, addition-reduced program flattened (MIT)"},
    {"perminov-3x3x4-r29", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"dps-3x3x6-r40", "Dumas-Pernet-Sedoglavic, accurate variant (CeCILL-B)"},
    {"perminov-3x3x6-r42", "Perminov, flip graphs (MIT)"},
    {"perminov-3x4x4-r38", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"dps-4x4x4-r48", "Dumas-Pernet-Sedoglavic, rational (CeCILL-B)"},
    {"dps-4x4x4-r48-accurate",
     "Dumas-Pernet-Sedoglavic, accurate variant (CeCILL-B)"},
    {"perminov-4x4x4-r49", "Perminov, flip graphs (MIT)"},
    {"perminov-4x4x4-r49-addred",
     "Perminov, addition-reduced program flattened (MIT)"},
    {"perminov-4x4x5-r61", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-4x5x5-r76", "Perminov, flip graphs (MIT)"},
    {"perminov-5x5x5-r93", "Perminov, flip graphs, addition-reduced (MIT)"},
    {"perminov-6x6x6-r153", "Perminov, flip graphs (MIT)"},
};

[[noreturn]] void corrupt(const std::string &what) {
  // The data is compiled in, so this is a build error, not a user error.
  std::fprintf(stderr, "stl scheme library: %s\n", what.c_str());
  std::abort();
}

/// The schemes of kLibrary, in its order, parsed once (thread-safe static
/// initialization: the dialect may resolve names from several threads).
const std::vector<Scheme> &librarySchemes() {
  static const std::vector<Scheme> schemes = [] {
    const EmbeddedSchemeFile *files = kEmbeddedSchemeFiles;
    const EmbeddedSchemeFile *filesEnd = files + kNumEmbeddedSchemeFiles;
    for (const EmbeddedSchemeFile *f = files; f != filesEnd; ++f)
      if (std::none_of(std::begin(kLibrary), std::end(kLibrary),
                       [&](const NamedScheme &s) {
                         return std::strcmp(s.name, f->stem) == 0;
                       }))
        corrupt(std::string("schemes/") + f->stem +
                ".json is not listed in lib/SchemeCore/Library.cpp");
    std::vector<Scheme> result;
    for (const NamedScheme &entry : kLibrary) {
      if (std::strcmp(entry.name, "naive") == 0) {
        Scheme s = getNaiveScheme(2, 2, 2);
        s.name = "naive";
        result.push_back(std::move(s));
        continue;
      }
      const EmbeddedSchemeFile *file =
          std::find_if(files, filesEnd, [&](const EmbeddedSchemeFile &f) {
            return std::strcmp(f.stem, entry.name) == 0;
          });
      if (file == filesEnd)
        corrupt(std::string("schemes/") + entry.name + ".json is missing");
      SchemeOrError parsed = parseSchemeJSON(
          file->text, std::string("schemes/") + entry.name + ".json");
      if (!parsed.ok())
        corrupt(parsed.error);
      if (parsed.scheme.name != entry.name)
        corrupt(std::string("schemes/") + entry.name + ".json names '" +
                parsed.scheme.name + "'");
      result.push_back(std::move(parsed.scheme));
    }
    return result;
  }();
  return schemes;
}

/// Parses "MxKxN" into positive integers, clamped so that the size checks of
/// the caller cannot overflow.
bool parseTile(const std::string &text, int64_t dims[3]) {
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    size_t end = i < 2 ? text.find('x', start) : text.size();
    if (end == std::string::npos || end == start)
      return false;
    uint64_t value = 0;
    for (size_t c = start; c < end; ++c) {
      if (text[c] < '0' || text[c] > '9')
        return false;
      value =
          std::min<uint64_t>(value * 10 + (text[c] - '0'), kMaxNaiveRank + 1);
    }
    if (value == 0)
      return false;
    dims[i] = static_cast<int64_t>(value);
    start = end + 1;
  }
  return true;
}

SchemeOrError failure(std::string message) {
  SchemeOrError result;
  result.error = std::move(message);
  return result;
}

} // namespace

std::vector<LibraryEntry> stl::core::listLibrarySchemes() {
  std::vector<LibraryEntry> entries;
  for (const NamedScheme &s : kLibrary)
    entries.push_back({s.name, s.description});
  return entries;
}

SchemeOrError stl::core::lookupScheme(const std::string &name) {
  const std::vector<Scheme> &schemes = librarySchemes();
  for (const Scheme &s : schemes)
    if (s.name == name)
      return {s, ""};
  if (name.rfind("naive-", 0) == 0) {
    int64_t dims[3];
    if (!parseTile(name.substr(6), dims))
      return failure("malformed scheme name '" + name +
                     "': expected naive-MxKxN with positive integers M, K, N");
    if (dims[0] * dims[1] * dims[2] > kMaxNaiveRank ||
        std::max({dims[0], dims[1], dims[2]}) > kMaxTileDim)
      return failure("scheme '" + name +
                     "' is too large: naive tiles are limited to M*K*N <= " +
                     std::to_string(kMaxNaiveRank));
    return {getNaiveScheme(dims[0], dims[1], dims[2]), ""};
  }
  std::string known;
  for (const NamedScheme &s : kLibrary)
    known += std::string(s.name) + ", ";
  known += "naive-MxKxN";
  return failure("unknown scheme '" + name + "' (library schemes: " + known +
                 "; a file name must end in '.json' or contain '/')");
}

bool stl::core::isSchemeFileName(const std::string &nameOrPath) {
  const std::string suffix = ".json";
  return nameOrPath.find('/') != std::string::npos ||
         (nameOrPath.size() >= suffix.size() &&
          nameOrPath.compare(nameOrPath.size() - suffix.size(), suffix.size(),
                             suffix) == 0);
}

SchemeOrError stl::core::resolveScheme(const std::string &nameOrPath) {
  if (isSchemeFileName(nameOrPath))
    return readSchemeFile(nameOrPath);
  return lookupScheme(nameOrPath);
}
