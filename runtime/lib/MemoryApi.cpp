//===- MemoryApi.cpp - Allocation, copies, host registration --------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_set>

using namespace stl::runtime;

namespace {

/// Pointers allocated stream-ordered while a stream override was active; they
/// must be freed with cuMemFreeAsync, the others with cuMemFree.
struct AsyncAllocations {
  std::mutex mutex;
  std::unordered_set<CUdeviceptr> pointers;
};

AsyncAllocations &asyncAllocations() {
  static AsyncAllocations *a = new AsyncAllocations(); // used at exit too
  return *a;
}

/// Bytes spanned by a strided memref, from its first to its last element.
uint64_t memrefSpanBytes(int64_t rank, const StlMemRefDescriptor *desc,
                         int64_t elementSizeBytes) {
  const int64_t *sizes = desc->sizesAndStrides;
  const int64_t *strides = sizes + rank;
  int64_t lastIndex = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes[i] == 0)
      return 0;
    if (strides[i] < 0)
      fatal("host registration of a memref with negative strides");
    lastIndex += (sizes[i] - 1) * strides[i];
  }
  return static_cast<uint64_t>(lastIndex + 1) * elementSizeBytes;
}

char *memrefStart(const StlMemRefDescriptor *desc, int64_t elementSizeBytes) {
  return static_cast<char *>(desc->aligned) + desc->offset * elementSizeBytes;
}

} // namespace

extern "C" {

void *mgpuMemAlloc(uint64_t sizeBytes, void * /*stream*/, bool isHostShared) {
  activateContext();
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr ptr = 0;
  if (isHostShared) {
    // `gpu.alloc host_shared`: memory both the host and the device access.
    STL_CU_CHECK(cuMemAllocManaged(&ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL));
    return reinterpret_cast<void *>(ptr);
  }
  if (CUstream redirected = streamOverride()) {
    // Stream-ordered, so that a harness timing generated code with deferred
    // synchronization never frees memory that queued kernels still use.
    STL_CU_CHECK(cuMemAllocAsync(&ptr, sizeBytes, redirected));
    AsyncAllocations &a = asyncAllocations();
    std::lock_guard<std::mutex> lock(a.mutex);
    a.pointers.insert(ptr);
    return reinterpret_cast<void *>(ptr);
  }
  // Upstream MLIR ignores the stream as well: cuMemAlloc is synchronous.
  CUresult result = cuMemAlloc(&ptr, sizeBytes);
  if (result != CUDA_SUCCESS)
    fatal("cuMemAlloc of " + std::to_string(sizeBytes) +
          " bytes failed: " + describeResult(result));
  return reinterpret_cast<void *>(ptr);
}

void mgpuMemFree(void *ptr, void * /*stream*/) {
  if (!ptr)
    return;
  activateContext();
  auto devicePtr = reinterpret_cast<CUdeviceptr>(ptr);
  {
    AsyncAllocations &a = asyncAllocations();
    std::lock_guard<std::mutex> lock(a.mutex);
    auto it = a.pointers.find(devicePtr);
    if (it != a.pointers.end()) {
      a.pointers.erase(it);
      CUstream redirected = streamOverride();
      // If the override ended meanwhile, the null stream still orders the
      // free after all work of blocking streams; sync first to be safe.
      if (!redirected)
        STL_CU_REPORT(cuCtxSynchronize());
      STL_CU_REPORT(cuMemFreeAsync(devicePtr, redirected));
      return;
    }
  }
  STL_CU_REPORT(cuMemFree(devicePtr));
}

void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream) {
  activateContext();
  if (sizeBytes == 0)
    return;
  // With unified addressing the driver infers the direction from the
  // pointers, so host<->device and device<->device all go through here.
  STL_CU_CHECK(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                             reinterpret_cast<CUdeviceptr>(src), sizeBytes,
                             static_cast<CUstream>(stream)));
}

void mgpuMemset32(void *dst, uint32_t value, size_t count, void *stream) {
  activateContext();
  if (count == 0)
    return;
  STL_CU_CHECK(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, static_cast<CUstream>(stream)));
}

void mgpuMemset16(void *dst, uint16_t value, size_t count, void *stream) {
  activateContext();
  if (count == 0)
    return;
  STL_CU_CHECK(cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                count, static_cast<CUstream>(stream)));
}

void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  activateContext();
  if (!ptr || sizeBytes == 0)
    return;
  CUresult result = cuMemHostRegister(ptr, sizeBytes, 0);
  if (result == CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED) {
    warn("host memory at " + std::to_string(reinterpret_cast<uintptr_t>(ptr)) +
         " is already registered");
    return;
  }
  STL_CU_CHECK(result);
}

void mgpuMemHostRegisterMemRef(int64_t rank, StlMemRefDescriptor *descriptor,
                               int64_t elementSizeBytes) {
  // Registers every byte the memref can address, so strided (non-dense)
  // memrefs work too.
  mgpuMemHostRegister(memrefStart(descriptor, elementSizeBytes),
                      memrefSpanBytes(rank, descriptor, elementSizeBytes));
}

void mgpuMemHostUnregister(void *ptr) {
  if (!ptr)
    return;
  activateContext();
  STL_CU_REPORT(cuMemHostUnregister(ptr));
}

void mgpuMemHostUnregisterMemRef(int64_t rank, StlMemRefDescriptor *descriptor,
                                 int64_t elementSizeBytes) {
  if (memrefSpanBytes(rank, descriptor, elementSizeBytes) == 0)
    return;
  mgpuMemHostUnregister(memrefStart(descriptor, elementSizeBytes));
}

} // extern "C"
