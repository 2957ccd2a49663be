//===- GraphApi.cpp - Capturing generated functions into CUDA graphs ------===//
//
// A function compiled by stl-opt issues, per call, a handful of driver calls
// per kernel (stream, allocations, TMA descriptors, launches, frees, one
// synchronization). For repeated calls with the same arguments all of that
// can be recorded once into a CUDA graph and replayed with one
// cuGraphLaunch. The capture redirects the function's streams to the
// capturing stream with deferred synchronization (as the benchmarking stream
// override does), so:
//   * its pool allocations and frees become graph memory nodes (the graph
//     owns the intermediates; their addresses are fixed for its lifetime,
//     which keeps the TMA descriptors baked into the kernel nodes valid);
//   * kernel parameters, including by-value CUtensorMaps, are copied into the
//     kernel nodes at capture time;
//   * its final stream synchronization is skipped (the replay's caller
//     synchronizes).
// What a graph cannot replay (managed allocations, host registration) makes
// the capture fail with the reason instead of producing a wrong graph.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

using namespace stl::runtime;

struct StlRuntimeGraph {
  CUgraph graph = nullptr;
  CUgraphExec exec = nullptr;
  size_t nodes = 0;
};

namespace {

struct CaptureState {
  std::atomic<bool> active{false};
  std::mutex mutex; // serializes captures
  std::mutex problemMutex;
  std::string problem;
};

CaptureState &captureState() {
  static CaptureState *s = new CaptureState(); // never destroyed
  return *s;
}

void copyOut(const std::string &text, char *buffer, size_t size) {
  if (buffer && size)
    std::snprintf(buffer, size, "%s", text.c_str());
}

} // namespace

namespace stl {
namespace runtime {

void noteUncapturable(const char *what) {
  CaptureState &s = captureState();
  if (!s.active.load())
    return;
  std::lock_guard<std::mutex> lock(s.problemMutex);
  if (s.problem.empty())
    s.problem = std::string(what) + " cannot be captured into a CUDA graph";
}

} // namespace runtime
} // namespace stl

extern "C" {

StlRuntimeGraph *stlRuntimeGraphCapture(void (*call)(void *), void *userData,
                                        void *stream, char *reason,
                                        size_t reasonSize) {
  std::string why;
  if (!call) {
    copyOut("no function to capture", reason, reasonSize);
    return nullptr;
  }
  if (!tryActivateContext(why)) {
    copyOut("no usable CUDA context: " + why, reason, reasonSize);
    return nullptr;
  }
  CaptureState &state = captureState();
  std::lock_guard<std::mutex> lock(state.mutex);
  CUstream captureStream = static_cast<CUstream>(stream);
  bool ownStream = false;
  if (!captureStream) {
    // The legacy default stream cannot be captured.
    CUresult r = cuStreamCreate(&captureStream, CU_STREAM_NON_BLOCKING);
    if (r != CUDA_SUCCESS) {
      copyOut("cuStreamCreate: " + describeResult(r), reason, reasonSize);
      return nullptr;
    }
    ownStream = true;
  }
  auto finish = [&](StlRuntimeGraph *graph, const std::string &problem) {
    if (ownStream)
      STL_CU_REPORT(cuStreamDestroy(captureStream));
    if (!graph)
      copyOut(problem, reason, reasonSize);
    else
      copyOut("ok", reason, reasonSize);
    return graph;
  };

  void *previousStream = streamOverride();
  bool previousDefer = deferSynchronization();
  // Relaxed: the first launch of a kernel may still set its shared-memory
  // attribute, which the stricter modes forbid while capturing.
  CUresult result =
      cuStreamBeginCapture(captureStream, CU_STREAM_CAPTURE_MODE_RELAXED);
  if (result != CUDA_SUCCESS)
    return finish(nullptr, "cuStreamBeginCapture: " + describeResult(result));
  {
    std::lock_guard<std::mutex> problemLock(state.problemMutex);
    state.problem.clear();
  }
  state.active.store(true);
  stlRuntimeSetStreamOverride(captureStream, 1);
  call(userData);
  stlRuntimeSetStreamOverride(previousStream, previousDefer ? 1 : 0);
  state.active.store(false);

  CUgraph graph = nullptr;
  result = cuStreamEndCapture(captureStream, &graph);
  std::string problem;
  {
    std::lock_guard<std::mutex> problemLock(state.problemMutex);
    problem = state.problem;
  }
  if (result != CUDA_SUCCESS && problem.empty())
    problem = "cuStreamEndCapture: " + describeResult(result) +
              " (the function synchronized or used another stream)";
  if (!problem.empty()) {
    if (graph)
      STL_CU_REPORT(cuGraphDestroy(graph));
    return finish(nullptr, problem);
  }
  CUgraphExec exec = nullptr;
  result = cuGraphInstantiate(&exec, graph, 0);
  if (result != CUDA_SUCCESS) {
    STL_CU_REPORT(cuGraphDestroy(graph));
    return finish(nullptr, "cuGraphInstantiate: " + describeResult(result));
  }
  auto *captured = new StlRuntimeGraph();
  captured->graph = graph;
  captured->exec = exec;
  STL_CU_REPORT(cuGraphGetNodes(graph, nullptr, &captured->nodes));
  if (debugEnabled())
    std::fprintf(stderr, "stl-runtime: captured a graph of %zu nodes\n",
                 captured->nodes);
  return finish(captured, "");
}

int stlRuntimeGraphLaunch(StlRuntimeGraph *graph, void *stream) {
  if (!graph)
    return 1;
  std::string why;
  if (!tryActivateContext(why))
    return 1;
  CUresult result = cuGraphLaunch(graph->exec, static_cast<CUstream>(stream));
  if (result != CUDA_SUCCESS) {
    warn("cuGraphLaunch failed: " + describeResult(result));
    return 1;
  }
  return 0;
}

size_t stlRuntimeGraphNodeCount(const StlRuntimeGraph *graph) {
  return graph ? graph->nodes : 0;
}

void stlRuntimeGraphDestroy(StlRuntimeGraph *graph) {
  if (!graph)
    return;
  std::string why;
  if (tryActivateContext(why)) {
    STL_CU_REPORT(cuGraphExecDestroy(graph->exec));
    STL_CU_REPORT(cuGraphDestroy(graph->graph));
  }
  delete graph;
}

} // extern "C"
