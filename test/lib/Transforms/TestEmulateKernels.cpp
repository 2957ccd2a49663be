//===- TestEmulateKernels.cpp - Check GPU lowerings by host emulation -----===//
//
// For every function of the module: run it as written (stl.hadamard is the
// reference batched product), lower a copy with the GPU passes, run the copy
// with every kernel emulated (test/lib/Emulator), and require identical
// results on integer-valued inputs, for which the TensorCore product with f32
// accumulation is exact. This runs the TensorCore GEMMs (sm_90a wgmma + TMA,
// persistent and warp-specialized, clusters) without a GPU.
//
//===----------------------------------------------------------------------===//

#include "Emulator/KernelEmulator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::stl::test;

namespace {

/// Integer values in [-range, range], reproducible per argument and element.
static HostTensor makeInput(RankedTensorType type, unsigned argIndex,
                            int64_t range) {
  HostTensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.elementType = type.getElementType();
  t.values.resize(type.getNumElements());
  uint64_t state = 0x9E3779B97F4A7C15ull * (argIndex + 1);
  for (double &v : t.values) {
    state ^= state >> 33;
    state *= 0xFF51AFD7ED558CCDull;
    state ^= state >> 29;
    state += 0x632BE59BD9B14F07ull;
    v = double(int64_t(state % uint64_t(2 * range + 1)) - range);
  }
  return t;
}

struct TestEmulateKernelsPass
    : public PassWrapper<TestEmulateKernelsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestEmulateKernelsPass)

  TestEmulateKernelsPass() = default;
  TestEmulateKernelsPass(const TestEmulateKernelsPass &other)
      : PassWrapper(other) {}

  StringRef getArgument() const final { return "test-stl-gpu-emulate-kernels"; }
  StringRef getDescription() const final {
    return "Compare each function with its GPU lowering run on a host "
           "emulation of the kernels (TensorCore GEMMs included)";
  }

  Option<std::string> pipeline{
      *this, "pipeline",
      llvm::cl::desc("GPU passes that lower a copy of each function"),
      llvm::cl::init("stl-gpu-pad-hadamard,convert-stl-to-gpu")};
  Option<std::string> reference{
      *this, "reference",
      llvm::cl::desc("MLIR file whose same-named functions are the reference; "
                     "with an empty pipeline the module's functions run as "
                     "they are (for checks of hand-modified lowerings)")};
  Option<int64_t> gridLimit{
      *this, "grid-limit",
      llvm::cl::desc("run persistent kernels with at most this many blocks, "
                     "so that each block walks several tiles (0: as launched)"),
      llvm::cl::init(0)};
  Option<int64_t> range{
      *this, "range", llvm::cl::desc("inputs are integers in [-range, range]"),
      llvm::cl::init(2)};

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!reference.empty()) {
      referenceModule = parseSourceFile<ModuleOp>(
          reference.getValue(), ParserConfig(module.getContext()));
      if (!referenceModule) {
        module.emitError("cannot parse the reference file '")
            << reference << "'";
        return signalPassFailure();
      }
    }
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        funcs.push_back(func);
    for (func::FuncOp func : funcs)
      if (failed(check(func)))
        return signalPassFailure();
  }

  LogicalResult check(func::FuncOp func) {
    ModuleOp refModule = getOperation();
    func::FuncOp refFunc = func;
    if (referenceModule) {
      refModule = *referenceModule;
      refFunc = refModule.lookupSymbol<func::FuncOp>(func.getName());
      if (!refFunc)
        return func.emitError("no function of this name in the reference");
      if (refFunc.getFunctionType() != func.getFunctionType())
        return func.emitError("the reference function has another type");
    }
    SmallVector<HostTensor> inputs;
    for (auto [k, type] : llvm::enumerate(func.getArgumentTypes())) {
      auto tt = dyn_cast<RankedTensorType>(type);
      if (!tt || !tt.hasStaticShape())
        return func.emitError("emulation needs statically shaped tensor "
                              "arguments");
      inputs.push_back(makeInput(tt, k, range));
    }

    EmulationStats refStats, gpuStats;
    EmulationOptions options;
    options.gridLimit = gridLimit;
    std::string error;
    FailureOr<SmallVector<HostTensor>> expected =
        emulateFunction(refModule, refFunc, inputs, options, refStats, error);
    if (failed(expected))
      return func.emitError("reference run failed: ") << error;

    // Lower a copy in a module of its own (or run the function as it is).
    OwningOpRef<ModuleOp> copy;
    ModuleOp loweredModule = getOperation();
    func::FuncOp lowered = func;
    if (!pipeline.empty()) {
      OpBuilder b(func.getContext());
      copy = ModuleOp::create(func.getLoc());
      b.setInsertionPointToEnd(copy->getBody());
      lowered = cast<func::FuncOp>(b.clone(*func));
      PassManager pm(func.getContext(), ModuleOp::getOperationName());
      if (failed(parsePassPipeline(pipeline, pm)))
        return func.emitError("invalid pipeline '") << pipeline << "'";
      if (failed(pm.run(*copy)))
        return func.emitError("the GPU pipeline failed on this function");
      loweredModule = *copy;
    }

    FailureOr<SmallVector<HostTensor>> actual = emulateFunction(
        loweredModule, lowered, inputs, options, gpuStats, error);
    if (failed(actual))
      return func.emitError("emulated GPU run failed: ") << error;
    if (gpuStats.launches == 0)
      return func.emitError("the lowered function launches no kernel");

    int64_t compared = 0;
    for (auto [r, pair] : llvm::enumerate(llvm::zip(*expected, *actual))) {
      const HostTensor &want = std::get<0>(pair), &got = std::get<1>(pair);
      if (want.shape != got.shape)
        return func.emitError() << "result " << r << " has another shape";
      for (size_t k = 0; k < want.values.size(); ++k) {
        // Bitwise equal, NaN never.
        if (want.values[k] != got.values[k])
          return func.emitError() << llvm::formatv(
                     "result {0} differs at flat index {1}: expected {2}, "
                     "the emulated kernels give {3}",
                     r, k, want.values[k], got.values[k]);
      }
      compared += want.values.size();
    }
    llvm::outs() << llvm::formatv(
        "@{0}: {1} values equal the reference ({2} launches, {3} blocks, {4} "
        "wgmma, {5} TMA loads, {6} mma.sync)\n",
        func.getName(), compared, gpuStats.launches, gpuStats.blocks,
        gpuStats.wgmmas, gpuStats.tmaLoads, gpuStats.mmaSyncs);
    return success();
  }

  OwningOpRef<ModuleOp> referenceModule;
};
} // namespace

namespace mlir::stl::test {
void registerTestEmulateKernelsPass() {
  PassRegistration<TestEmulateKernelsPass>();
}
} // namespace mlir::stl::test
