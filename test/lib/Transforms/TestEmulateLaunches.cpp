//===- TestEmulateLaunches.cpp - Run simple kernels as host loops ---------===//
//
// A testing aid for machines without a GPU: the streaming kernels of the STL
// lowering (encode, decode, fill, copy) are plain scf + memref code indexed
// by thread and block ids, so running their bodies once per (block, thread)
// on the host computes what the GPU would. The TensorCore GEMMs (shared
// memory, barriers, nvgpu ops) are not emulated.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

/// Why `kernel` cannot run as a host loop nest, or an empty string.
static std::string whyNotEmulatable(gpu::GPUFuncOp kernel) {
  if (!kernel.getBody().hasOneBlock())
    return "it has more than one block";
  std::string why;
  kernel.walk([&](Operation *op) {
    if (isa<gpu::BarrierOp, gpu::DynamicSharedMemoryOp, gpu::LaneIdOp>(op) ||
        isa<nvgpu::NVGPUDialect, NVVM::NVVMDialect>(op->getDialect())) {
      why = ("it uses " + op->getName().getStringRef()).str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return why;
}

/// The constant values of a launch's grid or block sizes.
static FailureOr<SmallVector<int64_t, 3>> constantDims(gpu::KernelDim3 dims) {
  SmallVector<int64_t, 3> result;
  for (Value v : {dims.x, dims.y, dims.z}) {
    APInt value;
    if (!matchPattern(v, m_ConstantInt(&value)))
      return failure();
    result.push_back(value.getSExtValue());
  }
  return result;
}

/// Replaces `launch` by loops over blocks (z, y, x) and threads (z, y, x)
/// around a copy of the kernel body.
static LogicalResult emulate(gpu::LaunchFuncOp launch, gpu::GPUFuncOp kernel) {
  FailureOr<SmallVector<int64_t, 3>> grid =
      constantDims(launch.getGridSizeOperandValues());
  FailureOr<SmallVector<int64_t, 3>> block =
      constantDims(launch.getBlockSizeOperandValues());
  if (failed(grid) || failed(block))
    return launch.emitOpError() << "needs constant grid and block sizes";

  OpBuilder b(launch);
  Location loc = launch.getLoc();
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // Loop order: block z, y, x, then thread z, y, x.
  SmallVector<int64_t> extents = {(*grid)[2],  (*grid)[1],  (*grid)[0],
                                  (*block)[2], (*block)[1], (*block)[0]};
  SmallVector<Value> ivs;
  for (int64_t extent : extents) {
    auto loop = scf::ForOp::create(b, loc, c(0), c(extent), c(1));
    ivs.push_back(loop.getInductionVar());
    b.setInsertionPointToStart(loop.getBody());
  }
  auto blockId = [&](gpu::Dimension d) { return ivs[2 - int(d)]; };
  auto threadId = [&](gpu::Dimension d) { return ivs[5 - int(d)]; };

  IRMapping mapping;
  for (auto [arg, operand] :
       llvm::zip_equal(kernel.getArguments(), launch.getKernelOperands()))
    mapping.map(arg, operand);
  for (Operation &op : kernel.getBody().front()) {
    Value replacement;
    if (auto id = dyn_cast<gpu::BlockIdOp>(op))
      replacement = blockId(id.getDimension());
    else if (auto id = dyn_cast<gpu::ThreadIdOp>(op))
      replacement = threadId(id.getDimension());
    else if (auto dim = dyn_cast<gpu::GridDimOp>(op))
      replacement = c((*grid)[int(dim.getDimension())]);
    else if (auto dim = dyn_cast<gpu::BlockDimOp>(op))
      replacement = c((*block)[int(dim.getDimension())]);
    else if (isa<gpu::ReturnOp>(op))
      continue;
    if (replacement) {
      mapping.map(op.getResult(0), replacement);
      continue;
    }
    Operation *clone = b.clone(op, mapping);
    // Ids used inside nested regions of the clone.
    clone->walk([&](Operation *nested) {
      OpBuilder nb(nested);
      Value v;
      if (auto id = dyn_cast<gpu::BlockIdOp>(nested))
        v = blockId(id.getDimension());
      else if (auto id = dyn_cast<gpu::ThreadIdOp>(nested))
        v = threadId(id.getDimension());
      if (v) {
        nested->getResult(0).replaceAllUsesWith(v);
        nested->erase();
      }
    });
  }
  launch.erase();
  return success();
}

namespace {
/// Replaces every `gpu.launch_func` of a kernel that uses only thread and
/// block ids, scf and memref ops by host loops over the grid and the block
/// that run the kernel body once per thread, then removes the `gpu.module`s.
/// Threads run one after the other, so kernels with barriers, shared memory
/// or TensorCore ops are rejected. With
/// --test-stl-convert-encode-decode-to-gpu and the CPU pipeline this checks
/// the index math of the encode, decode, fill and copy kernels numerically
/// on a machine without a GPU.
struct TestEmulateLaunchesPass
    : public PassWrapper<TestEmulateLaunchesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestEmulateLaunchesPass)

  StringRef getArgument() const final {
    return "test-stl-gpu-emulate-launches";
  }
  StringRef getDescription() const final {
    return "Run simple GPU kernels as host loops";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<scf::SCFDialect, arith::ArithDialect>();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection symbols;
    SmallVector<gpu::LaunchFuncOp> launches;
    module.walk([&](gpu::LaunchFuncOp op) { launches.push_back(op); });
    for (gpu::LaunchFuncOp launch : launches) {
      auto kernel = symbols.lookupNearestSymbolFrom<gpu::GPUFuncOp>(
          launch, launch.getKernel());
      if (!kernel) {
        launch.emitOpError() << "kernel not found";
        return signalPassFailure();
      }
      std::string why = whyNotEmulatable(kernel);
      if (!why.empty()) {
        launch.emitOpError()
            << "cannot emulate kernel '" << kernel.getName() << "': " << why;
        return signalPassFailure();
      }
      if (failed(emulate(launch, kernel)))
        return signalPassFailure();
    }
    for (auto gpuModule :
         llvm::make_early_inc_range(module.getOps<gpu::GPUModuleOp>()))
      gpuModule.erase();
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  }
};
} // namespace

namespace mlir::stl::test {
void registerTestEmulateLaunchesPass() {
  PassRegistration<TestEmulateLaunchesPass>();
}
} // namespace mlir::stl::test
