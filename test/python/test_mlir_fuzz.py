"""relax-opt and every pass on mutated lit inputs: no abort, no hang.

A time-boxed share of test/fuzz/mlir_fuzz.py's long run (``--mutants 5000``);
a failure prints the mutant, the pipeline and relax-opt's stderr.
"""

import importlib.util
import pathlib
import time

import pytest

FUZZ = pathlib.Path(__file__).parents[1] / "fuzz" / "mlir_fuzz.py"
_spec = importlib.util.spec_from_file_location("mlir_fuzz", FUZZ)
mlir_fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mlir_fuzz)


def test_mutants_are_deterministic_and_edited():
    seeds = mlir_fuzz.load_seeds()
    assert len(seeds) > 200
    first = [mlir_fuzz.mutant(seeds, 3, i) for i in range(50)]
    assert first == [mlir_fuzz.mutant(seeds, 3, i) for i in range(50)]
    assert sum(text not in seeds for text in first) > 40


def test_classify():
    assert mlir_fuzz.classify(0, "") == "ok"
    assert mlir_fuzz.classify(1, "error: 'relax.add' op ...") == "error"
    assert mlir_fuzz.classify(-6, "") == "abort"
    assert mlir_fuzz.classify(134, "") == "abort"
    assert mlir_fuzz.classify(1, "relax-opt: Types.cpp:42: Assertion `x' failed.") == "abort"


def test_finds_an_abort(relax_opt, tmp_path):
    """The harness sees a crash: a stand-in relax-opt that aborts on one mutant."""
    fake = tmp_path / "relax-opt"
    fake.write_text("#!/bin/sh\nif grep -q BOOM \"$1\"; then kill -ABRT $$; fi\nexit 1\n")
    fake.chmod(0o755)
    fuzzer = mlir_fuzz.Fuzzer(str(fake), tmp_path / "out", timeout=10, pipelines=[""],
                              log=lambda s: None)
    fuzzer.run_batch([(0, "a"), (1, "BOOM"), (2, "b")], tmp_path)
    assert [(kind, index) for kind, index, *_ in fuzzer.failures] == [("abort", 1)]


def test_fuzz_relax_opt_and_passes(relax_opt, tmp_path):
    seed = 12  # fixed, so that a failure reproduces: mlir_fuzz.py --seed 12 --show N
    fuzzer = mlir_fuzz.Fuzzer(relax_opt, tmp_path / "failures", timeout=20, log=lambda s: None)
    seeds = mlir_fuzz.load_seeds()
    start, index = time.monotonic(), 0
    while index < 400 and time.monotonic() - start < 45:
        batch = [(i, mlir_fuzz.mutant(seeds, seed, i)) for i in range(index, index + 20)]
        fuzzer.run_batch(batch, tmp_path)
        index += len(batch)
    assert index >= 40, "too few mutants ran to mean anything"
    report = []
    for kind, number, pipeline, path in fuzzer.failures:
        report.append(f"{kind} on mutant {number} (seed {seed}) with "
                      f"'{pipeline or 'verify only'}':\n{path.read_text()}\n--- stderr ---\n"
                      f"{path.with_suffix('.stderr').read_text()[-2000:]}")
    assert not report, "\n\n".join(report)
