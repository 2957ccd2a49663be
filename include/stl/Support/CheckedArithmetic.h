//===- CheckedArithmetic.h - Products that cannot overflow ------*- C++ -*-===//
//
// Shapes, tile sizes and scheme extents are user input: a product of them
// (an element count, a batch size, a multiply count, a padded extent) may not
// fit in 64 bits. Every such product in the project goes through these
// helpers, so that overflow is one answer (nullopt) to check, not undefined
// behaviour.
//
//===----------------------------------------------------------------------===//

#ifndef STL_SUPPORT_CHECKEDARITHMETIC_H
#define STL_SUPPORT_CHECKEDARITHMETIC_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <optional>

namespace mlir {
namespace stl {

/// The product of `factors`, or nullopt if one is negative (a dynamic
/// extent, ShapedType::kDynamic, is) or the product overflows int64.
inline std::optional<int64_t> checkedProduct(llvm::ArrayRef<int64_t> factors) {
  int64_t product = 1;
  for (int64_t f : factors) {
    if (f < 0)
      return std::nullopt;
    std::optional<int64_t> next = llvm::checkedMul(product, f);
    if (!next)
      return std::nullopt;
    product = *next;
  }
  return product;
}

/// `extent` rounded up to a multiple of `tile` (> 0), or nullopt if that
/// overflows int64 or `extent` is negative.
inline std::optional<int64_t> checkedRoundUp(int64_t extent, int64_t tile) {
  if (extent < 0 || tile <= 0)
    return std::nullopt;
  return llvm::checkedMul(static_cast<int64_t>(llvm::divideCeil(extent, tile)),
                          tile);
}

} // namespace stl
} // namespace mlir

#endif // STL_SUPPORT_CHECKEDARITHMETIC_H
