//===- Timing.cpp - CUDA-event timing with a time budget ------------------===//

#include "Timing.h"

#include <algorithm>
#include <chrono>

namespace stl {
namespace bench {

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

bool L2Flush::init(uint64_t l2Bytes, std::string &error) {
  // Unknown size: 256 MiB, well above the L2 of current GPUs (H100: 50 MiB).
  uint64_t bytes = l2Bytes ? 2 * l2Bytes : 256ull << 20;
  return buffer.allocate(static_cast<size_t>(bytes), "the L2 flush", error);
}

cudaError_t L2Flush::enqueue(cudaStream_t stream) const {
  if (!enabled())
    return cudaSuccess;
  return cudaMemsetAsync(buffer.get(), 0, buffer.size(), stream);
}

namespace {

void summarize(Timing &t) {
  t.reps = static_cast<int>(t.ms.size());
  if (!t.reps)
    return;
  t.median = median(t.ms);
  t.min = *std::min_element(t.ms.begin(), t.ms.end());
  t.max = *std::max_element(t.ms.begin(), t.ms.end());
}

/// Repetitions that fit the budget after a first run took `firstMs`.
int affordableReps(const TimingPolicy &policy, double firstMs,
                   std::string &note) {
  double budgetMs = policy.budgetSeconds * 1000.0;
  int reps = policy.reps;
  if (firstMs * (policy.reps + policy.warmup) > budgetMs) {
    reps = std::max(policy.minReps, static_cast<int>(budgetMs / firstMs));
    reps = std::min(reps, policy.reps);
    if (reps < policy.reps)
      note = "slow (" + std::to_string(firstMs) +
             " ms/run): " + std::to_string(reps) + " of " +
             std::to_string(policy.reps) + " repetitions";
  }
  return reps;
}

bool flushes(const TimingPolicy &policy) {
  return policy.l2Flush && policy.l2Flush->enabled();
}

/// The first run (also a warm-up) sizes the number of repetitions; then the
/// warm-up runs and the timed repetitions. `timedRun` measures one sample.
bool sample(const TimingPolicy &policy,
            const std::function<bool(double &)> &timedRun, Timing &out) {
  out = Timing();
  out.requestedReps = policy.reps;
  out.l2Flushed = flushes(policy);
  double first = 0;
  if (!timedRun(first))
    return false;
  int reps = affordableReps(policy, first, out.note);
  int warmup = reps < policy.reps ? 0 : policy.warmup - 1;
  for (int i = 0; i < warmup; ++i) {
    double ignored;
    if (!timedRun(ignored))
      return false;
  }
  for (int i = 0; i < reps; ++i) {
    double ms = 0;
    if (!timedRun(ms))
      return false;
    out.ms.push_back(ms);
  }
  summarize(out);
  return true;
}

} // namespace

bool timeOnStream(cudaStream_t stream, const TimingPolicy &policy,
                  const std::function<bool(std::string &)> &enqueue,
                  Timing &out, std::string &error) {
  CudaEvent start, stop;
  if (!createEvent(start, error) || !createEvent(stop, error))
    return false;
  const L2Flush *flush = flushes(policy) ? policy.l2Flush : nullptr;
  auto timedRun = [&](double &ms) {
    // Stream order puts the flush before the start event: not timed.
    if (flush && !cudaCheck(flush->enqueue(stream), "L2 flush", error))
      return false;
    if (!cudaCheck(cudaEventRecord(start.get(), stream), "cudaEventRecord",
                   error) ||
        !enqueue(error) ||
        !cudaCheck(cudaEventRecord(stop.get(), stream), "cudaEventRecord",
                   error) ||
        !cudaCheck(cudaEventSynchronize(stop.get()), "cudaEventSynchronize",
                   error))
      return false;
    float elapsed = 0;
    if (!cudaCheck(cudaEventElapsedTime(&elapsed, start.get(), stop.get()),
                   "cudaEventElapsedTime", error))
      return false;
    ms = elapsed;
    return true;
  };
  return sample(policy, timedRun, out);
}

bool timeOnHost(const TimingPolicy &policy,
                const std::function<bool(std::string &)> &run, Timing &out,
                std::string &error) {
  const L2Flush *flush = flushes(policy) ? policy.l2Flush : nullptr;
  auto timedRun = [&](double &ms) {
    // The legacy default stream; the device-wide synchronization below
    // waits for the flush before the clock starts.
    if (flush && !cudaCheck(flush->enqueue(nullptr), "L2 flush", error))
      return false;
    if (!cudaCheck(cudaDeviceSynchronize(), "cudaDeviceSynchronize", error))
      return false;
    auto t0 = std::chrono::steady_clock::now();
    if (!run(error))
      return false;
    if (!cudaCheck(cudaDeviceSynchronize(), "cudaDeviceSynchronize", error))
      return false;
    auto t1 = std::chrono::steady_clock::now();
    ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    return true;
  };
  return sample(policy, timedRun, out);
}

} // namespace bench
} // namespace stl
