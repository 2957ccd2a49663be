//===- Context.cpp - Lazily created primary contexts ----------------------===//
//
// Every entry point makes the primary context of the thread's default device
// current before calling the driver. The primary context is the one the CUDA
// runtime API (cudart, cuBLAS) uses too, so device pointers and streams from a
// harness built on cudart work with kernels launched here and vice versa.
//
// Unlike a push/pop per call, the context is left current: it costs one
// cuCtxGetCurrent per call and keeps the thread's state what cudart expects.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace stl {
namespace runtime {

namespace {

/// The device mgpuSetDefaultDevice selected for this thread (upstream MLIR
/// keeps it per thread as well).
thread_local int32_t defaultDevice = 0;

struct DriverState {
  std::mutex mutex;
  bool initialized = false;
  CUresult initResult = CUDA_SUCCESS;
  const char *failedCall = nullptr;
  int deviceCount = 0;
  std::vector<CUcontext> contexts; // primary context per ordinal, or null
  std::vector<CUdevice> devices;
};

DriverState &state() {
  static DriverState *s = new DriverState(); // never destroyed: used at exit
  return *s;
}

/// Initializes the driver once. Returns false (with the failing call) if it
/// is unusable. Caller holds the mutex.
bool initializeLocked(DriverState &s) {
  if (s.initialized)
    return s.initResult == CUDA_SUCCESS;
  s.initialized = true;
  s.initResult = cuInit(0);
  if (s.initResult != CUDA_SUCCESS) {
    s.failedCall = "cuInit(0)";
    return false;
  }
  s.initResult = cuDeviceGetCount(&s.deviceCount);
  if (s.initResult != CUDA_SUCCESS) {
    s.failedCall = "cuDeviceGetCount";
    return false;
  }
  if (s.deviceCount <= 0) {
    s.initResult = CUDA_ERROR_NO_DEVICE;
    s.failedCall = "cuDeviceGetCount (0 devices)";
    return false;
  }
  s.contexts.assign(s.deviceCount, nullptr);
  s.devices.assign(s.deviceCount, 0);
  return true;
}

/// Returns the primary context of `ordinal`, retaining it on first use; on
/// failure returns null and explains in `why`.
CUcontext contextFor(int32_t ordinal, std::string &why) {
  DriverState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!initializeLocked(s)) {
    why = std::string(s.failedCall) + ": " + describeResult(s.initResult);
    return nullptr;
  }
  if (ordinal < 0 || ordinal >= s.deviceCount) {
    why = "default device " + std::to_string(ordinal) + " does not exist (" +
          std::to_string(s.deviceCount) + " device(s))";
    return nullptr;
  }
  if (s.contexts[ordinal])
    return s.contexts[ordinal];
  CUdevice device = 0;
  CUresult result = cuDeviceGet(&device, ordinal);
  if (result != CUDA_SUCCESS) {
    why = "cuDeviceGet: " + describeResult(result);
    return nullptr;
  }
  CUcontext context = nullptr;
  result = cuDevicePrimaryCtxRetain(&context, device);
  if (result != CUDA_SUCCESS) {
    why = "cuDevicePrimaryCtxRetain: " + describeResult(result);
    return nullptr;
  }
  // The retained reference is kept for the life of the process on purpose:
  // releasing it at exit could destroy the context under cudart's feet.
  s.devices[ordinal] = device;
  s.contexts[ordinal] = context;
  return context;
}

struct StreamOverride {
  std::atomic<CUstream> stream{nullptr};
  std::atomic<bool> deferSync{false};
};

StreamOverride &overrideState() {
  static StreamOverride o;
  return o;
}

} // namespace

bool tryActivateContext(std::string &why) {
  CUcontext wanted = contextFor(defaultDevice, why);
  if (!wanted)
    return false;
  CUcontext current = nullptr;
  CUresult result = cuCtxGetCurrent(&current);
  if (result != CUDA_SUCCESS) {
    why = "cuCtxGetCurrent: " + describeResult(result);
    return false;
  }
  if (current == wanted)
    return true;
  result = cuCtxSetCurrent(wanted);
  if (result != CUDA_SUCCESS) {
    why = "cuCtxSetCurrent: " + describeResult(result);
    return false;
  }
  return true;
}

CUcontext activateContext() {
  std::string why;
  if (!tryActivateContext(why))
    fatal("no usable CUDA context: " + why);
  return contextFor(defaultDevice, why);
}

CUdevice currentDevice() {
  activateContext();
  DriverState &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.devices[defaultDevice];
}

CUstream streamOverride() { return overrideState().stream.load(); }

bool deferSynchronization() {
  return overrideState().stream.load() && overrideState().deferSync.load();
}

} // namespace runtime
} // namespace stl

using namespace stl::runtime;

extern "C" {

void mgpuSetDefaultDevice(int32_t device) {
  // Takes effect at the next entry point; the context of the previous device
  // stays retained.
  defaultDevice = device;
}

void stlRuntimeSetStreamOverride(void *stream, int deferSync) {
  overrideState().stream.store(static_cast<CUstream>(stream));
  overrideState().deferSync.store(stream && deferSync != 0);
}

void stlRuntimeSetPoolAllocation(int enabled) {
  setPoolAllocationEnabled(enabled != 0);
}

} // extern "C"
