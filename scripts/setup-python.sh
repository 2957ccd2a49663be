#!/usr/bin/env bash
# Creates the project's Python environment .venv/ (nanobind, numpy, pytest,
# scikit-learn, torch, torch-mlir; versions in python/requirements.txt) once and
# reuses it: when .venv/ already holds exactly these requirements nothing is
# fetched. torch from PyPI is the CUDA build (a few GB), hence the reuse.
#
#   scripts/setup-python.sh            (STL_PYTHON=... picks the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
REQ=python/requirements.txt
STAMP=$VENV/.stl-requirements
PY=${STL_PYTHON:-python3}

if [ -x "$VENV/bin/python" ] && cmp -s "$REQ" "$STAMP"; then
  exit 0
fi
# Debian splits venv support and the headers nanobind compiles against
# (Python.h) into python3-venv and python3-dev.
if ! "$PY" -c 'import ensurepip, venv, os, sysconfig
assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
    2> /dev/null; then
  echo "setup-python: installing python3-venv python3-dev"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv \
    python3-dev
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
echo "setup-python: installing $(grep -v '^#' "$REQ" | tr '\n' ' ')into $VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
  --no-input -r "$REQ"
cp "$REQ" "$STAMP"
