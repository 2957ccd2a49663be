//===- Registration.cpp - One registration entry point --------------------===//

#include "stl/Codegen/CPU/Passes.h"
#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/Interfaces/BufferizableOpInterfaceImpl.h"
#include "stl/Dialect/STL/TransformOps/STLTransformOps.h"
#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/InitAllSTL.h"
#include "stl/Pipelines/CPUPipeline.h"
#ifdef STL_ENABLE_GPU_CODEGEN
#include "stl/Codegen/GPU/Passes.h"
#include "stl/Pipelines/GPUPipeline.h"
#endif

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

using namespace mlir;

void mlir::stl::registerSTLDialects(DialectRegistry &registry) {
  registry.insert<mlir::stl::STLDialect, tensor::TensorDialect>();
  registerTransformDialectExtension(registry);
  registerBufferizableOpInterfaceExternalModels(registry);
}

void mlir::stl::registerAllSTLPasses() {
  // Pass registration is global; the plugin and Python may call this after a
  // tool already did.
  static bool once = [] {
    registerSTLPasses();
    registerConvertSTLToLinalg();
    registerSTLCPUCodegenPasses();
    registerSTLCPUPipeline();
#ifdef STL_ENABLE_GPU_CODEGEN
    // A CPU-only build (STL_ENABLE_GPU_CODEGEN=OFF) leaves these out.
    registerConvertSTLToGPU();
    registerSTLGPUPasses();
    registerSTLGPUPipeline();
#endif
    return true;
  }();
  (void)once;
}

void mlir::stl::registerAllForTools(DialectRegistry &registry) {
  registerSTLDialects(registry);
  registerAllDialects(registry);
  registerAllExtensions(registry);
  // gpu-module-to-binary and mlir-translate-style export need the LLVM IR
  // translation interfaces of every dialect that reaches LLVM.
  registerAllToLLVMIRTranslations(registry);
  registerAllPasses();
  registerAllSTLPasses();
}
