//===- Passes.h - STL transformation passes ---------------------*- C++ -*-===//

#ifndef STL_DIALECT_STL_TRANSFORMS_PASSES_H
#define STL_DIALECT_STL_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/Transforms/Options.h"

namespace mlir {
namespace stl {

#define GEN_PASS_DECL
#include "stl/Dialect/STL/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "stl/Dialect/STL/Transforms/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_TRANSFORMS_PASSES_H
