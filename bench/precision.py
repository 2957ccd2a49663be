#!/usr/bin/env python3
"""Rounding error of STL-rewritten products against fp64, per scheme,
input dtype and encoding type, with a plain GEMM of the same dtype as the
baseline.

For each dtype (f32, f16, bf16) the script draws X (M x K) and W (K x N) from
a standard normal distribution in f32, rounds them to the dtype, and runs
    Y = X . W   (dtype x dtype -> f32, as torch-mlir emits 16-bit matmuls)
through stl-opt --stl-cpu-pipeline and mlir-runner, plainly and rewritten
with --stl-rewrite-matmul="scheme=S encoding-type=E". The result is printed
as raw f32 bits (exact), and compared with two fp64 references:
  - the product of the original f32 data (input rounding included), and
  - the product of the rounded inputs (only what the computation adds).
Reported: relative rms error ||Y - R||_F / ||R||_F and relative max error
max|Y - R| / max|R|, and the rms ratio to the plain GEMM of the same dtype.

  bench/precision.py [--size 256] [--schemes strassen,laderman,strassen-4x4]
                     [--dtypes f32,f16,bf16] [--f32-encodings f32,f16,bf16]
                     [--markdown]   (a table for docs/Precision.md)

Needs only the Python standard library (the fp64 reference is computed in
pure Python: a few seconds per reference at 256^3).
"""
import argparse
import datetime
import json
import math
import os
import platform
import random
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LLVM = "/usr/lib/llvm-22"


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bits_f32(u):
    return struct.unpack("<f", struct.pack("<I", u & 0xFFFFFFFF))[0]


def round_bf16(x):
    """Round-to-nearest-even of an f32 value to bf16; returns (value, bits)."""
    u = f32_bits(x)
    u16 = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) & 0xFFFF
    return bits_f32(u16 << 16), u16


def round_f16(x):
    b = struct.pack("<e", x)
    return struct.unpack("<e", b)[0], struct.unpack("<H", b)[0]


def round_f32(x):
    return bits_f32(f32_bits(x)), f32_bits(x)


ROUND = {"f32": (round_f32, "<I"), "f16": (round_f16, "<H"),
         "bf16": (round_bf16, "<H")}


def draw(rows, cols, rng):
    return [[round_f32(rng.gauss(0.0, 1.0))[0] for _ in range(cols)]
            for _ in range(rows)]


def matmul64(x, w):
    n = len(w[0])
    out = []
    for row in x:
        acc = [0.0] * n
        for a, wk in zip(row, w):
            if a:
                acc = [s + a * b for s, b in zip(acc, wk)]
        out.append(acc)
    return out


def dense_hex(matrix, dtype):
    fn, fmt = ROUND[dtype]
    data = b"".join(struct.pack(fmt, fn(v)[1]) for row in matrix for v in row)
    return '"0x' + data.hex().upper() + '"'


def program(x, w, dtype):
    m, k, n = len(x), len(w), len(w[0])
    t = dtype
    return f"""
func.func private @printMemrefI32(tensor<*xi32>)
func.func @mm(%x: tensor<{m}x{k}x{t}>, %w: tensor<{k}x{n}x{t}>) -> tensor<{m}x{n}xf32> {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %y = linalg.matmul ins(%x, %w : tensor<{m}x{k}x{t}>, tensor<{k}x{n}x{t}>) outs(%c : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  return %y : tensor<{m}x{n}xf32>
}}
func.func @main() {{
  %x = arith.constant dense<{dense_hex(x, dtype)}> : tensor<{m}x{k}x{t}>
  %w = arith.constant dense<{dense_hex(w, dtype)}> : tensor<{k}x{n}x{t}>
  %y = call @mm(%x, %w) : (tensor<{m}x{k}x{t}>, tensor<{k}x{n}x{t}>) -> tensor<{m}x{n}xf32>
  %b = arith.bitcast %y : tensor<{m}x{n}xf32> to tensor<{m}x{n}xi32>
  %u = tensor.cast %b : tensor<{m}x{n}xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}}
"""


