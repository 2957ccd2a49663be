#!/usr/bin/env python3
"""Plot stl-bench results: speedup over dense cuBLAS vs problem size.

usage: plot.py [--out speedup.png] [--merge merged.json] RESULT.json...

Reads one or more stl-bench JSON files (e.g. one per process of
scripts/gpu-device-run.sh), optionally writes them merged into one JSON, and
draws one line per (implementation, scheme) of the end-to-end rows: stl-ref
"total", stl-gen "total"/"matmul", and the cuBLAS batched GEMM at the STL
inner shape (dashed: the ceiling of a fully fused STL). x is the dense FLOP
count 2*M*N*K, so square and transformer shapes share one axis.

Needs only the standard library for --merge; the plot needs matplotlib. When
matplotlib is missing, no plot is written and the script says so (exit 0).
"""

import argparse
import json
import sys

END_TO_END = {
    ("stl-ref", "total"),
    ("stl-gen", "total"),
    ("stl-gen", "matmul"),
    ("cublas-batched", "hadamard"),
}


def load(paths):
    merged = None
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        if merged is None:
            merged = doc
            merged["sources"] = [path]
            continue
        merged["records"].extend(doc.get("records", []))
        merged["notes"].extend(doc.get("notes", []))
        merged["sources"].append(path)
        if merged.get("copy_bandwidth_gbps") is None:
            merged["copy_bandwidth_gbps"] = doc.get("copy_bandwidth_gbps")
    return merged


def series(records):
    lines = {}
    for r in records:
        key = (r.get("impl"), r.get("stage"))
        if key not in END_TO_END or r.get("speedup_vs_dense") is None:
            continue
        label = "%s %s (r=%s)" % (r["impl"], r.get("scheme", "?"), r.get("rank"))
        if r["impl"] == "stl-gen":
            label += " " + r["stage"]
        if r["impl"] == "cublas-batched":
            label = "ceiling: batched GEMM only, %s (r=%s)" % (
                r.get("scheme", "?"), r.get("rank"))
        flops = 2.0 * r["M"] * r["N"] * r["K"]
        lines.setdefault(label, []).append(
            (flops, r["speedup_vs_dense"], "%dx%dx%d" % (r["M"], r["K"], r["N"])))
    for points in lines.values():
        points.sort()
    return lines


def plot(doc, out):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as e:  # ImportError, or a broken backend
        print("plot.py: matplotlib is not available (%s): no plot written" % e)
        return False
    lines = series(doc.get("records", []))
    if not lines:
        print("plot.py: no end-to-end STL rows with a speedup: no plot written")
        return False
    fig, ax = plt.subplots(figsize=(11, 6.5))
    for label, points in sorted(lines.items()):
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        style = "--" if label.startswith("ceiling") else "-"
        ax.plot(xs, ys, style, marker="o", label=label)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("dense FLOPs 2·M·N·K (shapes M×K×N)")
    ax.set_ylabel("speedup over the faster of cuBLAS / cuBLASLt (bf16, f32 acc.)")
    device = doc.get("device", {})
    ax.set_title("STL vs dense GEMM on %s (%s)" % (
        device.get("name", "?"), device.get("date_utc", "?")))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print("plot.py: wrote %s" % out)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="stl-bench JSON files")
    parser.add_argument("--out", default="speedup.png", help="PNG to write")
    parser.add_argument("--merge", help="write the merged JSON here")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args()
    inputs = []
    for path in args.inputs:
        try:
            with open(path) as f:
                json.load(f)
            inputs.append(path)
        except (OSError, ValueError) as e:
            print("plot.py: skipping %s: %s" % (path, e))
    if not inputs:
        print("plot.py: no readable input")
        return 1
    doc = load(inputs)
    if args.merge:
        with open(args.merge, "w") as f:
            json.dump(doc, f, indent=1)
        print("plot.py: wrote %s (%d records from %d files)" % (
            args.merge, len(doc["records"]), len(inputs)))
    if not args.no_plot:
        plot(doc, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
