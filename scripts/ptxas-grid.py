#!/usr/bin/env python3
"""ptxas on every GEMM configuration the kernel selection can choose.

scripts/ptxas-report.py checks fixed shapes; this runs the selection itself
(`stl-opt --stl-select-kernel-config`) over a grid of batched products, the
stl.hadamard shapes a rewrite produces: rows, inner and cols each from 64 to
16384 (powers of two and 1.5 times them, so that tile counts of 3 appear),
batch 1, 7 and 49 (plain, strassen, strassen-4x4 ranks), on sm_80 and
sm_90a. The selection does not depend on the element types (f16/bf16 get a
TensorCore configuration, f32/f64 the SIMT one), so it runs once per chip on
bf16 -> f32 products.

The kernel built for a configuration also depends on the shape: tile counts
and strides are constants, and a division by a tile count that is not a
power of two costs registers (a persistent 64x128x64 kernel with 3 column
tiles spilled where 2 or 4 did not). So each distinct configuration is
compiled for one shape per class of (tile rows, column tiles, k-tiles,
batch: power of two or not; one or two k-tiles or more), with bf16 operands
and an f32 result, and once, for the shape of its first class, with every
other operand/result type pair (f16 and bf16 operands, f32, f16 and bf16
results). The SIMT kernel of f32 and f64 products is compiled too.

Fails (exit 1) if a kernel spills, has a stack frame, or gets a C7519/C7517
diagnostic (ptxas serializing wgmma) or any other ptxas warning.

Usage: scripts/ptxas-grid.py [--build DIR] [--ptxas PATH] [--smoke]
           [--chips sm_80,sm_90a] [--json FILE] [--text FILE] [--work DIR]
`--smoke` uses a coarser grid (64, 384, 16384; batch 7) plus shapes that
spilled before, and only the bf16 -> f32 kernels, for CI.
Exit status: 0 all checks passed, 1 a check failed, 2 usage or a tool failed.
"""

import argparse
import collections
import datetime
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The ptxas log parser, tool lookup and version helpers of ptxas-report.py.
_spec = importlib.util.spec_from_file_location(
    "ptxas_report", os.path.join(ROOT, "scripts", "ptxas-report.py"))
report_lib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report_lib)

FULL_EXTENTS = [64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096,
                6144, 8192, 12288, 16384]
FULL_BATCHES = [1, 7, 49]
SMOKE_EXTENTS = [64, 384, 16384]
SMOKE_BATCHES = [7]
# Shapes that spilled before (batch, rows, inner, cols): the strassen
# Hadamard product of a 1024x512x768 product (64x128x64, two blocks per SM,
# 3 column tiles) and a 128x256x64 tile with 4 k-tiles.
SMOKE_EXTRA = [(7, 512, 256, 384), (7, 384, 256, 3072)]
TYPE_PAIRS = [("bf16", "f32"), ("bf16", "bf16"), ("bf16", "f16"),
              ("f16", "f32"), ("f16", "f16"), ("f16", "bf16")]
SIMT_TYPES = [("f32", "f32"), ("f64", "f64")]
BAD_CODES = {"C7519", "C7517"}


def hadamard_func(name, batch, rows, inner, cols, et, rt):
    a = "tensor<%dx%dx%dx%s>" % (batch, rows, inner, et)
    b = "tensor<%dx%dx%dx%s>" % (batch, inner, cols, et)
    c = "tensor<%dx%dx%dx%s>" % (batch, rows, cols, rt)
    return ("func.func @%s(%%a: %s, %%b: %s) -> %s {\n"
            "  %%0 = stl.hadamard %%a, %%b : %s, %s -> %s\n"
            "  return %%0 : %s\n}\n") % (name, a, b, c, a, b, c, c)


def run(cmd, what):
    return report_lib.run(cmd, what)


