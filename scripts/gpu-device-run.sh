#!/usr/bin/env bash
# Runs on a machine with an NVIDIA GPU (H100/H200, CUDA 13), no MLIR needed,
# from the repository root, with build-gpu-artifacts/ from
# scripts/prepare-gpu-artifacts.sh next to it (optional). Steps:
#   1. nvidia-smi (GPU, driver, clocks before and after)
#   2. build runtime/ with cmake + ninja for sm_90a, linking the carried
#      objects into libstlk_<case>.so and the execution-test programs
#   3. ctest: runtime tests (real GPU launches, TMA, clusters, ...) and
#      stl-bench's self-test and smoke run
#   4. GPU execution tests: each carried program's output against the CPU
#      path's expected output
#   5. stl-bench: copy bandwidth, cuBLAS/cuBLASLt, batched GEMM, stl-ref on
#      all default shapes (one process), then each compiled case in its own
#      process (a crashing kernel cannot take the others down)
#   6. plot + merged JSON
# Everything lands in $OUT (flat, at most 8 files):
#   summary.txt   step status, bench tables, execution-test results
#   bench.json    all stl-bench records merged
#   speedup.png   speedup over dense cuBLAS vs size (if matplotlib exists)
#   nvidia-smi.txt
#   logs.tar.gz   build/test/bench logs, per-process JSON, exec outputs
#
# Usage: scripts/gpu-device-run.sh [--quick] [--artifacts DIR] [--no-bench]
#                                  [--budget SECONDS]
# --quick: 4 shapes, 20 repetitions (about 2 minutes of benchmarking);
# default: all 11 shapes (a few minutes). --budget (default 540) stops
# starting new steps when the whole run would exceed it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD

QUICK=0
ARTIFACTS=build-gpu-artifacts
RUN_BENCH=1
BUDGET=540
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --artifacts) ARTIFACTS=$2; shift 2 ;;
    --no-bench) RUN_BENCH=0; shift ;;
    --budget) BUDGET=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "gpu-device-run: unknown argument $1" >&2; exit 2 ;;
  esac
done

OUT=${OUT:-$ROOT/gpu-device-out}
mkdir -p "$OUT"
BUILD=$ROOT/build-gpu-runtime
LOGS=$(mktemp -d)
SUMMARY=$OUT/summary.txt
START=$(date +%s)
FAILED=0
: > "$SUMMARY"

say() { echo "$*" | tee -a "$SUMMARY"; }
elapsed() { echo $(( $(date +%s) - START )); }
left() { echo $(( BUDGET - $(elapsed) )); }
# step NAME LOGFILE TIMEOUT CMD...: runs CMD with a time limit, logs it and
# records the outcome in the summary.
step() {
  local name=$1 log=$2 limit=$3
  shift 3
  local t0 rc
  t0=$(date +%s)
  timeout --kill-after=10 "$limit" "$@" > "$LOGS/$log" 2>&1
  rc=$?
  local status=ok
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then status="TIMEOUT after ${limit}s"; FAILED=1
  elif [ $rc -ne 0 ]; then status="FAILED (exit $rc)"; FAILED=1; fi
  say "$(printf '%-34s %-22s %4ss  log: %s' "$name" "$status" $(( $(date +%s) - t0 )) "$log")"
  return $rc
}

say "gpu-device-run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
say "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (+ local changes)')"

# --- 1. The GPU ---------------------------------------------------------------
if command -v nvidia-smi > /dev/null; then
  {
    nvidia-smi
    echo
    nvidia-smi --query-gpu=name,driver_version,pstate,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu --format=csv
  } > "$OUT/nvidia-smi.txt" 2>&1
  say "GPU: $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader 2>/dev/null | head -1)"
else
  say "nvidia-smi not found"
fi

