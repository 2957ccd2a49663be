//===- SchemeTestUtil.h - Helpers for the scheme tests ----------*- C++ -*-===//

#ifndef STL_UNITTESTS_SCHEME_SCHEMETESTUTIL_H
#define STL_UNITTESTS_SCHEME_SCHEMETESTUTIL_H

#include "stl/Scheme/Scheme.h"

#include "gtest/gtest.h"

#include <string>

namespace mlir::stl {

/// The library scheme `name`; records a test failure (and returns the 1x1x1
/// naive scheme) if it does not resolve.
inline Scheme lookupOrFail(llvm::StringRef name) {
  llvm::Expected<Scheme> s = lookupScheme(name);
  if (!s) {
    ADD_FAILURE() << "lookupScheme(" << name.str()
                  << "): " << llvm::toString(s.takeError());
    return getNaiveScheme(1, 1, 1);
  }
  return std::move(*s);
}

/// The message of a failed result, or "" (and a test failure) on success.
/// Always consumes the Expected, as LLVM requires.
inline std::string errorOf(llvm::Expected<Scheme> result) {
  if (result) {
    ADD_FAILURE() << "expected an error, got scheme " << result->name;
    return "";
  }
  return llvm::toString(result.takeError());
}

} // namespace mlir::stl

#endif // STL_UNITTESTS_SCHEME_SCHEMETESTUTIL_H
