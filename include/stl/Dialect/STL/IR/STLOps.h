//===- STLOps.h - Strassen-Tile operations ----------------------*- C++ -*-===//

#ifndef STL_DIALECT_STL_IR_STLOPS_H
#define STL_DIALECT_STL_IR_STLOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "stl/Dialect/STL/IR/STLAttrs.h"
#include "stl/Dialect/STL/IR/STLDialect.h"

#define GET_OP_CLASSES
#include "stl/Dialect/STL/IR/STLOps.h.inc"

#endif // STL_DIALECT_STL_IR_STLOPS_H
