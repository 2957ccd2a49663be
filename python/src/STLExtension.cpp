//===- STLExtension.cpp - The stl._stl Python extension -------------------===//

#include "Bindings.h"

namespace nb = nanobind;

NB_MODULE(_stl, m) {
  m.doc() = "Bindings of the stl compiler: IR, passes and the scheme library";
  nb::exception<mlir::stl::python::MLIRError>(m, "MLIRError",
                                              PyExc_RuntimeError);
  mlir::stl::python::bindIR(m);
  mlir::stl::python::bindSchemes(m);
}
