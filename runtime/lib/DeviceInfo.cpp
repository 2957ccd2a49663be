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

int stlRuntimeDescribeDevice(char *buffer, size_t size) {
  std::string why;
  if (!tryActivateContext(why)) {
    copyOut("no CUDA driver/GPU: " + why, buffer, size);
    return 1;
  }
  CUdevice device = currentDevice();
  char name[256] = {0};
  if (cuDeviceGetName(name, sizeof(name), device) != CUDA_SUCCESS)
    std::snprintf(name, sizeof(name), "<unknown device>");
  int driver = 0;
  cuDriverGetVersion(&driver);
  size_t memory = 0;
  cuDeviceTotalMem(&memory, device);
  int major = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
  int minor = attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
  int sms = attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
  // Both clocks are the maximum (boost) rates in kHz the driver reports, not
  // what the GPU currently runs at; nvidia-smi shows the latter.
  int smClock = attribute(device, CU_DEVICE_ATTRIBUTE_CLOCK_RATE);
  int memClock = attribute(device, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE);
  int busWidth = attribute(device, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH);
  int smemOptIn =
      attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
  char line[768];
  std::snprintf(line, sizeof(line),
                "%s, sm_%d%d, %d SMs, max SM clock %d MHz, max memory clock "
                "%d MHz, %d-bit bus, %.1f GiB, %d KiB smem/block opt-in, "
                "driver %d.%d",
                name, major, minor, sms, smClock / 1000, memClock / 1000,
                busWidth, static_cast<double>(memory) / (1024.0 * 1024 * 1024),
                smemOptIn / 1024, driver / 1000, (driver % 1000) / 10);
  copyOut(line, buffer, size);
  return 0;
}

} // extern "C"
