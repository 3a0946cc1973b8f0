"""IRModule: indexing, GlobalVars, updates, the MLIR form, structural equality."""

import pathlib
import subprocess

import pytest

from tvmlir import TVMLIRError
from tvmlir.ir import (Function, GlobalVar, IRModule, assert_structural_equal, default_context,
                       structural_equal)
from tvmlir.testing import build_mlp_module

SEED = pathlib.Path(__file__).parents[1] / "Seed"
GOLDEN = pathlib.Path(__file__).parent / "golden"


@pytest.fixture
def mlp():
    return IRModule(build_mlp_module(default_context()))


@pytest.fixture
def legalized():
    return IRModule.from_mlir((SEED / "seed_legalized.mlir").read_text(), "seed_legalized.mlir")


def test_indexing_as_in_the_seed(mlp):
    (gv,) = mlp.get_global_vars()
    assert repr(gv) == 'I.GlobalVar("main")'
    assert mlp[gv] == mlp["main"]
    assert isinstance(mlp["main"], Function)
    assert "main" in mlp and gv in mlp and "nothing" not in mlp
    assert len(mlp) == 1


def test_global_vars_sorted_by_name(legalized):
    expected = (GOLDEN / "seed_global_vars_legalized.txt").read_text().strip()
    assert str(legalized.get_global_vars()) == expected
    assert [gv.name_hint for gv, _ in legalized.items()] == \
        ["add", "add1", "main", "matmul", "matmul1", "relu", "transpose", "transpose1"]
    assert legalized["add"].is_prim_func and not legalized["main"].is_prim_func
    assert set(legalized.functions) == set(legalized.get_global_vars())


def test_missing_function_lists_the_names(mlp):
    with pytest.raises(KeyError, match=r"no function 'mian'; it has \['main'\]"):
        mlp["mian"]
    with pytest.raises(TVMLIRError, match="no function 'mian'"):
        mlp.get_global_var("mian")
    with pytest.raises(TypeError):
        mlp[3]


def test_update_func_copies_in(mlp, legalized):
    target = legalized.copy()
    target["relu_copy"] = legalized["relu"]
    assert "relu_copy" in target and "relu_copy" not in legalized
    assert structural_equal(target["relu_copy"], legalized["relu"])
    assert not structural_equal(target["relu_copy"], legalized["add"])
    # Replacing keeps one function of the name.
    target.update_func(GlobalVar("relu_copy"), legalized["add"])
    assert len(target) == len(legalized) + 1
    assert target.mlir.operation.verify()


def test_copy_is_independent(legalized):
    copy = legalized.copy()
    copy["main"].op.operation.erase()
    assert "main" in legalized and "main" not in copy


def test_mlir_form_works_with_relax_opt(legalized, relax_opt, tmp_path):
    path = tmp_path / "m.mlir"
    path.write_text(str(legalized.mlir))
    out = subprocess.run([relax_opt, str(path)], capture_output=True, text=True, check=True).stdout
    assert_structural_equal(IRModule.from_mlir(out), legalized)


def test_structural_equal_ignores_names(mlp):
    # The seed's MLIR file has no names; the bindings' module names every value.
    unnamed = IRModule.from_mlir((SEED / "seed_graph.mlir").read_text())
    assert structural_equal(mlp, unnamed)
    assert_structural_equal(mlp, unnamed)


def test_structural_equal_points_at_first_difference(mlp):
    text = (SEED / "seed_graph.mlir").read_text().replace(
        "relax.nn.relu %lv2 : tensor<1x256xf32>",
        "relax.add %lv2, %lv2 : tensor<1x256xf32>, tensor<1x256xf32> -> tensor<1x256xf32>")
    other = IRModule.from_mlir(text)
    assert not structural_equal(mlp, other)
    with pytest.raises(TVMLIRError) as info:
        assert_structural_equal(mlp, other)
    message = str(info.value)
    assert "function 'main' differs at line 7" in message
    assert '"relax.nn.relu"' in message and '"relax.add"' in message


def test_structural_equal_compares_function_sets(mlp, legalized):
    with pytest.raises(TVMLIRError, match=r"the functions differ: \['main'\] vs \['add', 'add1'"):
        assert_structural_equal(mlp, legalized)


def test_structural_equal_ignores_function_order(legalized):
    ops = list(legalized.mlir.body.operations)
    text = "\n".join(str(op) for op in reversed(ops))
    assert structural_equal(IRModule.from_mlir(text), legalized)
