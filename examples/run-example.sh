#!/usr/bin/env bash
# The main job on the bundled example: rewrite the MLP's matmuls into STL,
# report the multiplies saved, run the original and the rewritten program on
# the CPU, and print the max difference (zero is required: the inputs are
# integer-valued and the scheme exact). Then time a 2048^3 f32 product, the
# original against its STL form with SCHEME and with the best exact <4,4,4>
# scheme, in one run on one core (bench/cpu_speed.py), and print the
# speed-ups.
#
#   examples/run-example.sh [SCHEME]     (default: strassen)
#   STL_EXAMPLE_SIZE=N picks the timed size (0: no timing).
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEME=${1:-strassen}
BIN=build/bin
LLVM_BIN=/usr/lib/llvm-22/bin
LIBS="-shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so -shared-libs=/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== rewriting examples/mlp.mlir with scheme '$SCHEME'"
$BIN/stl-opt examples/mlp.mlir --stl-rewrite-matmul="scheme=$SCHEME" \
  --stl-report -o "$OUT/rewritten.mlir"

echo "== running the original and the rewritten program (CPU)"
$BIN/stl-opt examples/mlp.mlir --stl-cpu-pipeline -o "$OUT/original.ll.mlir"
$BIN/stl-opt "$OUT/rewritten.mlir" --stl-cpu-pipeline -o "$OUT/rewritten.ll.mlir"
$LLVM_BIN/mlir-runner "$OUT/original.ll.mlir" -e main -entry-point-result=void $LIBS > "$OUT/original.txt"
$LLVM_BIN/mlir-runner "$OUT/rewritten.ll.mlir" -e main -entry-point-result=void $LIBS > "$OUT/rewritten.txt"
python3 examples/compare_outputs.py "$OUT/original.txt" "$OUT/rewritten.txt" --tolerance 0
echo "== the rewritten MLP prints exactly the original's numbers"

SIZE=${STL_EXAMPLE_SIZE:-2048}
if [ "$SIZE" != 0 ]; then
  echo "== timing Y = X.W, f32 ${SIZE}^3, one core: the original and its STL forms"
  SCHEMES=$SCHEME
  [ "$SCHEME" = dps-4x4x4-r48 ] || SCHEMES="$SCHEME,dps-4x4x4-r48"
  python3 bench/cpu_speed.py --no-numpy --scalar-max 0 --sizes "$SIZE" --reps 3 \
    --schemes "$SCHEMES" | tee "$OUT/timing.txt"
  echo "(speed-up: the original's time over each; above 1 the STL form is faster)"
fi
