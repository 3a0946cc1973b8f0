"""The runtime on its own: exported libraries run without the MLIR bindings,
and the native call path (out=, read-only and foreign inputs, threads)."""

import subprocess
import sys
import threading

import numpy as np
import pytest

import tvmlir
from tvmlir import TVMLIRError, relax
from tvmlir.ir import IRModule, default_context
from tvmlir.testing import build_mlp_module

_SYMBOLIC = """
relax.function @scale(%x: tensor<?x3xf32, #relax.sym<["n"]>>, %y: tensor<3xf32>) -> tensor<?x3xf32, #relax.sym<["n"]>> {
  %0 = relax.multiply %x, %y : tensor<?x3xf32, #relax.sym<["n"]>>, tensor<3xf32> -> tensor<?x3xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<?x3xf32, #relax.sym<["n"]>>
}
relax.function @compare(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi1>, tensor<4xi64>) {
  %0 = relax.less %a, %b : tensor<4xi64>, tensor<4xi64> -> tensor<4xi1>
  %1 = relax.add %a, %b : tensor<4xi64>, tensor<4xi64> -> tensor<4xi64>
  relax.return %0, %1 : tensor<4xi1>, tensor<4xi64>
}"""

# Runs in a fresh interpreter where `import mlir` (and tvmlir's extension)
# fail, so the runtime cannot lean on the compiler.
_WITHOUT_MLIR = """
import importlib.abc, sys

class NoCompiler(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "mlir" or name.startswith("mlir.") or name.startswith("tvmlir._mlir_libs"):
            raise ImportError(f"{name} is blocked: the runtime must run without it")
        return None

sys.meta_path.insert(0, NoCompiler())
import numpy as np
import tvmlir.runtime
from tvmlir import relax

folder = sys.argv[1]
vm = relax.VirtualMachine(tvmlir.runtime.load_module(folder + "/lib.so"), tvmlir.cpu())
inputs = np.load(folder + "/inputs.npz")
np.save(folder + "/mlp.npy", vm["main"](*[inputs[f"mlp{i}"] for i in range(5)]).numpy())
np.save(folder + "/scale.npy", vm["scale"](inputs["x"], inputs["y"]).numpy())
less, total = vm["compare"](inputs["a"], inputs["b"])
np.save(folder + "/less.npy", less.numpy())
np.save(folder + "/total.npy", total.numpy())
loaded = sorted(m for m in sys.modules if m == "mlir" or m.startswith(("mlir.", "tvmlir._mlir_libs")))
assert not loaded, loaded
extensions = [m.__name__ for m in list(sys.modules.values())
              if m.__name__.startswith("tvmlir") and str(getattr(m, "__file__", "")).endswith(".so")]
assert not extensions, extensions
"""


def _mlp_and_symbolic_module():
    mlp = relax.get_pipeline("zero")(IRModule(build_mlp_module(default_context())))
    return IRModule.from_mlir(str(mlp.mlir).rstrip().rstrip("}") + _SYMBOLIC + "\n}")


