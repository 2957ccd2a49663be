#!/usr/bin/env bash
# Prepares what scripts/gpu-device-run.sh needs on a GPU machine that has no
# MLIR: runs stl-opt HERE and writes build-gpu-artifacts/ (carry it with the
# working tree):
#
#   manifest.json         benchmark cases for stl-bench (docs/Benchmarking.md)
#   schemes/*.json        the scheme files the cases and stl-ref use
#   mlir/<case>.mlir      each case's input (stl ops on tensors)
#   objects/<case>.o      each case compiled: host code + embedded cubin,
#                         linked there into libstlk_<case>.so
#   exec/<test>.o         GPU execution tests (a host `main` that prints)
#   exec/<test>.expected  their expected output from the CPU path
#   iree/                 IREE's CUDA target (phase 3 of the device script):
#                         the dense and STL forms of a matmul and a GPT block
#                         as .vmfb for sm_80, check inputs and expected
#                         outputs, IREE's runtime tools (bench/iree_gpu.py;
#                         about 8 MB)
#   prepare.log           what ran
#
# Usage: scripts/prepare-gpu-artifacts.sh [--out DIR] [--build DIR] [--quick]
#                                         [--cases "scheme:MxKxN[:OPTS] ..."]
#                                         [--exec "NAME ..." | --exec none]
#                                         [--iree cuda|llvm-cpu|none]
# --iree: cuda (the default when the Python environment has IREE, torch and
#   torch-mlir and neither --cases nor --exec is given), llvm-cpu (a
#   rehearsal set that phase 3 runs on this machine's CPU) or none.
# Env:   LLVM_BIN (default /usr/lib/llvm-22/bin), CUDA_HOME (/usr/local/cuda),
#        STL_GPU_CHIP (sm_90a), STL_GPU_FORMAT (bin),
#        STL_HOST_FEATURES (+f16c: host code converts f32<->f16 inline),
#        STL_PYTHON (.venv/bin/python: the Python with IREE for iree/)
#
# Exits non-zero if any case or execution test could not be compiled; the
# schemes and the manifest are written anyway, each case that could not be
# compiled listed under "skipped" with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=build-gpu-artifacts
BUILD=build
QUICK=0
CASES=""
EXEC_TESTS=""
IREE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --cases) CASES=$2; shift 2 ;;
    --exec) EXEC_TESTS=$2; shift 2 ;;
    --iree) case "$2" in cuda|llvm-cpu|none) IREE=$2 ;;
            *) echo "prepare-gpu-artifacts: --iree cuda, llvm-cpu or none" >&2; exit 2 ;; esac
            shift 2 ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "prepare-gpu-artifacts: unknown argument $1" >&2; exit 2 ;;
  esac
done

LLVM_BIN=${LLVM_BIN:-/usr/lib/llvm-22/bin}
CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
CHIP=${STL_GPU_CHIP:-sm_90a}
FORMAT=${STL_GPU_FORMAT:-bin}
# Without F16C, LLVM lowers host f32<->f16 conversions to calls of
# __truncsfhf2/__extendhfsf2, which older libgcc versions (on the GPU
# machine) lack; with it they are single instructions (every x86-64 CPU of
# the last decade has it).
HOST_FEATURES=${STL_HOST_FEATURES:-+f16c}
STL_OPT=$BUILD/bin/stl-opt
MLIR_TRANSLATE=$LLVM_BIN/mlir-translate
LLC=$LLVM_BIN/llc
MLIR_RUNNER=$LLVM_BIN/mlir-runner
MLIR_LIB=$(dirname "$LLVM_BIN")/lib

