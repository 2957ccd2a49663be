//===- AsyncTmaDescriptors.cpp - Encode TMA descriptors in async chains ---===//
//
// gpu-async-region treats every host op with side effects as a reason to
// wait: before `nvgpu.tma.create.descriptor` it synchronizes the call's
// stream (mgpuStreamSynchronize + mgpuStreamDestroy once lowered) and
// continues on a new stream. Encoding a descriptor reads only the memref's
// address, sizes and strides, which are known when the allocation is queued,
// never the data: the chain can continue across it.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/Passes.h"

#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPUASYNCTMADESCRIPTORS
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;

/// True for ops between a wait and the restart of the chain that do not
/// need the device work before them to be done.
static bool isDescriptorOnly(Operation &op) {
  return isa<nvgpu::TmaCreateDescriptorOp>(op) || isMemoryEffectFree(&op);
}

unsigned mlir::stl::continueAsyncChainsAcrossDescriptors(Operation *root) {
  SmallVector<gpu::WaitOp> waits;
  root->walk([&](gpu::WaitOp wait) {
    if (!wait.getAsyncToken() && !wait.getAsyncDependencies().empty())
      waits.push_back(wait);
  });
  unsigned merged = 0;
  for (gpu::WaitOp wait : waits) {
    // Find `%t = gpu.wait async` (a new chain) after only descriptor ops,
    // at least one of them a descriptor.
    gpu::WaitOp restart;
    bool describes = false;
    for (Operation *op = wait->getNextNode(); op; op = op->getNextNode()) {
      auto next = dyn_cast<gpu::WaitOp>(op);
      if (next && next.getAsyncToken() && next.getAsyncDependencies().empty()) {
        restart = next;
        break;
      }
      if (!isDescriptorOnly(*op))
        break;
      describes |= isa<nvgpu::TmaCreateDescriptorOp>(op);
    }
    if (!restart || !describes)
      continue;
    ValueRange tokens = wait.getAsyncDependencies();
    if (tokens.size() == 1) {
      restart.getAsyncToken().replaceAllUsesWith(tokens.front());
      restart.erase();
    } else {
      restart.getAsyncDependenciesMutable().assign(tokens);
    }
    wait.erase();
    ++merged;
  }
  return merged;
}

namespace {
struct STLGPUAsyncTmaDescriptorsPass
    : public mlir::stl::impl::STLGPUAsyncTmaDescriptorsBase<
          STLGPUAsyncTmaDescriptorsPass> {
  void runOnOperation() override {
    mlir::stl::continueAsyncChainsAcrossDescriptors(getOperation());
  }
};
} // namespace