def select(stl_opt, work, chip, shapes):
    """shape -> #stl.kernel_config chosen for a bf16 -> f32 product."""
    src = os.path.join(work, "select-%s.mlir" % chip)
    with open(src, "w") as f:
        for i, s in enumerate(shapes):
            f.write(hadamard_func("s%d" % i, *s, "bf16", "f32"))
    out = run([stl_opt, src, "--stl-select-kernel-config=chip=%s" % chip],
              "stl-opt --stl-select-kernel-config").stdout
    configs = {}
    for body in re.split(r"\n\s*func\.func ", out)[1:]:
        name = re.match(r"@s(\d+)\(", body)
        config = re.search(r"#stl\.kernel_config<[^>]*>", body)
        if name and config:
            configs[shapes[int(name.group(1))]] = config.group(0)
    if len(configs) != len(shapes):
        raise RuntimeError("the selection output has %d of %d products" % (
            len(configs), len(shapes)))
    return configs


def pow2(n):
    return n > 0 and n & (n - 1) == 0


def shape_class(config, shape):
    batch, rows, inner, cols = shape
    tile = [int(x) for x in re.search(r"block_tile = \[(\d+), (\d+), (\d+)\]",
                                      config).groups()]
    tiles_m, k_tiles, tiles_n = -(-rows // tile[0]), -(-inner // tile[2]), -(-cols // tile[1])
    return (pow2(tiles_m), pow2(tiles_n), pow2(k_tiles), pow2(batch), min(k_tiles, 3))


def compile_and_check(stl_opt, ptxas, work, chip, cases, report):
    """cases: list of (label, shape, et, rt, config); one module, one ptxas
    run; records every kernel and every problem."""
    d = os.path.join(work, chip)
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "grid.mlir")
    with open(src, "w") as f:
        for i, (_, shape, et, rt, _) in enumerate(cases):
            f.write(hadamard_func("c%d" % i, *shape, et, rt))
    host = os.path.join(d, "host.mlir")
    run([stl_opt, src, "--stl-gpu-pipeline=chip=%s format=isa dump-ptx=%s" % (chip, d),
         "-o", host], "stl-opt --stl-gpu-pipeline")
    ptx = os.path.join(d, "stl_kernels.%s.ptx" % chip)
    log = run([ptxas, "-arch=%s" % chip, "-v", ptx, "-o", os.path.join(d, "grid.cubin")],
              "ptxas").stderr
    with open(os.path.join(d, "ptxas.log"), "w") as f:
        f.write(log)
    kernels = report_lib.parse_ptxas(log)
    # Which case launches which kernel.
    with open(host) as f:
        host_ir = f.read()
    users = collections.defaultdict(list)
    for body in re.split(r"\n\s*llvm\.func ", host_ir)[1:]:
        name = re.match(r"@c(\d+)\(", body)
        if not name:
            continue
        for k in set(re.findall(r"gpu\.launch_func\s+(?:<[^>]*>\s+)?@\w+::@(\w+)",
                                body)):
            users[k].append(int(name.group(1)))
    for kname in sorted(kernels):
        k = kernels[kname]
        where = ["%s %s" % (cases[i][0], cases[i][4]) for i in sorted(users.get(kname, []))]
        entry = dict(k, chip=chip, kernel=kname, cases=where)
        report["kernels"].append(entry)
        label = "%s %s (%s)" % (chip, kname, "; ".join(where) or "no launch found")
        if k["spill_stores"] or k["spill_loads"]:
            report["problems"].append("%s spills (%d bytes stored, %d loaded)" % (
                label, k["spill_stores"], k["spill_loads"]))
        if k["stack_frame"]:
            report["problems"].append("%s uses a %d-byte stack frame" % (label, k["stack_frame"]))
        for diag in k["diagnostics"]:
            if diag["code"] in BAD_CODES or diag["code"] == "warning":
                report["problems"].append("%s: %s" % (label, diag["text"]))
    if not kernels:
        report["problems"].append("%s: ptxas reported no kernels" % chip)


