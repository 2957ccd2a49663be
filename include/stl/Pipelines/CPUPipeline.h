//===- CPUPipeline.h - stl to LLVM on the CPU -------------------*- C++ -*-===//

#ifndef STL_PIPELINES_CPUPIPELINE_H
#define STL_PIPELINES_CPUPIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace stl {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> foldConstantEncodings{
      *this, "fold-constant-encodings",
      llvm::cl::desc("Encode constant weights at compile time"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> expandBF16{
      *this, "expand-bf16",
      llvm::cl::desc("Expand bf16 conversions into integer ops (the host's "
                     "libgcc may lack the bf16 helpers)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile contractions for caches and registers and "
                     "vectorize them (off: scalar loops)"),
      llvm::cl::init(true)};
  PassOptions::ListOption<int64_t> cacheTile{
      *this, "cache-tile",
      llvm::cl::desc("Cache tile sizes (M, N, K) of contractions")};
  PassOptions::ListOption<int64_t> registerTile{
      *this, "register-tile",
      llvm::cl::desc("Register tile sizes (M, N, K) of contractions")};
};

/// stl (or plain tensor/memref) IR -> LLVM dialect runnable by mlir-runner.
void buildSTLCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers `--stl-cpu-pipeline`.
void registerSTLCPUPipeline();

} // namespace stl
} // namespace mlir

#endif // STL_PIPELINES_CPUPIPELINE_H
