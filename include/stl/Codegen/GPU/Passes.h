//===- Passes.h - GPU code generation passes --------------------*- C++ -*-===//
//
// Kernel configuration and padding of the batched products, and transforms
// of the upstream IR that the GPU lowering leaves (host code on buffers,
// gpu.launch_func, kernels once they are LLVM, gpu.binary): see Passes.td.
// The entry points below are what the passes wrap.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CODEGEN_GPU_PASSES_H
#define STL_CODEGEN_GPU_PASSES_H

#include "stl/Target/GPUTarget.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Transforms/Options.h"

namespace mlir {
namespace stl {

#define GEN_PASS_DECL
#include "stl/Codegen/GPU/Passes.h.inc"

/// Zero-pads the operands of `op` so that its row-tile, inner and column-tile
/// extents are multiples of the block tile of `config` (the GPU kernels have
/// no bounds checks in their main loop), and slices the result back. Returns
/// the new (padded) hadamard, or `op` if nothing was needed.
FailureOr<HadamardOp> padHadamardToTile(RewriterBase &rewriter, HadamardOp op,
                                        KernelConfigAttr config);

/// Removes the host synchronizations that gpu-async-region put before TMA
/// descriptor encodings in `root` (see STLGPUAsyncTmaDescriptors in
/// Passes.td). Returns how many were removed.
unsigned continueAsyncChainsAcrossDescriptors(Operation *root);

/// Puts every host call in `root` that has a `stl.stream_operand` on the
/// stream of the async chain that gpu-async-region built around it (see
/// STLGPUAsyncLibraryCalls in Passes.td). Returns how many calls moved.
unsigned continueAsyncChainsAcrossLibraryCalls(Operation *root);

/// Replaces each operand of `launch` that feeds a `llvm.byval` parameter of
/// the (LLVM-lowered) kernel by a load of the value it points to; see
/// STLGPULaunchByValueArgs in Passes.td. Fails, with a diagnostic, on an
/// operand that is not a pointer.
LogicalResult loadByValueLaunchArgs(gpu::LaunchFuncOp launch);

/// Gives the arguments that the `stl.by_value_args` attribute of the LLVM
/// kernel `kernel` lists `llvm.byval`, `llvm.align` and
/// `nvvm.grid_constant`.
LogicalResult applyByValueArgs(LLVM::LLVMFuncOp kernel);

#define GEN_PASS_REGISTRATION
#include "stl/Codegen/GPU/Passes.h.inc"

} // namespace stl
} // namespace mlir

#endif // STL_CODEGEN_GPU_PASSES_H
