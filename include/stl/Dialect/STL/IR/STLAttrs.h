//===- STLAttrs.h - Strassen-Tile attributes --------------------*- C++ -*-===//

#ifndef STL_DIALECT_STL_IR_STLATTRS_H
#define STL_DIALECT_STL_IR_STLATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "stl/Scheme/Scheme.h"

#include "stl/Dialect/STL/IR/STLEnums.h.inc"

namespace mlir::stl {
/// Largest entry of a #stl.kernel_config (block tile, warp layout, stages,
/// MMA shape): far above any real kernel, small enough that products of a
/// few entries and byte counts stay far from int64 overflow.
constexpr int64_t kMaxKernelConfigEntry = 4096;
} // namespace mlir::stl

#define GET_ATTRDEF_CLASSES
#include "stl/Dialect/STL/IR/STLAttrs.h.inc"

#endif // STL_DIALECT_STL_IR_STLATTRS_H
