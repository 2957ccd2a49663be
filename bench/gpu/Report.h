//===- Report.h - Results of stl-bench: JSON and a table --------*- C++ -*-===//
//
// Every number in a report was measured in this run; derived columns
// (TFLOP/s, speedup, bandwidth) are computed from measured times and are
// absent (null in JSON, "-" in the table) when their inputs are.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_REPORT_H
#define STL_BENCH_REPORT_H

#include "Options.h"
#include "Reference.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace stl {
namespace bench {

/// One measured configuration: an implementation of Y = X.W (or one stage of
/// it) at one shape.
struct Record {
  int64_t M = 0, K = 0, N = 0;
  /// "cublas", "cublaslt", "cublas-batched", "stl-ref" (hand-written
  /// reference) or "stl-gen" (kernels compiled by stl-opt).
  std::string impl;
  std::string caseName; // manifest case, for stl-gen
  std::string scheme;   // empty for dense
  int m = 0, k = 0, n = 0, rank = 0;
  bool exactScheme = false;
  /// "gemm" (dense), "total" (online part: encode_lhs + hadamard + decode,
  /// timed as one sequence), "matmul" (generated end-to-end function),
  /// "encode_lhs", "encode_rhs" (offline), "hadamard", "decode".
  std::string stage;
  std::string dtype, outDtype;
  std::string timing = "cuda-events"; // or "host-wall-clock"

  double ms = NAN, minMs = NAN, maxMs = NAN;
  int reps = 0, requestedReps = 0;
  /// Every timed sample followed a write larger than L2 (operands cold).
  bool l2Flushed = false;
  double hostMs = NAN; // wall clock per call incl. host overhead (stl-gen)
  /// Per-call host overhead of stl-gen (microseconds): hostMs - ms, what a
  /// synchronous caller pays beyond the GPU time; and the host time to issue
  /// one call when nothing waits (streams redirected, synchronization
  /// deferred): the launch-path cost that bounds small problems.
  double overheadUs = NAN, enqueueUs = NAN;
  /// hostMs with libstl_runtime's pool disabled (cuMemAlloc/cuMemFree).
  double hostMsUnpooled = NAN;
  /// The same call replayed as a CUDA graph (--graph): GPU time per replay,
  /// host time per cuGraphLaunch, graph nodes.
  double graphMs = NAN, graphEnqueueUs = NAN;
  int graphNodes = 0;
  /// stl-gen hadamard: the library twin (libstl_runtime's cuBLASLt entry on
  /// the same buffers) in the same run, and libraryMs / ms.
  double libraryMs = NAN, vsLibrary = NAN;

  double tflops = NAN;  // 2 M N K / ms: end-to-end rows only
  double speedup = NAN; // best dense ms / ms: end-to-end rows only
  double bytes = NAN;   // bytes read + written: memory-bound stages only
  double gbps = NAN;
  double copyFraction = NAN; // gbps / device-to-device copy bandwidth

  bool hasError = false;
  std::string errorReference; // "X.W (fp64)" or "STL operator (fp64)"
  ErrorStats error;
  bool hasErrorVsMatmul = false; // approximate schemes: distance to X.W
  ErrorStats errorVsMatmul;

  std::vector<std::string> notes;
};

/// Reports and manifests are nlohmann-json documents. The ordered variant
/// keeps members in insertion order, so a report prints its fields in the
/// order the schema (docs/Benchmarking.md) lists them.
using Json = nlohmann::ordered_json;

/// `x` as a JSON number, or null when it is NaN or infinite: "not measured /
/// not applicable", never a made-up value (JSON has no NaN).
Json jsonNumber(double x);

Json recordToJson(const Record &r);

/// The "options" object of a report: what was asked for and how inputs were
/// made.
/// `l2FlushBytes` is the size of the buffer written between samples, 0 when
/// samples were not flushed.
Json optionsToJson(const Options &o, const std::vector<Shape> &shapes,
                   uint64_t l2FlushBytes);

/// The whole report: tool, format version, device, options, copy bandwidth,
/// run-level notes and every record.
Json reportToJson(const Json &device, const Json &options, double copyGbps,
                  const std::vector<std::string> &notes,
                  const std::vector<Record> &records);

/// Writes `doc` with two-space indentation (invalid UTF-8 in a note is
/// replaced, not thrown); on failure returns false with the reason.
bool writeJsonFile(const std::string &path, const Json &doc,
                   std::string &error);

/// Fixed-width table of the records, one line each, for stdout.
std::string formatTable(const std::vector<Record> &records);

/// "1.23e-03" or "-" for NaN.
std::string formatSci(double x);
/// "%.*f" or "-" for NaN.
std::string formatFixed(double x, int digits);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_REPORT_H
