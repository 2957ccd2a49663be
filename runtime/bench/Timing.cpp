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

bool checkCuda(cudaError_t e, const char *what, std::string &error) {
  if (e == cudaSuccess)
    return true;
  error = std::string(what) + ": " + cudaGetErrorName(e) + ": " +
          cudaGetErrorString(e);
  return false;
}

} // namespace

bool timeOnStream(cudaStream_t stream, const TimingPolicy &policy,
                  const std::function<bool(std::string &)> &enqueue,
                  Timing &out, std::string &error) {
  out = Timing();
  out.requestedReps = policy.reps;
  cudaEvent_t start, stop;
  if (!checkCuda(cudaEventCreate(&start), "cudaEventCreate", error) ||
      !checkCuda(cudaEventCreate(&stop), "cudaEventCreate", error))
    return false;
  auto cleanup = [&] {
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
  };
  auto timedRun = [&](double &ms) {
    if (!checkCuda(cudaEventRecord(start, stream), "cudaEventRecord", error))
      return false;
    if (!enqueue(error))
      return false;
    if (!checkCuda(cudaEventRecord(stop, stream), "cudaEventRecord", error) ||
        !checkCuda(cudaEventSynchronize(stop), "cudaEventSynchronize", error))
      return false;
    float elapsed = 0;
    if (!checkCuda(cudaEventElapsedTime(&elapsed, start, stop),
                   "cudaEventElapsedTime", error))
      return false;
    ms = elapsed;
    return true;
  };

  // The first run (also a warm-up) sizes the number of repetitions.
  double first = 0;
  if (!timedRun(first)) {
    cleanup();
    return false;
  }
  int reps = affordableReps(policy, first, out.note);
  int warmup = reps < policy.reps ? 0 : policy.warmup - 1;
  for (int i = 0; i < warmup; ++i) {
    double ignored;
    if (!timedRun(ignored)) {
      cleanup();
      return false;
    }
  }
  for (int i = 0; i < reps; ++i) {
    double ms = 0;
    if (!timedRun(ms)) {
      cleanup();
      return false;
    }
    out.ms.push_back(ms);
  }
  cleanup();
  summarize(out);
  return true;
}

bool timeOnHost(const TimingPolicy &policy,
                const std::function<bool(std::string &)> &run, Timing &out,
                std::string &error) {
  out = Timing();
  out.requestedReps = policy.reps;
  auto timedRun = [&](double &ms) {
    if (!checkCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize", error))
      return false;
    auto t0 = std::chrono::steady_clock::now();
    if (!run(error))
      return false;
    if (!checkCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize", error))
      return false;
    auto t1 = std::chrono::steady_clock::now();
    ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    return true;
  };
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

} // namespace bench
} // namespace stl
