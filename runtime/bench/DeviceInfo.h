//===- DeviceInfo.h - Where stl-bench runs ----------------------*- C++ -*-===//

#ifndef STL_BENCH_DEVICEINFO_H
#define STL_BENCH_DEVICEINFO_H

#include "Json.h"

#include <string>

namespace stl {
namespace bench {

/// False with the reason ("no GPU: ...") when no usable device exists.
bool probeGpu(std::string &reason);

/// Name, SMs, clocks, memory, driver/runtime versions, date (UTC) of device
/// 0, as JSON and as a one-line summary.
JsonValue describeDevice(std::string &summary);

/// ISO-8601 UTC time now.
std::string utcNow();

} // namespace bench
} // namespace stl

#endif // STL_BENCH_DEVICEINFO_H
