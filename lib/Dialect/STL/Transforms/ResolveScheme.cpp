//===- ResolveScheme.cpp - A scheme name or attribute, ready to use -------===//
//
// The rewrite pass and the transform op take schemes the same way (library
// name, JSON path or #stl.scheme) and must refuse the same ones with the same
// words, so both call this.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Scheme/Scheme.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::stl;

FailureOr<ResolvedScheme> mlir::stl::resolveRewriteScheme(
    MLIRContext *context, Attribute spec, bool allowApproximate,
    StringRef allowApproximateOption, std::string &error) {
  Scheme scheme;
  if (auto attr = dyn_cast<SchemeAttr>(spec)) {
    scheme = attr.getScheme();
  } else if (auto name = dyn_cast<StringAttr>(spec)) {
    llvm::Expected<Scheme> resolved = resolveScheme(name.getValue());
    if (!resolved) {
      error = ("cannot use scheme '" + name.getValue() +
               "': " + llvm::toString(resolved.takeError()))
                  .str();
      return failure();
    }
    if (llvm::Error err = resolved->validate()) {
      error = ("scheme '" + name.getValue() +
               "' is malformed: " + llvm::toString(std::move(err)))
                  .str();
      return failure();
    }
    scheme = std::move(*resolved);
  } else {
    llvm::raw_string_ostream(error)
        << "expected a scheme name or path (string) or an #stl.scheme, got "
        << spec;
    return failure();
  }
  BrentReport brent = checkBrent(scheme);
  if (!brent.exact && !allowApproximate) {
    llvm::raw_string_ostream(error)
        << "scheme '" << scheme.name << "' is approximate (relative error "
        << llvm::format("%.2g", brent.relativeError)
        << "); it changes results and mixes rows within a tile; "
        << allowApproximateOption << " to use it anyway";
    return failure();
  }
  // validate() checked what the attribute's verifier checks (sizes and
  // finite coefficients), so building it cannot fail.
  context->getOrLoadDialect<STLDialect>();
  return ResolvedScheme{SchemeAttr::get(context, scheme), brent.exact};
}
