"""tvmlir.compile's relax_pipeline: TVM's "default" unless told otherwise."""

import re

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.base import TVMLIRError


@pytest.fixture(scope="module")
def mlp(torch_mlp):
    return torch_mlp(1)


def kernels(executable):
    """The kernels the lowered module defines: its functions other than the
    entry and the C-interface wrappers."""
    names = set(re.findall(r"llvm\.func @(\w+)\(", str(executable.mod.mlir)))
    return sorted(n for n in names if not n.startswith(("_mlir_ciface_", "mlirAsync")) and n not in ("main", "malloc", "free"))


def run(executable, x, params):
    vm = relax.VirtualMachine(executable, tvmlir.cpu())
    return vm["main"](tvmlir.runtime.tensor(x), *[tvmlir.runtime.tensor(p) for p in params])[0].numpy()


def test_default_pipeline_fuses_the_unfused_import(mlp):
    mod, x, params, expected = mlp
    executable = tvmlir.compile(mod, target="llvm")
    assert kernels(executable) == ["fused_matmul1_add1", "fused_matmul_add_relu", "transpose", "transpose1"]
    np.testing.assert_allclose(run(executable, x, params), expected, rtol=1e-5, atol=1e-5)


def test_no_pipeline_runs_one_kernel_per_operator(mlp):
    mod, x, params, expected = mlp
    executable = tvmlir.compile(mod, target="llvm", relax_pipeline=None)
    assert kernels(executable) == ["add", "add1", "matmul", "matmul1", "relu", "transpose", "transpose1"]
    np.testing.assert_allclose(run(executable, x, params), expected, rtol=1e-5, atol=1e-5)


def test_zero_pipeline_by_name_and_as_a_pass_give_the_same_kernels(mlp):
    mod = mlp[0]
    by_name = tvmlir.compile(mod, target="llvm", relax_pipeline="zero")
    as_pass = tvmlir.compile(mod, target="llvm", relax_pipeline=relax.get_pipeline("zero"))
    assert kernels(by_name) == kernels(as_pass) == kernels(tvmlir.compile(mod, target="llvm"))


def test_a_module_already_fused_compiles_to_the_same_kernels(mlp):
    mod = mlp[0]
    fused = relax.get_pipeline("zero")(mod)
    assert kernels(tvmlir.compile(fused, target="llvm")) == kernels(tvmlir.compile(mod, target="llvm"))


def test_default_pipeline_drops_dead_bindings():
    from tvmlir.script import ir as I
    from tvmlir.script import relax as R

    @I.ir_module
    class Module:
        @R.function
        def main(x: R.Tensor((4,), "float32")) -> R.Tensor((4,), "float32"):
            with R.dataflow():
                unused = R.exp(x)
                gv = R.nn.relu(x)
                R.output(gv)
            return gv

    fused = relax.get_pipeline("default")(Module)
    assert "exp" not in fused.script()
    x = np.array([-1.0, 2.0, -3.0, 4.0], "float32")
    vm = relax.VirtualMachine(tvmlir.compile(Module, target="llvm"), tvmlir.cpu())
    np.testing.assert_array_equal(vm["main"](tvmlir.runtime.tensor(x)).numpy(), np.maximum(x, 0))


def test_dead_code_elimination_keeps_named_private_entries():
    from tvmlir.relax.transform import DeadCodeElimination

    with pytest.raises(TypeError, match="entry_functions holds function names"):
        DeadCodeElimination(["a,b"])


def test_bad_relax_pipeline_is_refused(mlp):
    with pytest.raises(TVMLIRError, match="unknown pipeline 'fast'; the pipelines are: default, zero"):
        tvmlir.compile(mlp[0], target="llvm", relax_pipeline="fast")
    with pytest.raises(TypeError, match="relax_pipeline is a pipeline's name"):
        tvmlir.compile(mlp[0], target="llvm", relax_pipeline=3)
