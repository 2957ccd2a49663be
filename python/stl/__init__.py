"""Python front door of the stl compiler (Strassen-Tile matrix products).

* IR: ``parse``/``Module`` (parse, verify, run pass pipelines), ``compile_ptx``,
  ``report`` (the ``--stl-report`` JSON as Python objects), ``run_on_cpu``.
* Schemes: ``Scheme`` (coefficients as numpy arrays), ``list_schemes``,
  ``lookup_scheme``, ``load_scheme``, ``check_brent``, ``compose``, ``fit``
  (``stl.fit.fit_scheme``).
* PyTorch: ``stl.torch`` (``STLLinear``) and ``stl.export`` (models with STL
  layers to MLIR); both import torch lazily.
* Deployment: ``stl.iree`` (rewrite, lower to linalg, compile and run with
  IREE; ``python -m stl.iree``) and ``stl.dynamo`` (``torch.compile(model,
  backend="stl")``, registered when ``stl.torch`` or ``stl.dynamo`` is
  imported).

Every MLIR diagnostic of a failed operation is raised as ``MLIRError``.
"""

from ._stl import (
    BrentReport,
    MLIRError,
    Module,
    Scheme,
    check_brent,
    compose,
    fit_als,
    list_schemes,
    load_scheme,
    lookup_scheme,
    naive_scheme,
    scheme_from_json,
)
from .compiler import compile_ptx, parse, report, run_on_cpu
from .fit import fit_scheme

__all__ = [
    "BrentReport", "MLIRError", "Module", "Scheme", "check_brent", "compose",
    "compile_ptx", "fit_als", "fit_scheme", "list_schemes", "load_scheme",
    "lookup_scheme", "naive_scheme", "parse", "report", "run_on_cpu",
    "scheme_from_json",
]
