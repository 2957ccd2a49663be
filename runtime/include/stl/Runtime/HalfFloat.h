//===- HalfFloat.h - f16 and bf16 bits on the host --------------*- C++ -*-===//
//
// The one set of host-side 16-bit float conversions of the runtime, the
// runner utilities, stl-bench and their tests: they move 16-bit data as raw
// bits and must not need CUDA headers, a compiler's _Float16 or libgcc's
// soft-float helpers. Conversions to 16 bits round to nearest even, as
// __float2half_rn / __float2bfloat16_rn do.
//
//===----------------------------------------------------------------------===//

#ifndef STL_RUNTIME_HALFFLOAT_H
#define STL_RUNTIME_HALFFLOAT_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace stl {

inline float bitsToFloat(uint32_t word) {
  float f;
  std::memcpy(&f, &word, sizeof(f));
  return f;
}

inline uint32_t floatToBits(float f) {
  uint32_t word;
  std::memcpy(&word, &f, sizeof(word));
  return word;
}

inline float bf16ToFloat(uint16_t bits) {
  return bitsToFloat(static_cast<uint32_t>(bits) << 16);
}

inline uint16_t floatToBf16(float f) {
  uint32_t word = floatToBits(f);
  if (std::isnan(f)) // keep it a NaN: set the quiet bit
    return static_cast<uint16_t>((word >> 16) | 0x40);
  uint32_t rounding = 0x7FFF + ((word >> 16) & 1);
  return static_cast<uint16_t>((word + rounding) >> 16);
}

inline float f16ToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits >> 15) << 31;
  uint32_t exponent = (bits >> 10) & 0x1F, mantissa = bits & 0x3FF;
  if (exponent == 31) // inf, NaN
    return bitsToFloat(sign | 0x7F800000u | mantissa << 13);
  if (exponent != 0)
    return bitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
  // Zero or subnormal: mantissa x 2^-24, exact in f32.
  float magnitude = static_cast<float>(mantissa) * (1.0f / 16777216.0f);
  return sign ? -magnitude : magnitude;
}

inline uint16_t floatToF16(float f) {
  uint32_t word = floatToBits(f);
  uint16_t sign = static_cast<uint16_t>((word >> 16) & 0x8000);
  uint32_t magnitude = word & 0x7FFFFFFF;
  if (magnitude >= 0x7F800000u) // inf stays inf, NaN stays a (quiet) NaN
    return sign | (magnitude > 0x7F800000u ? 0x7E00 : 0x7C00);
  if (magnitude >= 0x477FF000u) // >= 65520 rounds to inf
    return sign | 0x7C00;
  if (magnitude < 0x38800000u) { // below 2^-14: subnormal (or zero) in f16
    // The f16 subnormal is round(|f| x 2^24); scaling by a power of two is
    // exact, and nearbyint rounds to nearest even. 1024 is the smallest
    // normal, whose bits are the same.
    float scaled = bitsToFloat(magnitude) * 16777216.0f;
    return sign | static_cast<uint16_t>(std::nearbyint(scaled));
  }
  uint32_t exponent = (magnitude >> 23) - 127 + 15;
  uint32_t mantissa = magnitude & 0x7FFFFF;
  uint32_t half = exponent << 10 | mantissa >> 13;
  uint32_t rest = mantissa & 0x1FFF;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half; // a carry into the exponent is the right result
  return sign | static_cast<uint16_t>(half);
}

} // namespace stl

#endif // STL_RUNTIME_HALFFLOAT_H
