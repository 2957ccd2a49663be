//===- StreamEventApi.cpp - Streams and events ----------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

using namespace stl::runtime;

extern "C" {

void *mgpuStreamCreate(void) {
  activateContext();
  if (CUstream redirected = streamOverride())
    return redirected;
  CUstream stream = nullptr;
  // Non-blocking: generated code orders its work with events, and must not
  // serialize with the legacy default stream a harness may use.
  STL_CU_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  return stream;
}

void mgpuStreamDestroy(void *stream) {
  if (!stream || stream == streamOverride())
    return;
  STL_CU_REPORT(cuStreamDestroy(static_cast<CUstream>(stream)));
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
