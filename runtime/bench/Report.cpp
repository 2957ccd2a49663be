//===- Report.cpp - Results of stl-bench: JSON and a table ----------------===//

#include "Report.h"

#include <cstdio>
#include <sstream>

namespace stl {
namespace bench {

namespace {

JsonValue number(double x) {
  // NaN means "not measured / not applicable": null, never a made-up value.
  return std::isfinite(x) ? JsonValue::makeNumber(x) : JsonValue();
}

JsonValue errorToJson(const ErrorStats &e, const std::string &reference) {
  JsonValue o = JsonValue::makeObject();
  if (!reference.empty())
    o.set("reference", JsonValue::makeString(reference));
  o.set("relative_frobenius", number(e.relativeFrobenius));
  o.set("max_abs", number(e.maxAbs));
  o.set("reference_rms", number(e.refRms));
  o.set("entries", JsonValue::makeNumber(static_cast<double>(e.count)));
  o.set("non_finite", JsonValue::makeNumber(static_cast<double>(e.nonFinite)));
  return o;
}

std::string pad(const std::string &s, size_t width, bool right = false) {
  if (s.size() >= width)
    return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

} // namespace

std::string formatSci(double x) {
  if (!std::isfinite(x))
    return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.2e", x);
  return buffer;
}

std::string formatFixed(double x, int digits) {
  if (!std::isfinite(x))
    return "-";
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, x);
  return buffer;
}

JsonValue recordToJson(const Record &r) {
  JsonValue o = JsonValue::makeObject();
  o.set("M", JsonValue::makeNumber(static_cast<double>(r.M)));
  o.set("K", JsonValue::makeNumber(static_cast<double>(r.K)));
  o.set("N", JsonValue::makeNumber(static_cast<double>(r.N)));
  o.set("impl", JsonValue::makeString(r.impl));
  if (!r.caseName.empty())
    o.set("case", JsonValue::makeString(r.caseName));
  if (!r.scheme.empty()) {
    o.set("scheme", JsonValue::makeString(r.scheme));
    JsonValue tile = JsonValue::makeObject();
    tile.set("m", JsonValue::makeNumber(r.m));
    tile.set("k", JsonValue::makeNumber(r.k));
    tile.set("n", JsonValue::makeNumber(r.n));
    o.set("tile", tile);
    o.set("rank", JsonValue::makeNumber(r.rank));
    o.set("exact", JsonValue::makeBool(r.exactScheme));
  }
  o.set("stage", JsonValue::makeString(r.stage));
  o.set("dtype", JsonValue::makeString(r.dtype));
  o.set("out_dtype", JsonValue::makeString(r.outDtype));
  o.set("timing", JsonValue::makeString(r.timing));
  o.set("ms", number(r.ms));
  o.set("ms_min", number(r.minMs));
  o.set("ms_max", number(r.maxMs));
  o.set("reps", JsonValue::makeNumber(r.reps));
  if (std::isfinite(r.hostMs))
    o.set("host_ms", number(r.hostMs));
  if (std::isfinite(r.overheadUs))
    o.set("host_overhead_us", number(r.overheadUs));
  if (std::isfinite(r.enqueueUs))
    o.set("enqueue_us", number(r.enqueueUs));
  if (std::isfinite(r.hostMsUnpooled))
    o.set("host_ms_unpooled", number(r.hostMsUnpooled));
  if (std::isfinite(r.graphMs)) {
    o.set("graph_ms", number(r.graphMs));
    o.set("graph_enqueue_us", number(r.graphEnqueueUs));
    o.set("graph_nodes", JsonValue::makeNumber(r.graphNodes));
  }
  if (std::isfinite(r.libraryMs)) {
    o.set("library_ms", number(r.libraryMs));
    o.set("speed_vs_library", number(r.vsLibrary));
  }
  o.set("tflops", number(r.tflops));
  o.set("speedup_vs_dense", number(r.speedup));
  if (std::isfinite(r.bytes)) {
    o.set("bytes", number(r.bytes));
    o.set("gbps", number(r.gbps));
    o.set("fraction_of_copy_bandwidth", number(r.copyFraction));
  }
  if (r.hasError)
    o.set("error", errorToJson(r.error, r.errorReference));
  if (r.hasErrorVsMatmul)
    o.set("error_vs_matmul", errorToJson(r.errorVsMatmul, "X.W (fp64)"));
  if (!r.notes.empty()) {
    JsonValue notes = JsonValue::makeArray();
    for (const std::string &n : r.notes)
      notes.push(JsonValue::makeString(n));
    o.set("notes", notes);
  }
  return o;
}

std::string formatTable(const std::vector<Record> &records) {
  std::ostringstream os;
  const char *header[] = {"M",     "K",       "N",    "impl",    "scheme",
                          "stage", "ms",      "TF/s", "speedup", "GB/s",
                          "%copy", "rel.err", "note"};
  const size_t widths[] = {6, 6, 6, 15, 24, 11, 10, 8, 8, 7, 6, 9, 0};
  const bool right[] = {true, true, true, false, false, false, true,
                        true, true, true, true,  true,  false};
  for (int i = 0; i < 13; ++i)
    os << pad(header[i], widths[i], right[i]) << (i < 12 ? " " : "\n");
  for (const Record &r : records) {
    std::string scheme = r.scheme.empty() ? "-" : r.scheme;
    if (!r.scheme.empty())
      scheme += " r" + std::to_string(r.rank);
    std::string note;
    // Host-path and library figures first: they are what the row is about.
    if (std::isfinite(r.vsLibrary))
      note += formatFixed(r.vsLibrary, 3) + "x of cuBLASLt (" +
              formatFixed(r.libraryMs, 4) + " ms)";
    if (std::isfinite(r.overheadUs))
      note += std::string(note.empty() ? "" : "; ") + "host +" +
              formatFixed(r.overheadUs, 1) + " us/call";
    if (std::isfinite(r.hostMsUnpooled))
      note += std::string(note.empty() ? "" : "; ") + "(cuMemAlloc: +" +
              formatFixed((r.hostMsUnpooled - r.ms) * 1e3, 1) + ")";
    if (std::isfinite(r.enqueueUs))
      note += std::string(note.empty() ? "" : "; ") + "enqueue " +
              formatFixed(r.enqueueUs, 1) + " us";
    if (std::isfinite(r.graphMs))
      note += std::string(note.empty() ? "" : "; ") + "graph " +
              formatFixed(r.graphMs, 4) + " ms, launch " +
              formatFixed(r.graphEnqueueUs, 1) + " us";
    for (const std::string &n : r.notes)
      note += (note.empty() ? "" : "; ") + n;
    std::string err = r.hasError ? formatSci(r.error.relativeFrobenius) : "-";
    std::string cells[] = {
        std::to_string(r.M),
        std::to_string(r.K),
        std::to_string(r.N),
        r.impl,
        scheme,
        r.stage,
        formatFixed(r.ms, 4),
        formatFixed(r.tflops, 1),
        std::isfinite(r.speedup) ? formatFixed(r.speedup, 3) + "x" : "-",
        formatFixed(r.gbps, 0),
        std::isfinite(r.copyFraction) ? formatFixed(100 * r.copyFraction, 0)
                                      : "-",
        err,
        note};
    for (int i = 0; i < 13; ++i)
      os << pad(cells[i], widths[i], right[i]) << (i < 12 ? " " : "\n");
  }
  return os.str();
}

} // namespace bench
} // namespace stl
