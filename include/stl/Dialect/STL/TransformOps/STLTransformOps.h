//===- STLTransformOps.h - Transform dialect extension ----------*- C++ -*-===//

#ifndef STL_DIALECT_STL_TRANSFORMOPS_STLTRANSFORMOPS_H
#define STL_DIALECT_STL_TRANSFORMOPS_STLTRANSFORMOPS_H

#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/IR/TransformTypes.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/IR/OpImplementation.h"

#define GET_OP_CLASSES
#include "stl/Dialect/STL/TransformOps/STLTransformOps.h.inc"

namespace mlir {
class DialectRegistry;
namespace stl {

/// Makes the transform.stl.* ops available in any context the transform
/// dialect is loaded into (called by registerSTLDialects()).
void registerTransformDialectExtension(DialectRegistry &registry);

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_TRANSFORMOPS_STLTRANSFORMOPS_H
