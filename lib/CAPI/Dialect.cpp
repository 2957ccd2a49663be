//===- Dialect.cpp - C API of the stl dialect -----------------------------===//

#include "stl-c/Dialect.h"

#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/InitAllSTL.h"
#include "stl/Scheme/Scheme.h"

#include "InputGuard.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"

#include <limits>
#include <optional>
#include <string>

using namespace mlir;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(STL, stl, mlir::stl::STLDialect)

void stlRegisterDialects(MlirDialectRegistry registry) {
  mlir::stl::registerSTLDialects(*unwrap(registry));
}

void stlRegisterAllForTools(MlirDialectRegistry registry) {
  mlir::stl::registerAllForTools(*unwrap(registry));
}

void stlRegisterAllPasses(void) { mlir::stl::registerAllSTLPasses(); }

//===----------------------------------------------------------------------===//
// #stl.scheme
//===----------------------------------------------------------------------===//

/// The scheme `attr` holds, or null for any other attribute (the accessors
/// answer 0 or NaN rather than crash on a caller's mistake).
static mlir::stl::SchemeAttr unwrapScheme(MlirAttribute attr) {
  return llvm::dyn_cast_if_present<mlir::stl::SchemeAttr>(unwrap(attr));
}

bool stlAttributeIsAScheme(MlirAttribute attr) {
  return llvm::isa<mlir::stl::SchemeAttr>(unwrap(attr));
}

MlirAttribute stlSchemeAttrGetByName(MlirContext ctx,
                                     MlirStringRef nameOrPath) {
  MLIRContext *context = unwrap(ctx);
  // Attributes of a dialect that is not loaded cannot be created.
  context->getOrLoadDialect<mlir::stl::STLDialect>();
  llvm::Expected<::mlir::stl::Scheme> scheme =
      ::mlir::stl::resolveScheme(unwrap(nameOrPath));
  if (!scheme) {
    emitError(UnknownLoc::get(context))
        << "cannot resolve scheme '" << unwrap(nameOrPath)
        << "': " << llvm::toString(scheme.takeError());
    return MlirAttribute{nullptr};
  }
  return wrap(mlir::stl::SchemeAttr::getChecked(
      [&] { return emitError(UnknownLoc::get(context)); }, context, *scheme));
}

MlirAttribute stlSchemeAttrGet(MlirContext ctx, MlirStringRef name, int64_t m,
                               int64_t k, int64_t n, int64_t rank,
                               const double *u, const double *v,
                               const double *w) {
  MLIRContext *context = unwrap(ctx);
  context->getOrLoadDialect<mlir::stl::STLDialect>();
  auto emit = [&] { return emitError(UnknownLoc::get(context)); };
  if (m <= 0 || k <= 0 || n <= 0 || rank <= 0) {
    emit() << "scheme '" << unwrap(name) << "': tile " << m << "x" << k << "x"
           << n << " and rank " << rank << " must be positive";
    return MlirAttribute{nullptr};
  }
  // The limits every scheme obeys, checked before the arrays are read: the
  // caller's arrays hold rank*m*k etc. entries only if these are sane.
  std::string limit = ::stl::core::checkSchemeExtents(m, k, n, rank);
  if (!limit.empty()) {
    emit() << "scheme '" << unwrap(name) << "': tile " << m << "x" << k << "x"
           << n << ", rank " << rank << ": " << limit;
    return MlirAttribute{nullptr};
  }
  if (!u || !v || !w) {
    emit() << "scheme '" << unwrap(name) << "': null coefficient array";
    return MlirAttribute{nullptr};
  }
  ::mlir::stl::Scheme scheme;
  scheme.name = unwrap(name).str();
  scheme.m = m;
  scheme.k = k;
  scheme.n = n;
  scheme.rank = rank;
  scheme.u.assign(u, u + rank * m * k);
  scheme.v.assign(v, v + rank * k * n);
  scheme.w.assign(w, w + m * n * rank);
  return wrap(mlir::stl::SchemeAttr::getChecked(emit, context, scheme));
}

MlirStringRef stlSchemeAttrGetName(MlirAttribute attr) {
  mlir::stl::SchemeAttr scheme = unwrapScheme(attr);
  return scheme ? wrap(scheme.getName()) : mlirStringRefCreate(nullptr, 0);
}

/// The extent `get` returns, 0 for an attribute that is not a scheme.
static int64_t extentOf(MlirAttribute attr,
                        int64_t (mlir::stl::SchemeAttr::*get)() const) {
  mlir::stl::SchemeAttr scheme = unwrapScheme(attr);
  return scheme ? (scheme.*get)() : 0;
}

int64_t stlSchemeAttrGetM(MlirAttribute attr) {
  return extentOf(attr, &mlir::stl::SchemeAttr::getM);
}

int64_t stlSchemeAttrGetK(MlirAttribute attr) {
  return extentOf(attr, &mlir::stl::SchemeAttr::getK);
}

int64_t stlSchemeAttrGetN(MlirAttribute attr) {
  return extentOf(attr, &mlir::stl::SchemeAttr::getN);
}

int64_t stlSchemeAttrGetRank(MlirAttribute attr) {
  return extentOf(attr, &mlir::stl::SchemeAttr::getRank);
}

/// Coefficient `pos` of the array `get` returns, NaN outside it or for an
/// attribute that is not a scheme.
static double
coefficientAt(MlirAttribute attr, intptr_t pos,
              llvm::ArrayRef<double> (mlir::stl::SchemeAttr::*get)() const) {
  mlir::stl::SchemeAttr scheme = unwrapScheme(attr);
  llvm::ArrayRef<double> values;
  if (scheme)
    values = (scheme.*get)();
  if (pos < 0 || static_cast<size_t>(pos) >= values.size())
    return std::numeric_limits<double>::quiet_NaN();
  return values[pos];
}

double stlSchemeAttrGetU(MlirAttribute attr, intptr_t pos) {
  return coefficientAt(attr, pos, &mlir::stl::SchemeAttr::getUCoefficients);
}

double stlSchemeAttrGetV(MlirAttribute attr, intptr_t pos) {
  return coefficientAt(attr, pos, &mlir::stl::SchemeAttr::getVCoefficients);
}

double stlSchemeAttrGetW(MlirAttribute attr, intptr_t pos) {
  return coefficientAt(attr, pos, &mlir::stl::SchemeAttr::getWCoefficients);
}

bool stlSchemeAttrIsExact(MlirAttribute attr) {
  mlir::stl::SchemeAttr scheme = unwrapScheme(attr);
  return scheme && scheme.isExact();
}

bool stlSchemeAttrHasIntegerCoefficients(MlirAttribute attr) {
  mlir::stl::SchemeAttr scheme = unwrapScheme(attr);
  return scheme && scheme.hasIntegerCoefficients();
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

MlirModule stlModuleCreateParse(MlirContext ctx, MlirStringRef text,
                                MlirStringRef sourceName) {
  MLIRContext *context = unwrap(ctx);
  llvm::StringRef source = unwrap(text);
  if (std::optional<mlir::stl::UnparsableInput> refused =
          mlir::stl::findUnparsableInput(source)) {
    emitError(FileLineColLoc::get(context, unwrap(sourceName), 0, 0))
        << unwrap(sourceName) << refused->location << ": " << refused->message;
    return MlirModule{nullptr};
  }
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      source, ParserConfig(context), unwrap(sourceName));
  if (!module)
    return MlirModule{nullptr};
  return wrap(module.release());
}