# Default cases: <library scheme>:<MxKxN>[:<pipeline options>] (options
# joined by '+', e.g. schedule=data_parallel+stages=3; the case name gets
# them as a suffix). Large shapes, where STL can pay off
# (docs/stl-operator.md section 4); every scheme at 8192^3; one small case
# (1024^3) whose GPU time is short enough to show the per-call host
# overhead and what a CUDA graph saves; the data-parallel sm_90a GEMM and
# the persistent one with 2-block clusters (rhs multicast) next to the
# default persistent one, last so that a short phase loses them first.
CASES_GIVEN=$CASES
if [ -z "$CASES" ]; then
  if [ "$QUICK" = 1 ]; then
    CASES="strassen:8192x8192x8192 cp-als-4x4x4-r24:8192x8192x8192
           strassen:1024x1024x1024
           strassen:8192x8192x8192:schedule=data_parallel
           cp-als-4x4x4-r24:8192x8192x8192:cluster=2"
  else
    CASES="strassen:1024x1024x1024 strassen:4096x4096x4096 strassen:8192x8192x8192
           strassen:8192x8192x8192:schedule=data_parallel
           strassen-4x4:8192x8192x8192 cp-als-4x4x4-r24:8192x8192x8192
           cp-als-4x4x4-r24:8192x8192x8192:cluster=2
           cp-als-4x4x4-r24:16384x4096x14336 cp-als-4x4x4-r24:16384x16384x16384"
  fi
fi

rm -rf "$OUT"
mkdir -p "$OUT"/{schemes,mlir,objects,exec}
LOG=$OUT/prepare.log
: > "$LOG"
log() { echo "$*" | tee -a "$LOG"; }
# set -e stops the script at the first failing command: say which.
trap 'log "FAILED: prepare-gpu-artifacts.sh stopped at line $LINENO: $BASH_COMMAND"' ERR

log "prepare-gpu-artifacts: $(date -u +%Y-%m-%dT%H:%M:%SZ) into $OUT"
log "  stl-opt: $STL_OPT; LLVM: $LLVM_BIN; CUDA: $CUDA_HOME; chip $CHIP, format $FORMAT"

