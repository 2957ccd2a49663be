//===- DeviceInfo.cpp - Harness API: probe and describe the device --------===//
//
// These entry points must never abort: a test uses them to decide whether to
// skip, and stl-bench to print where it runs.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <cstdio>
#include <string>

using namespace stl::runtime;

namespace {

void copyOut(const std::string &text, char *buffer, size_t size) {
  if (!buffer || size == 0)
    return;
  std::snprintf(buffer, size, "%s", text.c_str());
}

int attribute(CUdevice device, CUdevice_attribute which) {
  int value = 0;
  if (cuDeviceGetAttribute(&value, which, device) != CUDA_SUCCESS)
    return -1;
  return value;
}

} // namespace

extern "C" {

int stlRuntimeProbe(char *reason, size_t reasonSize) {
  std::string why;
  if (!tryActivateContext(why)) {
    copyOut(why, reason, reasonSize);
    return 1;
  }
  copyOut("ok", reason, reasonSize);
  return 0;
}

int stlRuntimeDeviceCount(void) {
  std::string why;
  if (!tryActivateContext(why))
    return 0;
  int count = 0;
  if (cuDeviceGetCount(&count) != CUDA_SUCCESS)
    return 0;
  return count;
}

int stlRuntimeQueryDevice(StlRuntimeDeviceInfo *info, char *reason,
                          size_t reasonSize) {
  if (!info) {
    copyOut("stlRuntimeQueryDevice: null info", reason, reasonSize);
    return 1;
  }
  *info = StlRuntimeDeviceInfo{};
  std::string why;
  if (!tryActivateContext(why)) {
    copyOut("no CUDA driver/GPU: " + why, reason, reasonSize);
    return 1;
  }
  CUdevice device = currentDevice();
  if (cuDeviceGetName(info->name, sizeof(info->name), device) != CUDA_SUCCESS)
    std::snprintf(info->name, sizeof(info->name), "<unknown device>");
  int driver = -1;
  if (cuDriverGetVersion(&driver) != CUDA_SUCCESS)
    driver = -1;
  info->driverVersion = driver;
  size_t memory = 0;
  if (cuDeviceTotalMem(&memory, device) == CUDA_SUCCESS)
    info->totalMemoryBytes = memory;
  info->computeCapabilityMajor =
      attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
  info->computeCapabilityMinor =
      attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
  info->multiprocessorCount =
      attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
  // Both clocks are the maximum (boost) rates in kHz the driver reports, not
  // what the GPU currently runs at; nvidia-smi shows the latter.
  info->maxSmClockKHz = attribute(device, CU_DEVICE_ATTRIBUTE_CLOCK_RATE);
  info->maxMemoryClockKHz =
      attribute(device, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE);
  info->memoryBusWidthBits =
      attribute(device, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH);
  info->sharedMemoryPerBlockOptInBytes =
      attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
  int l2 = attribute(device, CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE);
  info->l2CacheBytes = l2 > 0 ? static_cast<uint64_t>(l2) : 0;
  copyOut("ok", reason, reasonSize);
  return 0;
}

int stlRuntimeDescribeDevice(char *buffer, size_t size) {
  StlRuntimeDeviceInfo info;
  char why[512] = {0};
  if (stlRuntimeQueryDevice(&info, why, sizeof(why)) != 0) {
    copyOut(why, buffer, size);
    return 1;
  }
  char line[768];
  std::snprintf(
      line, sizeof(line),
      "%s, sm_%d%d, %d SMs, max SM clock %d MHz, max memory clock %d MHz, "
      "%d-bit bus, %.1f GiB, %.0f MiB L2, %d KiB smem/block opt-in, driver "
      "%d.%d",
      info.name, info.computeCapabilityMajor, info.computeCapabilityMinor,
      info.multiprocessorCount, info.maxSmClockKHz / 1000,
      info.maxMemoryClockKHz / 1000, info.memoryBusWidthBits,
      static_cast<double>(info.totalMemoryBytes) / (1024.0 * 1024 * 1024),
      static_cast<double>(info.l2CacheBytes) / (1024.0 * 1024),
      info.sharedMemoryPerBlockOptInBytes / 1024, info.driverVersion / 1000,
      (info.driverVersion % 1000) / 10);
  copyOut(line, buffer, size);
  return 0;
}

} // extern "C"
