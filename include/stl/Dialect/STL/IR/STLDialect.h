//===- STLDialect.h - Strassen-Tile dialect ---------------------*- C++ -*-===//

#ifndef STL_DIALECT_STL_IR_STLDIALECT_H
#define STL_DIALECT_STL_IR_STLDIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "stl/Dialect/STL/IR/STLDialect.h.inc"

#endif // STL_DIALECT_STL_IR_STLDIALECT_H
