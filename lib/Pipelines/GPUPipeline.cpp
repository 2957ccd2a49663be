//===- GPUPipeline.cpp - stl to NVIDIA GPUs -------------------------------===//
//
// tensor-level stl IR -> host LLVM dialect calling the mgpu* runtime, with
// the kernels in gpu.binary objects:
//
//   1. stl ops -> GPU kernels + launches, configuration chosen and recorded
//   2. bufferization, results as out-parameters
//   3. every host buffer in device memory; leftover linalg ops -> kernels
//   4. device code -> NVVM, host code -> LLVM + gpu.binary (PTX/cubin/fatbin)
//
//===----------------------------------------------------------------------===//

#include "stl/Pipelines/GPUPipeline.h"

#include "ElementTypeCheck.h"
#include "stl/Codegen/GPU/KernelConfig.h"
#include "stl/Codegen/GPU/Passes.h"
#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::stl;

LogicalResult mlir::stl::verifyGPUPipelineOptions(
    const GPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  if (options.optLevel < 0 || options.optLevel > 3)
    return errorHandler("stl-gpu-pipeline: opt-level must be 0 to 3, got " +
                        Twine(options.optLevel));
  if (!options.dumpPtx.empty() && options.format != GPUBinaryFormat::Isa)
    return errorHandler("stl-gpu-pipeline: dump-ptx needs format=isa");
  if (!options.blockTile.empty() && options.blockTile.size() != 3)
    return errorHandler(
        "stl-gpu-pipeline: block-tile takes 3 values [BM, BN, BK]");
  if (!options.warpLayout.empty() && options.warpLayout.size() != 2)
    return errorHandler("stl-gpu-pipeline: warp-layout takes 2 values [M, N]");
  if (options.cluster < 0 || options.cluster > 2)
    return errorHandler("stl-gpu-pipeline: cluster must be 0 (choose), 1 or "
                        "2, got " +
                        std::to_string(options.cluster));
  if (options.stages < 0)
    return errorHandler("stl-gpu-pipeline: stages must not be negative");
  return success();
}

/// 1. stl.matmul -> encode/hadamard/decode, configuration, kernels.
static void buildSTLToKernels(OpPassManager &pm,
                              const GPUPipelineOptions &options) {
  if (options.foldConstantEncodings)
    pm.addPass(createSTLFoldConstantEncodings());
  pm.addPass(createSTLDecompose());
  ConvertSTLToGPUOptions convert;
  convert.hadamardBackend = options.hadamardBackend;
  if (options.hadamardBackend == HadamardBackend::Cublas) {
    // The library picks its own kernel; no configuration, no padding.
    pm.addPass(createConvertSTLToGPU(convert));
    pm.addPass(createCanonicalizerPass());
    return;
  }
  STLSelectKernelConfigOptions select;
  select.chip = options.chip;
  select.blockTile.assign(options.blockTile.begin(), options.blockTile.end());
  select.warpLayout.assign(options.warpLayout.begin(),
                           options.warpLayout.end());
  select.stages = options.stages;
  select.schedule = options.schedule;
  select.cluster = options.cluster;
  pm.addPass(createSTLSelectKernelConfig(select));
  pm.addPass(createSTLGPUPadHadamard());
  pm.addPass(createConvertSTLToGPU(convert));
  pm.addPass(createCanonicalizerPass());
}

/// 2. Tensors -> buffers. Public functions keep identity layouts and return
///    their results through out-parameters (the bench ABI of docs/GPU.md)
///    unless `outParams` is false (execution mode: helper functions of test
///    programs may return dynamically shaped buffers).
static void buildBufferization(OpPassManager &pm, bool outParams) {
  // Element-wise arith on tensors (outside the stl ops) bufferizes as linalg.
  pm.addPass(createConvertElementwiseToLinalgPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  if (outParams) {
    bufferization::BufferResultsToOutParamsPassOptions results;
    results.hoistStaticAllocs = true;
    results.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(results));
  }
  pm.addPass(createCanonicalizerPass());
}

/// 3. Device buffers; what bufferization left behind (fills and copies of
///    pads and slices that no kernel fused) becomes GPU kernels too.
static void buildHostToDevice(OpPassManager &pm) {
  pm.addPass(createSTLGPUHostToDevice());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createGpuMapParallelLoopsPass());
  pm.addPass(createConvertParallelLoopToGpuPass());
  pm.addPass(createGpuKernelOutliningPass());
  // One stream per call: allocations, copies, launches and frees are chained
  // by async tokens and the host waits once at the end (gpu-to-llvm only
  // lowers device allocations and copies in this form).
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  // ... with library calls (hadamard-backend=cublas) on the same stream ...
  pm.addNestedPass<func::FuncOp>(createSTLGPUAsyncLibraryCalls());
  // ... and without a wait before encoding each TMA descriptor.
  pm.addNestedPass<func::FuncOp>(createSTLGPUAsyncTmaDescriptors());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// 4a. Both sides: nvgpu (device ops and host TMA descriptors), control flow,
