//===- Passes.cpp - C API of the stl passes and pipelines -----------------===//

#include "stl-c/Passes.h"

#include "stl/Codegen/GPU/Passes.h"
#include "stl/Conversion/Passes.h"
#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Pipelines/CPUPipeline.h"
#include "stl/Pipelines/GPUPipeline.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::stl;

#include "stl-c/ConversionPasses.capi.cpp.inc"
#include "stl-c/GPUPasses.capi.cpp.inc"
#include "stl-c/TransformsPasses.capi.cpp.inc"

/// Parses `options` as the textual options of pipeline `Options` and builds
/// it into `pm` with `build`.
template <typename Options, typename Build>
static MlirLogicalResult
addPipeline(MlirOpPassManager pm, StringRef name, MlirStringRef options,
            MlirStringCallback errorCallback, void *userData, Build build) {
  std::unique_ptr<Options> parsed = Options::createFromString(unwrap(options));
  if (!parsed) {
    std::string message =
        ("invalid " + name + " options '" + unwrap(options) + "'").str();
    if (errorCallback)
      errorCallback(mlirStringRefCreate(message.data(), message.size()),
                    userData);
    return mlirLogicalResultFailure();
  }
  build(*unwrap(pm), *parsed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult stlAddCPUPipeline(MlirOpPassManager pm, MlirStringRef options,
                                    MlirStringCallback errorCallback,
                                    void *userData) {
  return addPipeline<CPUPipelineOptions>(pm, "stl-cpu-pipeline", options,
                                         errorCallback, userData,
                                         buildSTLCPUPipeline);
}

MlirLogicalResult stlAddGPUPipeline(MlirOpPassManager pm, MlirStringRef options,
                                    MlirStringCallback errorCallback,
                                    void *userData) {
  return addPipeline<GPUPipelineOptions>(pm, "stl-gpu-pipeline", options,
                                         errorCallback, userData,
                                         buildSTLGPUPipeline);
}
