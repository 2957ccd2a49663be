//===- Plugin.cpp - The stl plugin for mlir-opt ---------------------------===//
//
// One shared library that serves both plugin kinds of mlir-opt:
//
//   mlir-opt --load-dialect-plugin=STLPlugin.so \
//            --load-pass-plugin=STLPlugin.so \
//            --pass-pipeline='builtin.module(stl-rewrite-matmul)' in.mlir
//
// Both entry points go through stl/InitAllSTL.h, as stl-opt does. The plugin
// links libMLIR.so so that it shares the host's dialect and pass registries.
//
//===----------------------------------------------------------------------===//

#include "stl/InitAllSTL.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "STL", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::stl::registerSTLDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "STL", LLVM_VERSION_STRING,
          [] { mlir::stl::registerAllSTLPasses(); }};
}