def run(args, source, rewrite):
    cmd = [args.stl_opt, "-", "-o", "-"]
    if rewrite:
        cmd.insert(2, "--stl-rewrite-matmul=" + rewrite)
    cmd.insert(-2, "--stl-cpu-pipeline")
    lowered = subprocess.run(cmd, input=source, capture_output=True,
                             text=True, check=True).stdout
    out = subprocess.run(
        [args.runner, "-e", "main", "-entry-point-result=void",
         f"-shared-libs={LLVM}/lib/libmlir_runner_utils.so",
         f"-shared-libs={LLVM}/lib/libmlir_c_runner_utils.so"],
        input=lowered, capture_output=True, text=True, check=True).stdout
    data = out.split("data =", 1)[1]
    return [bits_f32(int(v)) for v in re.findall(r"-?\d+", data)]


def errors(y, ref):
    flat = [v for row in ref for v in row]
    num = sum((a - b) ** 2 for a, b in zip(y, flat))
    den = sum(b * b for b in flat)
    worst = max(abs(a - b) for a, b in zip(y, flat))
    return math.sqrt(num / den), worst / max(abs(b) for b in flat)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--stl-opt", default=os.path.join(ROOT, "build/bin/stl-opt"))
    p.add_argument("--runner", default=f"{LLVM}/bin/mlir-runner")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--schemes", default="strassen,laderman,strassen-4x4")
    p.add_argument("--dtypes", default="f32,f16,bf16")
    p.add_argument("--encodings", default="f32,f16,bf16,input")
    # f32 products are encoded in f32 unless a 16-bit encoding is asked for
    # (the opt-in TensorCore path of f32 models on a GPU).
    p.add_argument("--f32-encodings", default="f32")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args()

    rng = random.Random(args.seed)
    s = args.size
    x, w = draw(s, s, rng), draw(s, s, rng)
    ref = matmul64(x, w)
    rows = []
    for dtype in args.dtypes.split(","):
        fn = ROUND[dtype][0]
        xr = [[fn(v)[0] for v in row] for row in x]
        wr = [[fn(v)[0] for v in row] for row in w]
        ref_rounded = matmul64(xr, wr) if dtype != "f32" else ref
        source = program(x, w, dtype)
        plain = run(args, source, None)
        base = errors(plain, ref)
        base_r = errors(plain, ref_rounded)
        rows.append(dict(dtype=dtype, scheme="plain GEMM", encoding="-",
                         rms=base[0], max=base[1], rms_rounded=base_r[0],
                         max_rounded=base_r[1], ratio=1.0))
        encodings = (args.encodings if dtype != "f32"
                     else args.f32_encodings).split(",")
        for scheme in args.schemes.split(","):
            for enc in encodings:
                y = run(args, source,
                        f"scheme={scheme} encoding-type={enc} force=true")
                e, er = errors(y, ref), errors(y, ref_rounded)
                rows.append(dict(dtype=dtype, scheme=scheme, encoding=enc,
                                 rms=e[0], max=e[1], rms_rounded=er[0],
                                 max_rounded=er[1], ratio=e[0] / base[0]))
            print(f"{dtype} {scheme} done", file=sys.stderr)

    meta = dict(benchmark="STL rounding error vs fp64", size=s,
                seed=args.seed, machine=platform.machine(),
                processor=platform.processor() or platform.machine(),
                date=datetime.datetime.now(datetime.timezone.utc)
                .strftime("%Y-%m-%d"))
    if not args.markdown:
        print(json.dumps(dict(meta, rows=rows), indent=1))
        return
    print(f"{s}x{s}x{s}, X and W ~ N(0,1) drawn in f32 (seed {args.seed}), "
          f"rounded to the dtype; dtype x dtype -> f32; CPU path "
          f"(--stl-cpu-pipeline, mlir-runner) on {meta['processor']}, "
          f"{meta['date']}.\n")
    print("| dtype | scheme | encoding-type | rms vs fp64 (f32 data) "
          "| max vs fp64 (f32 data) | rms / plain GEMM "
          "| rms vs fp64 (rounded inputs) | max vs fp64 (rounded inputs) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['dtype']} | {r['scheme']} | {r['encoding']} "
              f"| {r['rms']:.3g} | {r['max']:.3g} | {r['ratio']:.2f}x "
              f"| {r['rms_rounded']:.3g} | {r['max_rounded']:.3g} |")


if __name__ == "__main__":
    main()
