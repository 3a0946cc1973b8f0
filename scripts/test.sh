#!/usr/bin/env bash
# Installs tvmlir into .venv and runs every test: lit + FileCheck, then pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
lit -sv test
python -m pytest -q
