//===- CudaHandles.h - Owned CUDA streams and events ------------*- C++ -*-===//
//
// Every CUDA object stl-bench creates is owned by a value that destroys it,
// so a measurement that fails half-way returns without a cleanup path of its
// own (device memory: DeviceBuffer.h).
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_CUDAHANDLES_H
#define STL_BENCH_CUDAHANDLES_H

#include <cuda_runtime.h>

#include <memory>
#include <string>
#include <type_traits>

namespace stl {
namespace bench {

/// "what: cudaErrorX: text" in `error` and false unless `e` is cudaSuccess.
inline bool cudaCheck(cudaError_t e, const char *what, std::string &error) {
  if (e == cudaSuccess)
    return true;
  error = std::string(what) + ": " + cudaGetErrorName(e) + ": " +
          cudaGetErrorString(e);
  return false;
}

struct StreamDeleter {
  void operator()(cudaStream_t s) const { cudaStreamDestroy(s); }
};
struct EventDeleter {
  void operator()(cudaEvent_t e) const { cudaEventDestroy(e); }
};

/// An owned stream; get() is the cudaStream_t.
using CudaStream =
    std::unique_ptr<std::remove_pointer_t<cudaStream_t>, StreamDeleter>;
/// An owned event; get() is the cudaEvent_t.
using CudaEvent =
    std::unique_ptr<std::remove_pointer_t<cudaEvent_t>, EventDeleter>;

/// A non-blocking stream (it does not synchronize with the legacy default
/// stream, as the streams of generated code do not).
inline bool createStream(CudaStream &out, std::string &error) {
  cudaStream_t s = nullptr;
  if (!cudaCheck(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking),
                 "cudaStreamCreateWithFlags", error))
    return false;
  out.reset(s);
  return true;
}

/// An event that records time.
inline bool createEvent(CudaEvent &out, std::string &error) {
  cudaEvent_t e = nullptr;
  if (!cudaCheck(cudaEventCreate(&e), "cudaEventCreate", error))
    return false;
  out.reset(e);
  return true;
}

} // namespace bench
} // namespace stl

#endif // STL_BENCH_CUDAHANDLES_H
