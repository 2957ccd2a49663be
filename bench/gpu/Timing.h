//===- Timing.h - CUDA-event timing with a time budget ----------*- C++ -*-===//
//
// Each timed sample is preceded, outside the timed region, by a write of a
// buffer larger than the L2 cache (L2Flush), so a sample reads its operands
// from device memory as a GEMM does in a model, where other layers ran
// between two calls; without it, small shapes (whose operands fit in L2)
// read warm operands and look faster than they are. --no-l2-flush turns it
// off; the report says which it was.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_TIMING_H
#define STL_BENCH_TIMING_H

#include "CudaHandles.h"
#include "DeviceBuffer.h"

#include <cuda_runtime.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stl {
namespace bench {

struct Timing {
  std::vector<double> ms; // every timed repetition
  double median = 0, min = 0, max = 0;
  int reps = 0;
  int requestedReps = 0;
  bool l2Flushed = false; // each sample followed a write larger than L2
  std::string note;       // e.g. why fewer repetitions ran than requested
  bool ok() const { return reps > 0; }
};

/// A device buffer of twice the L2 size, written between timed samples:
/// twice, because L2's replacement is not strictly LRU, so writing exactly
/// its size may leave lines of the previous sample.
class L2Flush {
public:
  /// Allocates the buffer for an L2 of `l2Bytes` (0: unknown, a buffer
  /// larger than any current GPU's L2). False with the reason on failure.
  bool init(uint64_t l2Bytes, std::string &error);
  bool enabled() const { return buffer.get() != nullptr; }
  size_t bytes() const { return buffer.size(); }
  /// Enqueues the write on `stream` (nothing when not enabled).
  cudaError_t enqueue(cudaStream_t stream) const;

private:
  DeviceBuffer buffer;
};

struct TimingPolicy {
  int warmup = 3;
  int reps = 30;
  /// Seconds one measurement may take; a slow kernel gets fewer repetitions
  /// (at least minReps) and a note, so a bad kernel cannot eat the budget of
  /// a whole run.
  double budgetSeconds = 10.0;
  int minReps = 3;
  /// Written before every sample when set and enabled (not owned).
  const L2Flush *l2Flush = nullptr;
};

/// `enqueue` puts the work to time on `stream` (and returns false with an
/// error message on failure). Each repetition is bracketed by two events on
/// the stream, after the L2 flush; the median of the repetitions is the
/// result.
bool timeOnStream(cudaStream_t stream, const TimingPolicy &policy,
                  const std::function<bool(std::string &)> &enqueue,
                  Timing &out, std::string &error);

/// Host wall-clock variant for work that synchronizes itself (generated host
/// code that waits for its own streams); the L2 flush runs and completes
/// before the clock starts.
bool timeOnHost(const TimingPolicy &policy,
                const std::function<bool(std::string &)> &run, Timing &out,
                std::string &error);

double median(std::vector<double> values);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_TIMING_H
