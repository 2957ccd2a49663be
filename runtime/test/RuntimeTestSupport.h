//===- RuntimeTestSupport.h - Checks shared by the runtime tests -*- C++
//-*-===//

#ifndef STL_RUNTIME_TEST_RUNTIMETESTSUPPORT_H
#define STL_RUNTIME_TEST_RUNTIMETESTSUPPORT_H

#include "RuntimeApi.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace stl {
namespace test {

inline int failures = 0;
inline int checks = 0;

inline void check(bool ok, const std::string &what) {
  ++checks;
  if (ok)
    return;
  ++failures;
  std::printf("FAIL: %s\n", what.c_str());
  std::fflush(stdout);
}

/// Memref descriptor of rank R, laid out like MLIR's StridedMemRefType.
template <int R> struct MemRef {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[R];
  int64_t strides[R];
  StlMemRefDescriptor *raw() {
    return reinterpret_cast<StlMemRefDescriptor *>(this);
  }
};

struct Launcher {
  const RuntimeApi &api;
  void launch(void *fn, int64_t grid, int64_t block, int32_t smem, void *stream,
              std::vector<void *> params) const {
    api.mgpuLaunchKernel(fn, grid, 1, 1, block, 1, 1, smem, stream,
                         params.data(), nullptr, params.size());
  }
};

/// Stream-ordered pool, recycled streams, CUDA graph capture (HostPathTest).
void testHostPath(const RuntimeApi &api, void *module);
/// The cuBLASLt backend of stl.hadamard (CublasBackendTest).
void testCublasBackend(const RuntimeApi &api);
/// Error paths of the cuBLASLt entry that need no GPU.
void testCublasBackendValidation(const RuntimeApi &api);

} // namespace test
} // namespace stl

#endif // STL_RUNTIME_TEST_RUNTIMETESTSUPPORT_H
