//===- HostPathTest.cpp - Pool, recycled streams, graph capture -----------===//
//
// What generated host code does per call (stream, allocations, launches,
// frees, one synchronization), checked for the properties the runtime
// promises: frees never wait for the device, pooled memory is reused, a
// captured call replays correctly and a call that cannot be captured says
// why.
//
//===----------------------------------------------------------------------===//

#include "RuntimeTestSupport.h"

#include <dlfcn.h>

#include <cstring>
#include <string>
#include <vector>

namespace stl {
namespace test {

namespace {

/// cuStreamQuery from the driver the runtime loaded (the test does not link
/// libcuda, so that it can start and skip where there is none).
using StreamQueryFn = int (*)(void *);

StreamQueryFn streamQuery() {
  void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
  return driver
             ? reinterpret_cast<StreamQueryFn>(dlsym(driver, "cuStreamQuery"))
             : nullptr;
}

constexpr int kCudaErrorNotReady = 600;
/// About 50 ms on a 2 GHz SM: long enough to still run when a host call that
/// does not wait for it returns.
constexpr long long kSpinCycles = 100000000;

void testFreeDoesNotWait(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *spin = api.mgpuModuleGetFunction(module, "stl_test_spin");
  StreamQueryFn query = streamQuery();
  check(query != nullptr, "cuStreamQuery not found in the loaded driver");
  if (!query)
    return;
  void *stream = api.mgpuStreamCreate();
  void *block = api.mgpuMemAlloc(1 << 20, stream, false);
  long long cycles = kSpinCycles;
  l.launch(spin, 1, 1, 0, stream, {&cycles});
  api.mgpuMemFree(block, stream);
  int status = query(stream);
  check(status == kCudaErrorNotReady,
        "mgpuMemFree of pooled memory waited for the stream (cuStreamQuery "
        "after it returned " +
            std::to_string(status) + ", want 600 = not ready)");
  // Reuse: the same size again on the same stream comes from the pool.
  void *again = api.mgpuMemAlloc(1 << 20, stream, false);
  check(again == block, "pooled block not reused by the next allocation of "
                        "the same size on the same stream");
  api.mgpuMemFree(again, stream);
  api.mgpuStreamSynchronize(stream);
  // Trimming the pool keeps it usable.
  api.stlRuntimeReleaseCachedMemory();
  void *afterTrim = api.mgpuMemAlloc(1 << 20, stream, false);
  check(afterTrim != nullptr, "allocation after stlRuntimeReleaseCachedMemory");
  api.mgpuMemFree(afterTrim, stream);
  api.mgpuStreamSynchronize(stream);
  api.mgpuStreamDestroy(stream);

  // A destroyed stream is recycled by the next mgpuStreamCreate.
  void *recycled = api.mgpuStreamCreate();
  check(recycled == stream, "mgpuStreamCreate did not recycle the stream "
                            "mgpuStreamDestroy returned");
  api.mgpuStreamDestroy(recycled);
}

/// What a generated function does, with its own stream and intermediates:
/// y += a * (scale * i).
struct GeneratedLikeCall {
  const RuntimeApi *api;
  void *iota, *axpy;
  void *y;
  int n;
  float a, scale;
  bool hostShared = false;

  static void run(void *self) {
    auto *c = static_cast<GeneratedLikeCall *>(self);
    const RuntimeApi &api = *c->api;
    Launcher l{api};
    void *stream = api.mgpuStreamCreate();
    void *tmp = api.mgpuMemAlloc(c->n * sizeof(float), stream, c->hostShared);
    int grid = (c->n + 255) / 256;
    l.launch(c->iota, grid, 256, 0, stream, {&tmp, &c->n, &c->scale});
    l.launch(c->axpy, grid, 256, 0, stream, {&c->a, &tmp, &c->y, &c->n});
    api.mgpuMemFree(tmp, stream);
    api.mgpuStreamSynchronize(stream);
    api.mgpuStreamDestroy(stream);
  }
};

void testGraphCapture(const RuntimeApi &api, void *module) {
  int n = 1 << 16;
  void *stream = api.mgpuStreamCreate();
  void *y = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  api.mgpuMemset32(y, 0, n, stream);
  GeneratedLikeCall call{&api,
                         api.mgpuModuleGetFunction(module, "stl_test_iota"),
                         api.mgpuModuleGetFunction(module, "stl_test_axpy"),
                         y,
                         n,
                         2.0f,
                         0.5f};
  api.mgpuStreamSynchronize(stream);
  GeneratedLikeCall::run(&call); // a normal call first: y = i

  char reason[512] = {0};
  StlRuntimeGraph *graph = api.stlRuntimeGraphCapture(
      &GeneratedLikeCall::run, &call, stream, reason, sizeof(reason));
  check(graph != nullptr, std::string("graph capture failed: ") + reason);
  if (!graph) {
    api.mgpuMemFree(y, stream);
    api.mgpuStreamDestroy(stream);
    return;
  }
  // Capturing runs nothing: y is still i.
  size_t nodes = api.stlRuntimeGraphNodeCount(graph);
  check(nodes >= 4, "captured graph has " + std::to_string(nodes) +
                        " nodes; want >= 4 (alloc, 2 kernels, free)");
  std::printf("graph capture: %zu nodes\n", nodes);
  const int replays = 3;
  for (int r = 0; r < replays; ++r)
    check(api.stlRuntimeGraphLaunch(graph, stream) == 0,
          "stlRuntimeGraphLaunch failed");
  std::vector<float> host(n, -1.0f);
  api.mgpuMemcpy(host.data(), y, n * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != static_cast<float>(i) * (1 + replays);
  check(bad == 0, "graph replays: y wrong at " + std::to_string(bad) +
                      " elements (want (1 + 3) * i after a call and 3 "
                      "replays)");
  api.stlRuntimeGraphDestroy(graph);

  // Managed memory cannot be replayed: the capture fails and says so.
  GeneratedLikeCall managed = call;
  managed.hostShared = true;
  reason[0] = 0;
  StlRuntimeGraph *refused = api.stlRuntimeGraphCapture(
      &GeneratedLikeCall::run, &managed, stream, reason, sizeof(reason));
  check(refused == nullptr && std::strstr(reason, "host-shared"),
        std::string("capturing a managed allocation must fail naming it; "
                    "reason: ") +
            reason);
  api.stlRuntimeGraphDestroy(refused);
  // After a capture, calls run normally again.
  GeneratedLikeCall::run(&call);
  api.mgpuMemcpy(host.data(), y, n * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  check(host[n - 1] == static_cast<float>(n - 1) * (2 + replays),
        "a normal call after the captures did not run");

  api.mgpuMemFree(y, stream);
  api.mgpuStreamSynchronize(stream);
  api.mgpuStreamDestroy(stream);
}

} // namespace

void testHostPath(const RuntimeApi &api, void *module) {
  testFreeDoesNotWait(api, module);
  testGraphCapture(api, module);
}

} // namespace test
} // namespace stl
