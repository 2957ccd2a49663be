//===- Timing.h - CUDA-event timing with a time budget ----------*- C++ -*-===//

#ifndef STL_BENCH_TIMING_H
#define STL_BENCH_TIMING_H

#include <cuda_runtime.h>

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
  std::string note; // e.g. why fewer repetitions ran than requested
  bool ok() const { return reps > 0; }
};

struct TimingPolicy {
  int warmup = 3;
  int reps = 30;
  /// Seconds one measurement may take; a slow kernel gets fewer repetitions
  /// (at least minReps) and a note, so a bad kernel cannot eat the budget of
  /// a whole run.
  double budgetSeconds = 10.0;
  int minReps = 3;
};

/// `enqueue` puts the work to time on `stream` (and returns false with an
/// error message on failure). Each repetition is bracketed by two events on
/// the stream; the median of the repetitions is the result.
bool timeOnStream(cudaStream_t stream, const TimingPolicy &policy,
                  const std::function<bool(std::string &)> &enqueue,
                  Timing &out, std::string &error);

/// Host wall-clock variant for work that synchronizes itself (generated host
/// code that waits for its own streams).
bool timeOnHost(const TimingPolicy &policy,
                const std::function<bool(std::string &)> &run, Timing &out,
                std::string &error);

double median(std::vector<double> values);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_TIMING_H
