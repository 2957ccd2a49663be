//===- GPUPipeline.h - stl to NVIDIA GPUs -----------------------*- C++ -*-===//

#ifndef STL_PIPELINES_GPUPIPELINE_H
#define STL_PIPELINES_GPUPIPELINE_H

#include "stl/Conversion/STLToGPU/STLToGPU.h"
#include "stl/Dialect/STL/Transforms/Options.h"

#include "stl/Target/GPUTarget.h"

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace stl {

/// The device code format of the gpu.binary (gpu-module-to-binary's
/// compilation target).
enum class GPUBinaryFormat { Isa, Bin, Fatbin };

struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  PassOptions::Option<GPUChip> chip{
      *this, "chip", llvm::cl::desc("Target chip"),
      llvm::cl::init(GPUChip::SM90a),
      llvm::cl::values(
          clEnumValN(GPUChip::SM80, "sm_80", "A100: mma.sync kernels"),
          clEnumValN(GPUChip::SM90, "sm_90", "H100/H200: mma.sync kernels"),
          clEnumValN(GPUChip::SM90a, "sm_90a",
                     "H100/H200: wgmma + TMA kernels"))};
  PassOptions::Option<GPUBinaryFormat> format{
      *this, "format", llvm::cl::desc("Device code format in the gpu.binary"),
      llvm::cl::init(GPUBinaryFormat::Isa),
      llvm::cl::values(
          clEnumValN(GPUBinaryFormat::Isa, "isa",
                     "PTX, JIT-compiled by the driver at load time"),
          clEnumValN(GPUBinaryFormat::Bin, "bin", "cubin (runs ptxas)"),
          clEnumValN(GPUBinaryFormat::Fatbin, "fatbin",
                     "fatbin (runs ptxas and fatbinary)"))};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit directory for bin/fatbin (ptxas, "
                     "fatbinary, libdevice). Empty: tools from PATH and no "
                     "libdevice (the STL kernels call no __nv_* math)"),
      llvm::cl::init("")};
  PassOptions::Option<int> optLevel{
      *this, "opt-level",
      llvm::cl::desc("LLVM optimization level of device code (0-3)"),
      llvm::cl::init(3)};
  PassOptions::Option<std::string> ptxasOptions{
      *this, "ptxas-options",
      llvm::cl::desc("Extra ptxas options for bin/fatbin (e.g. \"-v\")"),
      llvm::cl::init("")};
  PassOptions::ListOption<int64_t> blockTile{
      *this, "block-tile",
      llvm::cl::desc("Override the GEMM block tile [BM, BN, BK]")};
  PassOptions::ListOption<int64_t> warpLayout{
      *this, "warp-layout",
      llvm::cl::desc("Override the warps (warpgroups on sm_90a) along [M, N]")};
  PassOptions::Option<int64_t> stages{
      *this, "stages",
      llvm::cl::desc("Override the GEMM pipeline depth (0: choose)"),
      llvm::cl::init(0)};
  PassOptions::Option<ScheduleChoice> schedule{
      *this, "schedule", llvm::cl::desc("Override the sm_90a GEMM schedule"),
      llvm::cl::init(ScheduleChoice::Choose),
      llvm::cl::values(
          clEnumValN(ScheduleChoice::Choose, "", "the heuristic chooses"),
          clEnumValN(ScheduleChoice::DataParallel, "data_parallel",
                     "one block per output tile"),
          clEnumValN(ScheduleChoice::Persistent, "persistent",
                     "warp-specialized, one block per SM"))};
  PassOptions::Option<int64_t> cluster{
      *this, "cluster",
      llvm::cl::desc("Blocks per cluster along M for the persistent sm_90a "
                     "GEMM, 1 or 2 (2: TMA multicast of the rhs; 0: choose)"),
      llvm::cl::init(0)};
  PassOptions::Option<HadamardBackend> hadamardBackend{
      *this, "hadamard-backend",
      llvm::cl::desc("How the batched products run (encode and decode stay "
                     "generated)"),
      llvm::cl::init(HadamardBackend::Generated),
      llvm::cl::values(
          clEnumValN(HadamardBackend::Generated, "generated",
                     "TensorCore kernels of the chosen configuration"),
          clEnumValN(HadamardBackend::Cublas, "cublas",
                     "cuBLASLt in libstl_runtime, bf16/f16 operands"))};
  PassOptions::Option<bool> foldConstantEncodings{
      *this, "fold-constant-encodings",
      llvm::cl::desc("Encode constant weights at compile time"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> managedMemory{
      *this, "managed-memory",
      llvm::cl::desc("Execution mode for test programs whose host code reads "
                     "and writes buffers (e.g. a main that prints): buffers "
                     "in CUDA managed memory, host ops stay on the host"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> dumpPtx{
      *this, "dump-ptx",
      llvm::cl::desc("Write the PTX of every gpu.binary to this directory "
                     "(format=isa only)"),
      llvm::cl::init("")};
};

/// Checks the option values that the pass options cannot check themselves;
/// reports the first problem through `errorHandler`.
LogicalResult verifyGPUPipelineOptions(
    const GPUPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> errorHandler);

/// stl ops on tensors -> host code calling the mgpu* runtime (LLVM dialect)
/// plus gpu.binary objects. Call verifyGPUPipelineOptions first.
void buildSTLGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);

/// Registers `--stl-gpu-pipeline`.
void registerSTLGPUPipeline();

} // namespace stl
} // namespace mlir

#endif // STL_PIPELINES_GPUPIPELINE_H
