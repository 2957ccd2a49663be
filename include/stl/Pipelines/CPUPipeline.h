//===- CPUPipeline.h - stl to LLVM on the CPU -------------------*- C++ -*-===//

#ifndef STL_PIPELINES_CPUPIPELINE_H
#define STL_PIPELINES_CPUPIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace stl {

/// Who computes the batched product of an STL computation on the CPU.
enum class CPUHadamardBackend {
  /// The pipeline's own tiled and vectorized GEMM.
  Generated,
  /// cblas_sgemm of the BLAS the program links (f32 products).
  Blas,
};

/// Who runs the iterations of parallel loops (the GEMMs' cache tiles, the
/// encodings' tile rows, any scf.parallel or scf.forall of the program).
enum class CPUParallelism {
  /// One thread, in order.
  None,
  /// The threads of the OpenMP runtime the program links (libomp), as many
  /// as OMP_NUM_THREADS says.
  OpenMP,
};

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
  PassOptions::Option<int64_t> encodingVectorWidth{
      *this, "encoding-vector-width",
      llvm::cl::desc("Tiles per vector step of the encode/decode loops "
                     "(stl-cpu-vectorize-encodings); 0: lower them through "
                     "linalg like any other consumer of the STL form"),
      llvm::cl::init(16)};
  PassOptions::Option<CPUHadamardBackend> hadamardBackend{
      *this, "hadamard-backend",
      llvm::cl::desc("Who computes the STL batched products"),
      llvm::cl::init(CPUHadamardBackend::Generated),
      llvm::cl::values(
          clEnumValN(CPUHadamardBackend::Generated, "generated",
                     "the pipeline's own vectorized GEMM"),
          clEnumValN(CPUHadamardBackend::Blas, "blas",
                     "cblas_sgemm of the BLAS the program links, for f32 "
                     "products (mlir-runner -shared-libs=libopenblas.so.0)"))};
  PassOptions::Option<CPUParallelism> parallel{
      *this, "parallel", llvm::cl::desc("Who runs parallel loops"),
      llvm::cl::init(CPUParallelism::None),
      llvm::cl::values(
          clEnumValN(CPUParallelism::None, "none", "one thread, in order"),
          clEnumValN(CPUParallelism::OpenMP, "openmp",
                     "OpenMP threads (mlir-runner "
                     "-shared-libs=libomp.so.5; OMP_NUM_THREADS threads)"))};
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