def format_text(report):
    lines = ["ptxas grid check (%s), %s" % (report["mode"], report["created_utc"]),
             "commit: %s" % report["commit"], "ptxas: %s" % report["ptxas_version"],
             "command: %s" % report["command"], ""]
    for chip, summary in report["selection"].items():
        lines.append("%s: %d products, %d distinct configurations" % (
            chip, summary["products"], len(summary["configurations"])))
        for config, count in summary["configurations"].items():
            lines.append("  %6d x %s" % (count, config))
    lines.append("")
    lines.append("chip kernel regs spill(st/ld) stack smem cases")
    for k in report["kernels"]:
        lines.append("%s %s %d %d/%d %d %d %s" % (
            k["chip"], k["kernel"], k["registers"], k["spill_stores"], k["spill_loads"],
            k["stack_frame"], k["static_smem"], "; ".join(k["cases"])))
    lines.append("")
    lines.append("kernels compiled: %d in %.1f s" % (len(report["kernels"]), report["seconds"]))
    if report["problems"]:
        lines.append("checks: FAILED")
        lines.extend("problem: " + p for p in report["problems"])
    else:
        lines.append("checks: passed")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--ptxas")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--chips", default="sm_80,sm_90a")
    ap.add_argument("--json")
    ap.add_argument("--text")
    ap.add_argument("--work")
    args = ap.parse_args()

    stl_opt = os.path.join(args.build, "bin", "stl-opt")
    ptxas = report_lib.find_tool(args.ptxas, "ptxas", [])
    if not os.path.exists(stl_opt) or not ptxas:
        print("ptxas-grid: need %s and ptxas (CUDA_HOME or PATH)" % stl_opt, file=sys.stderr)
        return 2
    extents = SMOKE_EXTENTS if args.smoke else FULL_EXTENTS
    batches = SMOKE_BATCHES if args.smoke else FULL_BATCHES
    shapes = [(b, m, k, n) for b in batches for m in extents for k in extents for n in extents]
    if args.smoke:
        shapes += [s for s in SMOKE_EXTRA if s not in shapes]
    work = args.work or tempfile.mkdtemp(prefix="ptxas-grid.")
    os.makedirs(work, exist_ok=True)
    start = time.time()
    report = {
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": report_lib.git_commit(),
        "command": "scripts/ptxas-grid.py" + "".join(
            " " + (os.path.basename(a) if os.path.isabs(a) else a) for a in sys.argv[1:]),
        "ptxas_version": report_lib.tool_version(ptxas),
        "mode": "smoke" if args.smoke else "full",
        "extents": extents, "batches": batches,
        "selection": {}, "kernels": [], "problems": []}
    try:
        for chip in args.chips.split(","):
            configs = select(stl_opt, work, chip, shapes)
            counts = collections.Counter(configs.values())
            report["selection"][chip] = {"products": len(shapes),
                                         "configurations": dict(counts.most_common())}
            # One shape per (configuration, shape class); the first class of
            # each configuration also gets every other type pair.
            reps, first = {}, {}
            for shape in shapes:
                config = configs[shape]
                reps.setdefault((config, shape_class(config, shape)), shape)
                first.setdefault(config, shape)
            chosen = set(reps.values())
            if args.smoke:
                # Shapes that spilled before are compiled whatever their class.
                for shape in SMOKE_EXTRA:
                    if shape not in chosen:
                        reps[(configs[shape], ("extra",) + shape)] = shape
            cases = []
            for (config, _), shape in sorted(reps.items(), key=lambda kv: (kv[0][0], kv[1])):
                cases.append(("%dx%dx%dx%d bf16->f32" % shape, shape, "bf16", "f32", config))
            if not args.smoke:
                for config, shape in sorted(first.items()):
                    for et, rt in TYPE_PAIRS[1:]:
                        cases.append(("%dx%dx%dx%d %s->%s" % (shape + (et, rt)), shape, et, rt,
                                      config))
            for et, rt in SIMT_TYPES:
                shape = (7, 512, 512, 512)
                cases.append(("%dx%dx%dx%d %s->%s" % (shape + (et, rt)), shape, et, rt, "simt"))
            compile_and_check(stl_opt, ptxas, work, chip, cases, report)
    except RuntimeError as e:
        print("ptxas-grid: %s" % e, file=sys.stderr)
        return 2
    report["seconds"] = time.time() - start
    return report_lib.finish(report, format_text(report), args, work)


if __name__ == "__main__":
    sys.exit(main())
