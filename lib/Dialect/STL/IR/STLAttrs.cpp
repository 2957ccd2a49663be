//===- STLAttrs.cpp - Strassen-Tile attributes ----------------------------===//

#include "stl/Dialect/STL/IR/STLAttrs.h"
#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Support/CheckedArithmetic.h"
#include "stl/Target/GPUTarget.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace mlir::stl;

#include "stl/Dialect/STL/IR/STLEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "stl/Dialect/STL/IR/STLAttrs.cpp.inc"

void STLDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "stl/Dialect/STL/IR/STLAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// SchemeAttr
//===----------------------------------------------------------------------===//

Scheme SchemeAttr::getScheme() const {
  Scheme s;
  s.name = getName().str();
  s.m = getM();
  s.k = getK();
  s.n = getN();
  s.rank = getRank();
  s.u.assign(getUCoefficients().begin(), getUCoefficients().end());
  s.v.assign(getVCoefficients().begin(), getVCoefficients().end());
  s.w.assign(getWCoefficients().begin(), getWCoefficients().end());
  return s;
}

SchemeAttr SchemeAttr::get(MLIRContext *context, const Scheme &s) {
  return get(context, s.name, s.m, s.k, s.n, s.rank,
             DenseF64ArrayAttr::get(context, s.u),
             DenseF64ArrayAttr::get(context, s.v),
             DenseF64ArrayAttr::get(context, s.w));
}

SchemeAttr SchemeAttr::getChecked(function_ref<InFlightDiagnostic()> emitError,
                                  MLIRContext *context, const Scheme &s) {
  return getChecked(emitError, context, s.name, s.m, s.k, s.n, s.rank,
                    DenseF64ArrayAttr::get(context, s.u),
                    DenseF64ArrayAttr::get(context, s.v),
                    DenseF64ArrayAttr::get(context, s.w));
}

bool SchemeAttr::hasIntegerCoefficients() const {
  return getScheme().hasIntegerCoefficients();
}

bool SchemeAttr::isExact() const { return checkBrent(getScheme()).exact; }

LogicalResult SchemeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef name, int64_t m, int64_t k,
                                 int64_t n, int64_t rank, DenseF64ArrayAttr u,
                                 DenseF64ArrayAttr v, DenseF64ArrayAttr w) {
  if (m <= 0 || k <= 0 || n <= 0)
    return emitError() << "scheme '" << name << "' has tile <" << m << "," << k
                       << "," << n << ">; every extent must be positive";
  if (rank <= 0)
    return emitError() << "scheme '" << name << "' has rank " << rank
                       << "; it must be positive";
  auto checkSize = [&](StringRef field, DenseF64ArrayAttr attr,
                       int64_t expected, StringRef shape) -> LogicalResult {
    if (!attr)
      return emitError() << "scheme '" << name << "': '" << field
                         << "' is missing";
    ArrayRef<double> values = attr.asArrayRef();
    if (static_cast<int64_t>(values.size()) != expected)
      return emitError() << "scheme '" << name << "': '" << field << "' has "
                         << values.size() << " coefficients, expected "
                         << expected << " (" << shape << ")";
    for (double c : values)
      if (!std::isfinite(c))
        return emitError() << "scheme '" << name << "': '" << field
                           << "' has a non-finite coefficient";
    return success();
  };
  // The extents come from user input: their products may not fit in 64
  // bits, and then no coefficient array can match them.
  std::optional<int64_t> uSize = checkedProduct({rank, m, k});
  std::optional<int64_t> vSize = checkedProduct({rank, k, n});
  std::optional<int64_t> wSize = checkedProduct({m, n, rank});
  if (!uSize || !vSize || !wSize)
    return emitError() << "scheme '" << name << "' has tile <" << m << "," << k
                       << "," << n << "> and rank " << rank
                       << "; its coefficient counts overflow 64 bits";
  if (failed(checkSize("u", u, *uSize, "rank x m*k")) ||
      failed(checkSize("v", v, *vSize, "rank x k*n")) ||
      failed(checkSize("w", w, *wSize, "m*n x rank")))
    return failure();
  return success();
}

/// True if `attr` holds exactly the library scheme of the same name, so that
/// printing the name alone round-trips.
static bool isLibraryScheme(SchemeAttr attr) {
  auto lib = lookupScheme(attr.getName());
  if (!lib) {
    llvm::consumeError(lib.takeError());
    return false;
  }
  return lib->m == attr.getM() && lib->k == attr.getK() &&
         lib->n == attr.getN() && lib->rank == attr.getRank() &&
         ArrayRef<double>(lib->u) == attr.getUCoefficients() &&
         ArrayRef<double>(lib->v) == attr.getVCoefficients() &&
         ArrayRef<double>(lib->w) == attr.getWCoefficients();
}

static void printCoefficients(AsmPrinter &printer, ArrayRef<double> values) {
  printer << '[';
  llvm::interleaveComma(values, printer, [&](double c) {
    // Integers print as integers (the common case for exact schemes); other
    // values with enough digits to round-trip a double.
    if (c == std::trunc(c) && std::fabs(c) < 1e15)
      printer << static_cast<int64_t>(c);
    else
      printer << llvm::format("%.17g", c);
  });
  printer << ']';
}

