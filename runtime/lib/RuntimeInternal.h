//===- RuntimeInternal.h - Shared helpers of libstl_runtime -----*- C++ -*-===//
//
// Error reporting and context management used by every mgpu* entry point.
//
// Generated host code has no way to handle an error, so a failing call that
// leaves the program unable to go on (init, load, launch, alloc, copy, sync)
// reports and aborts; teardown calls (unload, destroy, free) only report,
// because at exit the context may already be gone and aborting then would
// hide the program's real output. With STL_RUNTIME_NO_ABORT=1 a fatal error
// exits with status 1 instead of raising SIGABRT (no core dump).
//
//===----------------------------------------------------------------------===//

#ifndef STL_RUNTIME_LIB_RUNTIMEINTERNAL_H
#define STL_RUNTIME_LIB_RUNTIMEINTERNAL_H

#include <cuda.h>

#include <string>

namespace stl {
namespace runtime {

/// How a failed driver call is treated.
enum class OnError { Abort, Report };

/// Reports `result` of `call` (its source text) made at file:line if it is
/// not CUDA_SUCCESS. Returns true on success.
bool checkResult(CUresult result, const char *call, const char *file, int line,
                 OnError onError);

/// Prints "stl-runtime: error: <message>" and aborts (unless disabled).
[[noreturn]] void fatal(const std::string &message);
/// Prints "stl-runtime: warning: <message>".
void warn(const std::string &message);

/// "CUDA_ERROR_X (error string)".
std::string describeResult(CUresult result);

/// True when STL_RUNTIME_DEBUG is set: entry points log what they do.
bool debugEnabled();

/// Makes the primary context of the calling thread's default device current,
/// initializing the driver and retaining the context on first use (aborts if
/// that fails). Returns the context.
CUcontext activateContext();
/// The CUdevice whose primary context activateContext() makes current.
CUdevice currentDevice();
/// Like activateContext() but never aborts: returns the failing call and its
/// result in `why` and false when the driver or device is unusable.
bool tryActivateContext(std::string &why);

/// Stream redirection for benchmarking (see stlRuntimeSetStreamOverride).
CUstream streamOverride();
bool deferSynchronization();

/// Stream-ordered allocation from the current device's cached pool (its
/// release threshold keeps freed memory mapped for the next call); aborts on
/// failure.
CUdeviceptr poolAllocate(uint64_t sizeBytes, CUstream stream);
/// Frees `ptr` on `stream` if poolAllocate made it (true), else does nothing
/// (false). A null stream synchronizes the context first.
bool poolRelease(CUdeviceptr ptr, CUstream stream);
/// Whether mgpuMemAlloc with a stream uses the pool (default) or cuMemAlloc.
bool poolAllocationEnabled();
void setPoolAllocationEnabled(bool enabled);

/// While stlRuntimeGraphCapture runs: records that `what` cannot be replayed
/// by a graph, so that the capture fails with that reason. No-op otherwise.
void noteUncapturable(const char *what);

} // namespace runtime
} // namespace stl

/// Checks a driver call; aborts on failure.
#define STL_CU_CHECK(expr)                                                     \
  ::stl::runtime::checkResult((expr), #expr, __FILE__, __LINE__,               \
                              ::stl::runtime::OnError::Abort)
/// Checks a driver call; only reports a failure.
#define STL_CU_REPORT(expr)                                                    \
  ::stl::runtime::checkResult((expr), #expr, __FILE__, __LINE__,               \
                              ::stl::runtime::OnError::Report)

#endif // STL_RUNTIME_LIB_RUNTIMEINTERNAL_H
