//===- Dialect.cpp - C API of the stl dialect -----------------------------===//

#include "stl-c/Dialect.h"

#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/InitAllSTL.h"
#include "stl/Scheme/Scheme.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"

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

static mlir::stl::SchemeAttr unwrapScheme(MlirAttribute attr) {
  return llvm::cast<mlir::stl::SchemeAttr>(unwrap(attr));
}

bool stlAttributeIsAScheme(MlirAttribute attr) {
  return llvm::isa<mlir::stl::SchemeAttr>(unwrap(attr));
}

MlirAttribute stlSchemeAttrGetByName(MlirContext ctx,
                                     MlirStringRef nameOrPath) {
  MLIRContext *context = unwrap(ctx);
  // Attributes of a dialect that is not loaded cannot be created.
  context->getOrLoadDialect<mlir::stl::STLDialect>();
  llvm::Expected<::stl::Scheme> scheme =
      ::stl::resolveScheme(unwrap(nameOrPath));
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
  ::stl::Scheme scheme;
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
  return wrap(unwrapScheme(attr).getName());
}

int64_t stlSchemeAttrGetM(MlirAttribute attr) {
  return unwrapScheme(attr).getM();
}

int64_t stlSchemeAttrGetK(MlirAttribute attr) {
  return unwrapScheme(attr).getK();
}

int64_t stlSchemeAttrGetN(MlirAttribute attr) {
  return unwrapScheme(attr).getN();
}

int64_t stlSchemeAttrGetRank(MlirAttribute attr) {
  return unwrapScheme(attr).getRank();
}

double stlSchemeAttrGetU(MlirAttribute attr, intptr_t pos) {
  return unwrapScheme(attr).getUCoefficients()[pos];
}

double stlSchemeAttrGetV(MlirAttribute attr, intptr_t pos) {
  return unwrapScheme(attr).getVCoefficients()[pos];
}

double stlSchemeAttrGetW(MlirAttribute attr, intptr_t pos) {
  return unwrapScheme(attr).getWCoefficients()[pos];
}

bool stlSchemeAttrIsExact(MlirAttribute attr) {
  return unwrapScheme(attr).isExact();
}

bool stlSchemeAttrHasIntegerCoefficients(MlirAttribute attr) {
  return unwrapScheme(attr).hasIntegerCoefficients();
}
