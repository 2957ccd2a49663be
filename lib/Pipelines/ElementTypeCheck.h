//===- ElementTypeCheck.h - Types a pipeline refuses up front ---*- C++ -*-===//
//
// Each pipeline lowers every op of the module, not only the stl ones, and
// LLVM's backends abort (they do not diagnose) on some element types: the
// pipelines refuse those first, naming the op and the fix. Private to
// lib/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_PIPELINES_ELEMENTTYPECHECK_H
#define STL_LIB_PIPELINES_ELEMENTTYPECHECK_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Types.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir::stl::detail {

/// What a pipeline's check accepts and what it says otherwise.
struct ElementTypeRule {
  /// The pass's argument, e.g. "stl-cpu-check-element-types".
  StringRef argument;
  /// Whether an element type (or a scalar type) can be lowered.
  bool (*isSupported)(Type element);
  /// Completes "'op' has element type T, which ...".
  StringRef why;
  /// The ops the rule is about (null: every op).
  bool (*appliesTo)(Operation *op);
};

/// A module pass that fails on the first operand or result whose element
/// type `rule` does not support.
std::unique_ptr<Pass> createCheckElementTypesPass(const ElementTypeRule &rule);

} // namespace mlir::stl::detail

#endif // STL_LIB_PIPELINES_ELEMENTTYPECHECK_H
