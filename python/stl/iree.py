"""Deploying STL forms with IREE.

A model (MLIR text, a torch-mlir export, an ``stl.Module`` or a PyTorch
``nn.Module``) goes through

    --stl-rewrite-matmul{scheme=...}   products -> stl.matmul
    --stl-fold-constant-encodings      constant weights encoded at compile time
    --convert-stl-to-linalg            encode / batched product / decode as linalg
    --canonicalize

then through ``iree.compiler`` (llvm-cpu with data tiling and microkernels by
default, or CUDA), and is loaded and called with ``iree.runtime``:

    compiled = stl.iree.compile(model, (x,), scheme="strassen")
    y = compiled(x)                     # numpy arrays in, numpy arrays out
    compiled.save("model.vmfb")

The command line (``python -m stl.iree --help``) does the same for MLIR files.
IREE is imported when first needed (packages ``iree-base-compiler`` and
``iree-base-runtime``).
"""

import argparse
import json
import os
import re
import sys
import tempfile

import numpy as np

from ._stl import Module

# IREE's llvm-cpu flags for speed: data tiling packs the operands of every
# product into the layout its microkernel wants (the packing of constant
# weights is folded at compile time) and the ukernels are IREE's hand-tuned
# inner loops; "host" targets the CPU that compiles, so a module is fast where
# it was built and may not load on an older CPU.
CPU_FLAGS = ["--iree-llvmcpu-target-cpu=host", "--iree-opt-data-tiling",
             "--iree-llvmcpu-enable-ukernels=all"]


def _iree_compiler():
    try:
        import iree.compiler as compiler
    except ImportError as e:
        raise ImportError("stl.iree needs the iree-base-compiler package "
                          "(python/requirements.txt)") from e
    return compiler


def _iree_runtime():
    try:
        import iree.runtime as runtime
    except ImportError as e:
        raise ImportError("stl.iree needs the iree-base-runtime package "
                          "(python/requirements.txt)") from e
    return runtime


def _option_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def rewrite_pipeline(scheme="strassen", options=None, fold_constants=True):
    """The textual pass pipeline that takes a linalg module to its STL form
    lowered back to linalg (see ``_rewrite_passes``)."""
    return ",".join(_rewrite_passes(scheme, options, fold_constants))


def _rewrite_passes(scheme="strassen", options=None, fold_constants=True):
    """The passes of ``rewrite_pipeline``, in order (a list: a scheme list
    such as ``strassen,laderman`` holds commas). ``scheme=None`` leaves the
    products dense (the ``stl.matmul`` of ``STLLinear`` layers are still
    lowered). ``options``: further ``--stl-rewrite-matmul`` options, e.g.
    ``{"allow_approximate": True, "min_saving": 5}`` (underscores or
    dashes)."""
    passes = []
    if scheme is not None:
        opts = {"scheme": scheme}
        opts.update({k.replace("_", "-"): v for k, v in (options or {}).items()})
        passes.append("stl-rewrite-matmul{" + " ".join(
            f"{k}={_option_text(v)}" for k, v in opts.items()) + "}")
    elif options:
        raise ValueError("rewrite options given without a scheme")
    if fold_constants:
        passes.append("stl-fold-constant-encodings")
    passes += ["convert-stl-to-linalg", "canonicalize"]
    return passes


def _is_torch_module(source):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(source, torch.nn.Module)


def to_module(source, example_inputs=None, func="main"):
    """An ``stl.Module`` (a new one) from MLIR text, an ``stl.Module``, a
    torch-mlir module (``torch_mlir.fx.export_and_import`` with
    ``output_type="linalg-on-tensors"``) or an ``nn.Module`` with its example
    inputs (exported by ``stl.export.export_model``: ``STLLinear`` layers keep
    their learned scheme, weights become constants)."""
    if isinstance(source, Module):
        return source.clone()
    if isinstance(source, str):
        return Module.parse(source, "<string>")
    if _is_torch_module(source):
        if example_inputs is None:
            raise ValueError("an nn.Module needs example_inputs")
        from .export import export_model
        return export_model(source, example_inputs, func_name=func)
    # A torch-mlir (or upstream MLIR Python) module prints as IR text.
    if hasattr(source, "operation"):
        return Module.parse(str(source), "<torch-mlir>")
    raise TypeError(f"cannot compile a {type(source).__name__}")


