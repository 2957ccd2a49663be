#!/usr/bin/env bash
# The main job on the bundled example: rewrite the MLP's matmuls into STL,
# report the multiplies saved, run the original and the rewritten program on
# the CPU, and print the max difference (zero is required: the inputs are
# integer-valued and the scheme exact).
#
#   examples/run-example.sh [SCHEME]     (default: strassen)
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
