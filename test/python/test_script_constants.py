"""How relax constants print and parse back: small ones in line, a large
splat as its value and shape, other large ones as TVM prints them
(``metadata["relax.expr.Constant"][i]``, data only with show_meta=True);
non-finite values as TVM's strings ("-inf"). Printing costs the IR's size,
not the data's: a 4000x4000 constant prints in under 0.1 s and 1 MB."""

import subprocess
import sys
import time

import numpy as np
import pytest
from mlir import ir

from tvmlir import TVMLIRError
from tvmlir.ir import IRModule, assert_structural_equal, default_context, load_json
from tvmlir.script import from_source
from tvmlir.script.printer import INLINE_CONSTANT_LIMIT, METADATA_OMITTED

_MODULE = """
relax.function @main(%x: {t}) -> {t} {{
  %c = relax.constant dense<{splat}> : {t}
  %0 = relax.{op} %x, %c : {t}, {t} -> {t}
  relax.return %0 : {t}
}}
"""


def _module(array, op="add"):
    """``main(x) = x <op> array`` with ``array`` as its relax constant (set
    through the bindings: MLIR text of a large array would be the slow part)."""
    element = {"float32": "f32", "float64": "f64", "int64": "i64", "int32": "i32", "bool": "i1"}[str(array.dtype)]
    tensor = f"tensor<{''.join(f'{d}x' for d in array.shape)}{element}>"
    zero = {"b": "false", "f": "0.0"}.get(array.dtype.kind, "0")
    mod = IRModule.from_mlir(_MODULE.format(t=tensor, splat=zero, op=op))
    with default_context():
        constant = _constant_op(mod)
        if array.dtype == np.bool_:
            attr = ir.DenseElementsAttr.get(np.packbits(array.ravel(), bitorder="little"),
                                            type=ir.IntegerType.get_signless(1), shape=list(array.shape))
        else:
            attr = ir.DenseElementsAttr.get(np.require(array, requirements="C"))
        constant.attributes["value"] = attr
    return mod


def _constant_op(mod):
    found = []

    def visit(op):
        if op.operation.name == "relax.constant":
            found.append(op.operation)
        return ir.WalkResult.ADVANCE

    mod._module.operation.walk(visit)
    return found[0]


def _constant_value(mod):
    with default_context():
        attr = ir.DenseElementsAttr(_constant_op(mod).attributes["value"])
        if attr.is_splat:
            return attr.is_splat, str(attr)
        return attr.is_splat, np.array(attr)


def _round_trip(mod, show_meta=False):
    reparsed = from_source(mod.script(show_meta=show_meta), "constants.py")
    assert_structural_equal(reparsed, mod)
    return reparsed


def test_small_constants_print_in_line():
    mod = _module(np.array([1.5, -2.0, 3.0], np.float32))
    assert 'R.const([1.5, -2.0, 3.0], "float32")' in mod.script()
    _round_trip(mod)


def test_non_finite_values_print_as_tvm_strings_and_parse_back():
    mod = _module(np.array([np.inf, -np.inf, np.nan, 0.0], np.float32))
    assert 'R.const(["inf", "-inf", "nan", 0.0], "float32")' in mod.script()
    _round_trip(mod)
    scalar = _module(np.array(-np.inf, np.float64))
    assert 'R.const("-inf", "float64")' in scalar.script()
    _round_trip(scalar)


@pytest.mark.parametrize("spelling, printed", [('"-inf"', '"-inf"'), ('"-Infinity"', '"-inf"'), ('"nan"', '"nan"'),
                                               ('"+inf"', '"inf"')])
def test_parser_reads_tvm_spelling_of_non_finite_values(spelling, printed):
    text = ("# from tvmlir.script import relax as R\n\n@R.function\n"
            "def f(x: R.Tensor((2,), dtype=\"float32\")) -> R.Tensor((2,), dtype=\"float32\"):\n"
            f"    c: R.Tensor((), dtype=\"float32\") = R.const({spelling}, \"float32\")\n"
            "    lv: R.Tensor((2,), dtype=\"float32\") = R.add(x, c)\n    return lv\n")
    assert f'R.const({printed}, "float32")' in from_source(text).script()


def test_non_finite_string_for_an_integer_constant_is_an_error():
    text = ("# from tvmlir.script import relax as R\n\n@R.function\n"
            "def f(x: R.Tensor((2,), dtype=\"int32\")) -> R.Tensor((2,), dtype=\"int32\"):\n"
            "    c: R.Tensor((), dtype=\"int32\") = R.const(\"inf\", \"int32\")\n"
            "    lv: R.Tensor((2,), dtype=\"int32\") = R.add(x, c)\n    return lv\n")
    with pytest.raises(TVMLIRError, match=r"f.py:5:46: an R.const value is a number or a nested list of numbers, "
                                          r"not 'inf'"):
        from_source(text, "f.py")


