//===- TestConvertEncodeDecodeToGPU.cpp - GPU kernels without the GEMM ----===//
//
// Converts stl.encode and stl.decode to GPU kernels and leaves stl.hadamard,
// so that --convert-stl-to-linalg, --test-stl-gpu-emulate-launches and the
// CPU pipeline can run the encode and decode kernels numerically on a
// machine without a GPU.
//
//===----------------------------------------------------------------------===//

#include "stl/Conversion/Passes.h"

#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {
struct TestConvertEncodeDecodeToGPUPass
    : public PassWrapper<TestConvertEncodeDecodeToGPUPass,
                         OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestConvertEncodeDecodeToGPUPass)

  StringRef getArgument() const final {
    return "test-stl-convert-encode-decode-to-gpu";
  }
  StringRef getDescription() const final {
    return "Lower stl.encode and stl.decode to GPU kernels, keep "
           "stl.hadamard";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, bufferization::BufferizationDialect,
                    gpu::GPUDialect, memref::MemRefDialect, scf::SCFDialect,
                    tensor::TensorDialect>();
  }
  void runOnOperation() override {
    if (failed(stl::convertSTLToGPU(getOperation(),
                                    /*includeHadamards=*/false)))
      signalPassFailure();
  }
};
} // namespace

namespace mlir::stl::test {
void registerTestConvertEncodeDecodeToGPUPass() {
  PassRegistration<TestConvertEncodeDecodeToGPUPass>();
}
} // namespace mlir::stl::test
