#!/usr/bin/env python3
"""CPU speed of the code --stl-cpu-pipeline generates, against numpy.

For each size N, times Y = X.W (f32, N x N x N) on one core, in one run:
  scalar:      stl-opt --stl-cpu-pipeline=vectorize=false   (loops)
  vectorized:  stl-opt --stl-cpu-pipeline                   (default)
  SCHEME:      --stl-rewrite-matmul=scheme=SCHEME, then the pipeline, for
               each of --schemes (approximate ones with allow-approximate)
  SCHEME/linalg-enc: the same with the encodings lowered through linalg
               (encoding-vector-width=0), for --linalg-encodings
  SCHEME/blas: the same with hadamard-backend=blas (cblas_sgemm of Debian's
               OpenBLAS), for --blas
  iree-dense, SCHEME/iree: the product, and its STL form lowered by
               --convert-stl-to-linalg, compiled by IREE (llvm-cpu, data
               tiling, ukernels) and timed by iree-benchmark-module on
               OPENBLAS_NUM_THREADS threads (median), for --iree; exact
               forms must give the dense result exactly
  openblas-dense: cblas_sgemm of that OpenBLAS on the same data (ctypes),
               for --blas
  numpy:       numpy.matmul (its bundled OpenBLAS), same data
Threads: --threads T (default: OPENBLAS_NUM_THREADS, else 1) runs numpy,
OpenBLAS and IREE on T threads, and, for T > 1, the pipeline's own code (GEMM,
encode, decode) with parallel=openmp on T OpenMP threads (libomp; with
KMP_BLOCKTIME=0 beside the BLAS backend, so that the two runtimes do not
spin on each other's cores).
Each program runs the product `reps` times under mlir-runner and reports the
best time (rtclock around each call); numpy likewise. The speed-up column is
the dense time of the same engine over each time: 'vectorized' for the own
pipeline, 'openblas-dense' for the SCHEME/blas forms, 'iree-dense' for the
SCHEME/iree forms.

With --encodings, it also times each scheme's lhs encode (N x N -> r x N/m x
N/k) and decode (r x N/m x N/n -> N x N) alone, as the pipeline lowers them,
and reports their bandwidth (bytes read + written per second) against a
single-threaded copy (numpy.copyto) of an N x N f32 matrix in the same run.

Output: a table and a JSON record (machine, date, commit) with GFLOP/s =
2 N^3 / time.

Usage: bench/cpu_speed.py [--build build] [--sizes 512,1024] [--reps 5]
                          [--schemes strassen,...] [--linalg-encodings]
                          [--encodings] [--json out.json]
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

# glibc serves blocks above 32 MiB with fresh mmaps, returned on free: every
# call of a program with large temporaries (a rank-49 encoding of a 2048^2
# operand is 49 MiB) then pays first-touch page faults, 25 ms of a 30 ms
# encode on a virtual machine. Served from the heap and kept, they cost what
# the code costs. Every mlir-runner run gets the same setting.
RUNNER_ENV = dict(os.environ, MALLOC_MMAP_MAX_="0",
                  MALLOC_TRIM_THRESHOLD_=str(1 << 40))


def dense_module(n):
    """Y = X.W on n x n f32 tensors, as @mm."""
    t = f"tensor<{n}x{n}xf32>"
    return f"""
func.func @mm(%a: {t}, %b: {t}) -> {t} {{
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : {t}
  %c = linalg.fill ins(%z : f32) outs(%e : {t}) -> {t}
  %r = linalg.matmul ins(%a, %b : {t}, {t}) outs(%c : {t}) -> {t}
  return %r : {t}
}}
"""


def timed_loop(best, call, result_type, rank):
    """An scf.for that calls `call` %reps times, prints an element of each
    result (so that no call is optimized away) and leaves the best time in
    %`best`; uses %c0, %c1, %reps and %inf."""
    zeros = ", ".join(["%c0"] * rank)
    return f"""  %{best} = scf.for %i = %c0 to %reps step %c1 iter_args(%bt = %inf) -> f64 {{
    %t0 = func.call @rtclock() : () -> f64
    %r = func.call {call}
    %t1 = func.call @rtclock() : () -> f64
    %v = tensor.extract %r[{zeros}] : {result_type}
    %vd = arith.extf %v : f32 to f64
    func.call @printF64(%vd) : (f64) -> ()
    func.call @printNewline() : () -> ()
    %dt = arith.subf %t1, %t0 : f64
    %m = arith.minimumf %bt, %dt : f64
    scf.yield %m : f64
  }}
