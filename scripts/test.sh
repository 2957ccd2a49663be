#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite:
# GoogleTest (ctest) and lit (IR, execution on the CPU; GPU tests are skipped
# with the reason where no GPU is present), then the Python tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ninja -C build check-stl
if [ -d build/python_packages/stl ]; then
  # pytest exits 5 when it collects nothing: the suite went missing.
  rc=0
  .venv/bin/python -m pytest -q python/tests || rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "test.sh: pytest collected no tests in python/tests" >&2
  fi
  exit "$rc"
else
  echo "test.sh: the Python package was not built (see STL_ENABLE_PYTHON);" \
    "python/tests not run" >&2
  exit 1
fi
