//===- LibraryData.h - Scheme files compiled into the library ---*- C++ -*-===//
//
// Not installed. The definitions are generated at build time from the
// repository's schemes/*.json by EmbedSchemes.cmake.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_SCHEMECORE_LIBRARYDATA_H
#define STL_LIB_SCHEMECORE_LIBRARYDATA_H

#include <cstddef>

namespace stl {
namespace core {

/// One file of schemes/: `stem` is the file name without ".json", which is
/// also the name of the scheme it holds.
struct EmbeddedSchemeFile {
  const char *stem;
  const char *text;
};

extern const EmbeddedSchemeFile kEmbeddedSchemeFiles[];
extern const size_t kNumEmbeddedSchemeFiles;

} // namespace core
} // namespace stl

#endif // STL_LIB_SCHEMECORE_LIBRARYDATA_H
