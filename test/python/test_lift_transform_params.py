"""relax.transform.LiftTransformParams: the weights' transforms run once."""

import re

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.script import from_source


@pytest.fixture(scope="module")
def lifted(torch_mlp):
    mod, x, params, expected = torch_mlp(3)
    return relax.transform.LiftTransformParams()(mod), x, params, expected


def kernels_called_by(executable, name):
    text = str(executable.mod.mlir)
    body = text[text.index(f"llvm.func @{name}("):]
    body = body[:body.index("\n  }\n")]
    return sorted(set(re.findall(r"llvm\.call @(\w+)\(", body)) - {"malloc", "free"})


def test_main_takes_the_transformed_weights(lifted):
    mod = lifted[0]
    script = mod.script()
    assert "def main(input: R.Tensor((3, 784), dtype=\"float32\"), p_0_bias: R.Tensor((256,), dtype=\"float32\"), " \
           "p_2_bias: R.Tensor((10,), dtype=\"float32\"), lv: R.Tensor((784, 256), dtype=\"float32\"), " \
           "lv4: R.Tensor((256, 10), dtype=\"float32\"))" in script
    main = script[script.index("def main("):script.index("def main_transform_params(")]
    assert "R.permute_dims" not in main
    transform = script[script.index("def main_transform_params("):]
    assert transform.count("R.permute_dims(") == 2
    assert 'R.func_attr({"num_input": 0})' in transform


def test_transform_once_then_every_call_matches_torch(lifted):
    mod, x, params, expected = lifted
    executable = tvmlir.compile(mod, target="llvm")
    assert not any("transpose" in k for k in kernels_called_by(executable, "main"))
    vm = relax.VirtualMachine(executable, tvmlir.cpu())
    transformed = vm["main_transform_params"](params)
    assert [t.shape for t in transformed] == [(256,), (10,), (784, 256), (256, 10)]
    np.testing.assert_array_equal(transformed[2].numpy(), params[0].T)
    for _ in range(2):
        result = vm["main"](x, *transformed)
        np.testing.assert_allclose(result[0].numpy(), expected, rtol=1e-5, atol=1e-5)


def test_the_params_tuple_is_checked(lifted):
    vm = relax.VirtualMachine(tvmlir.compile(lifted[0], target="llvm"), tvmlir.cpu())
    with pytest.raises(tvmlir.TVMLIRError, match=r"main_transform_params: expects 4 argument\(s\)"):
        vm["main_transform_params"](lifted[2][:3])


def test_lifted_module_prints_and_parses_back(lifted):
    script = lifted[0].script()
    assert from_source(script).script() == script


def test_running_it_again_changes_nothing(lifted):
    mod = lifted[0]
    assert relax.transform.LiftTransformParams()(mod).script() == mod.script()


def test_a_function_without_num_input_is_left_alone():
    from tvmlir.script import ir as I
    from tvmlir.script import relax as R

    @I.ir_module
    class Module:
        @R.function
        def main(x: R.Tensor((2, 3), "float32"), w: R.Tensor((3, 2), "float32")) -> R.Tensor((2, 2), "float32"):
            with R.dataflow():
                t = R.permute_dims(w)
                gv = R.matmul(x, R.permute_dims(t))
                R.output(gv)
            return gv

    assert relax.transform.LiftTransformParams()(Module).script() == Module.script()
