//===- RuntimeApi.h - libstl_runtime entry points resolved by name -*- C++ -*-//
//
// The test loads libstl_runtime.so with dlopen instead of linking it: where
// libcuda.so.1 is missing the executable must still start, to report the
// test as skipped. Resolving every entry point by its C name also checks that
// the library exports exactly the symbols generated code links against.
//
//===----------------------------------------------------------------------===//

#ifndef STL_RUNTIME_TEST_RUNTIMEAPI_H
#define STL_RUNTIME_TEST_RUNTIMEAPI_H

#include "stl/Runtime/StlRuntime.h"

#include <dlfcn.h>

#include <string>

namespace stl {
namespace test {

// X(name) for every exported entry point.
#define STL_RUNTIME_ENTRY_POINTS(X)                                            \
  X(mgpuModuleLoad)                                                            \
  X(mgpuModuleLoadJIT)                                                         \
  X(mgpuModuleUnload)                                                          \
  X(mgpuModuleGetFunction)                                                     \
  X(mgpuLaunchKernel)                                                          \
  X(mgpuLaunchClusterKernel)                                                   \
  X(mgpuStreamCreate)                                                          \
  X(mgpuStreamDestroy)                                                         \
  X(mgpuStreamSynchronize)                                                     \
  X(mgpuStreamWaitEvent)                                                       \
  X(mgpuEventCreate)                                                           \
  X(mgpuEventDestroy)                                                          \
  X(mgpuEventSynchronize)                                                      \
  X(mgpuEventRecord)                                                           \
  X(mgpuMemAlloc)                                                              \
  X(mgpuMemFree)                                                               \
  X(mgpuMemcpy)                                                                \
  X(mgpuMemset32)                                                              \
  X(mgpuMemset16)                                                              \
  X(mgpuMemHostRegister)                                                       \
  X(mgpuMemHostRegisterMemRef)                                                 \
  X(mgpuMemHostUnregister)                                                     \
  X(mgpuMemHostUnregisterMemRef)                                               \
  X(mgpuSetDefaultDevice)                                                      \
  X(mgpuTensorMapEncodeTiled)                                                  \
  X(mgpuTensorMapEncodeTiledMemref)                                            \
  X(stlRuntimeProbe)                                                           \
  X(stlRuntimeDeviceCount)                                                     \
  X(stlRuntimeQueryDevice)                                                     \
  X(stlRuntimeDescribeDevice)                                                  \
  X(stlRuntimeSetStreamOverride)                                               \
  X(stlRuntimeSetPoolAllocation)                                               \
  X(stlRuntimeReleaseCachedMemory)                                             \
  X(stlRuntimeBatchedGemm)                                                     \
  X(stlRuntimeHadamardCublas)                                                  \
  X(stlRuntimeGraphCapture)                                                    \
  X(stlRuntimeGraphLaunch)                                                     \
  X(stlRuntimeGraphNodeCount)                                                  \
  X(stlRuntimeGraphDestroy)

/// Function pointers typed after the declarations in StlRuntime.h.
struct RuntimeApi {
#define STL_DECLARE_POINTER(name) decltype(&::name) name = nullptr;
  STL_RUNTIME_ENTRY_POINTS(STL_DECLARE_POINTER)
#undef STL_DECLARE_POINTER

  /// Resolves every entry point in `library`; on failure names the missing
  /// ones in `missing` and returns false.
  bool resolve(void *library, std::string &missing) {
#define STL_RESOLVE(name)                                                      \
  name = reinterpret_cast<decltype(&::name)>(dlsym(library, #name));           \
  if (!name)                                                                   \
    missing += std::string(missing.empty() ? "" : ", ") + #name;
    STL_RUNTIME_ENTRY_POINTS(STL_RESOLVE)
#undef STL_RESOLVE
    return missing.empty();
  }
};

} // namespace test
} // namespace stl

#endif // STL_RUNTIME_TEST_RUNTIMEAPI_H
