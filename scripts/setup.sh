#!/usr/bin/env bash
# Creates .venv if needed and (re)installs tvmlir into it, editable, with
# everything the main job and the tests need. Incremental: the C++ build lives
# in build/<wheel tag>/ and goes through ccache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
export PATH="$PWD/.venv/bin:$PATH"
pip install -q -r requirements-dev.txt
pip install -q --no-build-isolation -e ".[test]"
