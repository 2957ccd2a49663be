//===- DeviceInfo.cpp - Where stl-bench runs ------------------------------===//

#include "DeviceInfo.h"

#include <cuda_runtime.h>

#include <cstdio>
#include <ctime>

namespace stl {
namespace bench {

namespace {

int attribute(cudaDeviceAttr which, int device) {
  int value = -1;
  if (cudaDeviceGetAttribute(&value, which, device) != cudaSuccess)
    return -1;
  return value;
}

std::string version(int v) {
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

} // namespace

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool probeGpu(std::string &reason) {
  int count = 0;
  cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    reason = std::string("no GPU: ") + cudaGetErrorName(e) + ": " +
             cudaGetErrorString(e);
    return false;
  }
  if (count == 0) {
    reason = "no GPU: no CUDA device found";
    return false;
  }
  return true;
}

JsonValue describeDevice(std::string &summary) {
  JsonValue o = JsonValue::makeObject();
  int device = 0;
  cudaGetDevice(&device);
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
    summary = "device properties unavailable";
    return o;
  }
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  // Maximum clocks as the driver reports them (kHz); the clocks during the
  // run are in nvidia-smi's log next to the results.
  int smClock = attribute(cudaDevAttrClockRate, device);
  int memClock = attribute(cudaDevAttrMemoryClockRate, device);
  int busWidth = attribute(cudaDevAttrGlobalMemoryBusWidth, device);
  double memoryGiB =
      static_cast<double>(prop.totalGlobalMem) / (1024.0 * 1024 * 1024);
  o.set("name", JsonValue::makeString(prop.name));
  o.set("compute_capability",
        JsonValue::makeString(std::to_string(prop.major) + "." +
                              std::to_string(prop.minor)));
  o.set("sm_count", JsonValue::makeNumber(prop.multiProcessorCount));
  o.set("max_sm_clock_mhz", JsonValue::makeNumber(smClock / 1000.0));
  o.set("max_memory_clock_mhz", JsonValue::makeNumber(memClock / 1000.0));
  o.set("memory_bus_bits", JsonValue::makeNumber(busWidth));
  o.set("memory_gib", JsonValue::makeNumber(memoryGiB));
  o.set("l2_bytes", JsonValue::makeNumber(prop.l2CacheSize));
  o.set("driver_version", JsonValue::makeString(version(driver)));
  o.set("runtime_version", JsonValue::makeString(version(runtime)));
  o.set("date_utc", JsonValue::makeString(utcNow()));
  char line[512];
  std::snprintf(line, sizeof(line),
                "%s (sm_%d%d, %d SMs, max SM clock %d MHz, max memory clock "
                "%d MHz, %.0f GiB), driver %s, runtime %s, %s",
                prop.name, prop.major, prop.minor, prop.multiProcessorCount,
                smClock / 1000, memClock / 1000, memoryGiB,
                version(driver).c_str(), version(runtime).c_str(),
                utcNow().c_str());
  summary = line;
  return o;
}

} // namespace bench
} // namespace stl