"""


def program(n, reps):
    t = f"tensor<{n}x{n}xf32>"
    return f"""
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printNewline()
{dense_module(n)}
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
{timed_loop("best", f"@mm(%a, %b) : ({t}, {t}) -> {t}", t, 2)}  func.call @printF64(%best) : (f64) -> ()
  func.call @printNewline() : () -> ()
  return
}}
"""


def encoding_program(n, reps, scheme, m, k, nn, rank):
    """Times `stl.encode lhs` of an n x n matrix and `stl.decode` of the
    products of an n x n result, each `reps` times; prints an element of
    each result (so that neither is optimized away), then both best times."""
    t = f"tensor<{n}x{n}xf32>"
    e = f"tensor<{rank}x{n // m}x{n // k}xf32>"
    p = f"tensor<{rank}x{n // m}x{n // nn}xf32>"
    attr = f'{{scheme = #stl.scheme<"{scheme}">}}'
    return f"""
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printNewline()
func.func @enc(%x: {t}) -> {e} {{
  %0 = stl.encode lhs %x {attr} : {t} -> {e}
  return %0 : {e}
}}
func.func @dec(%q: {p}) -> {t} {{
  %0 = stl.decode %q {attr} : {p} -> {t}
  return %0 : {t}
}}
func.func @main() {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %ex = tensor.empty() : {t}
  %x = linalg.fill ins(%one : f32) outs(%ex : {t}) -> {t}
  %ep = tensor.empty() : {p}
  %q = linalg.fill ins(%one : f32) outs(%ep : {p}) -> {p}
  %reps = arith.constant {reps} : index
  %inf = arith.constant 1.0e30 : f64
{timed_loop("be", f"@enc(%x) : ({t}) -> {e}", e, 3)}{timed_loop("bd", f"@dec(%q) : ({p}) -> {t}", t, 2)}  func.call @printF64(%be) : (f64) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF64(%bd) : (f64) -> ()
  func.call @printNewline() : () -> ()
  return
}}
"""


def copy_time(n, reps):
    """Best time of a single-threaded copy of an n x n f32 matrix."""
    import numpy as np
    src = np.ones((n, n), dtype=np.float32)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return best


def scheme_shape(build, name):
    """(m, k, n, rank, exact) of a scheme, from `stl-scheme verify`."""
    out = subprocess.run([os.path.join(build, "bin", "stl-scheme"), "verify",
                          name], check=True, capture_output=True,
                         text=True).stdout
    fields = dict(line.split(": ", 1) for line in out.splitlines()
                  if ": " in line)
    m, k, n = (int(x) for x in fields["tile"].split("x"))
    return m, k, n, int(fields["rank"]), fields["result"] == "exact"


def find_openblas():
    """Debian's OpenBLAS (the library hadamard-backend=blas links), or None."""
    import glob
    found = sorted(glob.glob("/usr/lib/*/libopenblas.so.0") +
                   glob.glob("/usr/lib/*/openblas-pthread/libopenblas.so.0"))
    return found[0] if found else None


def find_libomp():
    """The LLVM OpenMP runtime (what parallel=openmp code calls), or None."""
    import glob
    found = sorted(glob.glob("/usr/lib/*/libomp.so.5") +
                   glob.glob("/usr/lib/llvm-*/lib/libomp.so.5"))
    return found[0] if found else None


def openblas_time(lib, n, reps):
    """Best time of cblas_sgemm from `lib` on the benchmark's data: the dense
    product with the same BLAS that hadamard-backend=blas calls."""
    import ctypes
    import numpy as np
    blas = ctypes.CDLL(lib)
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    a = np.ascontiguousarray(((i * 1 + j) % 7).astype(np.float32))
    b = np.ascontiguousarray(((i * 3 + j) % 7).astype(np.float32))
    c = np.empty((n, n), dtype=np.float32)
    ptr = ctypes.POINTER(ctypes.c_float)
    args = [ctypes.c_int(101), ctypes.c_int(111), ctypes.c_int(111),
            ctypes.c_int(n), ctypes.c_int(n), ctypes.c_int(n),
            ctypes.c_float(1.0), a.ctypes.data_as(ptr), ctypes.c_int(n),
            b.ctypes.data_as(ptr), ctypes.c_int(n), ctypes.c_float(0.0),
            c.ctypes.data_as(ptr), ctypes.c_int(n)]
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        blas.cblas_sgemm(*args)
        best = min(best, time.perf_counter() - t0)
    return best, float(c[0, 0])