def test_exported_library_runs_without_mlir(tmp_path):
    rng = np.random.default_rng(0)
    mlp = [rng.standard_normal(s).astype("float32") for s in [(1, 784), (256, 784), (256,), (10, 256), (10,)]]
    inputs = {f"mlp{i}": a for i, a in enumerate(mlp)}
    inputs.update(x=rng.standard_normal((5, 3)).astype("float32"), y=rng.standard_normal(3).astype("float32"),
                  a=np.array([1, -2, 3, 2**40], "int64"), b=np.array([2, -3, 3, 2**41], "int64"))
    np.savez(tmp_path / "inputs.npz", **inputs)
    tvmlir.compile(_mlp_and_symbolic_module(), target="llvm").export_library(tmp_path / "lib.so")
    run = subprocess.run([sys.executable, "-c", _WITHOUT_MLIR, str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    x, w1, b1, w2, b2 = mlp
    np.testing.assert_allclose(np.load(tmp_path / "mlp.npy"), np.maximum(x @ w1.T + b1, 0) @ w2.T + b2,
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.load(tmp_path / "scale.npy"), inputs["x"] * inputs["y"], rtol=1e-6)
    np.testing.assert_array_equal(np.load(tmp_path / "less.npy"), inputs["a"] < inputs["b"])
    np.testing.assert_array_equal(np.load(tmp_path / "total.npy"), inputs["a"] + inputs["b"])


def test_the_mlir_blocker_does_block(tmp_path):
    """The subprocess above would fail on any import of the compiler."""
    code = _WITHOUT_MLIR.split("import numpy")[0] + "import tvmlir\ntvmlir.compile\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0 and "mlir is blocked" in run.stderr


# Two parameters that share the symbol n: the only check that can tell (3, 3)
# and (4, 3) apart is their agreement.
_PAIR = """
relax.function @pair(%x: tensor<?x3xf32, #relax.sym<["n"]>>, %y: tensor<?x3xf32, #relax.sym<["n"]>>) -> tensor<?x3xf32, #relax.sym<["n"]>> {
  %0 = relax.add %x, %y : tensor<?x3xf32, #relax.sym<["n"]>>, tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<?x3xf32, #relax.sym<["n"]>>
}"""


@pytest.fixture(scope="module")
def vm():
    return relax.VirtualMachine(tvmlir.compile(IRModule.from_mlir(_SYMBOLIC + _PAIR), target="llvm"), tvmlir.cpu())


def test_out_receives_the_results(vm):
    x, y = np.arange(6, dtype="float32").reshape(2, 3), np.array([1, 2, 3], "float32")
    out = np.full((2, 3), np.nan, "float32")
    assert vm["scale"](x, y, out=out) is out
    np.testing.assert_array_equal(out, x * y)
    less, total = np.zeros(4, bool), np.zeros(4, "int64")
    a, b = np.array([1, 5, 3, 0]), np.array([2, 4, 3, 1])
    vm["compare"](a, b, out=(less, total))
    np.testing.assert_array_equal(less, a < b)
    np.testing.assert_array_equal(total, a + b)


@pytest.mark.parametrize("out, message", [
    (np.zeros((3, 3), "float32"), r"scale: out\[0\] 'result0' expects R.Tensor\(\(\"n\", 3\), \"float32\"\), "
                                  r"got \(3, 3\) float32: n is 2 in an earlier argument"),
    (np.zeros((2, 3), "float64"), r"out\[0\] 'result0' expects .*, got \(2, 3\) float64"),
    (np.zeros((2, 3), "float32")[:, ::-1], r"out\[0\] .*non-contiguous"),
    (np.frombuffer(bytes(24), "float32").reshape(2, 3), r"out\[0\] .*read-only"),
    ((np.zeros((2, 3), "float32"),) * 2, r"scale: out= takes 1 array\(s\), one per result, got 2"),
])
def test_bad_out_raises(vm, out, message):
    with pytest.raises(TVMLIRError, match=message):
        vm["scale"](np.ones((2, 3), "float32"), np.ones(3, "float32"), out=out)


def test_read_only_and_foreign_inputs(vm):
    x = np.frombuffer(np.arange(6, dtype="float32").tobytes(), "float32").reshape(2, 3)  # read-only
    y = tvmlir.runtime.tensor(np.array([2, 3, 4], "float32"))
    np.testing.assert_array_equal(vm["scale"](x, y).numpy(), x * y.numpy())
    torch = pytest.importorskip("torch")
    got = vm["scale"](torch.ones(4, 3), torch.tensor([1.0, 2.0, 3.0])).numpy()
    np.testing.assert_array_equal(got, np.ones((4, 3)) * [1, 2, 3])


def test_non_native_byte_order_is_a_clear_error(vm):
    with pytest.raises(TVMLIRError, match=r"argument 0 'arg0' expects .*, got \(2, 3\) >f4"):
        vm["scale"](np.ones((2, 3), ">f4"), np.ones(3, "float32"))


def test_threads_calling_one_function_get_their_own_results(vm):
    """Descriptors live on each call's stack and the GIL is released while
    the code runs: threads calling the same function do not mix arguments."""
    errors = []

    def work(seed):
        rng = np.random.default_rng(seed)
        for _ in range(300):
            x = rng.standard_normal((int(rng.integers(1, 50)), 3)).astype("float32")
            y = rng.standard_normal(3).astype("float32")
            if not np.array_equal(vm["scale"](x, y).numpy(), x * y):
                errors.append(seed)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


# -- tensors: copies and views; PyTorch tensors the VM cannot take ---------------------------

def test_runtime_tensor_copies_its_data():
    """TVM's runtime.tensor copies: changing the source afterwards does not
    change the tensor (nor the other way round)."""
    a = np.arange(6, dtype="float32").reshape(2, 3)
    t = tvmlir.runtime.tensor(a)
    a[0, 0] = 100.0
    assert t.numpy()[0, 0] == 0.0
    t.numpy()[1, 1] = -1.0
    assert a[1, 1] == 4.0
    again = tvmlir.runtime.tensor(t)
    t.numpy()[0, 1] = 50.0
    assert again.numpy()[0, 1] == 1.0
    torch = pytest.importorskip("torch")
    source = torch.arange(4, dtype=torch.float32)
    copied = tvmlir.runtime.tensor(source)
    source[0] = 9.0
    np.testing.assert_array_equal(copied.numpy(), [0, 1, 2, 3])


def test_runtime_tensor_makes_strided_data_contiguous():
    a = np.arange(12, dtype="float32").reshape(3, 4)[:, ::2]
    t = tvmlir.runtime.tensor(a)
    assert t.numpy().flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(t.numpy(), a)


def test_from_dlpack_is_a_zero_copy_view():
    a = np.zeros(4, "float32")
    view = tvmlir.runtime.from_dlpack(a)
    a[2] = 7.0
    assert view.numpy()[2] == 7.0
    torch = pytest.importorskip("torch")
    source = torch.zeros(3)
    view = tvmlir.runtime.from_dlpack(source)
    source[1] = 5.0
    assert view.numpy()[1] == 5.0 and view.shape == (3,) and view.dtype == "float32"


def test_from_dlpack_refuses_what_it_cannot_view():
    with pytest.raises(TVMLIRError, match=r"from_dlpack takes an object with __dlpack__ .*, not list; "
                                          r"tvmlir.runtime.tensor copies other data"):
        tvmlir.runtime.from_dlpack([1.0, 2.0])
    strided = np.zeros((4, 4), "float32")[:, ::2]
    with pytest.raises(TVMLIRError, match=r"from_dlpack: the tensor of shape \(4, 2\) is not C-contiguous"):
        tvmlir.runtime.from_dlpack(strided)


def _torch_refusals(torch):
    """(tensor, what the error must say) for each PyTorch tensor NumPy cannot view."""
    return [
        (torch.ones(3, requires_grad=True), r"a Tensor that requires grad; pass x\.detach\(\)"),
        (torch.ones(3, dtype=torch.complex64).conj(),
         r"a Tensor with its conjugate bit set \(a lazy conj\(\) view\); pass x\.resolve_conj\(\)"),
        (torch.ones(3, device="meta"), r"a Tensor on the meta device, which holds no data; pass a tensor with "
                                       r"data on the CPU"),
    ]


@pytest.mark.parametrize("case", range(3), ids=["requires_grad", "conj", "meta"])
def test_torch_tensors_the_vm_cannot_take_name_the_argument_and_the_fix(vm, case):
    torch = pytest.importorskip("torch")
    tensor, advice = _torch_refusals(torch)[case]
    with pytest.raises(TVMLIRError, match=r"^scale: argument 1 'arg1' expects R\.Tensor\(\(3,\), \"float32\"\) "
                                          r"on cpu\(0\), got " + advice):
        vm["scale"](np.ones((2, 3), "float32"), tensor)
    with pytest.raises(TVMLIRError, match=r"^scale: out\[0\] 'result0' expects .* got " + advice):
        vm["scale"](np.ones((2, 3), "float32"), np.ones(3, "float32"), out=_torch_refusals(torch)[case][0])
    with pytest.raises(TVMLIRError, match="^tensor: got " + advice):
        tvmlir.runtime.tensor(tensor)
    with pytest.raises(TVMLIRError, match="^from_dlpack: got " + advice):
        tvmlir.runtime.from_dlpack(tensor)


def test_torch_tensors_after_the_suggested_fix_run(vm):
    torch = pytest.importorskip("torch")
    y = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    got = vm["scale"](np.ones((2, 3), "float32"), y.detach()).numpy()
    np.testing.assert_array_equal(got, np.ones((2, 3)) * [1, 2, 3])
# One case per argument check of the call path, each with arguments that
# only that check rejects (every other property right): removing any one
# check, in the native shim (call.c) or in the Python explanation (vm.py),
# makes exactly its case fail. `scale` takes x: ("n", 3) f32, y: (3,) f32.
def _x():
    return np.ones((2, 3), "float32")


ONE_CHECK_EACH = {
    # (function, arguments, out=, index of the tensor the shim refuses, message)
    "count": ("scale", lambda: (_x(),), None, 2, r"scale: expects 2 argument\(s\) \(arg0, arg1\), got 1"),
    # (3, 1): its first extent is y's 3, so only the rank tells it apart.
    "rank": ("scale", lambda: (_x(), np.ones((3, 1), "float32")), None, 1,
             r"argument 1 'arg1' expects R.Tensor\(\(3,\), \"float32\"\), got \(3, 1\) float32$"),
    "rank_of_symbolic": ("scale", lambda: (np.ones((2, 3, 1), "float32"), np.ones(3, "float32")), None, 0,
                         r"argument 0 'arg0' expects R.Tensor\(\(\"n\", 3\), \"float32\"\), got \(2, 3, 1\) float32$"),
    "extent": ("scale", lambda: (_x(), np.ones(4, "float32")), None, 1,
               r"argument 1 'arg1' expects R.Tensor\(\(3,\), \"float32\"\), got \(4,\) float32$"),
    "symbolic_agreement": ("pair", lambda: (np.ones((3, 3), "float32"), np.ones((4, 3), "float32")), None, 1,
                           r"argument 1 'arg1' expects .*, got \(4, 3\) float32: n is 3 in an earlier argument"),
    "dtype": ("scale", lambda: (_x(), np.ones(3, "float64")), None, 1,
              r"argument 1 'arg1' expects R.Tensor\(\(3,\), \"float32\"\), got \(3,\) float64$"),
    "contiguity": ("scale", lambda: (_x(), np.ones(6, "float32")[::2]), None, 1,
                   r"argument 1 'arg1' expects .*, got a non-contiguous array"),
    "out_writability": ("scale", lambda: (_x(), np.ones(3, "float32")),
                        lambda: (np.frombuffer(bytes(24), "float32").reshape(2, 3),), 2,
                        r"out\[0\] 'result0' expects .*, got a read-only array"),
}


@pytest.mark.parametrize("check", sorted(ONE_CHECK_EACH))
def test_each_argument_check_rejects_its_case(vm, check):
    """The VM's error names what is wrong (the Python checks' words)."""
    name, args, out, _, message = ONE_CHECK_EACH[check]
    with pytest.raises(TVMLIRError, match=message):
        vm[name](*args(), out=out() if out else None)


@pytest.mark.parametrize("check", sorted(ONE_CHECK_EACH))
def test_native_shim_refuses_each_case_by_index(vm, check):
    """The native shim alone (no Python check behind it) refuses the same
    arguments and names the tensor; the same arguments, made right, run."""
    name, args, out, index, _ = ONE_CHECK_EACH[check]
    function = vm[name]
    function(np.ones((2, 3), "float32"), np.ones(3 if name == "scale" else (2, 3), "float32"))  # resolves _native
    outputs = out() if out else (np.empty((2, 3), "float32"),)
    assert function._native.call(tuple(args()), outputs) == index
    good = (_x(), np.ones(3, "float32")) if name == "scale" else (_x(), _x())
    result = np.empty((2, 3), "float32")
    assert function._native.call(good, (result,)) == -1
    np.testing.assert_array_equal(result, 1.0 if name == "scale" else 2.0)
