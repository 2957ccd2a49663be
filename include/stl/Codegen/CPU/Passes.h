//===- Passes.h - CPU code generation ---------------------------*- C++ -*-===//
//
// Code generation for the CPU path: tiling and vectorization of linalg
// contractions (tileAndVectorizeContraction), vector loops for the
// encodings (vectorizeEncoding), and the passes around them.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CODEGEN_CPU_PASSES_H
#define STL_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Pass/Pass.h"
#include "stl/Dialect/STL/IR/STLOps.h"

namespace mlir {
class RewriterBase;
namespace stl {

/// Tile sizes for the M, N and K dimensions of a contraction, at the cache
/// and at the register level. The defaults suit AVX2/FMA cores (16 vector
/// registers of 8 floats): an 8x16 accumulator tile is 16 registers'
/// worth of sums after the backend's register allocation of the outer
/// products, and a 64x256x128 cache tile keeps the B panel (128 KiB) in L2.
struct CPUContractionTiling {
  SmallVector<int64_t, 3> cacheTile = {64, 256, 128};
  SmallVector<int64_t, 3> registerTile = {8, 16, 4};
};

/// The result of tileAndVectorizeContraction: the loops created (outermost
/// first) and whether the innermost tile was vectorized.
struct CPUContractionTilingResult {
  SmallVector<Operation *> loops;
  bool vectorized = false;
};

/// Tiles `op` (a contraction on tensors) at the cache and register levels
/// and vectorizes the register tile into a masked `vector.contract`.
/// Replaces `op`. Fails, without changing the IR, when `op` is not a
/// contraction with M, N and K dimensions or does not have tensor semantics.
/// A tile the vectorizer refuses stays scalar (`vectorized` is false).
FailureOr<CPUContractionTilingResult>
tileAndVectorizeContraction(RewriterBase &rewriter, linalg::LinalgOp op,
                            const CPUContractionTiling &tiling);

/// Lowers `op` (an stl.encode or stl.decode on tensors) to loops over its
/// tile rows and strips of `vectorWidth` tile columns that read and write
/// contiguous vectors and sum over the scheme's nonzero coefficients only
/// (see stl-cpu-vectorize-encodings). Replaces `op`; returns its
/// replacement.
FailureOr<Value> vectorizeEncoding(RewriterBase &rewriter, Operation *op,
                                   int64_t vectorWidth);

/// Replaces `op` (f32 operands and result) by cblas_sgemm calls, one per
/// product of its batch, on the operands' buffers; returns the result.
/// Fails, without changing the IR, for other element types.
FailureOr<Value> convertHadamardToBlasCall(RewriterBase &rewriter,
                                           HadamardOp op);

/// Patterns that turn vectorized contractions into FMA outer products.
void populateCPUContractionLoweringPatterns(RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "stl/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "stl/Codegen/CPU/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_CODEGEN_CPU_PASSES_H
