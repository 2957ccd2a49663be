#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), checks the scheme library, and runs
# the main job on the bundled example (examples/run-example.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build/bin/stl-scheme verify strassen
examples/run-example.sh "$@"