///     target attachment.
static void buildCommonLowering(OpPassManager &pm,
                                const GPUPipelineOptions &options) {
  pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = stringifyGPUChip(options.chip).str();
  // The PTX ISA of the chip (stl/Target/GPUTarget.h).
  target.features =
      lookupGPUTarget(stringifyGPUChip(options.chip))->ptxFeatures.str();
  target.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// 4b. Kernels -> NVVM.
static void buildDeviceLowering(OpPassManager &pm) {
  OpPassManager &gpuPM = pm.nest<gpu::GPUModuleOp>();
  gpuPM.addPass(createStripDebugInfoPass());
  gpuPM.addPass(createConvertGpuOpsToNVVMOps());
  gpuPM.addPass(LLVM::createNVVMOptimizeForTargetPass());
  gpuPM.addPass(createCanonicalizerPass());
  gpuPM.addPass(createCSEPass());
  gpuPM.addPass(createReconcileUnrealizedCastsPass());
}

/// 4c. Host -> LLVM with mgpu* calls; gpu.module -> gpu.binary.
static void buildHostLowering(OpPassManager &pm,
                              const GPUPipelineOptions &options) {
  pm.addPass(createGpuToLLVMConversionPass());
  // Before the kernels' signatures disappear into gpu.binary.
  pm.addPass(createSTLGPULaunchByValueArgs());
  GpuModuleToBinaryPassOptions binary;
  switch (options.format) {
  case GPUBinaryFormat::Isa:
    binary.compilationTarget = "isa";
    break;
  case GPUBinaryFormat::Bin:
    binary.compilationTarget = "bin";
    break;
  case GPUBinaryFormat::Fatbin:
    binary.compilationTarget = "fatbin";
    break;
  }
  binary.toolkitPath = options.toolkit;
  binary.cmdOptions = options.ptxasOptions;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  if (!options.dumpPtx.empty()) {
    STLGPUDumpPTXOptions dump;
    dump.dir = options.dumpPtx;
    pm.addPass(createSTLGPUDumpPTX(dump));
  }
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

/// 3'. Execution mode: managed buffers that the host code may touch; only
///     the STL kernels run on the GPU, the host waits for them before it
///     touches memory (gpu-async-region inserts the waits), host linalg ops
///     become loops.
static void buildManagedHostCode(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addNestedPass<func::FuncOp>(createSTLGPUAsyncLibraryCalls());
  pm.addNestedPass<func::FuncOp>(createSTLGPUAsyncTmaDescriptors());
  pm.addPass(createSTLGPUHostToManaged());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // The host's libgcc may lack the bf16 conversion helpers (host code only:
  // the kernels keep the cvt instructions).
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addNestedPass<func::FuncOp>(arith::createArithExpandOpsPass(expand));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::stl::buildSTLGPUPipeline(OpPassManager &pm,
                                    const GPUPipelineOptions &options) {
  // Every linalg op left after the rewrite becomes device code (stage 3),
  // and NVPTX aborts (it does not diagnose) on conversions between floats
  // and integers wider than 64 bits: they need compiler-rt calls it lacks.
  pm.addPass(detail::createCheckElementTypesPass(
      {"stl-gpu-check-element-types",
       [](Type element) {
         auto integer = dyn_cast<IntegerType>(element);
         return !integer || integer.getWidth() <= 64;
       },
       "the GPU pipeline cannot convert: every linalg op becomes device "
       "code, and NVPTX has no conversion between floats and integers wider "
       "than 64 bits; convert in a narrower integer type",
       [](Operation *op) {
         return isa<arith::FPToSIOp, arith::FPToUIOp, arith::SIToFPOp,
                    arith::UIToFPOp>(op);
       }}));
  buildSTLToKernels(pm, options);
  buildBufferization(pm, /*outParams=*/!options.managedMemory);
  if (options.managedMemory)
    buildManagedHostCode(pm);
  else
    buildHostToDevice(pm);
  buildCommonLowering(pm, options);
  buildDeviceLowering(pm);
  buildHostLowering(pm, options);
}

void mlir::stl::registerSTLGPUPipeline() {
  // Not PassPipelineRegistration<Options>: its builder cannot fail, and an
  // unsupported chip or format must stop the tool with a message.
  registerPassPipeline(
      "stl-gpu-pipeline",
      "Lower stl ops on tensors to NVIDIA TensorCore kernels (gpu.binary) "
      "and host code calling the mgpu* runtime",
      [](OpPassManager &pm, StringRef optionsStr,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        GPUPipelineOptions options;
        std::string parseErrors;
        llvm::raw_string_ostream os(parseErrors);
        if (failed(options.parseFromString(optionsStr, os)))
          return errorHandler("stl-gpu-pipeline: " + parseErrors);
        if (failed(verifyGPUPipelineOptions(options, errorHandler)))
          return failure();
        buildSTLGPUPipeline(pm, options);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optHandler) {
        optHandler(GPUPipelineOptions());
      });
}
