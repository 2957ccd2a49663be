#!/usr/bin/env bash
# Installs what the build needs (Debian packages), configures and builds.
# Re-running it is fast: packages already present are not fetched again and
# ninja rebuilds only what changed.
#
#   scripts/setup.sh [--static]   (--static: link the static MLIR libraries
#                                  into build-static/ instead of libMLIR.so)
set -euo pipefail
cd "$(dirname "$0")/.."

LLVM_PREFIX=/usr/lib/llvm-22
PACKAGES=(llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools lld-22
          ninja-build cmake g++ libgtest-dev python3 nlohmann-json3-dev
          libcli11-dev libopenblas0-pthread libomp5)

scripts/install-packages.sh "${PACKAGES[@]}"

BUILD_DIR=build
LINK_DYLIB=ON
if [ "${1:-}" = "--static" ]; then
  BUILD_DIR=build-static
  LINK_DYLIB=OFF
fi

# The Python environment (.venv/: nanobind for the bindings, torch,
# torch-mlir and IREE for stl.torch and stl.iree; several GB); reused when
# present. Not needed by the static build, nor by the quick start's main job
# (STL_SETUP_PYTHON=0: stl-opt, mlir-runner and plain python3 only).
if [ "$BUILD_DIR" != build-static ] && [ "${STL_SETUP_PYTHON:-1}" != 0 ]; then
  scripts/setup-python.sh
fi

# ccache, where installed, makes rebuilds of other checkouts cheap. Without
# it (a fresh machine) the shared MLIR headers are precompiled instead, which
# makes a cold build about a fifth faster; ccache cannot cache such compiles.
SPEEDUP=(-DSTL_PRECOMPILED_HEADERS=ON)
if command -v ccache > /dev/null; then
  SPEEDUP=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# STL_GPU_CODEGEN=OFF (the quick start's choice for a new build folder)
# configures a CPU-only compiler; the default turns the GPU code generation
# back on in a folder configured that way.
GPU_CODEGEN=${STL_GPU_CODEGEN:-ON}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" "${SPEEDUP[@]}" \
    -DCMAKE_BUILD_TYPE=Release \
    -DSTL_ENABLE_GPU_CODEGEN="$GPU_CODEGEN" \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
    -DLLVM_USE_LINKER=lld \
    -DSTL_LINK_MLIR_DYLIB="$LINK_DYLIB" \
    -DLLVM_PARALLEL_LINK_JOBS=1
fi
if [ "$GPU_CODEGEN" = ON ] &&
    grep -q '^STL_ENABLE_GPU_CODEGEN:BOOL=OFF' "$BUILD_DIR/CMakeCache.txt"; then
  cmake -S . -B "$BUILD_DIR" -DSTL_ENABLE_GPU_CODEGEN=ON > /dev/null
fi
# A build configured before the Python environment existed (the quick
# start's) picks up the bindings once it does.
if [ "$BUILD_DIR" = build ] && [ -x .venv/bin/python ] &&
    [ ! -d "$BUILD_DIR/python_packages" ]; then
  cmake -S . -B "$BUILD_DIR" > /dev/null
fi
# One link at a time (LLVM_PARALLEL_LINK_JOBS): a static stl-opt link takes
# about 1 GB.
ninja -C "$BUILD_DIR" -j"$(nproc)" ${STL_BUILD_TARGETS:-all}
# `import stl` in the venv finds the package the build assembled.
if [ -d "$BUILD_DIR/python_packages/stl" ]; then
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$PWD/$BUILD_DIR/python_packages" > "$site/stl-build.pth"
fi
