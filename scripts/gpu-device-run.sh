#!/usr/bin/env bash
# Runs on a machine with an NVIDIA GPU (H100/H200, CUDA 13, cmake, ninja),
# no MLIR needed, from the repository root, with build-gpu-artifacts/ from
# scripts/prepare-gpu-artifacts.sh next to it. Two phases, each with its own
# time budget; each runs whatever the other did:
#
#   phase 1, correctness (default budget 240 s):
#     nvidia-smi; configure runtime/; build the runtime and its tests, then
#     each execution-test program on its own (one that fails to link does
#     not stop the others); ctest (runtime tests: real launches, TMA,
#     clusters, ...); each GPU execution test's output against the CPU
#     path's expected output
#   phase 2, quick benchmark (default budget 270 s):
#     build stl-bench, then each compiled case's kernel library on its own;
#     stl-bench --quick: copy bandwidth, cuBLAS, batched GEMM, stl-ref; each
#     compiled case in its own process (a crashing kernel cannot take the
#     others down) with --graph: per stage the per-call host overhead
#     (pooled and with cuMemAlloc), the enqueue time, a CUDA-graph replay,
#     and for the hadamard its cuBLASLt twin (libstl_runtime) on the same
#     operands; summary.txt gets a host-path digest of these
#   phase 3, IREE's CUDA target (default budget 75 s, and never past
#     --deadline, default 570 s after the start, so that the whole run
#     stays inside a 600 s limit; skipped with a message when the artifacts
#     have no iree/manifest.json): IREE's own runtime tools (carried in
#     iree/bin) run the dense and the STL form of a matmul and of a GPT
#     block compiled for sm_80 (bench/iree_gpu.py): each small "check"
#     module's output against the expected one (iree-run-module
#     --expected_output), then each large "bench" module timed by
#     iree-benchmark-module; summary.txt gets dense against STL
#
# Everything lands in $OUT (flat, at most 6 files):
#   summary.txt    step status and times, bench tables, exec-test results
#   failures.txt   every failed step with the tail of its log
#   nvidia-smi.txt GPU, driver, clocks before (and after, in logs)
#   bench.json     all stl-bench records merged
#   speedup.png    speedup over dense cuBLAS vs size (if matplotlib exists)
#   logs.tar.gz    every log, per-process JSON, exec outputs and diffs
#
# Usage: scripts/gpu-device-run.sh [--phase 1|2|3|all] [--artifacts DIR]
#            [--budget1 SECONDS] [--budget2 SECONDS] [--budget3 SECONDS]
#            [--deadline SECONDS] [--full] [--dry-run] [--stub-driver]
# --full: stl-bench on all default shapes (minutes more; default --quick).
# --dry-run: print the steps that would run, with their commands and time
#   limits, and check the inputs; runs nothing (works without a GPU).
# --stub-driver: run the steps for real on a machine without a GPU, against
#   the CUDA toolkit's stub libcuda (lib64/stubs): configures, builds and
#   links everything; GPU steps fail with "no CUDA driver" (a rehearsal of
#   the build and the plumbing, e.g. phase 1 before a GPU run).
#   Phase 3 runs IREE's tools on the device the iree manifest names (cuda;
#   local-task for a rehearsal set made by bench/iree_gpu.py prepare
#   --target llvm-cpu, which really runs here).
# Exit status: 0 all steps ok, 1 some step failed, 2 usage.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD

START=$(date +%s)
PHASES="1 2 3"
ARTIFACTS=build-gpu-artifacts
BUDGET1=240
BUDGET2=270
BUDGET3=75
DEADLINE=570
QUICK=1
DRY=0
STUB=0
while [ $# -gt 0 ]; do
  case "$1" in
    --phase) case "$2" in 1|2|3) PHASES=$2 ;; all) PHASES="1 2 3" ;;
             *) echo "gpu-device-run: --phase 1, 2, 3 or all" >&2; exit 2 ;; esac
             shift 2 ;;
    --artifacts) ARTIFACTS=$2; shift 2 ;;
    --budget1) BUDGET1=$2; shift 2 ;;
    --budget2) BUDGET2=$2; shift 2 ;;
    --budget3) BUDGET3=$2; shift 2 ;;
    --deadline) DEADLINE=$2; shift 2 ;;
    --full) QUICK=0; shift ;;
    --dry-run) DRY=1; shift ;;
    --stub-driver) STUB=1; shift ;;
    -h|--help) sed -n '2,52p' "$0"; exit 0 ;;
    *) echo "gpu-device-run: unknown argument $1" >&2; exit 2 ;;
  esac
