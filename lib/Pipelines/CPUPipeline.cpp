//===- CPUPipeline.cpp - stl to LLVM on the CPU ---------------------------===//
//
// The CPU path is the executable reference for every other lowering: it runs
// the STL form through linalg, bufferizes, and lowers to LLVM with
// mlir-runner's calling conventions (printMemref* work, several functions,
// calls and dynamic shapes are fine).
//
//===----------------------------------------------------------------------===//

#include "stl/Pipelines/CPUPipeline.h"

#include "ElementTypeCheck.h"
#include "stl/Codegen/CPU/Passes.h"
#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
/// math-extend-to-supported-types gives the arith.extf / arith.truncf it
/// wraps 16-bit math in a fastmath flag, which arith-to-llvm copies onto
/// llvm.fpext / llvm.fptrunc as a stray arith attribute (mlir-runner then
/// cannot parse the output). Conversions are exact or correctly rounded
/// whatever the flag says, so it is dropped.
struct DropConversionFastMath
    : PassWrapper<DropConversionFastMath, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DropConversionFastMath)
  StringRef getArgument() const final { return "stl-drop-conversion-fastmath"; }
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (isa<arith::ExtFOp, arith::TruncFOp>(op))
        op->removeAttr("fastmath");
    });
  }
};

} // namespace

/// stl ops -> linalg on tensors, weights encoded at compile time. With
/// vectorization, encodes and decodes stay stl ops until the batched GEMM is
/// tiled (buildVectorization): their contractions have 2x2..6x6 tiles, no
/// register tile worth unrolling (the vectorizer made dozens of 2-wide dot
/// products of each), and lowered per product they made the compile time of
/// a rewritten module several times that of the original.
static void buildSTLToLinalg(OpPassManager &pm,
                             const mlir::stl::CPUPipelineOptions &options) {
  if (options.foldConstantEncodings)
    pm.addPass(mlir::stl::createSTLFoldConstantEncodings());
  if (options.hadamardBackend == mlir::stl::CPUHadamardBackend::Blas) {
    pm.addPass(mlir::stl::createSTLDecompose());
    pm.addPass(mlir::stl::createSTLCPUHadamardToBlas());
  }
  mlir::stl::ConvertSTLToLinalgOptions convert;
  convert.lowerEncodings = !options.vectorize;
  pm.addPass(mlir::stl::createConvertSTLToLinalg(convert));
  // Elementwise arith/math on tensors (casts between matmuls, activations)
  // is not bufferizable as is.
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
}

/// Contractions (the STL batched GEMM, encode and decode, and plain
/// matmuls) -> cache and register tiles of FMA outer products.
static void buildVectorization(OpPassManager &pm,
                               const mlir::stl::CPUPipelineOptions &options) {
  if (!options.vectorize)
    return;
  mlir::stl::STLCPUTileAndVectorizeOptions tiling;
  tiling.cacheTile.assign(options.cacheTile.begin(), options.cacheTile.end());
  tiling.registerTile.assign(options.registerTile.begin(),
                             options.registerTile.end());
  pm.addNestedPass<func::FuncOp>(
      mlir::stl::createSTLCPUTileAndVectorize(tiling));
  // One loop nest per kind of encoding in the module, not one per product,
  // reading and writing whole vectors.
  pm.addPass(mlir::stl::createSTLCPUOutlineEncodings());
  if (options.encodingVectorWidth > 0) {
    mlir::stl::STLCPUVectorizeEncodingsOptions encodings;
    encodings.vectorWidth = options.encodingVectorWidth;
    pm.addPass(mlir::stl::createSTLCPUVectorizeEncodings(encodings));
  }
  pm.addPass(mlir::stl::createConvertSTLToLinalg());
  pm.addPass(createCanonicalizerPass());
}

/// Tensors -> memrefs with identity layouts at function boundaries, so that
/// callers (and printMemref*) see plain descriptors; then free what was
/// allocated.
static void buildBufferization(OpPassManager &pm,
                               const mlir::stl::CPUPipelineOptions &options) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Before deallocation, whose ownership bookkeeping adds uses of the
  // buffers that hoisting must assume may alias.
  if (options.vectorize) {
    pm.addPass(createCSEPass());
    pm.addPass(createCanonicalizerPass());
    pm.addNestedPass<func::FuncOp>(mlir::stl::createSTLCPUHoistAccumulators());
    pm.addPass(createCanonicalizerPass());
  }
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createConvertBufferizationToMemRefPass());
}

/// Loops and memrefs -> LLVM dialect.
static void buildLowerToLLVM(OpPassManager &pm,
                             const mlir::stl::CPUPipelineOptions &options) {
  pm.addPass(createConvertLinalgToLoopsPass());
  // Parallel loops (the GEMMs' scf.forall tiles, the encodings'
  // scf.parallel rows) run on OpenMP threads, or in order like any loop.
  pm.addPass(createForallToParallelLoopPass());
  bool openmp = options.parallel == mlir::stl::CPUParallelism::OpenMP;
  if (openmp) {
    pm.addPass(createConvertSCFToOpenMPPass());
    // The conversion wraps each loop body in a memref.alloca_scope, which
    // must keep one block; the canonicalizer inlines those that hold no
    // alloca (all of ours) before scf-to-cf splits the body into blocks.
    pm.addPass(createCanonicalizerPass());
  }
  // n-D transfers -> 1-D ones, unrolled: the default lowering stages each
  // vector through a stack slot allocated inside the loop, which overflows
  // the stack on long loops.
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createSCFToControlFlowPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Math as frontends emit it (GELU's erf, tanh, rsqrt, powers, on 16-bit
  // floats too): 16-bit math is computed in f32, what LLVM has intrinsics
  // for becomes intrinsics, integer powers are expanded, and the rest
  // (erf, erfc, cbrt, tanh, atan, ...) calls libm, which mlir-runner and any
  // C program link. Nothing in the math dialect is left unlowered.
  pm.addPass(math::createMathExtendToSupportedTypes());
  pm.addPass(std::make_unique<DropConversionFastMath>());
  math::MathExpandOpsPassOptions expandMath;
  expandMath.opMnemonics = {"fpowi", "ipowi", "ctlz", "roundeven"};
  pm.addPass(math::createMathExpandOpsPass(expandMath));
  if (options.expandBF16) {
    arith::ArithExpandOpsPassOptions expand;
    expand.includeBf16 = true;
    pm.addPass(arith::createArithExpandOpsPass(expand));
  }
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::stl::buildSTLCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options) {
  // Float types LLVM has no type for (the 8-, 6- and 4-bit floats, tf32)
  // reach the LLVM conversion as integers and come out as invalid IR (or as
  // unrealized casts).
  pm.addPass(detail::createCheckElementTypesPass(
      {"stl-cpu-check-element-types",
       [](Type element) {
         auto type = dyn_cast<FloatType>(element);
         return !type || isa<Float16Type, BFloat16Type, Float32Type,
                             Float64Type, Float80Type, Float128Type>(type);
       },
       "the CPU pipeline cannot lower (LLVM has no such float type); compute "
       "in f16, bf16 or f32 (arith.extf before, arith.truncf after)",
       /*appliesTo=*/nullptr}));
  buildSTLToLinalg(pm, options);
  buildVectorization(pm, options);
  buildBufferization(pm, options);
  buildLowerToLLVM(pm, options);
}

void mlir::stl::registerSTLCPUPipeline() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "stl-cpu-pipeline",
      "Lower stl (and plain tensor/memref) IR to the LLVM dialect for "
      "mlir-runner on the CPU",
      buildSTLCPUPipeline);
}