def lower(source, scheme="strassen", options=None, example_inputs=None,
          func="main", fold_constants=True):
    """``source`` (see ``to_module``) rewritten and lowered to linalg, as
    ``(stl.Module, remarks, report)``: the remarks say why a product was left
    alone, the report is ``stl.report``'s dict of the STL form (products,
    schemes, multiplies, which weights were pre-encoded)."""
    module = to_module(source, example_inputs, func)
    passes = _rewrite_passes(scheme, options, fold_constants)
    # The report is taken where the products are stl.matmul, before they are
    # lowered (convert-stl-to-linalg is the pipeline's second-to-last pass).
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.json")
        passes.insert(len(passes) - 2, f"stl-report{{format=json output={path}}}")
        remarks = module.run(",".join(passes))
        with open(path) as f:
            report = json.load(f)
    return module, remarks, report


_RESOURCES = re.compile(
    r"\{-#\s*dialect_resources:\s*\{\s*builtin:\s*\{(?P<body>.*?)\}\s*\}\s*#-\}",
    re.S)
_BLOB = re.compile(r'(?P<key>[A-Za-z_][\w.$-]*|"[^"]*")\s*:\s*"0x(?P<hex>[0-9A-Fa-f]*)"')
_BF16_RESOURCE = re.compile(
    r"dense_resource<(?P<key>[A-Za-z_][\w.$-]*|\"[^\"]*\")>"
    r"(?P<type>\s*:\s*tensor<[0-9x]*bf16>)")


def inline_bf16_resources(text):
    """``text`` with every bf16 ``dense_resource`` constant written as a
    ``dense`` one. IREE 3.13's llvm-cpu backend emulates bf16 with i16 and
    rewrites the element type of the constants it inlines into a dispatch,
    but not of a ``dense_resource`` (``'arith.constant' op failed to verify
    that all of {value, result} have same type``; docs/Deployment.md has the
    reproducer). torch-mlir exports every bf16 parameter as one."""
    match = "bf16>" in text and _RESOURCES.search(text)
    if not match:
        return text
    # A blob is its alignment (4 bytes, little endian) followed by the data.
    blobs = {m.group("key"): m.group("hex")[8:]
             for m in _BLOB.finditer(match.group("body"))}

    def dense(m):
        data = blobs.get(m.group("key"))
        if data is None:
            return m.group(0)
        return f'dense<"0x{data}">{m.group("type")}'

    head = _BF16_RESOURCE.sub(dense, text[:match.start()])
    return head + text[match.start():]


def compile_mlir(text, target="llvm-cpu", flags=None, cuda_target="sm_80"):
    """IREE's compiler on linalg IR text; returns the VM flatbuffer (bytes).
    ``flags=None`` uses ``CPU_FLAGS`` for llvm-cpu."""
    compiler = _iree_compiler()
    text = inline_bf16_resources(text)
    if target == "llvm-cpu":
        extra = list(CPU_FLAGS if flags is None else flags)
        return compiler.compile_str(text, target_backends=["llvm-cpu"],
                                    extra_args=extra)
    if target == "cuda":
        # An architecture IREE does not know (sm_90a in 3.13) is not refused
        # by the flag; compilation fails later with "missing GPU target".
        extra = [f"--iree-cuda-target={cuda_target}"] + list(flags or [])
        return compiler.compile_str(text, target_backends=["cuda"],
                                    extra_args=extra)
    raise ValueError(f"unknown target '{target}' (llvm-cpu or cuda)")


def _to_numpy(value):
    """numpy's view of an input; torch's bfloat16 becomes ml_dtypes'
    (which iree-base-runtime depends on), as numpy has none."""
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "detach"):
        value = value.detach().cpu()
        if str(value.dtype) == "torch.bfloat16":
            import ml_dtypes
            import torch
            return value.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
        return value.numpy()
    return np.asarray(value)


