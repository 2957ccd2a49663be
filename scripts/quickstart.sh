#!/usr/bin/env bash
# Sets up what the main job needs (scripts/setup.sh without the Python
# environment: the Debian packages and the build), checks the scheme library,
# and runs the main job on the bundled example (examples/run-example.sh).
# scripts/test.sh adds the Python environment (torch, torch-mlir, IREE).
# Only the two tools the main job runs are built (stl-opt, stl-scheme), and a
# new build folder is configured without the GPU code generation (42 of the
# whole tree's compile units instead of 60 for these two tools);
# scripts/test.sh turns it on and builds the rest in the same build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
STL_SETUP_PYTHON=0 STL_GPU_CODEGEN="${STL_GPU_CODEGEN:-OFF}" \
  STL_BUILD_TARGETS="${STL_BUILD_TARGETS:-stl-opt stl-scheme}" \
  scripts/setup.sh
build/bin/stl-scheme verify strassen
examples/run-example.sh "$@"
