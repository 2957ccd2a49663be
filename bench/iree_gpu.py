#!/usr/bin/env python3
"""IREE's CUDA target on a GPU machine without MLIR or IREE's compiler: the
dense and the STL form of GEMM-dominated programs, compiled HERE into .vmfb
files that IREE's own command-line tools run THERE (phase 3 of
scripts/gpu-device-run.sh).

    .venv/bin/python bench/iree_gpu.py prepare OUT [--cuda-target sm_80]
                                             [--target cuda|llvm-cpu]

writes OUT/ (scripts/prepare-gpu-artifacts.sh calls it with
build-gpu-artifacts/iree):

    manifest.json       the steps: check and bench modules, their arguments
    <name>.vmfb         compiled for --iree-hal-target-backends=cuda
    <name>.in<i>.npy    a check module's inputs
    <name>.expected.npy its expected output (PyTorch / numpy on the CPU)
    bin/iree-run-module, bin/iree-benchmark-module
                        IREE's runtime tools from the iree-base-runtime wheel
                        (standalone: libc, libstdc++, libm; the CUDA driver
                        is opened at run time)

Programs (each as "dense": IREE alone, and "stl": products rewritten with
Strassen, f16 encodings for the tensor cores, lowered to linalg by
convert-stl-to-linalg; the GPT block's per-head products left dense):

    matmul     Y = X.W, f16 operands, f32 result
    gpt-block  a pre-norm GPT block in f16 (bench/iree_gpt.py's Block)

Weights are arguments of the function, not constants, so that the modules
that are copied to the GPU machine stay small (a few hundred KB; an 8192^2
f16 weight alone is 128 MiB); the STL form therefore
encodes the weights in every call (with constant weights they are encoded
once, at compile time). A "check" module (small shape) runs on real inputs
and its output is compared with the expected one by iree-run-module
(--expected_output, tolerances in the manifest); a "bench" module (large
shape) is timed by iree-benchmark-module on splat inputs (0.01: the values
do not change the work, and no f16 value overflows).

IREE 3.13 (PyPI) knows sm_80/sm_86/sm_89 but not sm_90/sm_90a ("missing GPU
target"); its modules embed PTX, which the driver compiles for the GPU it
finds (sm_90 on an H100 or H200) when the module is loaded.
"""

import argparse
import copy
import json
import os
import shutil
import sys
import time

# numpy, torch and IREE are imported where needed: `steps` and `table` run
# on the GPU machine with plain python3.

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IREE_TOOLS = ("iree-run-module", "iree-benchmark-module")

# (program, kind): shape parameters. The bench shapes are where products
# dominate (bench/iree_gpt.py's GPT block on the CPU: 2048 tokens, d=1024).
SHAPES = {
    ("matmul", "check"): {"M": 512, "K": 512, "N": 512},
    ("matmul", "bench"): {"M": 8192, "K": 8192, "N": 8192},
    ("gpt-block", "check"): {"tokens": 128, "d": 128, "heads": 4},
    ("gpt-block", "bench"): {"tokens": 2048, "d": 1024, "heads": 16},
}
# f16 encodings (scaled so that none overflows) feed IREE's f16 tensor-core
# products; the GPT block's per-head products (inner dimension 64) stay
# dense, as docs/Deployment.md advises for transformers (min-size=128).
STL_OPTIONS = {"matmul": {"encoding_type": "f16"},
               "gpt-block": {"encoding_type": "f16", "min_size": 128}}


def matmul_mlir(M, K, N):
    return f"""
func.func @main(%x: tensor<{M}x{K}xf16>, %w: tensor<{K}x{N}xf16>) -> tensor<{M}x{N}xf32> {{
  %c = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{M}x{N}xf32>
  %z = linalg.fill ins(%c : f32) outs(%e : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  %y = linalg.matmul ins(%x, %w : tensor<{M}x{K}xf16>, tensor<{K}x{N}xf16>)
                     outs(%z : tensor<{M}x{N}xf32>) -> tensor<{M}x{N}xf32>
  return %y : tensor<{M}x{N}xf32>
}}
"""


def _gpt_block(d, heads):
    import torch
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from iree_gpt import Block

    class WeightsAsArguments(torch.nn.Module):
        """The block with its parameters as arguments after x."""

        def __init__(self, block):
            super().__init__()
            self.block = block
            self.names = [n for n, _ in block.named_parameters()]

        def forward(self, x, *weights):
            return torch.func.functional_call(
                self.block, dict(zip(self.names, weights)), (x,))

    torch.manual_seed(0)
    block = Block(d, heads).eval().to(torch.float16)
    return WeightsAsArguments(block), [p.detach() for p in block.parameters()]


