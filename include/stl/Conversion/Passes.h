//===- Passes.h - STL conversion passes -------------------------*- C++ -*-===//

#ifndef STL_CONVERSION_PASSES_H
#define STL_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace stl {

#define GEN_PASS_DECL
#include "stl/Conversion/Passes.h.inc"

/// Patterns lowering stl.encode, stl.hadamard and stl.decode to linalg (run
/// populateDecomposePatterns first for stl.matmul).
void populateSTLToLinalgConversionPatterns(RewritePatternSet &patterns);

/// The stl.hadamard part of populateSTLToLinalgConversionPatterns.
void populateSTLHadamardToLinalgPatterns(RewritePatternSet &patterns);

/// The stl.encode and stl.decode part of
/// populateSTLToLinalgConversionPatterns.
void populateSTLEncodingsToLinalgPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "stl/Conversion/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_CONVERSION_PASSES_H
