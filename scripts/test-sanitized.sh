#!/usr/bin/env bash
# Builds stl-opt, stl-scheme, the unit tests and the fuzz targets with
# AddressSanitizer + UndefinedBehaviorSanitizer (clang, every UBSan finding
# fatal) in build-asan/, runs the whole lit and GoogleTest suite with those
# binaries, then every fuzz target over its seeds and committed inputs
# (scripts/fuzz.sh -r).
#
#   scripts/test-sanitized.sh [FUZZ_SECONDS_PER_TARGET]
#
# Without an argument the fuzz targets only replay, which is deterministic:
# a timed run explores new inputs and can find an (often upstream) parser
# crash on any run, which must not decide whether a change passes. With
# FUZZ_SECONDS_PER_TARGET > 0 each target explores that long instead.
#
# Needs the packages of scripts/setup.sh plus clang and lld (libFuzzer, the
# sanitizer runtimes, the linker clang finds); installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${1:-0}

LLVM_PREFIX=/usr/lib/llvm-22
CLANG_VERSION=14
PACKAGES=(clang-$CLANG_VERSION lld-$CLANG_VERSION llvm-22-dev llvm-22-tools
          libmlir-22-dev mlir-22-tools lld-22 ninja-build cmake libgtest-dev
          python3)
scripts/install-packages.sh "${PACKAGES[@]}"

BUILD_DIR=build-asan
# No CUDA runtime: the GPU execution tests it serves are skipped without a
# GPU anyway, and nvcc does not take the sanitizer flags.
CONFIG=(-DCMAKE_BUILD_TYPE=Release
        -DCMAKE_C_COMPILER=clang-$CLANG_VERSION
        -DCMAKE_CXX_COMPILER=clang++-$CLANG_VERSION
        -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir"
        -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit"
        -DLLVM_USE_LINKER=lld -DLLVM_PARALLEL_LINK_JOBS=1
        -DSTL_ENABLE_RUNTIME=OFF
        -DSTL_ENABLE_SANITIZERS="address;undefined" -DSTL_ENABLE_FUZZERS=ON)
command -v ccache > /dev/null &&
  CONFIG+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
[ -f "$BUILD_DIR/build.ninja" ] || cmake -G Ninja -S . -B "$BUILD_DIR" "${CONFIG[@]}"
start=$(date +%s)
ninja -C "$BUILD_DIR" -j"$(nproc)" stl-opt stl-scheme STLUnitTests stl-fuzzers
echo "test-sanitized: build took $(( $(date +%s) - start )) s"

# A sanitizer report must fail the test even under `not`: abort instead of
# exiting 1. allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons a new
# slab from code inlined into the instrumented stl objects, and the
# uninstrumented libMLIR.so then hands out pieces of it without unpoisoning
# them (a false use-after-poison in MLIR's own uniquer). Heap, stack and
# global checks of the stl code are unaffected.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:allow_user_poisoning=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0
export ASAN_SYMBOLIZER_PATH=$LLVM_PREFIX/bin/llvm-symbolizer

start=$(date +%s)
# The lit site config of build-asan/ names build-asan/bin: the suite runs the
# sanitized stl-opt and stl-scheme.
ninja -C "$BUILD_DIR" check-stl
echo "test-sanitized: lit + unit suite took $(( $(date +%s) - start )) s"

if [ "$FUZZ_SECONDS" -gt 0 ]; then
  scripts/fuzz.sh -b "$BUILD_DIR" -t "$FUZZ_SECONDS"
else
  scripts/fuzz.sh -b "$BUILD_DIR" -r
fi
