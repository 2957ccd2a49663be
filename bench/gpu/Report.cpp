//===- Report.cpp - Results of stl-bench: JSON and a table ----------------===//

#include "Report.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace stl {
namespace bench {

namespace {

Json errorToJson(const ErrorStats &e, const std::string &reference) {
  Json o = Json::object();
  if (!reference.empty())
    o["reference"] = reference;
  o["relative_frobenius"] = jsonNumber(e.relativeFrobenius);
  o["max_abs"] = jsonNumber(e.maxAbs);
  o["reference_rms"] = jsonNumber(e.refRms);
  o["entries"] = e.count;
  o["non_finite"] = e.nonFinite;
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

Json jsonNumber(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json recordToJson(const Record &r) {
  Json o = Json::object();
  o["M"] = r.M;
  o["K"] = r.K;
  o["N"] = r.N;
  o["impl"] = r.impl;
  if (!r.caseName.empty())
    o["case"] = r.caseName;
  if (!r.scheme.empty()) {
    o["scheme"] = r.scheme;
    o["tile"] = {{"m", r.m}, {"k", r.k}, {"n", r.n}};
    o["rank"] = r.rank;
    o["exact"] = r.exactScheme;
  }
  o["stage"] = r.stage;
  o["dtype"] = r.dtype;
  o["out_dtype"] = r.outDtype;
  o["timing"] = r.timing;
  o["ms"] = jsonNumber(r.ms);
  o["ms_min"] = jsonNumber(r.minMs);
  o["ms_max"] = jsonNumber(r.maxMs);
  o["reps"] = r.reps;
  o["l2_flush"] = r.l2Flushed;
  if (std::isfinite(r.hostMs))
    o["host_ms"] = r.hostMs;
  if (std::isfinite(r.overheadUs))
    o["host_overhead_us"] = r.overheadUs;
  if (std::isfinite(r.enqueueUs))
    o["enqueue_us"] = r.enqueueUs;
  if (std::isfinite(r.hostMsUnpooled))
    o["host_ms_unpooled"] = r.hostMsUnpooled;
  if (std::isfinite(r.graphMs)) {
    o["graph_ms"] = r.graphMs;
    o["graph_enqueue_us"] = jsonNumber(r.graphEnqueueUs);
    o["graph_nodes"] = r.graphNodes;
  }
  if (std::isfinite(r.libraryMs)) {
    o["library_ms"] = r.libraryMs;
    o["speed_vs_library"] = jsonNumber(r.vsLibrary);
  }
  o["tflops"] = jsonNumber(r.tflops);
  o["speedup_vs_dense"] = jsonNumber(r.speedup);
  if (std::isfinite(r.bytes)) {
    o["bytes"] = r.bytes;
    o["gbps"] = jsonNumber(r.gbps);
    o["fraction_of_copy_bandwidth"] = jsonNumber(r.copyFraction);
  }
  if (r.hasError)
    o["error"] = errorToJson(r.error, r.errorReference);
  if (r.hasErrorVsMatmul)
    o["error_vs_matmul"] = errorToJson(r.errorVsMatmul, "X.W (fp64)");
  if (!r.notes.empty())
    o["notes"] = r.notes;
  return o;
}

Json optionsToJson(const Options &o, const std::vector<Shape> &shapes,
                   uint64_t l2FlushBytes) {
  Json j = Json::object();
  Json list = Json::array();
  for (const Shape &s : shapes)
    list.push_back(s.str());
  j["shapes"] = std::move(list);
  j["reps"] = o.reps;
  j["warmup"] = o.warmup;
  j["budget_s"] = o.budgetSeconds;
  j["quick"] = o.quick;
  j["manifest"] = o.manifest;
  j["sample_blocks"] = o.sampleBlocks;
  j["seed"] = o.seed;
  j["inputs"] = "N(0,1), generated on the device";
  j["accumulate"] = "f32";
  j["l2_flush"] = l2FlushBytes > 0;
  j["l2_flush_bytes"] = l2FlushBytes;
  return j;
}

Json reportToJson(const Json &device, const Json &options, double copyGbps,
                  const std::vector<std::string> &notes,
                  const std::vector<Record> &records) {
  Json doc = Json::object();
  doc["tool"] = "stl-bench";
  doc["format_version"] = 1;
  doc["device"] = device;
  doc["options"] = options;
  doc["copy_bandwidth_gbps"] = jsonNumber(copyGbps);
  doc["notes"] = notes;
  Json list = Json::array();
  for (const Record &r : records)
    list.push_back(recordToJson(r));
  doc["records"] = std::move(list);
  return doc;
}

bool writeJsonFile(const std::string &path, const Json &doc,
                   std::string &error) {
  std::ofstream out(path);
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  if (!out) {
    error = "cannot write " + path;
    return false;
  }
  return true;
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
