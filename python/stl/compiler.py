"""Driving the compiler: pass pipelines, the rewrite report, PTX, CPU runs."""

import json
import os
import re
import subprocess
import tempfile

import numpy as np

from . import _config
from ._stl import MLIRError, Module


def parse(text, source_name="<string>"):
    """Parses and verifies IR text; raises MLIRError with the diagnostics."""
    return Module.parse(text, source_name)


def _module(ir):
    return ir.clone() if isinstance(ir, Module) else parse(ir)


def report(ir, pipeline=None):
    """The ``--stl-report=format=json`` output for ``ir`` (text or Module),
    optionally after ``pipeline`` (e.g. ``"stl-rewrite-matmul{scheme=strassen}"``),
    as a dict: ``products`` (function, location, scheme, tile, rank,
    multiplies_original, multiplies_stl, weight_pre_encoded, weight),
    ``uncounted`` and ``uncounted_products`` (products with dynamic extents:
    function, location, scheme, weight_pre_encoded, weight) and the totals.
    ``ir`` itself is not changed."""
    module = _module(ir)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.json")
        passes = (pipeline + "," if pipeline else "") + \
            f"stl-report{{format=json output={path}}}"
        module.run(passes)
        with open(path) as f:
            return json.load(f)


def compile_ptx(ir, chip="sm_90a", **options):
    """Runs ``--stl-gpu-pipeline`` (format=isa) on a copy of ``ir`` and returns
    the PTX of every GPU module as ``{file name: text}``. Needs no GPU."""
    module = _module(ir)
    with tempfile.TemporaryDirectory() as tmp:
        opts = " ".join(f"{k.replace('_', '-')}={v}" for k, v in options.items())
        module.run(f"stl-gpu-pipeline{{chip={chip} dump-ptx={tmp} {opts}}}")
        result = {}
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name)) as f:
                result[name] = f.read()
        return result


_F32 = {np.dtype(np.float32): "f32"}


def _tensor_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def _dense(array):
    a = np.ascontiguousarray(array, dtype="<f4")
    return f'dense<"0x{a.tobytes().hex().upper()}"> : {_tensor_type(a.shape)}'


def _driver(func, inputs, result_shape):
    """A @stl_main that calls @func on constant inputs and prints the result's
    bits (printMemrefI32 of the f32 bit patterns: exact, unlike the decimal
    printer)."""
    rank = len(result_shape)
    dims = ", ".join(f"d{i}" for i in range(rank))
    args = ", ".join(f"%in{i}" for i in range(len(inputs)))
    arg_types = ", ".join(_tensor_type(np.shape(x)) for x in inputs)
    out_f = _tensor_type(result_shape)
    out_i = out_f.replace("f32>", "i32>")
    lines = ["func.func private @printMemrefI32(tensor<*xi32>)",
             "func.func @stl_main() {"]
    for i, x in enumerate(inputs):
        lines.append(f"  %in{i} = arith.constant {_dense(x)}")
    lines += [
        f"  %r = call @{func}({args}) : ({arg_types}) -> {out_f}",
        f"  %e = tensor.empty() : {out_i}",
        f"  %b = linalg.generic {{indexing_maps = [affine_map<({dims}) -> ({dims})>,"
        f" affine_map<({dims}) -> ({dims})>], iterator_types = ["
        + ", ".join(['"parallel"'] * rank) + "]}"
        f" ins(%r : {out_f}) outs(%e : {out_i}) {{",
        "  ^bb0(%v: f32, %o: i32):",
        "    %c = arith.bitcast %v : f32 to i32",
        "    linalg.yield %c : i32",
        f"  }} -> {out_i}",
        f"  %u = tensor.cast %b : {out_i} to tensor<*xi32>",
        "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
        "  return",
        "}"]
    return "\n".join(lines)


def run_on_cpu(ir, inputs, result_shape, func="main", stl_opt=None,
               extra_pipeline=None):
    """Compiles ``ir`` (text) with ``stl-opt --stl-cpu-pipeline`` (the stl-opt
    executable of this build unless ``stl_opt`` names another), runs
    ``func(*inputs)`` with mlir-runner and returns its f32 result as a numpy
    array, bit for bit. ``func`` takes and returns static f32 tensors."""
    # The driver goes first into the module's body: after the body come
    # resource blobs (dense_resource weights), not the closing brace.
    lines = str(ir).split("\n")
    head = next((i for i, line in enumerate(lines)
                 if line.startswith("module") and line.rstrip().endswith("{")), None)
    if head is None:
        raise ValueError("expected a printed builtin.module")
    inputs = [np.asarray(x, dtype=np.float32) for x in inputs]
    program = "\n".join(lines[:head + 1] + [_driver(func, inputs, result_shape)]
                         + lines[head + 1:])
    pipeline = "stl-cpu-pipeline"
    if extra_pipeline:
        pipeline = extra_pipeline + "," + pipeline
    compiled = subprocess.run(
        [stl_opt or _config.STL_OPT, f"--pass-pipeline=builtin.module({pipeline})"],
        input=program, capture_output=True, text=True)
    if compiled.returncode != 0:
        raise MLIRError(compiled.stderr.strip())
    ran = subprocess.run(
        [_config.MLIR_RUNNER, "-e", "stl_main", "-entry-point-result=void",
         f"-shared-libs={_config.RUNNER_UTILS}",
         f"-shared-libs={_config.C_RUNNER_UTILS}"],
        input=compiled.stdout, capture_output=True, text=True)
    if ran.returncode != 0:
        raise RuntimeError("mlir-runner failed: " + ran.stderr.strip())
    data = ran.stdout.split("data =", 1)[1]
    bits = np.array([int(v) for v in re.findall(r"-?\d+", data)], dtype=np.int64)
    return bits.astype(np.int32).view(np.float32).reshape(result_shape)