def lower_and_run(stl_opt, src, flags, libs=(), env=None):
    """Lowers `src` with stl-opt `flags` and runs its @main under
    mlir-runner (with the runner utilities and `libs`); returns what it
    printed and the compile time."""
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
             f"-shared-libs={LLVM}/lib/libmlir_c_runner_utils.so"] +
            [f"-shared-libs={lib}" for lib in libs],
            input=lowered, check=True, capture_output=True, text=True,
            env=env or RUNNER_ENV).stdout
    return out, compile_s


def run_mlir(stl_opt, src, flags, libs=(), env=None):
    out, compile_s = lower_and_run(stl_opt, src, flags, libs, env)
    values = [float(x) for x in out.split()]
    return values[-1], values[0], compile_s  # best time, Y[0,0], compile time


def run_encodings(build, stl_opt, n, reps, name, pipeline, libs=()):
    m, k, nn, rank, _ = scheme_shape(build, name)
    src = encoding_program(n, reps, name, m, k, nn, rank)
    out, _ = lower_and_run(stl_opt, src, [pipeline], libs)
    enc_t, dec_t = [float(x) for x in out.split()][-2:]
    elem = n * n * 4
    enc_bytes = elem + elem * rank // (m * k)
    dec_bytes = elem * rank // (m * nn) + elem
    return enc_t, enc_bytes, dec_t, dec_bytes


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


IREE_FLAGS = ["--iree-hal-target-device=local",
              "--iree-hal-local-target-device-backends=llvm-cpu",
              "--iree-llvmcpu-target-cpu=host", "--iree-opt-data-tiling",
              "--iree-llvmcpu-enable-ukernels=all"]