def program(name, kind):
    """(linalg text or nn.Module, its example inputs (None for text), the
    inputs as numpy arrays, the expected output, the tolerance, the shape)
    of program NAME at its KIND ("check" or "bench") shape."""
    import numpy as np
    shape = SHAPES[(name, kind)]
    if name == "matmul":
        M, K, N = shape["M"], shape["K"], shape["N"]
        rng = np.random.default_rng(0)
        # Small integers: exact in f16, their products and sums exact in f32.
        x = rng.integers(-3, 4, (M, K)).astype(np.float16)
        w = rng.integers(-3, 4, (K, N)).astype(np.float16)
        want = x.astype(np.float64) @ w.astype(np.float64)
        return matmul_mlir(M, K, N), None, [x, w], want.astype(np.float32), \
            {"atol": 1e-3, "rtol": 0.0}, shape
    import torch
    model, weights = _gpt_block(shape["d"], shape["heads"])
    x = torch.randn(1, shape["tokens"], shape["d"],
                    generator=torch.Generator().manual_seed(1)).to(torch.float16)
    with torch.no_grad():
        # f32 arithmetic on the f16 values: the reference the f16 forms are
        # compared with.
        want = copy.deepcopy(model).float()(x.float(), *[w.float() for w in weights])
    inputs = [x.numpy()] + [w.numpy() for w in weights]
    scale = float(want.abs().max())
    # f16 storage between the block's steps (half an ulp each, a dozen
    # steps) against f32 throughout: measured with llvm-cpu, 1e-3 of the
    # largest output (dense and STL).
    return model, (x, *weights), inputs, want.to(torch.float16).numpy(), \
        {"atol": 2e-2 * scale, "rtol": 0.0}, shape


def _splat(shape, dtype, value):
    dims = "x".join(str(d) for d in shape)
    return f"{dims}x{dtype}={value}"


_NP_TO_IREE = {"float16": "f16", "float32": "f32"}


PROGRAMS = ("matmul", "gpt-block")


def prepare(out, cuda_target="sm_80", verify_cpu=True, target="cuda",
            programs=PROGRAMS, log=print):
    """Compiles every step into OUT and writes its manifest. target="llvm-cpu"
    makes a rehearsal set for this machine (IREE's local-task device, the
    check shapes for the benchmarks too): the device script's phase 3 then
    runs here."""
    import numpy as np
    import stl.iree

    rehearsal = target == "llvm-cpu"

    os.makedirs(out, exist_ok=True)
    steps = []
    compiled = {}

    def compile_once(text, target):
        # The rehearsal's check and bench modules are one module, and its
        # CPU verification compiles what the target compiled.
        if (text, target) not in compiled:
            compiled[(text, target)] = stl.iree.compile_mlir(
                text, target, cuda_target=cuda_target)
        return compiled[(text, target)]

    for name in programs:
        for kind in ("check", "bench"):
            source, example, inputs, want, tol, shape = program(
                name, "check" if rehearsal else kind)
            for form in ("dense", "stl"):
                scheme, options = (None, None) if form == "dense" else \
                    ("strassen", STL_OPTIONS[name])
                step = f"{name}-{kind}-{form}"
                start = time.perf_counter()
                module, remarks, report = stl.iree.lower(source, scheme, options, example)
                text = module.to_string(generic=True)
                vmfb = compile_once(text, target)
                with open(os.path.join(out, step + ".vmfb"), "wb") as f:
                    f.write(vmfb)
                products = report.get("products", [])
                entry = {"name": step, "program": name, "kind": kind, "form": form,
                         "shape": shape, "vmfb": step + ".vmfb", "function": "main",
                         "scheme": scheme, "rewrite_options": options,
                         "products_rewritten": len(products),
                         "multiplies_original": report.get("multiplies_original", 0),
                         "multiplies_stl": report.get("multiplies_stl", 0),
                         "compile_s": round(time.perf_counter() - start, 2)}
                if kind == "check":
                    args = []
                    for i, a in enumerate(inputs):
                        path = f"{name}-{kind}.in{i}.npy"
                        if not os.path.exists(os.path.join(out, path)):
                            np.save(os.path.join(out, path), np.ascontiguousarray(a))
                        args.append("--input=@" + path)
                    expected = f"{name}-{kind}.expected.npy"
                    np.save(os.path.join(out, expected), want)
                    etype = _NP_TO_IREE[want.dtype.name]
                    args += ["--expected_output=@" + expected,
                             f"--expected_{etype}_threshold={tol['atol']:.6g}",
                             f"--expected_rtol={tol['rtol']:.6g}"]
                    entry["args"] = args
                    if verify_cpu:
                        # The same linalg through llvm-cpu on this machine:
                        # its difference from the expected output must be
                        # well inside the tolerance the GPU run gets.
                        got = stl.iree.load(compile_once(text, "llvm-cpu"))(*inputs)
                        diff = float(np.abs(got.astype(np.float64) - want).max())
                        entry["cpu_max_abs_diff"] = diff
                        if diff > tol["atol"] / 2:
                            raise RuntimeError(f"{step}: llvm-cpu differs by {diff} "
                                               f"from the expected output (tolerance "
                                               f"{tol['atol']})")
                else:
                    entry["args"] = [
                        "--input=" + _splat(a.shape, _NP_TO_IREE[a.dtype.name], "0.01")
                        for a in inputs]
                steps.append(entry)
                log(f"  iree {step}: {len(products)} products rewritten, "
                    f"{len(vmfb) / 1e6:.2f} MB, {entry['compile_s']} s"
                    + (f", llvm-cpu max diff {entry['cpu_max_abs_diff']:.3g}"
                       if "cpu_max_abs_diff" in entry else ""))
    tools = copy_tools(os.path.join(out, "bin"))
    from importlib import metadata
    manifest = {"stl_iree_gpu_manifest": 1,
                "generated_by": "bench/iree_gpu.py",
                "target": target,
                "device": "local-task" if rehearsal else "cuda",
                "cuda_target": None if rehearsal else cuda_target,
                "iree_version": metadata.version("iree-base-compiler"),
                "tools": tools, "steps": steps}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


