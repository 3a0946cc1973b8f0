#!/usr/bin/env bash
# Installs tvmlir into .venv and runs the main job: the tutorial flow
# (examples/ir_module.py) on the embedded MLP.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
exec .venv/bin/python examples/ir_module.py "$@"
