#!/usr/bin/env python3
"""CPU speed of the code --stl-cpu-pipeline generates, against numpy.

For each size N, times Y = X.W (f32, N x N x N) on one core, in one run:
  scalar:      stl-opt --stl-cpu-pipeline=vectorize=false   (loops)
  vectorized:  stl-opt --stl-cpu-pipeline                   (default)
  strassen:    --stl-rewrite-matmul=scheme=strassen, then the pipeline
  numpy:       numpy.matmul with one BLAS thread, same data
Each program runs the product `reps` times under mlir-runner and reports the
best time (rtclock around each call); numpy likewise. Output: a table and a
JSON record (machine, date, commit) with GFLOP/s = 2 N^3 / time.

Usage: bench/cpu_speed.py [--build build] [--sizes 512,1024] [--reps 5]
                          [--json out.json]
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

LLVM = "/usr/lib/llvm-22"


def program(n, reps):
    t = f"tensor<{n}x{n}xf32>"
    return f"""
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printNewline()
func.func @mm(%a: {t}, %b: {t}) -> {t} {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : {t}
  %c = linalg.fill ins(%z : f32) outs(%e : {t}) -> {t}
  %r = linalg.matmul ins(%a, %b : {t}, {t}) outs(%c : {t}) -> {t}
  return %r : {t}
}}
func.func @data(%s: index) -> {t} {{
  %e = tensor.empty() : {t}
  %0 = linalg.generic {{indexing_maps = [affine_map<(i, j) -> (i, j)>],
                        iterator_types = ["parallel", "parallel"]}} outs(%e : {t}) {{
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c7 = arith.constant 7 : index
    %is = arith.muli %i, %s : index
    %x = arith.addi %is, %j : index
    %m = arith.remui %x, %c7 : index
    %k = arith.index_cast %m : index to i64
    %f = arith.sitofp %k : i64 to f32
    linalg.yield %f : f32
  }} -> {t}
  return %0 : {t}
}}
func.func @main() {{
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %a = call @data(%c1) : (index) -> {t}
  %b = call @data(%c3) : (index) -> {t}
  %c0 = arith.constant 0 : index
  %reps = arith.constant {reps} : index
  %inf = arith.constant 1.0e30 : f64
  %best = scf.for %i = %c0 to %reps step %c1 iter_args(%bt = %inf) -> f64 {{
    %t0 = func.call @rtclock() : () -> f64
    %r = func.call @mm(%a, %b) : ({t}, {t}) -> {t}
    %t1 = func.call @rtclock() : () -> f64
    %v = tensor.extract %r[%c0, %c0] : {t}
    %vd = arith.extf %v : f32 to f64
    func.call @printF64(%vd) : (f64) -> ()
    func.call @printNewline() : () -> ()
    %dt = arith.subf %t1, %t0 : f64
    %m = arith.minimumf %bt, %dt : f64
    scf.yield %m : f64
  }}
  func.call @printF64(%best) : (f64) -> ()
  func.call @printNewline() : () -> ()
  return
}}
"""


def run_mlir(stl_opt, src, flags):
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, "in.mlir")
        with open(inp, "w") as f:
            f.write(src)
        t0 = time.perf_counter()
        lowered = subprocess.run([stl_opt, inp] + flags, check=True,
                                 capture_output=True, text=True).stdout
        compile_s = time.perf_counter() - t0
        out = subprocess.run(
            [f"{LLVM}/bin/mlir-runner", "-e", "main", "-entry-point-result=void",
             "-O3", f"-shared-libs={LLVM}/lib/libmlir_runner_utils.so",
             f"-shared-libs={LLVM}/lib/libmlir_c_runner_utils.so"],
            input=lowered, check=True, capture_output=True, text=True).stdout
    values = [float(x) for x in out.split()]
    return values[-1], values[0], compile_s  # best time, Y[0,0], compile time


def numpy_time(n, reps):
    import numpy as np
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    a = ((i * 1 + j) % 7).astype(np.float32)
    b = ((i * 3 + j) % 7).astype(np.float32)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        r = a @ b
        best = min(best, time.perf_counter() - t0)
    return best, float(r[0, 0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sizes", default="512,1024")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scalar-max", type=int, default=512,
                    help="largest N for the scalar loops (slow)")
    ap.add_argument("--json")
    args = ap.parse_args()
    stl_opt = os.path.join(args.build, "bin", "stl-opt")
    variants = [
        ("scalar", ["--stl-cpu-pipeline=vectorize=false"]),
        ("vectorized", ["--stl-cpu-pipeline"]),
        ("strassen", ["--stl-rewrite-matmul=scheme=strassen",
                      "--stl-cpu-pipeline"]),
    ]
    try:
        from threadpoolctl import threadpool_info
        blas = [i.get("internal_api") + " " + str(i.get("version"))
                for i in threadpool_info() if i.get("user_api") == "blas"]
    except Exception:
        blas = []
    records = []
    print(f"{'N':>6} {'impl':>11} {'time s':>10} {'GFLOP/s':>9} {'vs numpy':>9}")
    for n in [int(s) for s in args.sizes.split(",")]:
        flops = 2.0 * n ** 3
        np_t, np_ref = numpy_time(n, args.reps)
        rows = [("numpy", np_t, np_ref, None)]
        for name, flags in variants:
            if name == "scalar" and n > args.scalar_max:
                continue
            t, y00, c = run_mlir(stl_opt, program(n, args.reps), flags)
            if y00 != np_ref:
                sys.exit(f"{name} at N={n}: Y[0,0] = {y00}, numpy {np_ref}")
            rows.append((name, t, y00, c))
        for name, t, _, c in rows:
            print(f"{n:>6} {name:>11} {t:>10.4f} {flops / t / 1e9:>9.2f} "
                  f"{np_t / t:>9.3f}")
            records.append({"N": n, "impl": name, "seconds": t,
                            "gflops": flops / t / 1e9,
                            "ratio_to_numpy": np_t / t,
                            "compile_seconds": c})
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    cpu = ""
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    result = {
        "benchmark": "cpu_speed", "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {cpu}, {os.cpu_count()} cores",
        "commit": commit, "reps": args.reps, "blas": blas,
        "numpy_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "records": records,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