# --- 2. Build -----------------------------------------------------------------
CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
CMAKE_ARGS=(-S runtime -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_CUDA_ARCHITECTURES=90a -DSTL_RUNTIME_TEST_ARCH=90a)
command -v ninja > /dev/null && CMAKE_ARGS+=(-G Ninja)
[ -x "$CUDA_HOME/bin/nvcc" ] && CMAKE_ARGS+=(-DCUDAToolkit_ROOT="$CUDA_HOME"
                                            -DCMAKE_CUDA_COMPILER="$CUDA_HOME/bin/nvcc")
HAVE_ARTIFACTS=0
if [ -f "$ARTIFACTS/manifest.json" ]; then
  HAVE_ARTIFACTS=1
  CMAKE_ARGS+=(-DSTL_KERNEL_ARTIFACTS="$(cd "$ARTIFACTS" && pwd)")
  say "artifacts: $ARTIFACTS ($(ls "$ARTIFACTS"/objects/*.o 2>/dev/null | wc -l) case objects, $(ls "$ARTIFACTS"/exec/*.o 2>/dev/null | wc -l) exec tests)"
else
  say "artifacts: none ($ARTIFACTS/manifest.json missing): baselines and stl-ref only"
fi
BUILT=0
if step "configure runtime/" configure.log 180 cmake "${CMAKE_ARGS[@]}" &&
   step "build runtime/" build.log 300 cmake --build "$BUILD" -j "$(nproc)"; then
  BUILT=1
fi

# --- 3. Tests -----------------------------------------------------------------
if [ $BUILT = 1 ]; then
  step "ctest (runtime, bench)" ctest.log 240 \
    ctest --test-dir "$BUILD" --output-on-failure --timeout 200
  grep -E "tests passed|Passed|Failed|Skipped|SKIPPED|FAIL|^device:" "$LOGS/ctest.log" |
    sed 's/^/    /' | tee -a "$SUMMARY" > /dev/null
  # CTest counts a skip as a pass; on the GPU machine it is a failure.
  if grep -qE "stl-runtime-gpu .*Skipped|stl-bench-smoke .*Skipped" "$LOGS/ctest.log"; then
    say "GPU tests were SKIPPED on the GPU machine (no usable driver?)"
    FAILED=1
  fi
fi

