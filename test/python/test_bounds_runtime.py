"""Indices only the data knows (take, gather) are checked when the kernel runs:
an index outside its buffer is a TVMLIRError from the call, never a read past
the buffer."""

import os
import subprocess
import sys

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.script import from_source

TAKE = '''
from tvmlir.script import ir as I, relax as R
@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((8, 4), dtype="float32"), i: R.Tensor((3,), dtype="int64")):
        with R.dataflow():
            gv = R.take(x, i, axis=0)
            R.output(gv)
        return gv
'''
X = np.arange(32, dtype="float32").reshape(8, 4)


@pytest.fixture(scope="module")
def take():
    return tvmlir.compile(from_source(TAKE, "model.py"), target="llvm")


@pytest.mark.parametrize("index, shown", [(8, "8"), (1000, "1000"), (-1, "-1"), (-(2**62), str(-(2**62)))])
def test_an_index_outside_the_buffer_is_an_error_naming_it(take, index, shown):
    vm = relax.VirtualMachine(take, tvmlir.cpu())
    with pytest.raises(tvmlir.TVMLIRError, match=rf"^main: index {shown} out of range \[0, 8\) for 'x' \(model.py:8\)$"):
        vm["main"](X, np.array([1, index, 0]))


def test_indices_inside_the_buffer_read_what_numpy_reads(take):
    vm = relax.VirtualMachine(take, tvmlir.cpu())
    for indices in ([0, 7, 3], [7, 7, 7]):
        np.testing.assert_array_equal(vm["main"](X, np.array(indices)).numpy(), X[indices])


def test_a_failed_call_leaves_the_next_one_clean(take):
    vm = relax.VirtualMachine(take, tvmlir.cpu())
    with pytest.raises(tvmlir.TVMLIRError):
        vm["main"](X, np.array([9, 0, 0]))
    np.testing.assert_array_equal(vm["main"](X, np.array([2, 3, 4])).numpy(), X[[2, 3, 4]])
    out = np.empty((3, 4), "float32")
    with pytest.raises(tvmlir.TVMLIRError, match="index 12 out of range"):
        vm["main"](X, np.array([0, 0, 12]), out=out)


def test_an_exported_library_checks_too(take, tmp_path):
    path = tmp_path / "take.so"
    take.export_library(path)
    code = (f"import numpy as np, tvmlir\n"
            f"from tvmlir import relax\n"
            f"vm = relax.VirtualMachine(tvmlir.runtime.load_module({os.fspath(path)!r}), tvmlir.cpu())\n"
            f"x = np.arange(32, dtype='float32').reshape(8, 4)\n"
            f"try:\n    vm['main'](x, np.array([1, 1000, 0]))\nexcept tvmlir.TVMLIRError as e:\n    print(e)\n"
            f"print(vm['main'](x, np.array([1, 2, 3])).numpy()[:, 0].tolist())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["main: index 1000 out of range [0, 8) for 'x' (model.py:8)",
                                          "[4.0, 8.0, 12.0]"]


def test_onnx_gather_with_indices_as_an_input_is_checked():
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from tvmlir.relax.frontend.onnx import from_onnx

    graph = helper.make_graph(
        [helper.make_node("Gather", ["data", "indices"], ["out"], axis=0)], "gather",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [784, 2]),
         helper.make_tensor_value_info("indices", TensorProto.INT64, [2])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 2])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    vm = relax.VirtualMachine(tvmlir.compile(from_onnx(model), target="llvm"), tvmlir.cpu())
    data = np.random.rand(784, 2).astype("float32")
    np.testing.assert_array_equal(vm["main"](data, np.array([3, -1])).numpy(), data[[3, -1]])
    with pytest.raises(tvmlir.TVMLIRError, match=r"index 1000 out of range \[0, 784\)"):
        vm["main"](data, np.array([0, 1000]))
