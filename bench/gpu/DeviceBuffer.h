//===- DeviceBuffer.h - Owned device memory ---------------------*- C++ -*-===//
//
// Freed when it goes out of scope or is moved over, so no measurement needs
// a cleanup path for its buffers.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_DEVICEBUFFER_H
#define STL_BENCH_DEVICEBUFFER_H

#include <cuda_runtime.h>

#include <cstddef>
#include <string>
#include <utility>

namespace stl {
namespace bench {

class DeviceBuffer {
public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
  DeviceBuffer(DeviceBuffer &&o) noexcept
      : ptr(std::exchange(o.ptr, nullptr)), bytes(o.bytes) {}
  DeviceBuffer &operator=(DeviceBuffer &&o) noexcept {
    reset();
    ptr = std::exchange(o.ptr, nullptr);
    bytes = o.bytes;
    return *this;
  }
  ~DeviceBuffer() { reset(); }

  /// Allocates `size` bytes; on failure returns false with the reason.
  bool allocate(size_t size, const std::string &what, std::string &error) {
    reset();
    cudaError_t e = cudaMalloc(&ptr, size ? size : 1);
    if (e != cudaSuccess) {
      ptr = nullptr;
      error = "cudaMalloc(" + std::to_string(size) + " bytes for " + what +
              "): " + cudaGetErrorString(e);
      return false;
    }
    bytes = size;
    return true;
  }
  void reset() {
    if (ptr)
      cudaFree(ptr);
    ptr = nullptr;
    bytes = 0;
  }
  void *get() const { return ptr; }
  template <typename T> T *as() const { return static_cast<T *>(ptr); }
  size_t size() const { return bytes; }

private:
  void *ptr = nullptr;
  size_t bytes = 0;
};

} // namespace bench
} // namespace stl

#endif // STL_BENCH_DEVICEBUFFER_H