# --- 4. GPU execution tests ---------------------------------------------------
# Each carried exec/<name>.o was linked into $BUILD/bin/exec/<name> with
# libstl_runtime and libstl_runner_utils; its stdout must equal
# exec/<name>.expected (from mlir-runner on the CPU) except for addresses.
# The exit status only counts when the program was killed by a signal
# (crash, abort on a CUDA error).
# TODO(gpu-pipeline): numeric tolerances, if GPU and CPU results may differ
# in the last digits, go here (today: exact text comparison).
if [ $BUILT = 1 ] && [ $HAVE_ARTIFACTS = 1 ]; then
  mkdir -p "$LOGS/exec"
  for expected in "$ARTIFACTS"/exec/*.expected; do
    [ -e "$expected" ] || break
    t=$(basename "$expected" .expected)
    exe=$BUILD/bin/exec/$t
    if [ ! -x "$exe" ]; then
      say "exec $t: FAILED (not built)"; FAILED=1; continue
    fi
    timeout --kill-after=5 60 "$exe" > "$LOGS/exec/$t.out" 2> "$LOGS/exec/$t.err"
    rc=$?
    sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' "$LOGS/exec/$t.out" > "$LOGS/exec/$t.got"
    sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' "$expected" > "$LOGS/exec/$t.want"
    if [ $rc -ge 124 ]; then
      say "exec $t: FAILED (exit $rc: timeout or signal)"; FAILED=1
    elif diff "$LOGS/exec/$t.want" "$LOGS/exec/$t.got" > "$LOGS/exec/$t.diff"; then
      say "exec $t: ok"
    else
      say "exec $t: FAILED (output differs, see exec/$t.diff)"; FAILED=1
    fi
  done
fi

# --- 5. Benchmarks ------------------------------------------------------------
BENCH=$BUILD/bin/stl-bench
BENCH_JSONS=()
if [ $BUILT = 1 ] && [ $RUN_BENCH = 1 ] && [ -x "$BENCH" ]; then
  # stl-ref schemes: exact <2,2,2;7>, exact <4,4,4;49>, approximate <4,4,4;24>.
  SCHEME_ARGS=()
  for s in strassen strassen-4x4 cp-als-4x4x4-r24; do
    [ -f "schemes/$s.json" ] && SCHEME_ARGS+=(--scheme "schemes/$s.json")
  done
  MODE=()
  [ $QUICK = 1 ] && MODE=(--quick)
  # Leave time for the compiled cases and the wrap-up.
  LIMIT=$(( $(left) - 90 ))
  [ $HAVE_ARTIFACTS = 1 ] && LIMIT=$(( LIMIT - 120 ))
  if [ $LIMIT -gt 60 ]; then
    step "stl-bench (baselines, stl-ref)" bench-ref.txt "$LIMIT" \
      "$BENCH" "${MODE[@]}" "${SCHEME_ARGS[@]}" --no-generated \
      --json "$LOGS/bench-ref.json"
    BENCH_JSONS+=("$LOGS/bench-ref.json")
  else
    say "stl-bench (baselines, stl-ref): SKIPPED, out of time budget"; FAILED=1
  fi

  if [ $HAVE_ARTIFACTS = 1 ]; then
    MANIFEST=$ARTIFACTS/manifest.json
    mapfile -t CASES < <("$BENCH" --list-cases --manifest "$MANIFEST" | awk '{print $1}')
    [ ${#CASES[@]} -eq 0 ] && say "stl-bench (compiled cases): the manifest lists none"
    for c in "${CASES[@]}"; do
      LIMIT=$(( $(left) - 45 ))
      [ $LIMIT -gt 120 ] && LIMIT=120
      if [ $LIMIT -lt 20 ]; then
        say "stl-bench case $c: SKIPPED, out of time budget"; FAILED=1; continue
      fi
      step "stl-bench case $c" "bench-gen-$c.txt" "$LIMIT" \
        "$BENCH" "${MODE[@]}" --manifest "$MANIFEST" --case "$c" --no-ref \
        --kernel-dir "$BUILD/bin" --json "$LOGS/bench-gen-$c.json"
      BENCH_JSONS+=("$LOGS/bench-gen-$c.json")
    done
  fi
fi

# --- 6. Plot, tables, logs ----------------------------------------------------
EXISTING=()
for j in "${BENCH_JSONS[@]}"; do [ -s "$j" ] && EXISTING+=("$j"); done
if [ ${#EXISTING[@]} -gt 0 ]; then
  python3 runtime/bench/plot.py "${EXISTING[@]}" --merge "$OUT/bench.json" \
    --out "$OUT/speedup.png" > "$LOGS/plot.log" 2>&1
  sed 's/^/  /' "$LOGS/plot.log" | tee -a "$SUMMARY"
fi
for table in "$LOGS"/bench-ref.txt "$LOGS"/bench-gen-*.txt; do
  [ -e "$table" ] || continue
  {
    echo
    echo "== $(basename "$table") =="
    # The table follows the last blank line of stl-bench's output.
    awk 'BEGIN{t=0} /^ *M +K +N +impl/{t=1} t' "$table"
    grep -E "^(note|FAILED|stl-bench|device-to-device|stl-runtime)" "$table" | head -40
  } >> "$SUMMARY"
done

command -v nvidia-smi > /dev/null &&
  nvidia-smi --query-gpu=pstate,clocks.sm,clocks.mem,power.draw,temperature.gpu,clocks_throttle_reasons.active \
    --format=csv > "$LOGS/nvidia-smi-after.txt" 2>&1
say ""
say "total $(elapsed)s; $([ $FAILED = 0 ] && echo 'all steps ok' || echo 'SOME STEPS FAILED')"
tar czf "$OUT/logs.tar.gz" -C "$LOGS" . 2>/dev/null
rm -rf "$LOGS"
exit $FAILED
