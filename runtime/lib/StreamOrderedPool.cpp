//===- StreamOrderedPool.cpp - Cached stream-ordered device memory --------===//
//
// Generated host code allocates its intermediates (encoded operands, products,
// padded copies) at the start of every call and frees them at its end, on the
// call's stream. cuMemAlloc/cuMemFree would make every call pay for a driver
// allocation, and cuMemFree waits for the whole device, so a call would stall
// in the middle. Instead the memory comes from one memory pool per device
// whose release threshold is "never": freed blocks stay mapped and the next
// call's allocation of the same size is a stream-ordered reuse without any
// synchronization. cuMemAllocFromPoolAsync is also what stream capture turns
// into graph memory nodes, so a captured call keeps working (GraphApi.cpp).
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <atomic>
#include <map>
#include <mutex>
#include <unordered_set>

namespace stl {
namespace runtime {

namespace {

struct PoolState {
  std::mutex mutex;
  std::map<CUdevice, CUmemoryPool> pools;
  /// Pointers handed out from a pool; mgpuMemFree must free them
  /// stream-ordered, everything else with cuMemFree.
  std::unordered_set<CUdeviceptr> live;
  std::atomic<bool> enabled{true};
};

PoolState &poolState() {
  static PoolState *s = new PoolState(); // used by frees at exit too
  return *s;
}

CUmemoryPool poolForCurrentDevice(PoolState &s) {
  CUdevice device = currentDevice();
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.pools.find(device);
  if (it != s.pools.end())
    return it->second;
  CUmemPoolProps props = {};
  props.allocType = CU_MEM_ALLOCATION_TYPE_PINNED;
  props.handleTypes = CU_MEM_HANDLE_TYPE_NONE;
  props.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  props.location.id = static_cast<int>(device);
  CUmemoryPool pool = nullptr;
  STL_CU_CHECK(cuMemPoolCreate(&pool, &props));
  // Keep everything freed to the pool mapped: the next call reuses it.
  cuuint64_t threshold = ~static_cast<cuuint64_t>(0);
  STL_CU_CHECK(cuMemPoolSetAttribute(pool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                                     &threshold));
  s.pools.emplace(device, pool);
  return pool;
}

} // namespace

bool poolAllocationEnabled() { return poolState().enabled.load(); }

void setPoolAllocationEnabled(bool enabled) {
  poolState().enabled.store(enabled);
}

CUdeviceptr poolAllocate(uint64_t sizeBytes, CUstream stream) {
  PoolState &s = poolState();
  CUmemoryPool pool = poolForCurrentDevice(s);
  CUdeviceptr ptr = 0;
  CUresult result = cuMemAllocFromPoolAsync(&ptr, sizeBytes, pool, stream);
  if (result != CUDA_SUCCESS)
    fatal("stream-ordered allocation of " + std::to_string(sizeBytes) +
          " bytes failed: " + describeResult(result));
  std::lock_guard<std::mutex> lock(s.mutex);
  s.live.insert(ptr);
  return ptr;
}

bool poolRelease(CUdeviceptr ptr, CUstream stream) {
  PoolState &s = poolState();
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.live.find(ptr);
    if (it == s.live.end())
      return false;
    s.live.erase(it);
  }
  // Without a stream there is nothing to order the free after: the block
  // may still be used by queued work on any stream.
  if (!stream)
    STL_CU_REPORT(cuCtxSynchronize());
  STL_CU_REPORT(cuMemFreeAsync(ptr, stream));
  return true;
}

} // namespace runtime
} // namespace stl

using namespace stl::runtime;

extern "C" {

void stlRuntimeReleaseCachedMemory(void) {
  std::string why;
  if (!tryActivateContext(why))
    return;
  PoolState &s = poolState();
  std::lock_guard<std::mutex> lock(s.mutex);
  for (auto &entry : s.pools)
    STL_CU_REPORT(cuMemPoolTrimTo(entry.second, 0));
}

} // extern "C"
