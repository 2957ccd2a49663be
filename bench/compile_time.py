#!/usr/bin/env python3
"""Compile-time benchmark of --stl-rewrite-matmul (issue: CPU rewrite).

Generates a module of N linalg.matmul ops with transformer-like shapes
(attention projections and MLP up/down projections of several widths, in
functions of 8 products each), then times in one run, alternating:
  A: stl-opt --stl-cpu-pipeline
  B: stl-opt --stl-rewrite-matmul=scheme=S --stl-cpu-pipeline
and reports the median of each and the ratio B/A (goal: <= 1.5), of the
wall-clock time and of the CPU time (user + system) of stl-opt; on a loaded
machine the CPU time is the comparable one.

Usage: bench/compile_time.py [--count 504] [--reps 3] [--single-thread]
                             [--json out.json]
"""
import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SHAPES = [  # (M, K, N): tokens x width -> projections
    (128, 512, 512), (128, 512, 2048), (128, 2048, 512),
    (256, 768, 768), (256, 768, 3072), (256, 3072, 768),
    (64, 1024, 1024), (64, 1024, 4096),
]


def module(count):
    lines = []
    fn = 0
    for start in range(0, count, 8):
        group = [SHAPES[(start + i) % len(SHAPES)]
                 for i in range(min(8, count - start))]
        args, body = [], []
        for i, (m, k, n) in enumerate(group):
            args.append(f"%a{i}: tensor<{m}x{k}xf32>, %b{i}: tensor<{k}x{n}xf32>, "
                        f"%c{i}: tensor<{m}x{n}xf32>")
            body.append(f"  %r{i} = linalg.matmul ins(%a{i}, %b{i} : tensor<{m}x{k}xf32>, "
                        f"tensor<{k}x{n}xf32>) outs(%c{i} : tensor<{m}x{n}xf32>) "
                        f"-> tensor<{m}x{n}xf32>")
        results = ", ".join(f"%r{i}" for i in range(len(group)))
        types = ", ".join(f"tensor<{m}x{n}xf32>" for (m, k, n) in group)
        lines.append(f"func.func @layer{fn}({', '.join(args)}) -> ({types}) {{")
        lines.extend(body)
        lines.append(f"  return {results} : {types}")
        lines.append("}")
        fn += 1
    return "\n".join(lines) + "\n"


def run(cmd):
    """Wall-clock and CPU (user + system) seconds of one compilation. CPU
    time is less sensitive to other work on a shared machine; it counts
    every thread of stl-opt."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def cpu_model():
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stl-opt", default="build/bin/stl-opt")
    p.add_argument("--count", type=int, default=504)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--scheme", default="strassen")
    p.add_argument("--json", help="write the result here")
    p.add_argument("--single-thread", action="store_true",
                   help="pass -mlir-disable-threading to both compilations")
    args = p.parse_args()
    extra = ["-mlir-disable-threading"] if args.single_thread else []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "matmuls.mlir")
        with open(src, "w") as f:
            f.write(module(args.count))
        base = [args.stl_opt, src, "--stl-cpu-pipeline", "-o", os.devnull]
        stl = [args.stl_opt, src, f"--stl-rewrite-matmul=scheme={args.scheme}",
               "--stl-cpu-pipeline", "-o", os.devnull]
        base += extra
        stl += extra
        runs_a, runs_b = [], []
        for _ in range(args.reps):
            runs_a.append(run(base))
            runs_b.append(run(stl))
    a = [w for w, _ in runs_a]
    b = [w for w, _ in runs_b]
    ca = [c for _, c in runs_a]
    cb = [c for _, c in runs_b]
    ma, mb = statistics.median(a), statistics.median(b)
    mca, mcb = statistics.median(ca), statistics.median(cb)
    result = {
        "benchmark": "compile time, --stl-rewrite-matmul + --stl-cpu-pipeline "
                     "vs --stl-cpu-pipeline",
        "matmuls": args.count, "scheme": args.scheme, "reps": args.reps,
        "baseline_s": a, "rewrite_s": b,
        "baseline_median_s": ma, "rewrite_median_s": mb, "ratio": mb / ma,
        "baseline_cpu_s": ca, "rewrite_cpu_s": cb,
        "baseline_cpu_median_s": mca, "rewrite_cpu_median_s": mcb,
        "cpu_ratio": mcb / mca,
        "goal_ratio": 1.5,
        "single_thread": args.single_thread,
        "command": " ".join(["bench/compile_time.py"] + sys.argv[1:]),
        "compilations": {"baseline": " ".join(base[2:]),
                         "rewrite": " ".join(stl[2:])},
        "load_average": os.getloadavg(),
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {cpu_model()}, "
                   f"{os.cpu_count()} cores",
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True).stdout.strip(),
    }
    print(f"{args.count} matmuls: baseline {ma:.2f} s, with rewrite {mb:.2f} s, "
          f"ratio {mb / ma:.2f} (goal <= 1.5); CPU time {mca:.2f} s vs "
          f"{mcb:.2f} s, ratio {mcb / mca:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
