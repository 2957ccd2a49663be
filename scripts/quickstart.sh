#!/usr/bin/env bash
# Sets up what the main job needs (scripts/setup.sh without the Python
# environment: the Debian packages and the build), checks the scheme library,
# and runs the main job on the bundled example (examples/run-example.sh).
# scripts/test.sh adds the Python environment (torch, torch-mlir, IREE).
set -euo pipefail
cd "$(dirname "$0")/.."
STL_SETUP_PYTHON=0 scripts/setup.sh
build/bin/stl-scheme verify strassen
examples/run-example.sh "$@"
