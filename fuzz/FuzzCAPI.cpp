//===- FuzzCAPI.cpp - Fuzz target: the C API's entry points ---------------===//
//
// What an embedder hands the C API (include/stl-c/): text to parse, scheme
// names, scheme coefficients with claimed extents, pipeline options. The
// first byte picks the entry point, the rest is its input. Every call must
// return an error the caller can read (a diagnostic, a null result, a
// failed MlirLogicalResult), never crash or read past what it was given:
// claimed extents beyond the scheme limits come with one-element arrays, so
// reading before checking is an AddressSanitizer report.
//
//===----------------------------------------------------------------------===//

#include "stl-c/Dialect.h"
#include "stl-c/Passes.h"

#include "stl/SchemeCore/SchemeCore.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

MlirLogicalResult swallow(MlirDiagnostic, void *) {
  return mlirLogicalResultSuccess();
}

void ignore(MlirStringRef, void *) {}

/// The registry of every dialect stl-opt sees, built once.
MlirDialectRegistry getRegistry() {
  static MlirDialectRegistry registry = [] {
    MlirDialectRegistry r = mlirDialectRegistryCreate();
    stlRegisterAllForTools(r);
    stlRegisterAllPasses();
    return r;
  }();
  return registry;
}

/// Reads an int64 from `data` at `at` (zero-padded past the end).
int64_t readInt64(const std::string &data, size_t at) {
  int64_t value = 0;
  if (at < data.size())
    std::memcpy(&value, data.data() + at,
                std::min(sizeof(value), data.size() - at));
  return value;
}

void fuzzSchemeGet(MlirContext ctx, const std::string &data) {
  namespace core = ::stl::core;
  int64_t m = readInt64(data, 0), k = readInt64(data, 8),
          n = readInt64(data, 16), rank = readInt64(data, 24);
  bool withinLimits = m >= 1 && k >= 1 && n >= 1 && rank >= 1 &&
                      m <= core::kMaxTileDim && k <= core::kMaxTileDim &&
                      n <= core::kMaxTileDim && rank <= core::kMaxRank &&
                      core::checkTileVolume(m, k, n).empty();
  std::vector<double> u(1), v(1), w(1);
  if (withinLimits) {
    // The caller's side of the contract: arrays of the claimed sizes. Claims
    // too large to allocate here are skipped, not passed short arrays.
    if (rank * (m * k + k * n + m * n) > (int64_t(1) << 16))
      return;
    u.resize(rank * m * k);
    v.resize(rank * k * n);
    w.resize(m * n * rank);
  }
  size_t at = 32;
  for (std::vector<double> *array : {&u, &v, &w})
    for (double &x : *array) {
      int64_t bits = readInt64(data, at);
      at += 8;
      // Small integers and a few raw doubles (NaN, inf, denormals).
      if (bits & 1)
        std::memcpy(&x, &bits, sizeof(x));
      else
        x = static_cast<double>((bits >> 1) % 3);
    }
  MlirAttribute scheme = stlSchemeAttrGet(
      ctx, mlirStringRefCreate("fuzz", 4), m, k, n, rank, u.data(),
      data.size() % 7 == 3 ? nullptr : v.data(), w.data());
  intptr_t pos = static_cast<intptr_t>(readInt64(data, data.size() / 2));
  (void)stlSchemeAttrGetU(scheme, pos);
  (void)stlSchemeAttrGetV(scheme, pos);
  (void)stlSchemeAttrGetW(scheme, pos);
  (void)stlSchemeAttrGetName(scheme);
  (void)stlSchemeAttrGetRank(scheme);
  if (!mlirAttributeIsNull(scheme)) {
    (void)stlSchemeAttrIsExact(scheme);
    (void)stlSchemeAttrHasIntegerCoefficients(scheme);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  if (size == 0)
    return 0;
  std::string data(reinterpret_cast<const char *>(bytes) + 1, size - 1);
  MlirStringRef text = mlirStringRefCreate(data.data(), data.size());
  MlirContext ctx = mlirContextCreateWithRegistry(getRegistry(), false);
  mlirContextAttachDiagnosticHandler(ctx, swallow, nullptr, nullptr);
  switch (bytes[0] % 5) {
  case 0: {
    MlirModule module =
        stlModuleCreateParse(ctx, text, mlirStringRefCreate("fuzz", 4));
    if (!mlirModuleIsNull(module)) {
      (void)mlirOperationVerify(mlirModuleGetOperation(module));
      mlirModuleDestroy(module);
    }
    break;
  }
  case 1:
    // Names only: a path would make the fuzzer read files of this machine
    // (a device node never ends).
    if (data.find('/') == std::string::npos &&
        data.find(".json") == std::string::npos) {
      MlirAttribute scheme = stlSchemeAttrGetByName(ctx, text);
      (void)stlSchemeAttrGetM(scheme);
    }
    break;
  case 2:
    fuzzSchemeGet(ctx, data);
    break;
  case 3:
  case 4: {
    MlirPassManager pm = mlirPassManagerCreate(ctx);
    MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
    if (bytes[0] % 5 == 3)
      (void)stlAddCPUPipeline(opm, text, ignore, nullptr);
    else
      (void)stlAddGPUPipeline(opm, text, ignore, nullptr);
    mlirPassManagerDestroy(pm);
    break;
  }
  }
  mlirContextDestroy(ctx);
  return 0;
}