def to_torch(array):
    """A CPU tensor of a result (bfloat16 results included)."""
    import torch
    array = np.ascontiguousarray(array)
    if array.dtype.name == "bfloat16":
        return torch.from_numpy(array.view(np.int16).copy()).view(torch.bfloat16)
    return torch.from_numpy(array.copy())


class Loaded:
    """A compiled module loaded into an IREE runtime context. Calling it runs
    ``func``: numpy arrays (or CPU tensors) in, a numpy array (or a tuple of
    them) out."""

    def __init__(self, vmfb, func="main", driver="local-task", threads=None):
        runtime = _iree_runtime()
        if threads is not None and driver == "local-task":
            # Read by the task system when the device is created.
            runtime.flags.parse_flags(f"--task_topology_max_group_count={threads}")
        self.vmfb = bytes(vmfb)
        self.func = func
        self._context = runtime.SystemContext(config=runtime.Config(driver))
        try:
            self._context.add_vm_module(
                runtime.VmModule.copy_buffer(self._context.instance, self.vmfb))
        except IndexError as e:
            if "binding count" not in str(e):
                raise
            # IREE's runtime allows 32 buffers per dispatch. The encodings of
            # high-rank schemes used to exceed it (one generic wrote all r
            # planes); convert-stl-to-linalg now writes them in groups.
            raise RuntimeError(
                "IREE cannot load this module: a dispatch binds more buffers "
                f"than its runtime allows (32): {e}") from e
        self._fn = self._context.modules.module[func]

    def __call__(self, *inputs):
        results = self._fn(*[np.ascontiguousarray(_to_numpy(x)) for x in inputs])
        if isinstance(results, (tuple, list)):
            return tuple(r.to_host() for r in results)
        return results.to_host()


class Compiled:
    """A module compiled by ``compile``: ``vmfb`` (bytes), ``mlir`` (the
    linalg text IREE compiled), ``remarks`` and ``report`` of the rewrite
    (see ``lower``), ``scheme``, ``target``, ``func``. Calling it loads it
    (once; on the CPU for llvm-cpu, the first CUDA device for cuda) and runs
    ``func``."""

    def __init__(self, vmfb, mlir, remarks, report, scheme, target,
                 func="main", threads=None):
        self.vmfb, self.mlir = bytes(vmfb), mlir
        self.remarks, self.report = remarks, report
        self.scheme, self.target, self.func = scheme, target, func
        self.threads = threads
        self._loaded = None

    def load(self):
        if self._loaded is None:
            driver = "cuda" if self.target == "cuda" else "local-task"
            self._loaded = Loaded(self.vmfb, self.func, driver, self.threads)
        return self._loaded

    def __call__(self, *inputs):
        return self.load()(*inputs)

    def save(self, path):
        with open(path, "wb") as f:
            f.write(self.vmfb)


def compile(source, example_inputs=None, scheme="strassen", options=None,
            target="llvm-cpu", flags=None, func="main", threads=None,
            fold_constants=True, cuda_target="sm_80"):
    """Rewrites ``source`` (MLIR text, ``stl.Module``, torch-mlir module, or
    ``nn.Module`` with ``example_inputs``: a tensor or a tuple of tensors)
    with ``scheme`` (``None``: dense; ``options``: more
    ``--stl-rewrite-matmul`` options), lowers it to linalg and compiles it
    with IREE for ``target`` (``llvm-cpu`` or ``cuda``); returns a
    ``Compiled`` (``threads``: the CPU runtime's worker count)."""
    module, remarks, report = lower(source, scheme, options, example_inputs,
                                    func, fold_constants)
    # IREE's parser is not this MLIR's: the generic form is the one both read.
    text = module.to_string(generic=True)
    vmfb = compile_mlir(text, target, flags, cuda_target)
    return Compiled(vmfb, text, remarks, report, scheme, target, func, threads)


def load(path_or_bytes, func="main", driver="local-task", threads=None):
    """A ``.vmfb`` (path or bytes) loaded for calling."""
    if isinstance(path_or_bytes, (str, os.PathLike)):
        with open(path_or_bytes, "rb") as f:
            path_or_bytes = f.read()
    return Loaded(path_or_bytes, func, driver, threads)