def iree_tool(name):
    """An IREE tool of the Python environment this script runs in, or None."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else None


def run_iree(stl_opt, n, rewrite, threads, reps, workdir):
    """Compiles the product (rewritten by `rewrite`, a --stl-rewrite-matmul
    flag, or dense when None) with IREE's llvm-cpu backend and data tiling,
    runs it on the benchmark's data and times it with iree-benchmark-module
    on `threads` threads. Returns (median seconds, result array)."""
    import numpy as np
    name = "dense" if rewrite is None else "stl"
    src = os.path.join(workdir, f"{name}.mlir")
    with open(src, "w") as f:
        f.write(dense_module(n))
    if rewrite is not None:
        # IREE reads the generic form of every op (it rejects some named
        # ops' custom syntax).
        subprocess.run([stl_opt, src, rewrite, "--convert-stl-to-linalg",
                        "--canonicalize", "--mlir-print-op-generic", "-o",
                        src], check=True, capture_output=True)
    vmfb = os.path.join(workdir, f"{name}.vmfb")
    subprocess.run([iree_tool("iree-compile"), *IREE_FLAGS, src, "-o", vmfb],
                   check=True, capture_output=True)
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    inputs = []
    for k, data in enumerate((((i + j) % 7).astype(np.float32),
                              ((i * 3 + j) % 7).astype(np.float32))):
        path = os.path.join(workdir, f"in{k}.npy")
        np.save(path, data)
        inputs.append(f"--input=@{path}")
    device = ["--device=local-task",
              f"--task_topology_max_group_count={threads}"]
    out = os.path.join(workdir, "out.npy")
    subprocess.run([iree_tool("iree-run-module"), f"--module={vmfb}",
                    "--function=mm", *device, *inputs, f"--output=@{out}"],
                   check=True, capture_output=True)
    bench = subprocess.run(
        [iree_tool("iree-benchmark-module"), f"--module={vmfb}",
         "--function=mm", *device, *inputs,
         f"--benchmark_repetitions={reps}", "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    runs = json.loads(bench[bench.index("{"):])["benchmarks"]
    times = [b["real_time"] for b in runs if b.get("run_type") == "iteration"]
    unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[runs[0]["time_unit"]]
    times.sort()
    return times[len(times) // 2] * unit, np.load(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sizes", default="512,1024")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scalar-max", type=int, default=512,
                    help="largest N for the scalar loops (slow)")
    ap.add_argument("--schemes", default="strassen")
    ap.add_argument("--linalg-encodings", action="store_true",
                    help="also time each scheme with encoding-vector-width=0")
    ap.add_argument("--encodings", action="store_true",
                    help="time encode and decode alone against a copy")
    ap.add_argument("--no-numpy", action="store_true",
                    help="leave numpy out (the check of Y[0,0] then uses the "
                    "own dense product)")
    ap.add_argument("--blas", action="store_true",
                    help="also time Debian's OpenBLAS dense (cblas_sgemm) and "
                    "each scheme with hadamard-backend=blas")
    ap.add_argument("--iree", action="store_true",
                    help="also compile the dense product and each STL form "
                    "with IREE (llvm-cpu, data tiling; the iree-base-compiler "
                    "and iree-base-runtime packages of this Python) and time "
                    "them on OPENBLAS_NUM_THREADS threads")
    ap.add_argument("--pipeline-options", default="",
                    help="options of --stl-cpu-pipeline for the STL forms, "
                    "e.g. 'encoding-vector-width=8'")
    ap.add_argument("--threads", type=int,
                    default=int(os.environ.get("OPENBLAS_NUM_THREADS", "1")),
                    help="threads of every engine (numpy, OpenBLAS, IREE, "
                    "and the own pipeline's parallel=openmp code)")
    ap.add_argument("--json")
    args = ap.parse_args()
    threads = args.threads
    # Before numpy loads its OpenBLAS, which reads it once.
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    RUNNER_ENV["OPENBLAS_NUM_THREADS"] = str(threads)
    RUNNER_ENV["OMP_NUM_THREADS"] = str(threads)
    own_libs = ()
    own_options = []
    if threads > 1:
        libomp = find_libomp()
        if not libomp:
            sys.exit("--threads: no libomp.so.5 (scripts/setup.sh installs it)")
        own_libs = (libomp,)
        own_options = ["parallel=openmp"]
    if args.pipeline_options:
        own_options.append(args.pipeline_options)
    stl_opt = os.path.join(args.build, "bin", "stl-opt")
    pipeline = "--stl-cpu-pipeline"
    if own_options:
        pipeline += "=" + " ".join(own_options)
    dense_pipeline = "--stl-cpu-pipeline"
    if threads > 1:
        dense_pipeline += "=parallel=openmp"
    openblas = find_openblas() if args.blas else None
    if args.blas and not openblas:
        sys.exit("--blas: no libopenblas.so.0 (scripts/setup.sh installs it)")
    variants = [
        ("scalar", ["--stl-cpu-pipeline=vectorize=false"], True, ()),
        ("vectorized", [dense_pipeline], True, own_libs),
    ]
    schemes = [x for x in args.schemes.split(",") if x]
    for name in schemes:
        exact = scheme_shape(args.build, name)[4]
        rewrite = f"--stl-rewrite-matmul=scheme={name}"
        if not exact:
            rewrite = (f"--stl-rewrite-matmul=scheme={name} "
                       "allow-approximate=true")
        variants.append((name, [rewrite, pipeline], exact, own_libs))
        if args.linalg_encodings:
            options = " ".join(own_options + ["encoding-vector-width=0"])
            variants.append((name + "/linalg-enc",
                             [rewrite, f"--stl-cpu-pipeline={options}"],
                             exact, own_libs))
        if openblas:
            options = " ".join(own_options + ["hadamard-backend=blas"])
            variants.append((name + "/blas",
                             [rewrite, f"--stl-cpu-pipeline={options}"],
                             exact, (openblas,) + own_libs))
    try:
        from threadpoolctl import threadpool_info
        blas = [i.get("internal_api") + " " + str(i.get("version"))
                for i in threadpool_info() if i.get("user_api") == "blas"]
    except Exception:
        blas = []
    records = []
    print(f"{'N':>6} {'impl':>26} {'time s':>10} {'GFLOP/s':>9} "
          f"{'vs numpy':>9} {'speed-up':>9}")
    for n in [int(s) for s in args.sizes.split(",")]:
        flops = 2.0 * n ** 3
        np_t, np_ref = (None, None) if args.no_numpy else numpy_time(n, args.reps)
        rows = [] if args.no_numpy else [("numpy", np_t, np_ref, None)]
        if openblas:
            ob_t, ob_ref = openblas_time(openblas, n, args.reps)
            if ob_ref != np_ref:
                sys.exit(f"openblas at N={n}: Y[0,0] = {ob_ref}, numpy {np_ref}")
            rows.append(("openblas-dense", ob_t, ob_ref, None))
        for name, flags, exact, libs in variants:
            if name == "scalar" and n > args.scalar_max:
                continue
            env = None
            if name.endswith("/blas") and threads > 1:
                # OpenMP workers spin for 200 ms after each parallel region
                # (the encodings), on the cores OpenBLAS's threads then
                # need: the two runtimes take turns, so the workers sleep
                # at once.
                env = dict(RUNNER_ENV, KMP_BLOCKTIME="0")
            t, y00, c = run_mlir(stl_opt, program(n, args.reps), flags, libs,
                                 env)
            if np_ref is None:
                np_ref = y00  # The first variant is the own dense product.
            if exact and y00 != np_ref:
                sys.exit(f"{name} at N={n}: Y[0,0] = {y00}, numpy {np_ref}")
            rows.append((name, t, y00, c))
        times = dict((r[0], r[1]) for r in rows)
        dense = times.get("vectorized")
        for name, t, _, c in rows:
            # Each STL form against the dense product of its engine.
            base = times.get("openblas-dense") if name.endswith("/blas") \
                else dense
            up = base / t if base else float("nan")
            vs_np = np_t / t if np_t else float("nan")
            print(f"{n:>6} {name:>26} {t:>10.4f} {flops / t / 1e9:>9.2f} "
                  f"{vs_np:>9.3f} {up:>9.3f}")
            records.append({"N": n, "impl": name, "seconds": t,
                            "gflops": flops / t / 1e9,
                            "ratio_to_numpy": vs_np,
                            "speedup_over_own_dense": up,
                            "compile_seconds": c})
        if args.iree:
            if not iree_tool("iree-compile"):
                sys.exit("--iree: no iree-compile beside this Python "
                         "(pip install iree-base-compiler iree-base-runtime)")
            with tempfile.TemporaryDirectory() as d:
                dense_t, dense_y = run_iree(stl_opt, n, None, threads,
                                            args.reps, d)
                forms = [("iree-dense", dense_t, True)]
                for name in schemes:
                    exact = scheme_shape(args.build, name)[4]
                    rewrite = f"--stl-rewrite-matmul=scheme={name}"
                    if not exact:
                        rewrite += " allow-approximate=true"
                    t, y = run_iree(stl_opt, n, rewrite, threads, args.reps, d)
                    if exact and not (y == dense_y).all():
                        sys.exit(f"IREE {name} at N={n}: the STL form's "
                                 "result differs from the dense product's")
                    forms.append((name + "/iree", t, exact))
            for name, t, _ in forms:
                print(f"{n:>6} {name:>26} {t:>10.4f} {flops / t / 1e9:>9.2f} "
                      f"{'':>9} {dense_t / t:>9.3f}")
                records.append({"N": n, "impl": name, "seconds": t,
                                "gflops": flops / t / 1e9,
                                "speedup_over_own_dense": dense_t / t,
                                "threads": threads})
        if args.encodings:
            copy_t = copy_time(n, args.reps)
            copy_bw = 2 * n * n * 4 / copy_t
            print(f"{n:>6} {'copy (numpy.copyto)':>26} {copy_t:>10.4f} "
                  f"{copy_bw / 1e9:>8.2f} GB/s")
            records.append({"N": n, "impl": "copy", "seconds": copy_t,
                            "gbytes_per_s": copy_bw / 1e9})
            for name in schemes:
                if name.endswith(".json") or "/" in name:
                    continue  # #stl.scheme<...> names library schemes only.
                et, eb, dt, db = run_encodings(args.build, stl_opt, n,
                                               args.reps, name, pipeline,
                                               own_libs)
                for what, t, b in (("encode", et, eb), ("decode", dt, db)):
                    bw = b / t
                    print(f"{n:>6} {name + ' ' + what:>26} {t:>10.4f} "
                          f"{bw / 1e9:>8.2f} GB/s {bw / copy_bw:>6.2f} of copy")
                    records.append({"N": n, "impl": f"{name} {what}",
                                    "seconds": t, "bytes": b,
                                    "gbytes_per_s": bw / 1e9,
                                    "ratio_to_copy": bw / copy_bw})
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
        "threads": threads,
        "runner_env": {k: RUNNER_ENV[k] for k in sorted(RUNNER_ENV)
                       if k.startswith(("OMP_", "KMP_", "OPENBLAS_",
                                        "MALLOC_"))},
        "records": records,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
