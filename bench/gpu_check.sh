#!/usr/bin/env bash
# One prepared script for a CUDA machine: grade with --device cuda and print the outcome.
# Uses .venv if present, else the python on PATH with this checkout importable.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec "$PY" bench/gpu_check.py