void SchemeAttr::print(AsmPrinter &printer) const {
  printer << "<\"" << getName() << "\"";
  if (!isLibraryScheme(*this)) {
    printer << ", tile = [" << getM() << ", " << getK() << ", " << getN()
            << "], rank = " << getRank() << ", u = ";
    printCoefficients(printer, getUCoefficients());
    printer << ", v = ";
    printCoefficients(printer, getVCoefficients());
    printer << ", w = ";
    printCoefficients(printer, getWCoefficients());
  }
  printer << '>';
}

static ParseResult parseCoefficients(AsmParser &parser, StringRef keyword,
                                     SmallVectorImpl<double> &values) {
  if (parser.parseComma() || parser.parseKeyword(keyword) ||
      parser.parseEqual())
    return failure();
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        // Integer literals are the common case (exact schemes); MLIR's
        // float parser rejects them, so try them first. The sign is taken
        // here: after a '-', parseOptionalInteger commits to an integer and
        // would reject "-0.5".
        double sign = succeeded(parser.parseOptionalMinus()) ? -1.0 : 1.0;
        int64_t i;
        OptionalParseResult isInt = parser.parseOptionalInteger(i);
        if (isInt.has_value()) {
          values.push_back(sign * static_cast<double>(i));
          return *isInt;
        }
        double c;
        if (parser.parseFloat(c))
          return failure();
        values.push_back(sign * c);
        return success();
      });
}

Attribute SchemeAttr::parse(AsmParser &parser, Type) {
  std::string name;
  SMLoc nameLoc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&name))
    return {};
  auto emitError = [&]() { return parser.emitError(nameLoc); };

  // Name only: a scheme of the built-in library.
  if (succeeded(parser.parseOptionalGreater())) {
    auto lib = lookupScheme(name);
    if (!lib) {
      parser.emitError(nameLoc)
          << llvm::toString(lib.takeError())
          << "; a scheme outside the library needs its coefficients: "
             "#stl.scheme<\"name\", tile = [m, k, n], rank = r, u = [...], "
             "v = [...], w = [...]>";
      return {};
    }
    return SchemeAttr::getChecked(emitError, parser.getContext(), *lib);
  }

  int64_t m, k, n, rank;
  SmallVector<double> u, v, w;
  if (parser.parseComma() || parser.parseKeyword("tile") ||
      parser.parseEqual() || parser.parseLSquare() || parser.parseInteger(m) ||
      parser.parseComma() || parser.parseInteger(k) || parser.parseComma() ||
      parser.parseInteger(n) || parser.parseRSquare() || parser.parseComma() ||
      parser.parseKeyword("rank") || parser.parseEqual() ||
      parser.parseInteger(rank) || parseCoefficients(parser, "u", u) ||
      parseCoefficients(parser, "v", v) || parseCoefficients(parser, "w", w) ||
      parser.parseGreater())
    return {};
  MLIRContext *ctx = parser.getContext();
  return SchemeAttr::getChecked(
      emitError, ctx, name, m, k, n, rank, DenseF64ArrayAttr::get(ctx, u),
      DenseF64ArrayAttr::get(ctx, v), DenseF64ArrayAttr::get(ctx, w));
}

//===----------------------------------------------------------------------===//
// KernelConfigAttr
//===----------------------------------------------------------------------===//

LogicalResult KernelConfigAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, StringRef chip,
    ArrayRef<int64_t> blockTile, ArrayRef<int64_t> warpLayout, int64_t stages,
    ArrayRef<int64_t> mmaShape, KernelSchedule schedule, int64_t cluster) {
  if (!lookupGPUTarget(chip))
    return emitError() << "kernel_config chip '" << chip
                       << "' is not supported; expected "
                       << getSupportedGPUChipList();
  if (schedule == KernelSchedule::persistent &&
      lookupGPUTarget(chip)->tensorCores != TensorCoreKind::Wgmma)
    return emitError() << "kernel_config 'schedule = persistent' needs a chip "
                          "with warpgroup TensorCores (sm_90a), got '"
                       << chip << "'";
  if (cluster != 1 && cluster != 2)
    return emitError() << "kernel_config 'cluster' must be 1 or 2, got "
                       << cluster;
  if (cluster != 1 && schedule != KernelSchedule::persistent)
    return emitError() << "kernel_config 'cluster = " << cluster
                       << "' needs 'schedule = persistent'";
  auto checkExtents = [&](StringRef field, ArrayRef<int64_t> values,
                          size_t expected) -> LogicalResult {
    if (values.size() != expected)
      return emitError() << "kernel_config '" << field << "' has "
                         << values.size() << " entries, expected " << expected;
    if (llvm::any_of(values, [](int64_t v) {
          return v <= 0 || v > kMaxKernelConfigEntry;
        }))
      return emitError() << "kernel_config '" << field
                         << "' entries must be positive and at most "
                         << kMaxKernelConfigEntry;
    return success();
  };
  if (failed(checkExtents("block_tile", blockTile, 3)) ||
      failed(checkExtents("warp_layout", warpLayout, 2)) ||
      failed(checkExtents("mma_shape", mmaShape, 3)))
    return failure();
  if (stages < 1 || stages > kMaxKernelConfigEntry)
    return emitError() << "kernel_config 'stages' must be in [1, "
                       << kMaxKernelConfigEntry << "], got " << stages;
  for (int i = 0; i < 3; ++i)
    if (blockTile[i] % mmaShape[i] != 0)
      return emitError() << "kernel_config block_tile[" << i
                         << "] = " << blockTile[i]
                         << " is not a multiple of mma_shape[" << i
                         << "] = " << mmaShape[i];
  return success();
}