def copy_tools(bin_dir):
    """IREE's runtime tools (native executables in the iree-base-runtime
    wheel, next to its Python extension) into bin_dir."""
    import iree._runtime_libs as libs
    src = os.path.dirname(libs.__file__)
    os.makedirs(bin_dir, exist_ok=True)
    for tool in IREE_TOOLS:
        shutil.copy2(os.path.join(src, tool), os.path.join(bin_dir, tool))
    return ["bin/" + t for t in IREE_TOOLS]


def steps_for_shell(manifest_path):
    """One line per step: NAME KIND VMFB FUNCTION ARGS... (what
    scripts/gpu-device-run.sh reads; plain python3, no IREE needed)."""
    with open(manifest_path) as f:
        manifest = json.load(f)
    for s in manifest["steps"]:
        print(s["name"], s["kind"], s["vmfb"], s["function"], *s["args"])


def bench_table(manifest_path, results):
    """The digest of the benchmark JSON files (iree-benchmark-module
    --benchmark_out) for summary.txt: per program the dense and STL times
    and the speed-up."""
    with open(manifest_path) as f:
        manifest = json.load(f)
    times = {}
    for path in results:
        name = os.path.basename(path).rsplit(".", 1)[0]
        try:
            with open(path) as f:
                runs = json.load(f)["benchmarks"]
        except (OSError, ValueError, KeyError):
            continue
        # The median of the repetitions (one run: its time), in ms.
        med = [b for b in runs if b.get("aggregate_name") == "median"] or runs
        if med:
            unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[med[0].get("time_unit", "ns")]
            times[name] = med[0]["real_time"] * unit
    print(f"IREE {manifest.get('device')} ({manifest.get('target')} "
          f"{manifest.get('cuda_target') or ''}, IREE {manifest.get('iree_version')}):")
    # mults: the STL form's multiplies over the dense form's.
    print(f"  {'program':10s} {'shape':28s} {'dense ms':>10s} {'stl ms':>10s} "
          f"{'speed-up':>9s} {'mults':>6s}")
    for s in manifest["steps"]:
        if s["kind"] != "bench" or s["form"] != "dense":
            continue
        stl_step = next((t for t in manifest["steps"] if t["kind"] == "bench"
                         and t["program"] == s["program"] and t["form"] == "stl"), None)
        dense = times.get(s["name"])
        stl = times.get(stl_step["name"]) if stl_step else None
        shape = ",".join(f"{k}={v}" for k, v in s["shape"].items())
        ratio = f"{dense / stl:8.3f}x" if dense and stl else "       -"
        mults = (f"{stl_step['multiplies_stl'] / stl_step['multiplies_original']:.3f}"
                 if stl_step and stl_step["multiplies_original"] else "-")
        fmt = lambda t: f"{t:10.3f}" if t else f"{'-':>10s}"
        print(f"  {s['program']:10s} {shape:28s} {fmt(dense)} {fmt(stl)} {ratio} {mults:>6s}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="compile the modules into OUT")
    p.add_argument("out")
    p.add_argument("--cuda-target", default="sm_80")
    p.add_argument("--target", default="cuda", choices=["cuda", "llvm-cpu"],
                   help="llvm-cpu: a rehearsal set that runs here "
                   "(--device=local-task, small shapes)")
    p.add_argument("--programs", default=",".join(PROGRAMS),
                   help="comma-separated, of " + ", ".join(PROGRAMS))
    p.add_argument("--no-verify-cpu", action="store_true",
                   help="skip running the check modules with llvm-cpu here")
    s = sub.add_parser("steps", help="the manifest's steps, one per line")
    s.add_argument("manifest")
    t = sub.add_parser("table", help="dense against STL from benchmark JSONs")
    t.add_argument("manifest")
    t.add_argument("results", nargs="*")
    args = ap.parse_args(argv)
    if args.command == "steps":
        steps_for_shell(args.manifest)
        return 0
    if args.command == "table":
        bench_table(args.manifest, args.results)
        return 0
    programs = [p for p in args.programs.split(",") if p]
    unknown = set(programs) - set(PROGRAMS)
    if unknown:
        ap.error(f"unknown program(s): {', '.join(sorted(unknown))}")
    prepare(args.out, args.cuda_target, not args.no_verify_cpu, args.target,
            programs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
