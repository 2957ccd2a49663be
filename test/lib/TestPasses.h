//===- TestPasses.h - Test-only passes of stl-opt ---------------*- C++ -*-===//

#ifndef STL_TEST_LIB_TESTPASSES_H
#define STL_TEST_LIB_TESTPASSES_H

namespace mlir::stl::test {
/// Registers the passes under test/lib (test-stl-*) with the global registry.
void registerTestPasses();
} // namespace mlir::stl::test

#endif // STL_TEST_LIB_TESTPASSES_H
