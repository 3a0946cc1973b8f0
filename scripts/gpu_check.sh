#!/bin/sh
# Runs the CUDA cases exported by `python scripts/gpu_export.py OUTDIR` on a
# GPU machine: scripts/gpu_check.sh OUTDIR [PYTHON]
# Needs only Python 3 with NumPy and the CUDA driver: each module.so holds
# its host code, PTX and CUDA runtime. Prints PASS/FAIL per case and writes
# them, with the device and the date, to bench/results/gpu_check.md (or
# $GPU_CHECK_RESULTS; also into $OUT when that is set, as on the device
# machine); exits non-zero if any fails.
set -eu
outdir=${1:?usage: scripts/gpu_check.sh OUTDIR [PYTHON]}
python=${2:-${PYTHON:-python3}}
here=$(cd "$(dirname "$0")" && pwd)
results=${GPU_CHECK_RESULTS:-$here/../bench/results/gpu_check.md}
device=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi")
echo "$device"
log=$(mktemp)
status=0
"$python" "$here/gpu_run.py" "$outdir"/*/ >"$log" 2>&1 || status=$?
cat "$log"
{
  echo "# GPU check"
  echo
  echo "\`scripts/gpu_check.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), device: $device; exit status $status."
  echo
  echo '```'
  cat "$log"
  echo '```'
} >"$results"
if [ -n "${OUT:-}" ] && [ -d "$OUT" ]; then cp "$results" "$OUT/gpu_check.md"; fi
rm -f "$log"
exit "$status"
