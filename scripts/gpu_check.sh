#!/bin/sh
# Runs the CUDA cases exported by `python scripts/gpu_export.py OUTDIR` on a
# GPU machine: scripts/gpu_check.sh OUTDIR [PYTHON]
# Needs only Python 3 with NumPy and the CUDA driver: each module.so holds
# its host code, PTX and CUDA runtime. Prints PASS/FAIL per case; exits
# non-zero if any fails.
set -eu
outdir=${1:?usage: scripts/gpu_check.sh OUTDIR [PYTHON]}
python=${2:-${PYTHON:-python3}}
here=$(cd "$(dirname "$0")" && pwd)
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
exec "$python" "$here/gpu_run.py" "$outdir"/*/
