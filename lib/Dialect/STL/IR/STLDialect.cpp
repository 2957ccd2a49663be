//===- STLDialect.cpp - Strassen-Tile dialect -----------------------------===//

#include "stl/Dialect/STL/IR/STLDialect.h"
#include "stl/Dialect/STL/IR/STLAttrs.h"
#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::stl;

#include "stl/Dialect/STL/IR/STLDialect.cpp.inc"

void STLDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "stl/Dialect/STL/IR/STLOps.cpp.inc"
      >();
}
