//===- DeviceInfo.cpp - Where stl-bench runs ------------------------------===//

#include "DeviceInfo.h"

#include "stl/Runtime/StlRuntime.h"

#include <cuda_runtime.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <type_traits>

namespace stl {
namespace bench {

namespace {

/// libstl_runtime's harness entry points. The library is opened at run time
/// from stl-bench's folder, not linked: it needs the driver's libcuda.so.1
/// to load, and stl-bench must start without one (--list-cases, and the
/// "no GPU" exit status 77 on machines without a driver). Kernel libraries
/// loaded later link the same file, which the loader then shares. Never
/// closed, as the kernel libraries are not.
struct RuntimeLibrary {
  decltype(&stlRuntimeProbe) probe = nullptr;
  decltype(&stlRuntimeDeviceCount) deviceCount = nullptr;
  decltype(&stlRuntimeQueryDevice) queryDevice = nullptr;
  std::string error; // why it is unusable, if it is
};

const RuntimeLibrary &runtimeLibrary() {
  static const RuntimeLibrary library = [] {
    RuntimeLibrary r;
    std::string path = executableFolder() + "/libstl_runtime.so";
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char *why = dlerror();
      r.error = why ? why : path + ": cannot be loaded";
      return r;
    }
    auto find = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          dlsym(handle, name));
      if (!fn && r.error.empty())
        r.error = path + " has no " + name;
    };
    find(r.probe, "stlRuntimeProbe");
    find(r.deviceCount, "stlRuntimeDeviceCount");
    find(r.queryDevice, "stlRuntimeQueryDevice");
    return r;
  }();
  return library;
}

std::string version(int v) {
  if (v < 0)
    return "unknown";
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

} // namespace

std::string executableFolder() {
  char buffer[4096];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
  if (n <= 0)
    return ".";
  std::string path(buffer, static_cast<size_t>(n));
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool probeGpu(std::string &reason) {
  // The runtime initializes the driver and retains the primary context,
  // which cudart, cuBLAS and the generated code then share.
  const RuntimeLibrary &rt = runtimeLibrary();
  if (!rt.error.empty()) {
    reason = "no GPU: " + rt.error;
    return false;
  }
  char why[512] = {0};
  if (rt.probe(why, sizeof(why)) != 0) {
    reason = std::string("no GPU: ") + why;
    return false;
  }
  if (rt.deviceCount() == 0) {
    reason = "no GPU: no CUDA device found";
    return false;
  }
  return true;
}

Json describeDevice(std::string &summary, DeviceFacts &facts) {
  Json o = Json::object();
  const RuntimeLibrary &rt = runtimeLibrary();
  StlRuntimeDeviceInfo info;
  char why[512] = {0};
  if (!rt.error.empty() || rt.queryDevice(&info, why, sizeof(why)) != 0) {
    if (!rt.error.empty())
      std::snprintf(why, sizeof(why), "%s", rt.error.c_str());
    summary = std::string("device properties unavailable: ") + why;
    return o;
  }
  facts.l2Bytes = info.l2CacheBytes;
  // The runtime library's version is the one thing the driver query does not
  // know: it is cudart's, linked into stl-bench.
  int runtime = -1;
  if (cudaRuntimeGetVersion(&runtime) != cudaSuccess)
    runtime = -1;
  double memoryGiB =
      static_cast<double>(info.totalMemoryBytes) / (1024.0 * 1024 * 1024);
  std::string date = utcNow();
  o["name"] = info.name;
  o["compute_capability"] = std::to_string(info.computeCapabilityMajor) + "." +
                            std::to_string(info.computeCapabilityMinor);
  o["sm_count"] = info.multiprocessorCount;
  // Maximum clocks as the driver reports them; the clocks during the run are
  // in nvidia-smi's log next to the results.
  o["max_sm_clock_mhz"] = info.maxSmClockKHz / 1000.0;
  o["max_memory_clock_mhz"] = info.maxMemoryClockKHz / 1000.0;
  o["memory_bus_bits"] = info.memoryBusWidthBits;
  o["memory_gib"] = memoryGiB;
  o["l2_bytes"] = info.l2CacheBytes;
  o["driver_version"] = version(info.driverVersion);
  o["runtime_version"] = version(runtime);
  o["date_utc"] = date;
  char line[512];
  std::snprintf(line, sizeof(line),
                "%s (sm_%d%d, %d SMs, max SM clock %d MHz, max memory clock "
                "%d MHz, %.0f GiB, %.0f MiB L2), driver %s, runtime %s, %s",
                info.name, info.computeCapabilityMajor,
                info.computeCapabilityMinor, info.multiprocessorCount,
                info.maxSmClockKHz / 1000, info.maxMemoryClockKHz / 1000,
                memoryGiB, static_cast<double>(info.l2CacheBytes) / (1 << 20),
                version(info.driverVersion).c_str(), version(runtime).c_str(),
                date.c_str());
  summary = line;
  return o;
}

} // namespace bench
} // namespace stl