# --- Schemes ------------------------------------------------------------------
# The bundled files (schemes/, checked against the scheme library); a library
# scheme without a file is exported with stl-scheme when it is built.
cp schemes/*.json "$OUT/schemes/" 2>/dev/null || true
scheme_file() { # NAME -> path of its JSON under $OUT (exported on demand)
  local f="$OUT/schemes/$1.json"
  if [ ! -f "$f" ] && [ -x "$BUILD/bin/stl-scheme" ]; then
    "$BUILD/bin/stl-scheme" export "$1" -o "$f" >> "$LOG" 2>&1 || rm -f "$f"
  fi
  [ -f "$f" ] && echo "$f"
}
scheme_field() { # FILE FIELD -> integer field of a scheme JSON
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# --- Is the GPU pipeline there? -----------------------------------------------
# Ask stl-opt to run it on an empty module. (Not `stl-opt --help | grep -q`:
# under pipefail, grep exiting at the first match kills stl-opt with SIGPIPE
# while it still writes its long help text, and the check fails at random.)
PIPELINE=0
if [ ! -x "$STL_OPT" ]; then
  log "  NOTE: no $STL_OPT: no case is compiled"
elif probe=$(echo 'module {}' | "$STL_OPT" - -o /dev/null \
               --stl-gpu-pipeline="chip=$CHIP format=isa" 2>&1); then
  PIPELINE=1
else
  log "  NOTE: $STL_OPT cannot run --stl-gpu-pipeline (no case is compiled):"
  log "$probe"
fi

# --- Case inputs --------------------------------------------------------------
# One module per case with the five stage functions of the manifest ABI, on
# tensors, with C interfaces.
# --stl-gpu-pipeline turns these into
#   void _mlir_ciface_stl_<stage>(memref descriptors..., outputs last)
# on device memory, launching through the mgpu* entry points of
# libstl_runtime.so (docs/GPU.md, "Host ABI").
gen_case_mlir() { # SCHEME M K N m k n r DTYPE
  local s=$1 M=$2 K=$3 N=$4 m=$5 k=$6 n=$7 r=$8 t=$9
  local I=$((M / m)) J=$((K / k)) L=$((N / n))
  local X="tensor<${M}x${K}x${t}>" W="tensor<${K}x${N}x${t}>"
  local XH="tensor<${r}x${I}x${J}x${t}>" WH="tensor<${r}x${J}x${L}x${t}>"
  local P="tensor<${r}x${I}x${L}xf32>" Y="tensor<${M}x${N}x${t}>"
  local S="{scheme = #stl.scheme<\"$s\">}"
  cat <<EOF
// Generated by scripts/prepare-gpu-artifacts.sh: Y = X.W, ${M}x${K}x${N},
// scheme $s <$m,$k,$n> rank $r, $t operands, f32 accumulation.
module {
  func.func @stl_encode_lhs(%x: $X) -> $XH attributes {llvm.emit_c_interface} {
    %0 = stl.encode lhs %x $S : $X -> $XH
    return %0 : $XH
  }
  func.func @stl_encode_rhs(%w: $W) -> $WH attributes {llvm.emit_c_interface} {
    %0 = stl.encode rhs %w $S : $W -> $WH
    return %0 : $WH
  }
  func.func @stl_hadamard(%a: $XH, %b: $WH) -> $P attributes {llvm.emit_c_interface} {
    %0 = stl.hadamard %a, %b : $XH, $WH -> $P
    return %0 : $P
  }
  func.func @stl_decode(%p: $P) -> $Y attributes {llvm.emit_c_interface} {
    %0 = stl.decode %p $S : $P -> $Y
    return %0 : $Y
  }
  func.func @stl_matmul(%x: $X, %we: $WH) -> $Y attributes {llvm.emit_c_interface} {
    %0 = stl.matmul %x, %we acc(f32) rhs_encoded $S : $X, $WH -> $Y
    return %0 : $Y
  }
}
EOF
}

# stl-opt -> LLVM dialect -> LLVM IR -> PIC object. Returns non-zero (with
# the reason in the log) if any step fails.
compile_to_object() { # INPUT.mlir OUTPUT.o [EXTRA PIPELINE OPTIONS]
  local in=$1 out=$2 base=${2%.o} extra=${3:-}
  "$STL_OPT" "$in" \
      --stl-gpu-pipeline="chip=$CHIP format=$FORMAT toolkit=$CUDA_HOME $extra" \
      -o "$base.llvm.mlir" >> "$LOG" 2>&1 &&
    "$MLIR_TRANSLATE" --mlir-to-llvmir "$base.llvm.mlir" -o "$base.ll" >> "$LOG" 2>&1 &&
    "$LLC" -O3 -filetype=obj -relocation-model=pic -mattr="$HOST_FEATURES" \
      "$base.ll" -o "$out" >> "$LOG" 2>&1 &&
    check_runtime_helpers "$out"
  local rc=$?
  rm -f "$base.llvm.mlir" "$base.ll"
  return $rc
}

# Fails if OBJECT needs a libgcc/compiler-rt soft-float helper (__truncsfhf2,
# __extendhfsf2, __truncsfbf2, ...): the GPU machine's libgcc may not have
# it, and a missing symbol there costs the whole link.
check_runtime_helpers() { # OBJECT
  local helpers
  helpers=$(nm -u "$1" | awk '{print $2}' |
            grep -E '^__(extend|trunc)[a-z]+[hb]f2$' || true)
  if [ -n "$helpers" ]; then
    echo "$1 needs soft-float helpers:" $helpers >> "$LOG"
    return 1
  fi
}

# --- Benchmark cases ----------------------------------------------------------
CASES_JSON=$OUT/.cases.jsonl
SKIPPED_JSON=$OUT/.skipped.jsonl
: > "$CASES_JSON"
: > "$SKIPPED_JSON"
for spec in $CASES; do
  IFS=: read -r scheme shape opts <<< "$spec"
  IFS=x read -r M K N <<< "$shape"
  name="${scheme}_bf16_${M}x${K}x${N}"
  # schedule=data_parallel+stages=3 -> options "schedule=data_parallel
  # stages=3", name suffix "_schedule-data_parallel_stages-3".
  if [ -n "$opts" ]; then
    suffix=${opts//=/-}
    suffix=${suffix//+/_}
    name="${name}_${suffix//,/x}"
    opts=${opts//+/ }
  fi
  file=$(scheme_file "$scheme") || true
  if [ -z "$file" ]; then
    log "  skip $name: no scheme file for '$scheme'"
    echo "{\"name\": \"$name\", \"reason\": \"no scheme file\"}" >> "$SKIPPED_JSON"
    continue
  fi
  m=$(scheme_field "$file" m); k=$(scheme_field "$file" k)
  n=$(scheme_field "$file" n); r=$(scheme_field "$file" rank)
  gen_case_mlir "$scheme" "$M" "$K" "$N" "$m" "$k" "$n" "$r" bf16 > "$OUT/mlir/$name.mlir"
  reason=""
  if [ "$PIPELINE" = 0 ]; then
    reason="stl-opt has no --stl-gpu-pipeline"
  elif ! compile_to_object "$OUT/mlir/$name.mlir" "$OUT/objects/$name.o" "$opts"; then
    reason="compilation failed (see prepare.log)"
    rm -f "$OUT/objects/$name.o"
  fi
  if [ -n "$reason" ]; then
    log "  skip $name: $reason"
    echo "{\"name\": \"$name\", \"reason\": \"$reason\"}" >> "$SKIPPED_JSON"
    continue
  fi
  # The manifest lists the stage symbols the object really defines.
  symbols=$(nm -g --defined-only "$OUT/objects/$name.o" | awk '{print $3}' |
            grep '^_mlir_ciface_stl_' | tr '\n' ' ' || true)
  log "  compiled $name: $symbols"
  python3 - "$name" "$scheme" "$M" "$K" "$N" "$m" "$k" "$n" "$r" "$symbols" "$opts" >> "$CASES_JSON" <<'PY'
import json, sys
name, scheme, M, K, N, m, k, n, r, symbols, opts = sys.argv[1:]
defined = set(symbols.split())
stages = {}
for stage in ("encode_lhs", "encode_rhs", "hadamard", "decode", "matmul"):
    sym = "_mlir_ciface_stl_" + stage
    stages[stage] = sym if sym in defined else None
print(json.dumps({
    "name": name, "library": "libstlk_%s.so" % name,
    "object": "objects/%s.o" % name,
    "M": int(M), "K": int(K), "N": int(N),
    "scheme": scheme, "scheme_file": "schemes/%s.json" % scheme,
    "tile": {"m": int(m), "k": int(k), "n": int(n)}, "rank": int(r),
    "dtype": "bf16", "out_dtype": "bf16", "hadamard_dtype": "f32",
    "pipeline_options": opts, "symbols": stages}))
PY
done

# --- GPU execution tests ------------------------------------------------------
# Each test is an MLIR program with a void @run that prints its results
# (printMemrefF32, ...) and `func.func @main() -> i32` calling it. Its
# expected output comes from the CPU path (mlir-runner -e run); the GPU build
# of the same program (managed memory, so that the host prints device
# results) is an object with `main`, linked there with libstl_runtime.so and
# libstl_runner_utils.so.
EXEC_SOURCES=()
if [ "$EXEC_TESTS" = none ]; then
  :
elif [ -n "$EXEC_TESTS" ]; then
  for t in $EXEC_TESTS; do EXEC_SOURCES+=("test/GPU/Execution/$t.mlir"); done
else
  EXEC_SOURCES=(test/GPU/Execution/*.mlir)
fi
for src in "${EXEC_SOURCES[@]}"; do
  t=$(basename "$src" .mlir)
  if [ ! -e "$src" ]; then
    log "  exec test $t: no such file $src"
    echo "{\"name\": \"exec:$t\", \"reason\": \"no such file\"}" >> "$SKIPPED_JSON"
    continue
  fi
  if "$STL_OPT" "$src" --stl-cpu-pipeline -o "$OUT/exec/$t.cpu.mlir" >> "$LOG" 2>&1 &&
     "$MLIR_RUNNER" "$OUT/exec/$t.cpu.mlir" -e run -entry-point-result=void \
        -shared-libs="$MLIR_LIB/libmlir_runner_utils.so" \
        -shared-libs="$MLIR_LIB/libmlir_c_runner_utils.so" \
        > "$OUT/exec/$t.expected" 2>> "$LOG" &&
     [ "$PIPELINE" = 1 ] &&
     compile_to_object "$src" "$OUT/exec/$t.o" "managed-memory=1"; then
    log "  exec test $t: object and expected output"
  else
    log "  exec test $t: skipped (see prepare.log)"
    echo "{\"name\": \"exec:$t\", \"reason\": \"compilation or CPU reference failed (see prepare.log)\"}" >> "$SKIPPED_JSON"
    rm -f "$OUT/exec/$t.o" "$OUT/exec/$t.expected"
  fi
  # `// GPU-VARIANT: NAME OPTIONS...` lines build the same program again with
  # more pipeline options (e.g. hadamard-backend=cublas) as exec test
  # $t.NAME, which must print the same numbers.
  if [ -e "$OUT/exec/$t.expected" ]; then
    # (grep exits 1 for a test without variants: not an error under
    # pipefail and set -e.)
    { grep -E '^// GPU-VARIANT: ' "$src" || true; } | while read -r _ _ name opts; do
      if compile_to_object "$src" "$OUT/exec/$t.$name.o" "managed-memory=1 $opts"; then
        cp "$OUT/exec/$t.expected" "$OUT/exec/$t.$name.expected"
        log "  exec test $t.$name ($opts): object"
      else
        log "  exec test $t.$name: skipped (see prepare.log)"
        echo "{\"name\": \"exec:$t.$name\", \"reason\": \"compilation failed (see prepare.log)\"}" >> "$SKIPPED_JSON"
        rm -f "$OUT/exec/$t.$name.o"
      fi
    done
  fi
  rm -f "$OUT/exec/$t.cpu.mlir"
done

# --- IREE's CUDA target (phase 3) --------------------------------------------
# The modules, their check data and IREE's runtime tools; the GPU machine has
# neither IREE nor MLIR. Without --iree: only for the default set (a run with
# --cases or --exec picks what it wants) and only where the Python
# environment has what it needs (no failure where it has not).
PY=${STL_PYTHON:-.venv/bin/python}
if [ -z "$IREE" ]; then
  IREE=none
  if [ -z "$CASES_GIVEN$EXEC_TESTS" ]; then
    if [ -x "$PY" ] && "$PY" -c 'import iree.compiler, iree.runtime, torch, torch_mlir, stl.iree' 2> /dev/null; then
      IREE=cuda
    else
      log "  NOTE: no IREE, torch or torch-mlir in $PY (scripts/setup-python.sh): no iree/ (phase 3 is skipped)"
    fi
  fi
fi
case $IREE in
  none) ;;
  cuda|llvm-cpu)
    if "$PY" bench/iree_gpu.py prepare "$OUT/iree" --target "$IREE" 2>&1 |
         tee -a "$LOG"; then
      log "  iree: $(du -sh "$OUT/iree" | cut -f1) ($IREE)"
    else
      log "  iree: FAILED (see prepare.log)"
      echo '{"name": "iree", "reason": "bench/iree_gpu.py prepare failed (see prepare.log)"}' >> "$SKIPPED_JSON"
      rm -rf "$OUT/iree"
    fi ;;
esac

# --- Manifest -----------------------------------------------------------------
python3 - "$OUT" "$CHIP" "$FORMAT" <<'PY'
import json, os, sys, datetime
out, chip, fmt = sys.argv[1:]
def lines(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]
manifest = {
    "stl_bench_manifest": 1,
    "generated_by": "scripts/prepare-gpu-artifacts.sh",
    "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "chip": chip,
    "format": fmt,
    "cases": lines(os.path.join(out, ".cases.jsonl")),
    "skipped": lines(os.path.join(out, ".skipped.jsonl")),
}
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
print("  manifest: %d cases, %d skipped" % (len(manifest["cases"]), len(manifest["skipped"])))
PY
SKIPPED=$(grep -c . "$SKIPPED_JSON" || true)
rm -f "$CASES_JSON" "$SKIPPED_JSON"
du -sh "$OUT" | tee -a "$LOG"
if [ "$SKIPPED" != 0 ]; then
  log "FAILED: $SKIPPED case(s) or execution test(s) not compiled (see $LOG)"
  exit 1
fi
log "done: carry $OUT to the GPU machine and run scripts/gpu-device-run.sh"
