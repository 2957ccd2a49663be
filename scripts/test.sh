#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite:
# GoogleTest (ctest) and lit (IR, execution on the CPU; GPU tests are skipped
# with the reason where no GPU is present).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ninja -C build check-stl
