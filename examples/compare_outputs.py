#!/usr/bin/env python3
"""Compares the numbers two mlir-runner printMemref outputs printed.

Usage: compare_outputs.py REFERENCE CANDIDATE
Prints the element count and the max absolute difference; exits 1 if the
outputs differ in shape or count, or if any difference exceeds --tolerance.
"""
import argparse
import re
import sys

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)")


def numbers(path):
    values, shapes = [], []
    with open(path) as f:
        for line in f:
            if line.startswith("Unranked Memref") or line.startswith("Memref"):
                shapes.append(line.split("sizes = ")[1].split("]")[0] + "]")
                continue
            values.extend(float(v) for v in NUMBER.findall(line))
    return shapes, values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reference")
    parser.add_argument("candidate")
    parser.add_argument("--tolerance", type=float, default=0.0)
    args = parser.parse_args()
    ref_shapes, ref = numbers(args.reference)
    cand_shapes, cand = numbers(args.candidate)
    if ref_shapes != cand_shapes or len(ref) != len(cand) or not ref:
        print(f"outputs differ in shape: {ref_shapes} ({len(ref)} values) vs "
              f"{cand_shapes} ({len(cand)} values)")
        return 1
    max_diff = max(abs(a - b) for a, b in zip(ref, cand))
    scale = max(abs(a) for a in ref) or 1.0
    print(f"compared {len(ref)} values: max |difference| = {max_diff:g} "
          f"(max |reference| = {scale:g})")
    return 0 if max_diff <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