done

OUT=${OUT:-$ROOT/gpu-device-out}
mkdir -p "$OUT"
BUILD=${STL_DEVICE_BUILD:-$ROOT/build-gpu-runtime}
LOGS=$(mktemp -d)
SUMMARY=$OUT/summary.txt
FAILURES=$OUT/failures.txt
FAILED=0
: > "$SUMMARY"
: > "$FAILURES"
JOBS=$(nproc 2>/dev/null || echo 4)

say() { echo "$*" | tee -a "$SUMMARY"; }
now() { date +%s; }
PHASE_END=0
phase_left() { echo $(( PHASE_END - $(now) )); }

# fail NAME LOG STATUS: records a failed step with the tail of its log.
fail() {
  FAILED=1
  {
    echo "== $1: $3 (log: $2)"
    [ -f "$LOGS/$2" ] && tail -n 40 "$LOGS/$2"
    # A program's stderr, kept apart from its compared stdout.
    [ -f "$LOGS/${2%.out}.err" ] && tail -n 40 "$LOGS/${2%.out}.err"
    echo
  } >> "$FAILURES"
}

# step NAME LOG LIMIT CMD...: runs CMD with at most LIMIT seconds (less if
# the phase has less left), logs its output and records the outcome. In a
# dry run it only prints what it would run.
step() {
  local name=$1 log=$2 limit=$3
  shift 3
  local left
  left=$(phase_left)
  [ "$left" -lt "$limit" ] && limit=$left
  if [ $DRY = 1 ]; then
    say "$(printf '%-40s would run (limit %4ss): %s' "$name" "$limit" "$*")"
    return 0
  fi
  if [ "$limit" -lt 5 ]; then
    say "$(printf '%-40s %-24s' "$name" "SKIPPED (phase budget)")"
    echo "skipped: the phase's time budget was spent" > "$LOGS/$log"
    fail "$name" "$log" "skipped, phase budget spent"
    return 124
  fi
  local t0 rc status=ok
  t0=$(now)
  timeout --kill-after=10 "$limit" "$@" > "$LOGS/$log" 2>&1
  rc=$?
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then status="TIMEOUT after ${limit}s"
  elif [ $rc -ne 0 ]; then status="FAILED (exit $rc)"; fi
  say "$(printf '%-40s %-24s %4ss  log: %s' "$name" "$status" $(( $(now) - t0 )) "$log")"
  [ $rc -ne 0 ] && fail "$name" "$log" "$status"
  return $rc
}

# build NAME TARGET...: builds one target group; a group that fails does not
# stop the others.
build() {
  local name=$1
  shift
  step "build $name" "build-$name.log" 240 \
    cmake --build "$BUILD" -j "$JOBS" --target "$@"
}

say "gpu-device-run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)$([ $DRY = 1 ] && echo ' (dry run)')$([ $STUB = 1 ] && echo ' (stub driver)')"
say "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (+ local changes)')"
say "phases: $PHASES; budgets ${BUDGET1}s + ${BUDGET2}s + ${BUDGET3}s (phase 3 not past ${DEADLINE}s); $([ $QUICK = 1 ] && echo quick || echo full) benchmark"

