//===- DeviceInfo.h - Where stl-bench runs ----------------------*- C++ -*-===//
//
// A thin use of libstl_runtime's harness API (stlRuntimeProbe,
// stlRuntimeQueryDevice): the runtime is the one place that asks the driver
// about the device, for its tests and for stl-bench alike.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_DEVICEINFO_H
#define STL_BENCH_DEVICEINFO_H

#include "Report.h"

#include <cstdint>
#include <string>

namespace stl {
namespace bench {

/// False with the reason ("no GPU: ...") when no usable device exists.
bool probeGpu(std::string &reason);

/// What the benchmark needs of the device besides the report: the L2 size
/// (the flush between timed samples writes more than that).
struct DeviceFacts {
  uint64_t l2Bytes = 0;
};

/// Name, SMs, clocks, memory, L2, driver/runtime versions, date (UTC) of the
/// default device, as JSON and as a one-line summary.
Json describeDevice(std::string &summary, DeviceFacts &facts);

/// The folder of the stl-bench executable (libstl_runtime and, by default,
/// the kernel libraries are looked up there).
std::string executableFolder();

/// ISO-8601 UTC time now.
std::string utcNow();

} // namespace bench
} // namespace stl

#endif // STL_BENCH_DEVICEINFO_H
