#!/usr/bin/env python3
"""A GPT block (pre-norm, causal attention, 4x MLP with GELU; f32) on the CPU:
eager PyTorch, IREE dense, and IREE with the products rewritten into the STL
form (stl.iree: rewrite, weights pre-encoded, lowered to linalg, IREE llvm-cpu
with data tiling and microkernels), timed in one run.

    .venv/bin/python bench/iree_gpt.py --tokens 2048 --d 1024 --json out.json

Every variant runs the same model on the same input; the report gives the
median and the minimum of --reps calls after one warm-up call, the compile time, the largest
difference from eager PyTorch (relative to the largest output magnitude) and
the multiplies of the products (stl.report). Approximate schemes (rank 24)
compute a different operator: their difference is the scheme's error, not a
bug. Results: bench/results/iree_gpt_*.json, docs/Deployment.md.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import stl.iree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Block(nn.Module):
    """x + attn(ln(x)), then x + mlp(ln(x)); attention through SDPA."""

    def __init__(self, d, heads, part="block"):
        super().__init__()
        self.heads, self.part = heads, part
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x):
        if self.part != "mlp":
            x = self.attention(x)
        if self.part != "attention":
            x = x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))
        return x

    def attention(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        shape = (b, t, self.heads, d // self.heads)
        q, k, v = (a.reshape(shape).transpose(1, 2) for a in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return x + self.proj(y.transpose(1, 2).reshape(b, t, d))


def timed(fn, reps):
    fn()  # warm-up: first-call allocations, thread pools
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "system": platform.platform(),
            "python": platform.python_version(),
            # Other jobs on the machine show here (1-minute load average).
            "load_average_at_end": os.getloadavg()[0]}


def git_commit():
    def git(*args):
        return subprocess.run(["git", "-C", ROOT, *args], capture_output=True,
                              text=True).stdout.strip()
    commit = git("rev-parse", "HEAD")
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def versions():
    from importlib import metadata
    return {p: metadata.version(p) for p in
            ("torch", "torch-mlir", "iree-base-compiler", "iree-base-runtime")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, default=2048)
    ap.add_argument("--d", type=int, default=1024)
    ap.add_argument("--heads", type=int, default=16)
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="threads of PyTorch and of IREE's CPU runtime")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--schemes", default="strassen,cp-lm-4x4x4-r24",
                    help="comma-separated (e.g. add strassen-4x4); inexact "
                    "schemes get allow-approximate")
    ap.add_argument("--option", action="append", metavar="KEY=VALUE",
                    help="a --stl-rewrite-matmul option for every STL variant, "
                    "e.g. min-size=128 (leaves the attention's per-head products "
                    "dense); repeatable")
    ap.add_argument("--part", default="block", choices=["block", "attention", "mlp"],
                    help="the whole block, or its attention or MLP half alone")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    rewrite_options = dict(o.split("=", 1) for o in args.option or [])
    load_at_start = os.getloadavg()[0]
    commit = git_commit()  # the tree that ran, should it change meanwhile
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = Block(args.d, args.heads, args.part).eval()
    x = torch.randn(1, args.tokens, args.d)
    with torch.no_grad():
        want = model(x).numpy()
    scale = float(np.abs(want).max())

    results = []

    def record(name, times, **extra):
        entry = {"variant": name, "median_s": statistics.median(times),
                 "min_s": min(times), "times_s": times, **extra}
        results.append(entry)
        print(f"{name:28s} {entry['median_s'] * 1e3:9.1f} ms (min "
              f"{entry['min_s'] * 1e3:.1f})" +
              "".join(f"  {k}={v:.3g}" if isinstance(v, float) else f"  {k}={v}"
                      for k, v in extra.items()), flush=True)

    with torch.no_grad():
        record("pytorch-eager", timed(lambda: model(x), args.reps))

    variants = [("iree-dense", None)] + [
        (f"iree-stl-{s}", s) for s in args.schemes.split(",") if s]
    for name, scheme in variants:
        options = dict(rewrite_options) if scheme is not None else None
        if scheme is not None and not stl.check_brent(stl.lookup_scheme(scheme)).exact:
            options["allow_approximate"] = True
        start = time.perf_counter()
        compiled = stl.iree.compile(model, (x,), scheme=scheme, options=options,
                                    threads=args.threads)
        compile_s = time.perf_counter() - start
        got = compiled(x)
        report = compiled.report
        products = report.get("products", [])
        record(name, timed(lambda: compiled(x), args.reps),
               compile_s=compile_s,
               max_rel_diff=float(np.abs(got - want).max()) / scale,
               products_rewritten=len(products),
               multiplies_original=report.get("multiplies_original", 0),
               multiplies_stl=report.get("multiplies_stl", 0))
        del compiled

    dense = next(r for r in results if r["variant"] == "iree-dense")["median_s"]
    for r in results:
        r["speedup_vs_iree_dense"] = dense / r["median_s"]
    out = {"benchmark": "iree_gpt", "date": datetime.datetime.now(
               datetime.timezone.utc).isoformat(timespec="seconds"),
           "git_commit": commit,
           "machine": {**machine(), "load_average_at_start": load_at_start},
           "versions": versions(),
           "config": {"part": args.part, "tokens": args.tokens, "d": args.d, "heads": args.heads,
                      "threads": args.threads, "reps": args.reps,
                      "rewrite_options": rewrite_options,
                      "iree_flags": stl.iree.CPU_FLAGS},
           "results": results}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
