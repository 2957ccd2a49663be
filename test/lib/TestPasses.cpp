//===- TestPasses.cpp - Register the test-only passes ---------------------===//

#include "TestPasses.h"

namespace mlir::stl::test {
void registerTestConvertEncodeDecodeToGPUPass();
void registerTestEmulateLaunchesPass();

void registerTestPasses() {
  registerTestConvertEncodeDecodeToGPUPass();
  registerTestEmulateLaunchesPass();
}
} // namespace mlir::stl::test
