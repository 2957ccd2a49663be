//===- ErrorReporting.cpp - Diagnostics of libstl_runtime -----------------===//

#include "RuntimeInternal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace stl {
namespace runtime {

namespace {

bool envFlag(const char *name) {
  const char *value = std::getenv(name);
  return value && *value && std::strcmp(value, "0") != 0;
}

/// The file name without directories: build paths are noise in a report.
const char *baseName(const char *path) {
  const char *slash = std::strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/// Names of the errors seen when no usable driver is installed, for which the
/// stub libcuda's cuGetErrorName itself fails.
const char *fallbackName(CUresult result) {
  switch (result) {
  case CUDA_ERROR_NOT_INITIALIZED:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case CUDA_ERROR_STUB_LIBRARY:
    return "CUDA_ERROR_STUB_LIBRARY";
  case CUDA_ERROR_NO_DEVICE:
    return "CUDA_ERROR_NO_DEVICE";
  case CUDA_ERROR_DEVICE_UNAVAILABLE:
    return "CUDA_ERROR_DEVICE_UNAVAILABLE";
  case CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE:
    return "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE";
  default:
    return "CUDA_ERROR_<unknown>";
  }
}

const char *fallbackText(CUresult result) {
  switch (result) {
  case CUDA_ERROR_STUB_LIBRARY:
    return "the stub libcuda from the toolkit was loaded instead of a driver";
  case CUDA_ERROR_NO_DEVICE:
    return "no CUDA-capable device is detected";
  default:
    return "no description";
  }
}

} // namespace

std::string describeResult(CUresult result) {
  const char *name = nullptr;
  const char *text = nullptr;
  // Both may fail (the stub library knows no names); never trust the
  // pointers then.
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    name = fallbackName(result);
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = fallbackText(result);
  std::string out = name;
  out += " (code ";
  out += std::to_string(static_cast<int>(result));
  out += ": ";
  out += text;
  out += ")";
  return out;
}

bool debugEnabled() {
  static const bool enabled = envFlag("STL_RUNTIME_DEBUG");
  return enabled;
}

void warn(const std::string &message) {
  std::fprintf(stderr, "stl-runtime: warning: %s\n", message.c_str());
  std::fflush(stderr);
}

void fatal(const std::string &message) {
  std::fprintf(stderr, "stl-runtime: error: %s\n", message.c_str());
  std::fflush(stderr);
  static const bool noAbort = envFlag("STL_RUNTIME_NO_ABORT");
  if (noAbort) {
    std::fprintf(stderr, "stl-runtime: STL_RUNTIME_NO_ABORT is set: exiting "
                         "with status 1 instead of aborting\n");
    std::exit(1);
  }
  std::abort();
}

bool checkResult(CUresult result, const char *call, const char *file, int line,
                 OnError onError) {
  if (result == CUDA_SUCCESS)
    return true;
  std::string message = std::string(call) + " failed at " + baseName(file) +
                        ":" + std::to_string(line) + ": " +
                        describeResult(result);
  if (onError == OnError::Abort)
    fatal(message);
  std::fprintf(stderr, "stl-runtime: error: %s\n", message.c_str());
  std::fflush(stderr);
  return false;
}

} // namespace runtime
} // namespace stl
