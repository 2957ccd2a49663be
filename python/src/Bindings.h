//===- Bindings.h - Parts of the stl Python extension -----------*- C++ -*-===//
//
// The `stl._stl` extension is built from one file per topic; each adds its
// classes and functions to the module.
//
//===----------------------------------------------------------------------===//

#ifndef STL_PYTHON_BINDINGS_H
#define STL_PYTHON_BINDINGS_H

#include <nanobind/nanobind.h>

#include <stdexcept>
#include <string>

namespace mlir::stl::python {

/// Raised (as `stl.MLIRError`) when MLIR reports an error; the message holds
/// every diagnostic that was emitted, one per line, with its location.
class MLIRError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

void bindIR(nanobind::module_ &m);
void bindSchemes(nanobind::module_ &m);

} // namespace mlir::stl::python

#endif // STL_PYTHON_BINDINGS_H
