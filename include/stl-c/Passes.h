/*===- Passes.h - C API of the stl passes and pipelines -----------*- C -*-===*\
|*                                                                            *|
|* mlirCreate<Group><Pass>() and mlirRegister<Group><Pass>() are generated    *|
|* from the pass definitions, e.g. mlirCreateSTLSTLRewriteMatmul(); passes    *|
|* with options are best added by name with mlirParsePassPipeline() after     *|
|* stlRegisterAllPasses().                                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef STL_C_PASSES_H
#define STL_C_PASSES_H

#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include "stl-c/ConversionPasses.capi.h.inc"
#include "stl-c/GPUPasses.capi.h.inc"
#include "stl-c/TransformsPasses.capi.h.inc"

#ifdef __cplusplus
extern "C" {
#endif

/// Appends --stl-cpu-pipeline with `options` (the textual pipeline options,
/// e.g. "fold-constant-encodings=false"; empty for the defaults) to `pm`. On
/// invalid options calls `errorCallback` with the reason and fails.
MLIR_CAPI_EXPORTED MlirLogicalResult
stlAddCPUPipeline(MlirOpPassManager pm, MlirStringRef options,
                  MlirStringCallback errorCallback, void *userData);

/// The same for --stl-gpu-pipeline (e.g. "chip=sm_80 format=isa").
MLIR_CAPI_EXPORTED MlirLogicalResult
stlAddGPUPipeline(MlirOpPassManager pm, MlirStringRef options,
                  MlirStringCallback errorCallback, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* STL_C_PASSES_H */
