//===- Passes.h - STL conversion passes -------------------------*- C++ -*-===//
//
// The conversions out of the stl dialect: to linalg (the CPU path and any
// target with linalg codegen) and to GPU kernels. stl.matmul: the linalg
// conversion decomposes it itself (nothing needs to be decided in between);
// the GPU conversion refuses it, because its product must carry a kernel
// configuration chosen after decomposition.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CONVERSION_PASSES_H
#define STL_CONVERSION_PASSES_H

#include "stl/Conversion/STLToGPU/STLToGPU.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
namespace stl {

#define GEN_PASS_DECL_CONVERTSTLTOLINALG
#include "stl/Conversion/Passes.h.inc"

/// Patterns lowering stl.encode, stl.hadamard and stl.decode to linalg (run
/// populateDecomposePatterns first for stl.matmul).
void populateSTLToLinalgConversionPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "stl/Conversion/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_CONVERSION_PASSES_H
