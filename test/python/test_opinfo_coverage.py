"""bench/opinfo_coverage.py classifies OpInfo samples: a few named ops run
in-process, with converters removed or swapped to force the failure
categories, and the summary's denominators."""

import importlib.util
import pathlib

import pytest

pytest.importorskip("torch")

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "bench" / "opinfo_coverage.py"


@pytest.fixture(scope="module")
def coverage():
    spec = importlib.util.spec_from_file_location("opinfo_coverage", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ops(coverage):
    try:
        return coverage.float32_ops()
    except Exception as error:  # noqa: BLE001 - torch's testing internals are not public API
        pytest.skip(f"torch's OpInfo database is unavailable: {error}")


@pytest.fixture
def converters():
    """The importer's ATen op table, to remove or swap converters in."""
    from tvmlir.relax.frontend.torch import from_exported_program

    module = importlib.import_module(from_exported_program.__module__)
    return module.CONVERTERS


def categories(records):
    return [r["category"] for r in records]


def test_supported_ops_pass(coverage, ops):
    for name in ("add", "nn.functional.relu"):
        records = coverage.check_op(ops[name], samples=2)
        assert categories(records) == ["pass", "pass"], records
        assert coverage.op_category(records) == "pass"


def test_missing_converter_is_unsupported_and_named(coverage, ops, converters, monkeypatch):
    monkeypatch.delitem(converters, "aten.relu.default")
    records = coverage.check_op(ops["nn.functional.relu"], samples=1)
    assert categories(records) == ["unsupported"]
    assert records[0]["missing"] == ["aten.relu.default"]


def test_wrong_converter_is_a_mismatch(coverage, ops, converters, monkeypatch):
    monkeypatch.setitem(converters, "aten.exp.default", converters["aten.sin.default"])
    records = coverage.check_op(ops["exp"], samples=1)
    assert categories(records) == ["mismatch"]
    assert "not close" in records[0]["detail"]


def test_non_tensor_outputs_are_skipped(coverage, ops):
    records = coverage.check_op(ops["item"], samples=1)
    assert categories(records) == ["skipped"]


def test_summary_leaves_excluded_samples_out_of_the_rates(coverage):
    def record(category, missing=()):
        return {"category": category, "detail": "", "missing": list(missing), "seconds": {}}

    results = {
        "a": [record("pass"), record("export-failed")],
        "b": [record("pass"), record("unsupported", ["aten.x"])],
        "c": [record("export-failed")],
        "d": [record("crash"), record("unsupported", ["aten.x", "aten.y"])],
    }
    summary = coverage.summarize(results)
    assert (summary["ops_passed"], summary["ops_exportable"]) == (1, 3)
    assert (summary["samples_passed"], summary["samples_exportable"]) == (2, 5)
    assert summary["op_categories"] == {"pass": 1, "unsupported": 1, "export-failed": 1, "crash": 1}
    assert summary["missing_aten_ops"] == [("aten.x", 2), ("aten.y", 1)]
    assert summary["failure_causes"] == [["crash", "", ["d"]]]


def test_causes_group_across_ops(coverage):
    first = coverage.cause_of("TVMLIRError: aten.sum.dim_IntList: 'relax.sum' op axis 0 is out of range for rank 0")
    second = coverage.cause_of("TVMLIRError: aten.amax.default: 'relax.sum' op axis -1 is out of range for rank 0")
    assert first == second == "TVMLIRError: aten.<op>: 'relax.sum' op axis N is out of range for rank N"
