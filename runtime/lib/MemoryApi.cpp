//===- MemoryApi.cpp - Allocation, copies, host registration --------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <cstdio>
#include <string>

using namespace stl::runtime;

namespace {

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

void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared) {
  activateContext();
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr ptr = 0;
  if (isHostShared) {
    // `gpu.alloc host_shared`: memory both the host and the device access.
    // A graph would replay the allocation's address but not the allocation.
    noteUncapturable("a host-shared (managed) allocation");
    STL_CU_CHECK(cuMemAllocManaged(&ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL));
    return reinterpret_cast<void *>(ptr);
  }
  // Stream-ordered from the cached pool whenever there is a stream to order
  // on (generated code passes the call's stream). Under a stream override
  // always: a harness deferring synchronization must never have memory
  // freed under queued kernels.
  CUstream redirected = streamOverride();
  CUstream target = redirected ? redirected : static_cast<CUstream>(stream);
  if (target && (redirected || poolAllocationEnabled()))
    return reinterpret_cast<void *>(poolAllocate(sizeBytes, target));
  // No stream (a synchronous gpu.alloc): as upstream MLIR, cuMemAlloc.
  CUresult result = cuMemAlloc(&ptr, sizeBytes);
  if (result != CUDA_SUCCESS)
    fatal("cuMemAlloc of " + std::to_string(sizeBytes) +
          " bytes failed: " + describeResult(result));
  return reinterpret_cast<void *>(ptr);
}

void mgpuMemFree(void *ptr, void *stream) {
  if (!ptr)
    return;
  activateContext();
  auto devicePtr = reinterpret_cast<CUdeviceptr>(ptr);
  CUstream redirected = streamOverride();
  if (poolRelease(devicePtr,
                  redirected ? redirected : static_cast<CUstream>(stream)))
    return;
  // cuMemFree waits for the device; only memory from synchronous
  // allocations (no stream, or pooling disabled) gets here.
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
  noteUncapturable("a host memory registration");
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
