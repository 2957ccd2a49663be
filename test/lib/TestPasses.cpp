//===- TestPasses.cpp - Register the test-only passes ---------------------===//

#include "TestPasses.h"

namespace mlir::stl::test {
void registerTestConvertEncodeDecodeToGPUPass();
void registerTestEmulateKernelsPass();
void registerTestEmulateLaunchesPass();

void registerTestPasses() {
  registerTestConvertEncodeDecodeToGPUPass();
  registerTestEmulateKernelsPass();
  registerTestEmulateLaunchesPass();
}
} // namespace mlir::stl::test
