/*===- Dialect.h - C API of the stl dialect -----------------------*- C -*-===*\
|*                                                                            *|
|* The dialect handle, registration through the one entry point that stl-opt, *|
|* the plugin and the Python bindings share (stl/InitAllSTL.h), and the       *|
|* #stl.scheme attribute. See docs/Embedding.md.                              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef STL_C_DIALECT_H
#define STL_C_DIALECT_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__stl__(): the `stl` dialect alone.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(STL, stl);

/// The `stl` dialect, the dialects its passes create ops in and its
/// interface and transform dialect extensions (registerSTLDialects()).
MLIR_CAPI_EXPORTED void stlRegisterDialects(MlirDialectRegistry registry);

/// Everything stl-opt sees: the above plus every upstream dialect, extension,
/// pass and LLVM IR translation (registerAllForTools()).
MLIR_CAPI_EXPORTED void stlRegisterAllForTools(MlirDialectRegistry registry);

/// The `stl` passes and pipelines (idempotent; registerAllSTLPasses()).
MLIR_CAPI_EXPORTED void stlRegisterAllPasses(void);

//===----------------------------------------------------------------------===//
// #stl.scheme
//===----------------------------------------------------------------------===//

/// True if `attr` is an #stl.scheme.
MLIR_CAPI_EXPORTED bool stlAttributeIsAScheme(MlirAttribute attr);

/// The scheme of the built-in library named `nameOrPath`, or read from the
/// JSON file at that path. On failure emits an error on `ctx` (see
/// mlirContextAttachDiagnosticHandler) and returns a null attribute.
MLIR_CAPI_EXPORTED MlirAttribute
stlSchemeAttrGetByName(MlirContext ctx, MlirStringRef nameOrPath);

/// A scheme from its coefficients, row-major as in docs/Schemes.md: `u` has
/// rank*m*k entries, `v` rank*k*n and `w` m*n*rank. The extents and the rank
/// are checked against the scheme limits (docs/Schemes.md) before any
/// coefficient is read; on invalid input (including null arrays) emits an
/// error on `ctx` and returns a null attribute.
MLIR_CAPI_EXPORTED MlirAttribute stlSchemeAttrGet(
    MlirContext ctx, MlirStringRef name, int64_t m, int64_t k, int64_t n,
    int64_t rank, const double *u, const double *v, const double *w);

/// The accessors below take any attribute: on one that is not an
/// #stl.scheme they return an empty name, 0 or NaN, as they do for a
/// coefficient position outside the array.
MLIR_CAPI_EXPORTED MlirStringRef stlSchemeAttrGetName(MlirAttribute attr);
/// Tile extents: the scheme multiplies an m x k tile by a k x n tile.
MLIR_CAPI_EXPORTED int64_t stlSchemeAttrGetM(MlirAttribute attr);
MLIR_CAPI_EXPORTED int64_t stlSchemeAttrGetK(MlirAttribute attr);
MLIR_CAPI_EXPORTED int64_t stlSchemeAttrGetN(MlirAttribute attr);
/// The number of scalar products per tile product.
MLIR_CAPI_EXPORTED int64_t stlSchemeAttrGetRank(MlirAttribute attr);
/// Coefficient `pos` of the flattened encoders `u`, `v` and decoder `w`.
MLIR_CAPI_EXPORTED double stlSchemeAttrGetU(MlirAttribute attr, intptr_t pos);
MLIR_CAPI_EXPORTED double stlSchemeAttrGetV(MlirAttribute attr, intptr_t pos);
MLIR_CAPI_EXPORTED double stlSchemeAttrGetW(MlirAttribute attr, intptr_t pos);
/// True if the scheme satisfies the Brent equations (computes the exact
/// product).
MLIR_CAPI_EXPORTED bool stlSchemeAttrIsExact(MlirAttribute attr);
/// True if every coefficient is an integer (usable on integer tensors).
MLIR_CAPI_EXPORTED bool stlSchemeAttrHasIntegerCoefficients(MlirAttribute attr);

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

/// mlirModuleCreateParse for text the caller did not write: input that
/// crashes MLIR 22's parser (bracket nesting deeper than 512 levels, a few
/// malformed custom forms of linalg ops; docs/Hardening.md) is refused with
/// an error on `ctx` instead, naming `sourceName` and the line. Returns a
/// null module on any error.
MLIR_CAPI_EXPORTED MlirModule stlModuleCreateParse(MlirContext ctx,
                                                   MlirStringRef text,
                                                   MlirStringRef sourceName);

#ifdef __cplusplus
}
#endif

#endif /* STL_C_DIALECT_H */