# --- Inputs -------------------------------------------------------------------
HAVE_ARTIFACTS=0
CASE_NAMES=()
EXEC_NAMES=()
if [ -f "$ARTIFACTS/manifest.json" ]; then
  HAVE_ARTIFACTS=1
  ARTIFACTS=$(cd "$ARTIFACTS" && pwd)
  # In the manifest's order (the most important cases first), each with
  # its object.
  while read -r c; do
    [ -e "$ARTIFACTS/objects/$c.o" ] && CASE_NAMES+=("$c")
  done < <(python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    print(c["name"])' "$ARTIFACTS/manifest.json")
  for o in "$ARTIFACTS"/exec/*.o; do
    [ -e "$o" ] && EXEC_NAMES+=("$(basename "$o" .o)")
  done
  say "artifacts: $ARTIFACTS (${#CASE_NAMES[@]} case objects, ${#EXEC_NAMES[@]} exec tests)"
else
  say "artifacts: none ($ARTIFACTS/manifest.json missing): runtime tests, baselines and stl-ref only"
  fail "artifacts" "none" "missing $ARTIFACTS/manifest.json (run scripts/prepare-gpu-artifacts.sh and carry it)"
fi
for tool in cmake nvidia-smi; do
  command -v $tool > /dev/null || say "note: $tool not found"
done

CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
if [ $STUB = 1 ]; then
  mkdir -p "$LOGS/stub"
  ln -sf "$CUDA_HOME/lib64/stubs/libcuda.so" "$LOGS/stub/libcuda.so.1"
  export LD_LIBRARY_PATH="$LOGS/stub${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  say "stub driver: $CUDA_HOME/lib64/stubs/libcuda.so (GPU steps fail)"
fi
CMAKE_ARGS=(-S runtime -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_CUDA_ARCHITECTURES=90a -DSTL_RUNTIME_TEST_ARCH=90a)
command -v ninja > /dev/null && CMAKE_ARGS+=(-G Ninja)
[ -x "$CUDA_HOME/bin/nvcc" ] && CMAKE_ARGS+=(-DCUDAToolkit_ROOT="$CUDA_HOME"
                                            -DCMAKE_CUDA_COMPILER="$CUDA_HOME/bin/nvcc")
[ $HAVE_ARTIFACTS = 1 ] && CMAKE_ARGS+=(-DSTL_KERNEL_ARTIFACTS="$ARTIFACTS")

CONFIGURED=0
configure() {
  [ $CONFIGURED = 1 ] && return 0
  if step "configure runtime/" configure.log 120 cmake "${CMAKE_ARGS[@]}"; then
    CONFIGURED=1
  fi
  [ $CONFIGURED = 1 ]
}

# --- Phase 1: correctness -----------------------------------------------------
phase1() {
  PHASE_END=$(( $(now) + BUDGET1 ))
  say ""
  say "== phase 1: correctness (budget ${BUDGET1}s)"
  if [ $DRY = 0 ] && command -v nvidia-smi > /dev/null; then
    {
      nvidia-smi
      echo
      nvidia-smi --query-gpu=name,driver_version,pstate,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.draw,power.limit,temperature.gpu --format=csv
    } > "$OUT/nvidia-smi.txt" 2>&1
    say "GPU: $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader 2>/dev/null | head -1)"
  fi
  configure || return
  local runtime_ok=0
  build runtime stl_runtime stl_runner_utils stl-runtime-test \
    stl_runtime_test_kernels && runtime_ok=1
  local built=()
  for t in "${EXEC_NAMES[@]}"; do
    build "exec-$t" "stlx_$t" && built+=("$t")
  done
  if [ $runtime_ok = 1 ]; then
    step "ctest (runtime)" ctest-runtime.log 150 \
      ctest --test-dir "$BUILD" -R '^stl-runtime' --output-on-failure --timeout 120
    if [ $DRY = 0 ]; then
      grep -E "tests passed|Passed|Failed|Skipped|SKIPPED|FAIL|^device:" "$LOGS/ctest-runtime.log" |
        sed 's/^/    /' >> "$SUMMARY"
      # CTest counts a skip as a pass; on the GPU machine it is a failure.
      if grep -qE "stl-runtime-gpu .*Skipped" "$LOGS/ctest-runtime.log"; then
        say "    runtime GPU test SKIPPED on the GPU machine (no usable driver?)"
        fail "ctest (runtime)" ctest-runtime.log "GPU test skipped"
      fi
    fi
  fi
  # Each program's stdout must equal the CPU path's (mlir-runner) except
  # for addresses; the exit status counts when it is a timeout or a signal.
  mkdir -p "$LOGS/exec"
  for t in "${built[@]}"; do
    # stdout is the log (compared below); stderr goes beside it.
    step "exec $t" "exec/$t.out" 60 \
      sh -c 'exec "$0" 2> "$1"' "$BUILD/bin/exec/$t" "$LOGS/exec/$t.err"
    local rc=$?
    [ $DRY = 1 ] && continue
    sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' "$LOGS/exec/$t.out" > "$LOGS/exec/$t.got"
    sed -e 's/base@ = 0x[0-9a-f]*/base@ = ADDR/' "$ARTIFACTS/exec/$t.expected" > "$LOGS/exec/$t.want"
    if [ $rc -ne 0 ]; then
      case $t in tensorcore-gemm-persistent*) PERSISTENT_OK=0 ;; esac
    fi
    if [ $rc -ge 124 ]; then
      :
    elif diff "$LOGS/exec/$t.want" "$LOGS/exec/$t.got" > "$LOGS/exec/$t.diff"; then
      say "    exec $t: output matches the CPU path"
    else
      say "    exec $t: OUTPUT DIFFERS from the CPU path (see exec/$t.diff)"
      fail "exec $t" "exec/$t.diff" "output differs from the CPU path"
      case $t in tensorcore-gemm-persistent*) PERSISTENT_OK=0 ;; esac
    fi
  done
}

