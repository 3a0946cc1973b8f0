"""scripts/gpu_check.sh records what it ran: its PASS/FAIL lines, the device
and the date, in a results file (here a case whose library is missing, so
it runs without a GPU)."""

import os
import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).parents[2] / "scripts" / "gpu_check.sh"


def test_gpu_check_writes_its_results(tmp_path):
    (tmp_path / "cases" / "missing").mkdir(parents=True)
    results = tmp_path / "gpu_check.md"
    run = subprocess.run(["sh", os.fspath(SCRIPT), os.fspath(tmp_path / "cases"), sys.executable],
                         env={**os.environ, "GPU_CHECK_RESULTS": os.fspath(results), "OUT": os.fspath(tmp_path)},
                         capture_output=True, text=True)
    assert run.returncode == 1
    text = results.read_text()
    assert text.startswith("# GPU check\n")
    assert "device: " in text and "exit status 1" in text and " UTC" in text
    assert "FAIL " in text and "0 passed, 1 failed" in text
    assert (tmp_path / "gpu_check.md").read_text() == text
