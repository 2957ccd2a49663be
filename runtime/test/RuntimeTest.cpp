//===- RuntimeTest.cpp - Tests of libstl_runtime.so -----------------------===//
//
// Usage:
//   stl-runtime-test --runtime LIB --ptx FILE --cubin FILE
//       Runs every entry point on the GPU and checks the numbers. Without a
//       usable driver/GPU prints "SKIPPED: no CUDA driver/GPU: <reason>" and
//       exits with 77 (CTest's SKIP_RETURN_CODE).
//   stl-runtime-test --runtime LIB --expect-no-driver
//       Run against the stub libcuda: checks that the harness API reports the
//       missing driver without aborting, and that an mgpu* call then aborts
//       with a diagnostic naming the failing call and the CUDA error.
//
// Plain C++ with a tiny harness: the GPU machine may have no GoogleTest.
//
//===----------------------------------------------------------------------===//

#include "RuntimeTestSupport.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using stl::test::check;
using stl::test::checks;
using stl::test::failures;
using stl::test::Launcher;
using stl::test::MemRef;
using stl::test::RuntimeApi;

namespace {

constexpr int kSkipExitCode = 77;

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  out.assign(std::istreambuf_iterator<char>(in),
             std::istreambuf_iterator<char>());
  return true;
}

/// Runs `body` in a child process and returns its exit status and stderr.
/// Used to observe aborts, which a test cannot survive in-process.
template <typename Fn> int runInChild(Fn body, std::string &childStderr) {
  int pipeFds[2];
  if (pipe(pipeFds) != 0)
    return -1;
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipeFds[1], STDERR_FILENO);
    close(pipeFds[0]);
    close(pipeFds[1]);
    body();
    _exit(0);
  }
  close(pipeFds[1]);
  char buffer[4096];
  ssize_t n;
  while ((n = read(pipeFds[0], buffer, sizeof(buffer))) > 0)
    childStderr.append(buffer, static_cast<size_t>(n));
  close(pipeFds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

bool abortedWith(int status, const std::string &err, const char *needle) {
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
         err.find("stl-runtime: error:") != std::string::npos &&
         err.find(needle) != std::string::npos;
}

//===----------------------------------------------------------------------===//
// Tests that need a GPU
//===----------------------------------------------------------------------===//

/// iota + axpy + copies + memsets through one loaded module.
void testModule(const RuntimeApi &api, void *module, const char *label) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *axpy = api.mgpuModuleGetFunction(module, "stl_test_axpy");
  int n = 100000;
  int grid = (n + 255) / 256;
  void *stream = api.mgpuStreamCreate();
  void *x = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  void *y = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  float half = 0.5f, one = 1.0f, two = 2.0f;
  l.launch(iota, grid, 256, 0, stream, {&x, &n, &half});
  l.launch(iota, grid, 256, 0, stream, {&y, &n, &one});
  l.launch(axpy, grid, 256, 0, stream, {&two, &x, &y, &n});
  std::vector<float> host(n, -1.0f);
  api.mgpuMemcpy(host.data(), y, n * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != 2.0f * i;
  check(bad == 0, std::string(label) + ": axpy(2, 0.5*i, i) != 2*i at " +
                      std::to_string(bad) + " of " + std::to_string(n));

  api.mgpuMemset32(x, 0x3f800000u, n, stream); // 1.0f
  api.mgpuMemcpy(host.data(), x, n * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != 1.0f;
  check(bad == 0, std::string(label) + ": memset32 wrong at " +
                      std::to_string(bad) + " elements");

  std::vector<uint16_t> halves(2 * n, 0);
  api.mgpuMemset16(x, 0x3c00, 2 * n, stream); // 1.0 in f16
  api.mgpuMemcpy(halves.data(), x, 2 * n * sizeof(uint16_t), stream);
  api.mgpuStreamSynchronize(stream);
  bad = 0;
  for (uint16_t h : halves)
    bad += h != 0x3c00;
  check(bad == 0, std::string(label) + ": memset16 wrong at " +
                      std::to_string(bad) + " elements");

  api.mgpuMemFree(x, stream);
  api.mgpuMemFree(y, stream);
  api.mgpuStreamDestroy(stream);
}

void testLargeSharedMemory(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *reverse = api.mgpuModuleGetFunction(module, "stl_test_smem_reverse");
  int n = 24576; // 96 KiB of floats: needs the opt-in above 48 KiB
  float one = 1.0f;
  void *stream = api.mgpuStreamCreate();
  void *in = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  void *out = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  l.launch(iota, (n + 255) / 256, 256, 0, stream, {&in, &n, &one});
  l.launch(reverse, 1, 1024, static_cast<int32_t>(n * sizeof(float)), stream,
           {&in, &out, &n});
  std::vector<float> host(n);
  api.mgpuMemcpy(host.data(), out, n * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != static_cast<float>(n - 1 - i);
  check(bad == 0, "96 KiB dynamic shared memory reverse wrong at " +
                      std::to_string(bad) + " elements");
  api.mgpuMemFree(in, stream);
  api.mgpuMemFree(out, stream);
  api.mgpuStreamDestroy(stream);
}

void testEventsAcrossStreams(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *axpy = api.mgpuModuleGetFunction(module, "stl_test_axpy");
  int n = 1 << 22;
  int grid = (n + 255) / 256;
  float one = 1.0f, three = 3.0f, zero = 0.0f;
  void *producer = api.mgpuStreamCreate();
  void *consumer = api.mgpuStreamCreate();
  void *x = api.mgpuMemAlloc(n * sizeof(float), producer, false);
  void *y = api.mgpuMemAlloc(n * sizeof(float), producer, false);
  l.launch(iota, grid, 256, 0, producer, {&y, &n, &zero});
  api.mgpuStreamSynchronize(producer);
  l.launch(iota, grid, 256, 0, producer, {&x, &n, &one});
  void *ready = api.mgpuEventCreate();
  api.mgpuEventRecord(ready, producer);
  api.mgpuStreamWaitEvent(consumer, ready);
  l.launch(axpy, grid, 256, 0, consumer, {&three, &x, &y, &n});
  void *finished = api.mgpuEventCreate();
  api.mgpuEventRecord(finished, consumer);
  api.mgpuEventSynchronize(finished);
  std::vector<float> host(n);
  api.mgpuMemcpy(host.data(), y, n * sizeof(float), consumer);
  api.mgpuStreamSynchronize(consumer);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != 3.0f * static_cast<float>(i);
  check(bad == 0, "event-ordered axpy across streams wrong at " +
                      std::to_string(bad) + " elements");
  api.mgpuEventDestroy(ready);
  api.mgpuEventDestroy(finished);
  api.mgpuMemFree(x, producer);
  api.mgpuMemFree(y, producer);
  api.mgpuStreamDestroy(producer);
  api.mgpuStreamDestroy(consumer);
}

void testHostMemory(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *axpy = api.mgpuModuleGetFunction(module, "stl_test_axpy");
  int n = 65536;
  int grid = (n + 255) / 256;
  float half = 0.5f, one = 1.0f;
  void *stream = api.mgpuStreamCreate();

  // gpu.alloc host_shared: written by the host, updated by a kernel.
  auto *shared =
      static_cast<float *>(api.mgpuMemAlloc(n * sizeof(float), stream, true));
  check(shared != nullptr, "host-shared allocation returned null");
  if (!shared)
    return;
  for (int i = 0; i < n; ++i)
    shared[i] = static_cast<float>(i);
  void *x = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  l.launch(iota, grid, 256, 0, stream, {&x, &n, &half});
  void *sharedArg = shared;
  l.launch(axpy, grid, 256, 0, stream, {&one, &x, &sharedArg, &n});
  api.mgpuStreamSynchronize(stream);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += shared[i] != 1.5f * static_cast<float>(i);
  check(bad == 0, "host-shared memory after axpy wrong at " +
                      std::to_string(bad) + " elements");

  // gpu.host_register of a strided rank-2 memref: a 256 x 256 view with row
  // stride 300 into a larger host buffer; the copy lands in registered memory.
  std::vector<float> host(300 * 256 + 16, -1.0f);
  MemRef<2> view{host.data(), host.data(), 16, {256, 256}, {300, 1}};
  api.mgpuMemHostRegisterMemRef(2, view.raw(), sizeof(float));
  api.mgpuMemcpy(host.data() + 16, x, 256 * sizeof(float), stream);
  api.mgpuStreamSynchronize(stream);
  bad = 0;
  for (int i = 0; i < 256; ++i)
    bad += host[16 + i] != 0.5f * static_cast<float>(i);
  check(bad == 0, "copy into registered host memref wrong at " +
                      std::to_string(bad) + " elements");
  api.mgpuMemHostUnregisterMemRef(2, view.raw(), sizeof(float));

  api.mgpuMemFree(x, stream);
  api.mgpuMemFree(shared, stream);
  api.mgpuStreamDestroy(stream);
}

void testClusterLaunch(const RuntimeApi &api, void *module) {
  void *info = api.mgpuModuleGetFunction(module, "stl_test_cluster_info");
  int blocks = 8;
  void *stream = api.mgpuStreamCreate();
  void *out = api.mgpuMemAlloc(2 * blocks * sizeof(int), stream, false);
  void *params[] = {&out};
  api.mgpuLaunchClusterKernel(info, 2, 1, 1, blocks, 1, 1, 32, 1, 1, 0, stream,
                              params, nullptr, 1);
  std::vector<int> host(2 * blocks, -1);
  api.mgpuMemcpy(host.data(), out, host.size() * sizeof(int), stream);
  api.mgpuStreamSynchronize(stream);
  int bad = 0;
  for (int b = 0; b < blocks; ++b)
    bad += host[2 * b] != 2 || host[2 * b + 1] != b % 2;
  check(bad == 0, "cluster launch: wrong cluster size/rank in " +
                      std::to_string(bad) + " of " + std::to_string(blocks) +
                      " blocks");
  api.mgpuMemFree(out, stream);
  api.mgpuStreamDestroy(stream);
}

void testTensorMap(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *boxKernel = api.mgpuModuleGetFunction(module, "stl_test_tma_box");
  const int rows = 64, cols = 128, boxRows = 16, boxCols = 32;
  int n = rows * cols;
  float one = 1.0f;
  void *stream = api.mgpuStreamCreate();
  void *tensor = api.mgpuMemAlloc(n * sizeof(float), stream, false);
  void *out =
      api.mgpuMemAlloc(boxRows * boxCols * sizeof(float), stream, false);
  l.launch(iota, (n + 255) / 256, 256, 0, stream, {&tensor, &n, &one});

  MemRef<2> desc{tensor, tensor, 0, {rows, cols}, {cols, 1}};
  int64_t box[2] = {boxRows, boxCols};
  const int64_t kFloat32 = 7; // CU_TENSOR_MAP_DATA_TYPE_FLOAT32
  void *map = api.mgpuTensorMapEncodeTiledMemref(2, desc.raw(), kFloat32, 0, 0,
                                                 0, 0, box);
  void *again = api.mgpuTensorMapEncodeTiledMemref(2, desc.raw(), kFloat32, 0,
                                                   0, 0, 0, box);
  check(map != nullptr, "TMA descriptor: null pointer");
  check(map == again, "TMA descriptor: identical encodings not shared");

  // One box inside the tensor, one hanging off its right edge (zero-filled).
  for (int col0 : {32, 112}) {
    int row0 = 16;
    // By value: the parameter is the 128 bytes `map` points to.
    l.launch(boxKernel, 1, 128, 0, stream, {map, &out, &col0, &row0});
    std::vector<float> host(boxRows * boxCols, -1.0f);
    api.mgpuMemcpy(host.data(), out, host.size() * sizeof(float), stream);
    api.mgpuStreamSynchronize(stream);
    int bad = 0;
    for (int i = 0; i < boxRows; ++i)
      for (int j = 0; j < boxCols; ++j) {
        int r = row0 + i, c = col0 + j;
        float want = c < cols ? static_cast<float>(r * cols + c) : 0.0f;
        bad += host[i * boxCols + j] != want;
      }
    check(bad == 0, "TMA box at column " + std::to_string(col0) + " wrong at " +
                        std::to_string(bad) + " elements");
  }
  api.mgpuMemFree(tensor, stream);
  api.mgpuMemFree(out, stream);
  api.mgpuStreamDestroy(stream);
}

void testStreamOverride(const RuntimeApi &api, void *module) {
  Launcher l{api};
  void *iota = api.mgpuModuleGetFunction(module, "stl_test_iota");
  void *harnessStream = api.mgpuStreamCreate();
  api.stlRuntimeSetStreamOverride(harnessStream, 1);
  void *generated = api.mgpuStreamCreate();
  check(generated == harnessStream, "stream override: mgpuStreamCreate did "
                                    "not return the harness stream");
  int n = 4096;
  float two = 2.0f;
  void *tmp = api.mgpuMemAlloc(n * sizeof(float), generated, false);
  l.launch(iota, (n + 255) / 256, 256, 0, generated, {&tmp, &n, &two});
  std::vector<float> host(n, -1.0f);
  api.mgpuMemcpy(host.data(), tmp, n * sizeof(float), generated);
  api.mgpuStreamSynchronize(generated); // deferred: returns at once
  api.mgpuMemFree(tmp, generated);      // stream-ordered free
  api.mgpuStreamDestroy(generated);     // ignored for the harness stream
  api.stlRuntimeSetStreamOverride(nullptr, 0);
  api.mgpuStreamSynchronize(harnessStream);
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += host[i] != 2.0f * i;
  check(bad == 0, "stream override: results wrong at " + std::to_string(bad) +
                      " elements");
  api.mgpuStreamDestroy(harnessStream);
}

int runGpuTests(const RuntimeApi &api, const std::string &ptx,
                const std::string &cubin) {
  char description[1024];
  check(api.stlRuntimeDescribeDevice(description, sizeof(description)) == 0,
        "stlRuntimeDescribeDevice failed");
  std::printf("device: %s\n", description);
  std::printf("devices: %d\n", api.stlRuntimeDeviceCount());
  StlRuntimeDeviceInfo info;
  char why[256] = {0};
  check(api.stlRuntimeQueryDevice(&info, why, sizeof(why)) == 0 &&
            info.name[0] != 0 && info.multiprocessorCount > 0 &&
            info.maxSmClockKHz > 0 && info.totalMemoryBytes > 0 &&
            info.l2CacheBytes > 0 && info.computeCapabilityMajor >= 7,
        std::string("stlRuntimeQueryDevice: ") + why);

  void *jit = api.mgpuModuleLoadJIT(const_cast<char *>(ptx.c_str()), 4);
  void *bin =
      api.mgpuModuleLoad(const_cast<char *>(cubin.data()), cubin.size());
  // PTX handed to mgpuModuleLoad, not NUL-terminated within `size`.
  std::vector<char> ptxBlob(ptx.begin(), ptx.end());
  void *ptxViaLoad = api.mgpuModuleLoad(ptxBlob.data(), ptxBlob.size());
  check(jit && bin && ptxViaLoad, "module load returned null");

  testModule(api, jit, "PTX via mgpuModuleLoadJIT");
  testModule(api, bin, "cubin via mgpuModuleLoad");
  testModule(api, ptxViaLoad, "PTX via mgpuModuleLoad");
  testLargeSharedMemory(api, bin);
  testEventsAcrossStreams(api, bin);
  testHostMemory(api, bin);
  testClusterLaunch(api, bin);
  testTensorMap(api, bin);
  testTensorMap(api, jit);
  testStreamOverride(api, bin);
  stl::test::testHostPath(api, bin);
  stl::test::testCublasBackend(api);

  api.mgpuModuleUnload(jit);
  api.mgpuModuleUnload(bin);
  api.mgpuModuleUnload(ptxViaLoad);
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "PASSED",
              checks, failures);
  return failures ? 1 : 0;
}

//===----------------------------------------------------------------------===//
// Without a driver
//===----------------------------------------------------------------------===//

int runNoDriverTests(const RuntimeApi &api) {
  char reason[512] = {0};
  int probe = api.stlRuntimeProbe(reason, sizeof(reason));
  check(probe != 0, "stlRuntimeProbe reported a usable driver: the test must "
                    "run against the stub libcuda");
  check(std::strlen(reason) > 0 && std::strstr(reason, "cuInit"),
        std::string("probe reason should name cuInit, got: ") + reason);
  check(api.stlRuntimeDeviceCount() == 0, "device count without driver != 0");
  char description[512] = {0};
  check(api.stlRuntimeDescribeDevice(description, sizeof(description)) != 0 &&
            std::strstr(description, "no CUDA driver/GPU"),
        std::string("describe without driver: ") + description);
  StlRuntimeDeviceInfo info;
  char why[512] = {0};
  check(api.stlRuntimeQueryDevice(&info, why, sizeof(why)) != 0 &&
            std::strstr(why, "no CUDA driver/GPU") && info.name[0] == 0,
        std::string("query without driver: ") + why);
  std::printf("probe without driver: %s\n", reason);

  stl::test::testCublasBackendValidation(api);

  std::string err;
  // The memref entry is for generated code: bad input aborts with the reason.
  int status = runInChild(
      [&] {
        MemRef<2> m{nullptr, nullptr, 0, {4, 4}, {4, 1}};
        api.stlRuntimeHadamardCublas(2, m.raw(), m.raw(), m.raw(),
                                     STL_RUNTIME_BF16, STL_RUNTIME_F32,
                                     nullptr);
      },
      err);
  check(abortedWith(status, err, "must be >= 3"),
        "stlRuntimeHadamardCublas with rank-2 memrefs must abort naming the "
        "rank; child stderr: " +
            err);
  err.clear();
  status = runInChild([&] { api.mgpuStreamCreate(); }, err);
  check(abortedWith(status, err, "cuInit"),
        "mgpuStreamCreate without a driver must abort naming cuInit; child "
        "stderr: " +
            err);
  std::printf("%s: %d checks, %d failed\n", failures ? "FAILED" : "PASSED",
              checks, failures);
  return failures ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string runtimePath, ptxPath, cubinPath;
  bool expectNoDriver = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      return i + 1 < argc ? argv[++i] : std::string();
    };
    if (arg == "--runtime")
      runtimePath = next();
    else if (arg == "--ptx")
      ptxPath = next();
    else if (arg == "--cubin")
      cubinPath = next();
    else if (arg == "--expect-no-driver")
      expectNoDriver = true;
    else {
      std::fprintf(stderr, "unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  if (runtimePath.empty() ||
      (!expectNoDriver && (ptxPath.empty() || cubinPath.empty()))) {
    std::fprintf(stderr,
                 "usage: %s --runtime LIB (--ptx FILE --cubin FILE | "
                 "--expect-no-driver)\n",
                 argv[0]);
    return 2;
  }

  void *library = dlopen(runtimePath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    std::string why = dlerror();
    // A missing libcuda.so.1 means no driver is installed: skip. Anything
    // else (wrong path, missing symbol) is a failure of the build.
    if (why.find("libcuda.so") != std::string::npos) {
      if (expectNoDriver) {
        std::printf("PASSED: runtime refuses to load without libcuda: %s\n",
                    why.c_str());
        return 0;
      }
      std::printf("SKIPPED: no CUDA driver/GPU: %s\n", why.c_str());
      return kSkipExitCode;
    }
    std::printf("FAIL: dlopen(%s): %s\n", runtimePath.c_str(), why.c_str());
    return 1;
  }
  RuntimeApi api;
  std::string missing;
  if (!api.resolve(library, missing)) {
    std::printf("FAIL: libstl_runtime does not export: %s\n", missing.c_str());
    return 1;
  }
  if (expectNoDriver)
    return runNoDriverTests(api);

  std::string ptx, cubin;
  if (!readFile(ptxPath, ptx) || !readFile(cubinPath, cubin)) {
    std::printf("FAIL: cannot read %s or %s\n", ptxPath.c_str(),
                cubinPath.c_str());
    return 1;
  }

  // The abort check runs in a child before this process touches the driver:
  // CUDA cannot be used in a child forked after initialization.
  std::string err;
  int status = runInChild(
      [&] {
        if (api.stlRuntimeProbe(nullptr, 0) != 0)
          _exit(kSkipExitCode);
        void *m =
            api.mgpuModuleLoad(const_cast<char *>(cubin.data()), cubin.size());
        api.mgpuModuleGetFunction(m, "no_such_kernel");
      },
      err);
  bool childSkipped = WIFEXITED(status) && WEXITSTATUS(status) == kSkipExitCode;

  char reason[512] = {0};
  if (api.stlRuntimeProbe(reason, sizeof(reason)) != 0) {
    std::printf("SKIPPED: no CUDA driver/GPU: %s\n", reason);
    return kSkipExitCode;
  }
  check(!childSkipped && abortedWith(status, err, "no_such_kernel"),
        "a missing kernel must abort with a diagnostic; child stderr: " + err);
  return runGpuTests(api, ptx, cubin);
}
