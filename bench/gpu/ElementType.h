//===- ElementType.h - bf16/f16/f32 on the host -----------------*- C++ -*-===//
//
// stl-bench moves 16-bit matrices between host and device as raw bits; the
// host converts them itself so that this code needs no CUDA headers and can
// be unit-tested without a GPU.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_ELEMENTTYPE_H
#define STL_BENCH_ELEMENTTYPE_H

#include "stl/Runtime/HalfFloat.h"

#include <cstdint>
#include <string>

namespace stl {
namespace bench {

enum class ElementType { BF16, F16, F32 };

inline size_t byteSize(ElementType t) { return t == ElementType::F32 ? 4 : 2; }

inline const char *typeName(ElementType t) {
  switch (t) {
  case ElementType::BF16:
    return "bf16";
  case ElementType::F16:
    return "f16";
  case ElementType::F32:
    return "f32";
  }
  return "?";
}

inline bool parseElementType(const std::string &s, ElementType &out) {
  if (s == "bf16")
    out = ElementType::BF16;
  else if (s == "f16")
    out = ElementType::F16;
  else if (s == "f32")
    out = ElementType::F32;
  else
    return false;
  return true;
}

/// Raw bits of element `index` of a buffer of type `t`, as a float.
inline float loadElement(const void *data, size_t index, ElementType t) {
  switch (t) {
  case ElementType::BF16:
    return bf16ToFloat(static_cast<const uint16_t *>(data)[index]);
  case ElementType::F16:
    return f16ToFloat(static_cast<const uint16_t *>(data)[index]);
  case ElementType::F32:
    return static_cast<const float *>(data)[index];
  }
  return 0;
}

} // namespace bench
} // namespace stl

#endif // STL_BENCH_ELEMENTTYPE_H
