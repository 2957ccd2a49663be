//===- InitAllSTL.h - One registration entry point --------------*- C++ -*-===//
//
// stl-opt, the dialect/pass plugin, the C API and the Python bindings all
// register through these functions, so that every front door sees the same
// dialects and passes (and none registers them twice).
//
//===----------------------------------------------------------------------===//

#ifndef STL_INITALLSTL_H
#define STL_INITALLSTL_H

namespace mlir {
class DialectRegistry;
namespace stl {

/// The `stl` dialect, the dialects its passes create ops in, and its
/// extensions (the transform.stl.* ops, interface models).
void registerSTLDialects(DialectRegistry &registry);

/// The `stl` passes and pipelines (idempotent).
void registerAllSTLPasses();

/// Everything a standalone tool needs: the `stl` dialect and passes plus the
/// upstream dialects, interface extensions, passes and LLVM IR translations
/// that the CPU and GPU pipelines use.
void registerAllForTools(DialectRegistry &registry);

} // namespace stl
} // namespace mlir

#endif // STL_INITALLSTL_H
