//===- StreamEventApi.cpp - Streams and events ----------------------------===//
//
// Generated host code creates a stream at the start of every call and
// destroys it at the end. Streams are recycled instead (per context, a small
// free list), so a call costs no cuStreamCreate/cuStreamDestroy. A recycled
// stream may still have work queued when it is handed out again; the new
// user's work then runs after it, which is always correct.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <map>
#include <mutex>
#include <vector>

using namespace stl::runtime;

namespace {

/// Streams kept per context; more are destroyed.
constexpr size_t kMaxCachedStreams = 16;

struct StreamCache {
  std::mutex mutex;
  std::map<CUcontext, std::vector<CUstream>> idle;
  /// Streams mgpuStreamCreate made, with their context: only those are
  /// recycled (a caller may destroy a stream it created itself).
  std::map<CUstream, CUcontext> owned;
};

StreamCache &streamCache() {
  static StreamCache *c = new StreamCache(); // used at exit too
  return *c;
}

} // namespace

extern "C" {

void *mgpuStreamCreate(void) {
  CUcontext context = activateContext();
  if (CUstream redirected = streamOverride())
    return redirected;
  StreamCache &cache = streamCache();
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    std::vector<CUstream> &idle = cache.idle[context];
    if (!idle.empty()) {
      CUstream stream = idle.back();
      idle.pop_back();
      return stream;
    }
  }
  CUstream stream = nullptr;
  // Non-blocking: generated code orders its work with events, and must not
  // serialize with the legacy default stream a harness may use.
  STL_CU_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  std::lock_guard<std::mutex> lock(cache.mutex);
  cache.owned[stream] = context;
  return stream;
}

void mgpuStreamDestroy(void *stream) {
  if (!stream || stream == streamOverride())
    return;
  auto handle = static_cast<CUstream>(stream);
  StreamCache &cache = streamCache();
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = cache.owned.find(handle);
    if (it != cache.owned.end()) {
      std::vector<CUstream> &idle = cache.idle[it->second];
      if (idle.size() < kMaxCachedStreams) {
        idle.push_back(handle);
        return;
      }
      cache.owned.erase(it);
    }
  }
  STL_CU_REPORT(cuStreamDestroy(handle));
}

void mgpuStreamSynchronize(void *stream) {
  if (deferSynchronization())
    return;
  activateContext();
  STL_CU_CHECK(cuStreamSynchronize(static_cast<CUstream>(stream)));
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  activateContext();
  STL_CU_CHECK(cuStreamWaitEvent(static_cast<CUstream>(stream),
                                 static_cast<CUevent>(event), 0));
}

void *mgpuEventCreate(void) {
  activateContext();
  CUevent event = nullptr;
  // Events only order work here; timing would add overhead.
  STL_CU_CHECK(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING));
  return event;
}

void mgpuEventDestroy(void *event) {
  if (event)
    STL_CU_REPORT(cuEventDestroy(static_cast<CUevent>(event)));
}

void mgpuEventSynchronize(void *event) {
  if (deferSynchronization())
    return;
  activateContext();
  STL_CU_CHECK(cuEventSynchronize(static_cast<CUevent>(event)));
}

void mgpuEventRecord(void *event, void *stream) {
  activateContext();
  STL_CU_CHECK(cuEventRecord(static_cast<CUevent>(event),
                             static_cast<CUstream>(stream)));
}

} // extern "C"
