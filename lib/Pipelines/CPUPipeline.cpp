//===- CPUPipeline.cpp - stl to LLVM on the CPU ---------------------------===//
//
// The CPU path is the executable reference for every other lowering: it runs
// the STL form through linalg, bufferizes, and lowers to LLVM with
// mlir-runner's calling conventions (printMemref* work, several functions,
// calls and dynamic shapes are fine).
//
//===----------------------------------------------------------------------===//

#include "stl/Pipelines/CPUPipeline.h"
#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// stl ops -> linalg on tensors, weights encoded at compile time.
static void buildSTLToLinalg(OpPassManager &pm,
                             const mlir::stl::CPUPipelineOptions &options) {
  if (options.foldConstantEncodings)
    pm.addPass(mlir::stl::createSTLFoldConstantEncodings());
  pm.addPass(mlir::stl::createConvertSTLToLinalg());
  // Elementwise arith/math on tensors (casts between matmuls, activations)
  // is not bufferizable as is.
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
}

/// Tensors -> memrefs with identity layouts at function boundaries, so that
/// callers (and printMemref*) see plain descriptors; then free what was
/// allocated.
static void buildBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

/// Loops and memrefs -> LLVM dialect.
static void buildLowerToLLVM(OpPassManager &pm,
                             const mlir::stl::CPUPipelineOptions &options) {
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  if (options.expandBF16) {
    arith::ArithExpandOpsPassOptions expand;
    expand.includeBf16 = true;
    pm.addPass(arith::createArithExpandOpsPass(expand));
  }
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::stl::buildSTLCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options) {
  buildSTLToLinalg(pm, options);
  buildBufferization(pm);
  buildLowerToLLVM(pm, options);
}

void mlir::stl::registerSTLCPUPipeline() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "stl-cpu-pipeline",
      "Lower stl (and plain tensor/memref) IR to the LLVM dialect for "
      "mlir-runner on the CPU",
      buildSTLCPUPipeline);
}