def _parse_options(items):
    options = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--option {item}: expected KEY=VALUE")
        options[key] = value
    return options


def _print_report(report):
    products = report.get("products", [])
    for p in products:
        pre = ", weight pre-encoded" if p.get("weight_pre_encoded") else ""
        shape = "x".join(str(d) for d in p["shape"])
        print(f"@{p['function']} {p['scheme']} {shape}: multiplies "
              f"{p['multiplies_original']} -> {p['multiplies_stl']}{pre}",
              file=sys.stderr)
    if products:
        print(f"total: multiplies {report['multiplies_original']} -> "
              f"{report['multiplies_stl']}", file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python -m stl.iree",
        description="Rewrite an MLIR module's matrix products into the STL "
        "form, lower it to linalg and compile it with IREE; optionally run it.")
    ap.add_argument("input", help="MLIR file (linalg on tensors, e.g. a "
                    "torch-mlir export); '-' reads stdin")
    ap.add_argument("-o", "--output", help="write the compiled module (.vmfb)")
    ap.add_argument("--scheme", default="strassen",
                    help="--stl-rewrite-matmul scheme (a library name, a JSON "
                    "file, 'auto'); 'none' compiles the dense module")
    ap.add_argument("--option", action="append", metavar="KEY=VALUE",
                    help="another --stl-rewrite-matmul option, e.g. "
                    "allow-approximate=true (repeatable)")
    ap.add_argument("--no-fold-constants", action="store_true",
                    help="encode constant weights at run time")
    ap.add_argument("--target", default="llvm-cpu", choices=["llvm-cpu", "cuda"])
    ap.add_argument("--cuda-target", default="sm_80",
                    help="GPU architecture for --target=cuda (IREE 3.13 from "
                    "PyPI knows sm_80 but not sm_90/sm_90a; sm_80 code runs on "
                    "H100/H200)")
    ap.add_argument("--iree-flag", action="append", metavar="FLAG",
                    help="an iree-compile flag instead of the defaults "
                    "(repeatable; replaces the llvm-cpu speed flags)")
    ap.add_argument("--emit-mlir", metavar="FILE",
                    help="write the linalg module IREE compiles")
    ap.add_argument("--function", default="main")
    ap.add_argument("--run", metavar="INPUT.npy", nargs="*",
                    help="run the function on these .npy inputs (CPU) and "
                    "print the results' shapes and values")
    ap.add_argument("--save-outputs", metavar="PREFIX",
                    help="with --run: write PREFIX0.npy, PREFIX1.npy, ...")
    ap.add_argument("--threads", type=int, help="CPU runtime worker count")
    args = ap.parse_args(argv)

    text = sys.stdin.read() if args.input == "-" else open(args.input).read()
    scheme = None if args.scheme == "none" else args.scheme
    module = Module.parse(text, "<stdin>" if args.input == "-" else args.input)
    module, remarks, report = lower(module, scheme, _parse_options(args.option),
                                    func=args.function,
                                    fold_constants=not args.no_fold_constants)
    for remark in remarks:
        print(remark, file=sys.stderr)
    _print_report(report)
    linalg = module.to_string(generic=True)
    if args.emit_mlir:
        with open(args.emit_mlir, "w") as f:
            f.write(linalg)
    vmfb = compile_mlir(linalg, args.target, args.iree_flag, args.cuda_target)
    if args.output:
        with open(args.output, "wb") as f:
            f.write(vmfb)
    if args.run is not None:
        if args.target != "llvm-cpu":
            raise SystemExit("--run runs llvm-cpu modules only")
        results = Loaded(vmfb, args.function, threads=args.threads)(
            *[np.load(p) for p in args.run])
        if not isinstance(results, tuple):
            results = (results,)
        for i, r in enumerate(results):
            print(f"result {i}: {r.dtype} {list(r.shape)}")
            print(r)
            if args.save_outputs:
                np.save(f"{args.save_outputs}{i}.npy", r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