# --- Phase 2: quick benchmark -------------------------------------------------
BENCH_JSONS=()
# Set to 0 by phase 1 when the persistent sm_90a GEMM (the default kernel of
# every case without schedule=data_parallel) fails or hangs: phase 2 then
# measures the data-parallel cases first and gives the others 30 s each.
PERSISTENT_OK=1
phase2() {
  PHASE_END=$(( $(now) + BUDGET2 ))
  say ""
  say "== phase 2: benchmark (budget ${BUDGET2}s)"
  configure || return
  build bench stl_runtime stl-bench || return
  local libs=()
  for c in "${CASE_NAMES[@]}"; do
    build "case-$c" "stlk_$c" && libs+=("$c")
  done
  local bench=$BUILD/bin/stl-bench mode=()
  [ $QUICK = 1 ] && mode=(--quick)
  local schemes=()
  for s in strassen strassen-4x4 cp-als-4x4x4-r24; do
    [ -f "schemes/$s.json" ] && schemes+=(--scheme "schemes/$s.json")
  done
  # Leave each compiled case about 40 s.
  local ref_limit=$(( $(phase_left) - 40 * ${#libs[@]} - 10 ))
  [ $ref_limit -lt 60 ] && ref_limit=60
  step "stl-bench (baselines, stl-ref)" bench-ref.txt "$ref_limit" \
    "$bench" "${mode[@]}" "${schemes[@]}" --no-generated --budget-s 5 \
    --json "$LOGS/bench-ref.json"
  BENCH_JSONS+=("$LOGS/bench-ref.json")
  local limit=90
  if [ $PERSISTENT_OK = 0 ]; then
    say "  the persistent GEMM failed in phase 1: data-parallel cases first"
    local dp=() rest=()
    for c in "${libs[@]}"; do
      case $c in *schedule-data_parallel*) dp+=("$c") ;; *) rest+=("$c") ;; esac
    done
    libs=("${dp[@]}" "${rest[@]}")
  fi
  for c in "${libs[@]}"; do
    limit=90
    if [ $PERSISTENT_OK = 0 ]; then
      case $c in *schedule-data_parallel*) ;; *) limit=30 ;; esac
    fi
    step "stl-bench case $c" "bench-gen-$c.txt" "$limit" \
      "$bench" "${mode[@]}" --manifest "$ARTIFACTS/manifest.json" --case "$c" \
      --no-ref --graph --budget-s 5 --kernel-dir "$BUILD/bin" \
      --json "$LOGS/bench-gen-$c.json"
    BENCH_JSONS+=("$LOGS/bench-gen-$c.json")
  done
}

