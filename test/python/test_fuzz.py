"""Mutated MLIR and TVMScript never crash, hang or raise a non-project error."""

import os
import pathlib
import subprocess
import sys

import pytest

from tvmlir.testing.fuzz import mutate

TEST = pathlib.Path(__file__).parents[1]
MLIR_CORPUS = sorted(str(p) for p in [*TEST.glob("Seed/*.mlir"), TEST / "Relax/ops.mlir",
                                      TEST / "Relax/symbolic.mlir", TEST / "TensorIR/ops.mlir",
                                      TEST / "TensorIR/symbolic.mlir"])
# The seed's blocks, and a symbolic-batch module after the zero pipeline
# (T.match_buffer, symbolic T.alloc_buffer).
TVMSCRIPT_CORPUS = sorted([*(str(p) for p in (TEST / "python/golden").glob("seed_*.txt") if "global_vars" not in p.name),
                           *(str(p) for p in (TEST / "python/fuzz_corpus").glob("*.txt"))])


def _fuzz(kind, corpus, count, seconds, tmp_path, seed=0):
    case = tmp_path / "case.txt"
    env = dict(os.environ, TVMLIR_FUZZ_CASE=str(case))
    result = subprocess.run(
        [sys.executable, "-m", "tvmlir.testing.fuzz", kind, str(count), str(seconds), str(seed), *corpus],
        capture_output=True, text=True, env=env, timeout=seconds + 120)
    reproducer = case.read_text(errors="replace") if case.exists() else ""
    assert result.returncode == 0, (
        f"fuzzing crashed or raised (exit {result.returncode}):\n{result.stderr[-3000:]}\n"
        f"--- last case ---\n{reproducer}")
    done = int(result.stdout.split()[-2])
    assert done >= min(count, 200), result.stdout
    return done


def test_mutations_change_text():
    import random

    rng = random.Random(1)
    text = pathlib.Path(MLIR_CORPUS[0]).read_text()
    assert sum(mutate(text, rng) != text for _ in range(50)) > 40


def test_fuzz_mlir_parser(tmp_path):
    _fuzz("mlir", MLIR_CORPUS, count=3000, seconds=40, tmp_path=tmp_path)


def test_fuzz_tvmscript_parser(tmp_path):
    pytest.importorskip("tvmlir.script.parser")
    _fuzz("tvmscript", TVMSCRIPT_CORPUS, count=2000, seconds=40, tmp_path=tmp_path)


@pytest.mark.parametrize("seed", range(3))
def test_fuzz_relax_opt(relax_opt, tmp_path, seed):
    """relax-opt itself on mutated files: an exit code, never a signal or a hang."""
    import random

    from tvmlir.testing.fuzz import _strip_lit_lines

    rng = random.Random(100 + seed)
    for index in range(40):
        text = _strip_lit_lines(pathlib.Path(rng.choice(MLIR_CORPUS)).read_text())
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        path = tmp_path / f"case{index}.mlir"
        path.write_text(text, errors="replace")
        result = subprocess.run([relax_opt, str(path)], capture_output=True, timeout=30)
        assert result.returncode in (0, 1), f"relax-opt exit {result.returncode} on:\n{text}"
