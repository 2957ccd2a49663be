#!/usr/bin/env python3
"""Digest of the host-path and library-twin figures of stl-bench results.

usage: host_path.py RESULT.json...

For every stl-gen row: GPU time, the per-call host overhead of a normal
(synchronizing) call with libstl_runtime's stream-ordered pool and with
cuMemAlloc/cuMemFree, the host time to issue one call, and the CUDA-graph
replay (stl-bench --graph). For every generated hadamard: its time against
the cuBLASLt library twin measured on the same operands in the same run and
the difference of the products. Standard library only. Prints "-" for what
was not measured.
"""

import json
import math
import sys


def fmt(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return "%.*f" % (digits, x)


def main(paths):
    rows = []
    for path in paths:
        try:
            with open(path) as f:
                rows += json.load(f).get("records", [])
        except (OSError, ValueError) as e:
            print("host_path: %s: %s" % (path, e))
    gen = [r for r in rows if r.get("impl") == "stl-gen"]
    if not gen:
        print("host path: no stl-gen rows")
        return 0
    print("host path per call (stl-gen; us = microseconds):")
    print("%-36s %-10s %9s %10s %12s %10s %9s %11s %5s" % (
        "case", "stage", "gpu ms", "host +us", "cuMemAlloc+us", "enqueue us", "graph ms",
        "graph launch", "nodes"))
    for r in gen:
        unpooled = r.get("host_ms_unpooled")
        extra = None
        if unpooled is not None and r.get("ms") is not None:
            extra = (unpooled - r["ms"]) * 1e3
        print("%-36s %-10s %9s %10s %12s %10s %9s %11s %5s" % (
            r.get("case", "-"), r.get("stage", "-"), fmt(r.get("ms"), 4),
            fmt(r.get("host_overhead_us")), fmt(extra), fmt(r.get("enqueue_us")),
            fmt(r.get("graph_ms"), 4), fmt(r.get("graph_enqueue_us")),
            r.get("graph_nodes", "-")))
    twins = [r for r in gen if r.get("stage") == "hadamard" and "library_ms" in r]
    if twins:
        print("generated hadamard vs its cuBLASLt twin (same operands, same run):")
        for r in twins:
            err = r.get("error", {})
            print("  %-36s gen %s ms, cuBLASLt %s ms: %sx of cuBLASLt; P rel. diff %s" % (
                r.get("case", "-"), fmt(r.get("ms"), 4), fmt(r.get("library_ms"), 4),
                fmt(r.get("speed_vs_library"), 3),
                "%.2e" % err["relative_frobenius"] if err.get("relative_frobenius")
                is not None else "-"))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
