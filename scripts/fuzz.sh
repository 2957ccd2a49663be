#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ for a given time each, then minimises
# every crash, timeout or out-of-memory input they found.
#
#   scripts/fuzz.sh [-t SECONDS | -r] [-b BUILD_DIR] [TARGET...]
#
#   -t SECONDS   time per target (default 60)
#   -r           replay only: run every seed and committed input once, no
#                mutation. Deterministic, so it is what CI runs; a timed
#                run explores and may find new inputs any time.
#   -b DIR       build directory configured with -DSTL_ENABLE_FUZZERS=ON
#                (default build-asan; scripts/test-sanitized.sh makes it)
#   TARGET       parse cpu gpu scheme capi (default: all five)
#
# Seeds: every `// -----` split of the lit tests' .mlir files (IR targets)
# and every scheme JSON file of the repository (scheme target), plus the
# inputs committed in fuzz/corpus/<target>/ (those that once found a bug).
# The growing corpus lives in BUILD_DIR/fuzz-corpus/<target>; findings land
# in BUILD_DIR/fuzz-findings/<target>/ with a minimised copy (*.min).
# Prints one summary line per target (executions, time, corpus, coverage)
# and exits 1 if anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."

TIME=60
REPLAY=0
BUILD=build-asan
while getopts "t:b:r" opt; do
  case $opt in
    t) TIME=$OPTARG ;;
    r) REPLAY=1 ;;
    b) BUILD=$OPTARG ;;
    *) sed -n '2,23p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(parse cpu gpu scheme capi)

ROOT=$PWD
# allow_user_poisoning=0: see scripts/test-sanitized.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0}"
[ -x /usr/lib/llvm-22/bin/llvm-symbolizer ] &&
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-22/bin/llvm-symbolizer

# Splits the lit tests into one seed per `// -----` chunk.
make_ir_seeds() {
  local out=$1
  mkdir -p "$out"
  for f in $(git ls-files 'test/*.mlir' 'examples/*.mlir'); do
    awk -v base="$out/$(echo "$f" | tr '/' '_')" '
      /^\/\/ -----/ { n++; next }
      /^\/\/ (RUN|CHECK|REQUIRES|expected-)/ { next }
      { print > (base "." n ".mlir") }' n=0 "$f"
  done
}

make_scheme_seeds() {
  local out=$1
  mkdir -p "$out"
  for f in $(git ls-files '*.json'); do
    cp "$f" "$out/$(echo "$f" | tr '/' '_')"
  done
}

status=0
summary=()
for t in "${TARGETS[@]}"; do
  bin="$BUILD/fuzz/stl-fuzz-$t"
  [ -x "$bin" ] || { echo "fuzz: $bin not built (ninja -C $BUILD stl-fuzzers)"; exit 2; }
  corpus="$BUILD/fuzz-corpus/$t"
  seeds="$BUILD/fuzz-seeds/$t"
  findings="$BUILD/fuzz-findings/$t"
  log="$BUILD/fuzz-logs/$t.log"
  rm -rf "$seeds"
  # Only this run's findings count: an earlier run's are kept beside them.
  if [ -n "$(ls -A "$findings" 2>/dev/null)" ]; then
    rm -rf "$findings.previous"
    mv "$findings" "$findings.previous"
  fi
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  if [ "$t" = scheme ]; then
    make_scheme_seeds "$seeds"
    dict=fuzz/scheme.dict
    maxlen=16384
  elif [ "$t" = capi ]; then
    # Its inputs start with a byte that picks the entry point: seeds are
    # fuzz/corpus/capi/ only.
    mkdir -p "$seeds"
    dict=fuzz/mlir.dict
    maxlen=8192
  else
    make_ir_seeds "$seeds"
    dict=fuzz/mlir.dict
    maxlen=8192
  fi
  [ -d "fuzz/corpus/$t" ] && cp fuzz/corpus/"$t"/* "$seeds"/ 2>/dev/null || true

  # -timeout: an input that takes longer is a hang; -rss_limit_mb: an input
  # that makes the compiler allocate more is a bug (sizes not checked).
  limits=(-timeout=10 -rss_limit_mb=3072 -print_final_stats=1
          -artifact_prefix="$findings/")
  if [ "$REPLAY" = 1 ]; then
    echo "fuzz: $t replays $(ls "$seeds" | wc -l) seeds"
    # -runs=0: execute the seed directory, then stop.
    "$bin" "$seeds" -runs=0 "${limits[@]}" > "$log" 2>&1 || true
  else
    echo "fuzz: $t for ${TIME}s ($(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) in corpus)"
    "$bin" "$corpus" "$seeds" -dict="$dict" -max_total_time="$TIME" \
      -max_len="$maxlen" "${limits[@]}" > "$log" 2>&1 || true
  fi

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  # -a: a target's log may hold the bytes of an input (the C API target's
  # are binary), which makes grep print "binary file matches" instead.
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -ao 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  files=$(ls "$corpus" | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)

  found=0
  for a in "$findings"/crash-* "$findings"/timeout-* "$findings"/oom-* \
           "$findings"/leak-*; do
    [ -f "$a" ] || continue
    case $a in *.min | *.minimize.log*) continue ;; esac
    found=$((found + 1))
    echo "fuzz: $t found $a; minimising"
    "$bin" -minimize_crash=1 -max_total_time=60 -timeout=10 \
      -rss_limit_mb=3072 -exact_artifact_path="$a.min" "$a" \
      > "$a.minimize.log" 2>&1 || true
    [ -f "$a.min" ] || cp "$a" "$a.min"
  done
  [ "$found" -eq 0 ] || status=1
  if [ "$REPLAY" = 1 ]; then
    summary+=("$(printf '%-7s replayed %-5s inputs, cov %s, ft %s, findings %s' \
      "$t" "$(ls "$seeds" | wc -l)" "${cov:-?}" "${ft:-?}" "$found")")
  else
    summary+=("$(printf '%-7s executions %-10s seconds %-5s corpus %s files / %s bytes, cov %s, ft %s, findings %s' \
      "$t" "${runs:-?}" "${secs:-?}" "$files" "$bytes" "${cov:-?}" "${ft:-?}" "$found")")
  fi
done

printf 'fuzz: %s\n' "${summary[@]}"
[ "$status" -eq 0 ] || echo "fuzz: findings in $BUILD/fuzz-findings (logs in $BUILD/fuzz-logs)"
exit "$status"