# --- Phase 3: IREE's CUDA target ----------------------------------------------
# Last and time-boxed: it never delays phases 1 and 2, and it ends by the
# deadline whatever they took. Needs no build: IREE's runtime tools and the
# modules come with the artifacts (bench/iree_gpu.py, called by
# scripts/prepare-gpu-artifacts.sh).
IREE_JSONS=()
IREE_DIR=$ARTIFACTS/iree
phase3() {
  PHASE_END=$(( $(now) + BUDGET3 ))
  local deadline=$(( START + DEADLINE ))
  [ $PHASE_END -gt $deadline ] && PHASE_END=$deadline
  say ""
  say "== phase 3: IREE CUDA modules (budget ${BUDGET3}s, $(phase_left)s left)"
  if [ ! -f "$IREE_DIR/manifest.json" ]; then
    say "  skipped: no $IREE_DIR/manifest.json (prepare-gpu-artifacts.sh ran without IREE)"
    return 0
  fi
  local bin
  bin=$(cd "$IREE_DIR" && pwd)/bin
  if [ ! -x "$bin/iree-run-module" ] || [ ! -x "$bin/iree-benchmark-module" ]; then
    say "  skipped: IREE's tools are missing from $bin"
    fail "iree tools" "none" "missing $bin/iree-run-module or iree-benchmark-module"
    return 0
  fi
  if [ $DRY = 0 ] && [ "$(phase_left)" -lt 10 ]; then
    say "  skipped: the run's deadline (${DEADLINE}s) is reached"
    return 0
  fi
  local device
  device=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1])).get("device", "cuda"))' "$IREE_DIR/manifest.json")
  mkdir -p "$LOGS/iree"
  # IREE's CUDA driver opens "libcuda.so", which a machine with only the
  # driver's libcuda.so.1 (containers) lacks: give it that one under the
  # unversioned name (the stub's with --stub-driver).
  if [ "$device" = cuda ] && [ $DRY = 0 ] &&
     ! ldconfig -p 2> /dev/null | grep -q 'libcuda\.so '; then
    local so1
    so1=$(ldconfig -p 2> /dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')
    [ $STUB = 1 ] && so1=$LOGS/stub/libcuda.so.1
    if [ -n "$so1" ]; then
      mkdir -p "$LOGS/iree-libcuda"
      ln -sf "$so1" "$LOGS/iree-libcuda/libcuda.so"
      export LD_LIBRARY_PATH="$LOGS/iree-libcuda${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      say "  libcuda.so for IREE: $so1"
    fi
  fi
  # One line per step: NAME KIND VMFB FUNCTION ARGS... (ARGS: --input=...,
  # --expected_output=..., without spaces; relative paths: the tools run in
  # $IREE_DIR).
  local name kind vmfb fn args
  while read -r name kind vmfb fn args; do
    if [ "$kind" = check ]; then
      # shellcheck disable=SC2086
      step "iree check $name" "iree/$name.txt" 40 \
        sh -c 'cd "$0" && exec "$@"' "$IREE_DIR" "$bin/iree-run-module" \
        --device="$device" --module="$vmfb" --function="$fn" $args
    else
      # shellcheck disable=SC2086
      step "iree bench $name" "iree/$name.txt" 40 \
        sh -c 'cd "$0" && exec "$@"' "$IREE_DIR" "$bin/iree-benchmark-module" \
        --device="$device" --module="$vmfb" --function="$fn" $args \
        --benchmark_repetitions=5 --benchmark_min_time=0.2s \
        --benchmark_out_format=json --benchmark_out="$LOGS/iree/$name.json"
      IREE_JSONS+=("$LOGS/iree/$name.json")
    fi
  done < <(python3 bench/iree_gpu.py steps "$IREE_DIR/manifest.json")
}

for p in $PHASES; do
  "phase$p"
done

# --- Wrap-up: plot, tables, logs ----------------------------------------------
if [ $DRY = 0 ]; then
  EXISTING=()
  for j in "${BENCH_JSONS[@]}"; do [ -s "$j" ] && EXISTING+=("$j"); done
  if [ ${#EXISTING[@]} -gt 0 ]; then
    python3 bench/gpu/plot.py "${EXISTING[@]}" --merge "$OUT/bench.json" \
      --out "$OUT/speedup.png" > "$LOGS/plot.log" 2>&1
    sed 's/^/  /' "$LOGS/plot.log" >> "$SUMMARY"
  fi
  for table in "$LOGS"/bench-ref.txt "$LOGS"/bench-gen-*.txt; do
    [ -e "$table" ] || continue
    {
      echo
      echo "== $(basename "$table") =="
      awk 'BEGIN{t=0} /^ *M +K +N +impl/{t=1} t' "$table"
      grep -E "^(note|FAILED|stl-bench|device-to-device|stl-runtime)" "$table" | head -40
    } >> "$SUMMARY"
  done
  if [ ${#EXISTING[@]} -gt 0 ]; then
    echo >> "$SUMMARY"
    python3 bench/gpu/host_path.py "${EXISTING[@]}" >> "$SUMMARY" 2>&1
  fi
  if [ ${#IREE_JSONS[@]} -gt 0 ]; then
    echo >> "$SUMMARY"
    python3 bench/iree_gpu.py table "$IREE_DIR/manifest.json" "${IREE_JSONS[@]}" \
      >> "$SUMMARY" 2>&1
  fi
  command -v nvidia-smi > /dev/null &&
    nvidia-smi --query-gpu=pstate,clocks.sm,clocks.mem,power.draw,temperature.gpu,clocks_throttle_reasons.active \
      --format=csv > "$LOGS/nvidia-smi-after.txt" 2>&1
fi
say ""
say "$([ $FAILED = 0 ] && echo 'all steps ok' || echo "SOME STEPS FAILED (see $(basename "$FAILURES"))")"
[ -s "$FAILURES" ] || rm -f "$FAILURES"
[ $DRY = 0 ] && tar czf "$OUT/logs.tar.gz" -C "$LOGS" . 2>/dev/null
rm -rf "$LOGS"
exit $FAILED
