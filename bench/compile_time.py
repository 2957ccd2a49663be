#!/usr/bin/env python3
"""Compile-time benchmark of --stl-rewrite-matmul (issue: CPU rewrite).

Generates a module of N linalg.matmul ops with transformer-like shapes
(attention projections and MLP up/down projections of several widths, in
functions of 8 products each), then times in one run, alternating:
  A: stl-opt --stl-cpu-pipeline
  B: stl-opt --stl-rewrite-matmul=scheme=S --stl-cpu-pipeline
and reports the median of each and the ratio B/A (goal: <= 1.5).
"""
import argparse
import datetime
import json
import os
import platform
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
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stl-opt", default="build/bin/stl-opt")
    p.add_argument("--count", type=int, default=504)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--scheme", default="strassen")
    p.add_argument("--json", help="write the result here")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "matmuls.mlir")
        with open(src, "w") as f:
            f.write(module(args.count))
        base = [args.stl_opt, src, "--stl-cpu-pipeline", "-o", os.devnull]
        stl = [args.stl_opt, src, f"--stl-rewrite-matmul=scheme={args.scheme}",
               "--stl-cpu-pipeline", "-o", os.devnull]
        a, b = [], []
        for _ in range(args.reps):
            a.append(run(base))
            b.append(run(stl))
    ma, mb = statistics.median(a), statistics.median(b)
    result = {
        "benchmark": "compile time, --stl-rewrite-matmul + --stl-cpu-pipeline "
                     "vs --stl-cpu-pipeline",
        "matmuls": args.count, "scheme": args.scheme, "reps": args.reps,
        "baseline_s": a, "rewrite_s": b,
        "baseline_median_s": ma, "rewrite_median_s": mb, "ratio": mb / ma,
        "goal_ratio": 1.5,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, "
                   f"{os.cpu_count()} cores",
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True).stdout.strip(),
    }
    print(f"{args.count} matmuls: baseline {ma:.2f} s, with rewrite {mb:.2f} s, "
          f"ratio {mb / ma:.2f} (goal <= 1.5)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