@pytest.mark.parametrize("printed", ['"-inf"', '"nan"', "2.5"])
def test_float_attributes_print_non_finite_values_as_strings_and_parse_back(printed):
    text = ("# from tvmlir.script import relax as R\n\n@R.function\n"
            "def f() -> R.Tensor((2, 2), dtype=\"float32\"):\n"
            f"    gv: R.Tensor((2, 2), dtype=\"float32\") = R.full(shape=R.shape([2, 2]), fill_value={printed}, "
            "dtype=\"float32\")\n    return gv\n")
    mod = from_source(text)
    assert f"fill_value={printed}," in mod.script()
    assert_structural_equal(from_source(mod.script()), mod)


def test_large_splat_prints_as_value_and_shape():
    mod = _module(np.full((300, 7), -np.inf, np.float32))
    assert 'R.const("-inf", "float32", shape=(300, 7))' in mod.script()
    reparsed = _round_trip(mod)
    assert _constant_value(reparsed)[0]


def test_4000_by_4000_constants_print_in_under_a_tenth_of_a_second_and_a_megabyte():
    for array in (np.zeros((4000, 4000), np.float32),
                  np.arange(16_000_000, dtype=np.float32).reshape(4000, 4000)):
        mod = _module(array)
        start = time.perf_counter()
        text = mod.script()
        elapsed = time.perf_counter() - start
        assert elapsed < 0.1, elapsed
        assert len(text.encode()) < 1_000_000, len(text)
    assert 'metadata["relax.expr.Constant"][0]' in text and text.endswith(METADATA_OMITTED)


def test_large_constant_prints_as_metadata_and_round_trips_with_show_meta():
    rng = np.random.default_rng(0)
    array = rng.standard_normal((INLINE_CONSTANT_LIMIT + 1,)).astype(np.float32)
    array[3] = -np.inf
    mod = _module(array)
    text = mod.script()
    assert ' = metadata["relax.expr.Constant"][0]\n' in text
    assert text.endswith("\n\n" + METADATA_OMITTED)
    with pytest.raises(TVMLIRError, match=r"constants.py:\d+:\d+: the source has no metadata section: print the "
                                          r"module with mod.script\(show_meta=True\)"):
        from_source(text, "constants.py")
    shown = mod.script(show_meta=True)
    assert shown.startswith('metadata = tvmlir.ir.load_json("""{"relax.expr.Constant": [{"dtype": "float32", '
                            f'"shape": [{INLINE_CONSTANT_LIMIT + 1}], "data": "')
    reparsed = _round_trip(mod, show_meta=True)
    np.testing.assert_array_equal(_constant_value(reparsed)[1], array)


@pytest.mark.parametrize("array", [
    np.arange(100, dtype=np.int64) - 50, (np.arange(90, dtype=np.int32) * 7919) % 13,
    np.arange(100) % 3 == 0, np.linspace(-1, 1, 100)], ids=["int64", "int32", "bool", "float64"])
def test_metadata_keeps_every_dtype(array):
    mod = _module(array, op="add" if array.dtype != np.bool_ else "logical_and")
    reparsed = _round_trip(mod, show_meta=True)
    np.testing.assert_array_equal(_constant_value(reparsed)[1], array)


def test_one_constant_used_twice_is_one_metadata_entry():
    array = np.arange(100, dtype=np.float32)
    mod = _module(array)
    text = mod.script(show_meta=True)
    shown = load_json(text[len('metadata = tvmlir.ir.load_json("""'):text.index('""")')])
    assert len(shown["relax.expr.Constant"]) == 1
    np.testing.assert_array_equal(shown["relax.expr.Constant"][0], array)


def test_bad_metadata_references_are_located_errors():
    mod = _module(np.arange(100, dtype=np.float32))
    text = mod.script(show_meta=True)
    with pytest.raises(TVMLIRError, match=r"m.py:\d+:\d+: the metadata holds 1 constant\(s\), not one at index 3"):
        from_source(text.replace('metadata["relax.expr.Constant"][0]', 'metadata["relax.expr.Constant"][3]'), "m.py")
    cut = text.replace('"shape": [100]', '"shape": [101]')
    with pytest.raises(TVMLIRError, match=r"m.py:1:1: metadata\[\"relax.expr.Constant\"\]\[0\]: 400 bytes of data "
                                          r"for a float32 tensor of shape \(101,\), which takes 404"):
        from_source(cut, "m.py")


def test_printed_module_with_metadata_runs_as_a_python_file(tmp_path):
    """``mod.script(show_meta=True)`` saved as a .py file and run: the
    module-level ``metadata`` is what @I.ir_module's class refers to."""
    array = np.arange(100, dtype=np.float32) / 7
    mod = _module(array)
    path = tmp_path / "printed.py"
    path.write_text("import numpy as np\nimport tvmlir\nfrom tvmlir.script import ir as I\n"
                    "from tvmlir.script import relax as R\n" + mod.script(show_meta=True) + "\n\n"
                    "import tvmlir.relax\n"
                    "vm = tvmlir.relax.VirtualMachine(tvmlir.compile(Module, target='llvm'), tvmlir.cpu())\n"
                    "x = np.ones(100, np.float32)\n"
                    "print(float(np.abs(vm['main'](x).numpy() - (x + np.arange(100, dtype=np.float32) / 7)).max()))\n")
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip().splitlines()[-1]) == 0.0
