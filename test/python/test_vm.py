"""Compile for the CPU and run: the tutorial's CPU section, argument checks."""

import numpy as np
import pytest

import tvmlir
from tvmlir import TVMLIRError, relax
from tvmlir.ir import IRModule, default_context
from tvmlir.testing import build_mlp_module


def _mlp_weights(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype("float32") * 0.05
            for shape in [(256, 784), (256,), (10, 256), (10,)]]


def _reference(x, w1, b1, w2, b2):
    return np.maximum(x @ w1.T + b1, 0) @ w2.T + b2


@pytest.fixture(scope="module")
def mlp_vm():
    mod = IRModule(build_mlp_module(default_context()))
    mod = relax.get_pipeline("zero")(relax.transform.LegalizeOps()(mod))
    return relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())


def test_seed_cpu_section_matches_numpy(mlp_vm):
    dev = tvmlir.cpu()
    raw_data = np.random.rand(1, 784).astype("float32")
    data = tvmlir.runtime.tensor(raw_data, dev)
    params = [tvmlir.runtime.tensor(p, dev) for p in _mlp_weights()]
    cpu_out = mlp_vm["main"](data, *params).numpy()
    np.testing.assert_allclose(cpu_out, _reference(raw_data, *_mlp_weights()), rtol=1e-5, atol=1e-5)


def test_unfused_module_is_legalized_by_compile():
    mod = IRModule(build_mlp_module(default_context()))
    vm = relax.VirtualMachine(tvmlir.compile(mod, target=tvmlir.target.Target("llvm")), tvmlir.device("cpu", 0))
    x = np.random.rand(1, 784).astype("float32")
    out = vm["main"](x, *_mlp_weights(1))
    assert isinstance(out, tvmlir.runtime.Tensor) and out.shape == (1, 10) and out.dtype == "float32"
    np.testing.assert_allclose(out.numpy(), _reference(x, *_mlp_weights(1)), rtol=1e-5, atol=1e-5)


def test_torch_tensors_are_accepted(mlp_vm):
    torch = pytest.importorskip("torch")
    x = torch.rand(1, 784)
    weights = _mlp_weights()
    out = mlp_vm["main"](x, *[torch.from_numpy(w) for w in weights]).numpy()
    np.testing.assert_allclose(out, _reference(x.numpy(), *weights), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("args, message", [
    (lambda w: [np.zeros((2, 784), "float32"), *w],
     r"main: argument 0 'x' expects R.Tensor\(\(1, 784\), \"float32\"\), got \(2, 784\) float32"),
    (lambda w: [np.zeros((1, 784), "float64"), *w],
     r"main: argument 0 'x' expects R.Tensor\(\(1, 784\), \"float32\"\), got \(1, 784\) float64"),
    (lambda w: [np.zeros((784,), "float32"), *w], r"argument 0 'x' expects .*, got \(784,\) float32"),
    (lambda w: [np.zeros((1, 784), "float32"), *w[:3]], r"main: expects 5 argument\(s\) \(x, p_fc1_weight"),
    (lambda w: [np.zeros((1, 1568), "float32")[:, ::2], *w], r"non-contiguous"),
    (lambda w: [[0.0] * 784, *w], r"got list"),
])
def test_bad_calls_raise(mlp_vm, args, message):
    with pytest.raises(TVMLIRError, match=message):
        mlp_vm["main"](*args(_mlp_weights()))


def test_unknown_function_and_device(mlp_vm):
    with pytest.raises(TVMLIRError, match=r"no function 'forward'; it has \['main'\]"):
        mlp_vm["forward"]
    with pytest.raises(TVMLIRError, match="compiled for the CPU, not for cuda"):
        relax.VirtualMachine(mlp_vm.executable, tvmlir.device("cuda", 0))
    with pytest.raises(TVMLIRError, match="unknown target kind 'metal'"):
        tvmlir.compile(IRModule(build_mlp_module(default_context())), target="metal")


def test_outputs_are_fresh_per_call(mlp_vm):
    x = np.random.rand(1, 784).astype("float32")
    first = mlp_vm["main"](x, *_mlp_weights()).numpy()
    second = mlp_vm["main"](x * 2, *_mlp_weights()).numpy()
    assert not np.shares_memory(first, second)
    np.testing.assert_allclose(first, _reference(x, *_mlp_weights()), rtol=1e-5, atol=1e-5)


def test_exported_library_runs_in_a_fresh_process(mlp_vm, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "model.so"
    mlp_vm.executable.export_library(path)
    x = np.random.rand(1, 784).astype("float32")
    np.save(tmp_path / "x.npy", x)
    for i, w in enumerate(_mlp_weights()):
        np.save(tmp_path / f"w{i}.npy", w)
    code = f"""
import numpy as np, tvmlir
from tvmlir import relax
vm = relax.VirtualMachine(tvmlir.runtime.load_module({str(path)!r}), tvmlir.cpu())
args = [np.load({str(tmp_path)!r} + f"/{{n}}.npy") for n in ["x", "w0", "w1", "w2", "w3"]]
np.save({str(tmp_path / "out.npy")!r}, vm["main"](*args).numpy())
"""
    subprocess.run([sys.executable, "-c", code], check=True)
    np.testing.assert_allclose(np.load(tmp_path / "out.npy"), _reference(x, *_mlp_weights()), rtol=1e-5, atol=1e-5)


def test_corrupt_library_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.so"
    path.write_bytes(b"\x7fELF this is not a library")
    with pytest.raises(TVMLIRError, match="cannot load .*broken.so: not a library written by export_library"):
        tvmlir.runtime.load_module(path)


def test_repeated_calls_do_not_leak(mlp_vm):
    def rss_kb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4

    x = np.random.rand(1, 784).astype("float32")
    weights = _mlp_weights()
    for _ in range(500):  # warm up allocators and caches
        mlp_vm["main"](x, *weights)
    before = rss_kb()
    for _ in range(10_000):
        mlp_vm["main"](x, *weights)
    growth = rss_kb() - before
    assert growth < 8 * 1024, f"RSS grew by {growth} KiB over 10,000 calls"


def test_symbolic_batch_compiled_once_runs_at_three_sizes():
    mod = IRModule(build_mlp_module(default_context(), batch="n"))
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    weights = _mlp_weights(2)
    for batch in (1, 7, 64):
        x = np.random.rand(batch, 784).astype("float32")
        out = vm["main"](x, *weights)
        assert out.shape == (batch, 10)
        np.testing.assert_allclose(out.numpy(), _reference(x, *weights), rtol=1e-5, atol=1e-5)


def test_symbolic_dims_must_agree():
    text = """
    relax.function @f(%x: tensor<?xf32, #relax.sym<["n"]>>, %y: tensor<?xf32, #relax.sym<["n"]>>)
        -> tensor<?xf32, #relax.sym<["n"]>> {
      %0 = relax.add %x, %y : tensor<?xf32, #relax.sym<["n"]>>, tensor<?xf32, #relax.sym<["n"]>> -> tensor<?xf32, #relax.sym<["n"]>>
      relax.return %0 : tensor<?xf32, #relax.sym<["n"]>>
    }
    """
    vm = relax.VirtualMachine(tvmlir.compile(IRModule.from_mlir(text)), tvmlir.cpu())
    np.testing.assert_allclose(vm["f"](np.ones(3, "float32"), np.ones(3, "float32")).numpy(), 2 * np.ones(3))
    with pytest.raises(TVMLIRError, match=r"argument 1 'arg1' expects R.Tensor\(\(\"n\",\), \"float32\"\), got \(4,\) float32: n is 3 in an earlier argument"):
        vm["f"](np.ones(3, "float32"), np.ones(4, "float32"))


def test_seed_tvmscript_mlp_runs_and_matches_torch(golden):
    torch = pytest.importorskip("torch")
    from tvmlir.script import from_source

    mod = relax.get_pipeline("zero")(from_source(golden("seed_tvmscript"), "seed_tvmscript.txt"))
    vm = relax.VirtualMachine(tvmlir.compile(mod, target={"kind": "llvm"}), tvmlir.cpu())
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).eval()
    params = [p.detach().numpy() for p in model.parameters()]  # fc1 weight, bias, fc2 weight, bias
    raw_data = np.random.rand(1, 784).astype("float32")
    with torch.no_grad():
        expected = model(torch.from_numpy(raw_data)).numpy()
    data = tvmlir.runtime.tensor(raw_data, tvmlir.cpu())
    np.testing.assert_allclose(vm["main"](data, *params).numpy(), expected, rtol=1e-5, atol=1e-5)


def test_targets():
    assert tvmlir.target.Target("llvm -mcpu=znver3").attrs == {"mcpu": "znver3"}
    assert tvmlir.target.Target({"kind": "llvm", "mcpu": "native"}).kind == "llvm"
    with pytest.raises(TVMLIRError, match="compiling for 'nvptx' is not supported yet"):
        tvmlir.compile(IRModule(build_mlp_module(default_context())), target="nvptx")


def test_bfloat16_result_is_a_clear_error():
    """NumPy has no bfloat16: the call says so instead of failing inside NumPy."""
    mod = IRModule.from_mlir("""relax.function @main(%x: tensor<3xf32>) -> tensor<3xbf16> {
  %0 = relax.astype %x dtype(bf16) : tensor<3xf32> -> tensor<3xbf16>
  relax.return %0 : tensor<3xbf16>
}""")
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    with pytest.raises(TVMLIRError, match="have no bfloat16 yet"):
        vm["main"](np.ones(3, "float32"))


def test_reduction_over_nothing_is_its_identity():
    """A reduced extent of 0 still runs the init: sum 0, prod 1, matmul 0."""
    mod = IRModule.from_mlir("""relax.function @main(%x: tensor<3x0xf32>, %a: tensor<5x0xf32>, %b: tensor<0x4xf32>)
    -> (tensor<3xf32>, tensor<5x4xf32>, tensor<3xf32>) {
  %0 = relax.sum %x axis [1] : tensor<3x0xf32> -> tensor<3xf32>
  %1 = relax.matmul %a, %b : tensor<5x0xf32>, tensor<0x4xf32> -> tensor<5x4xf32>
  %2 = relax.prod %x axis [1] : tensor<3x0xf32> -> tensor<3xf32>
  relax.return %0, %1, %2 : tensor<3xf32>, tensor<5x4xf32>, tensor<3xf32>
}""")
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    total, product, prod = vm["main"](np.zeros((3, 0), "float32"), np.zeros((5, 0), "float32"),
                                      np.zeros((0, 4), "float32"))
    np.testing.assert_array_equal(total.numpy(), np.zeros(3))
    np.testing.assert_array_equal(product.numpy(), np.zeros((5, 4)))
    np.testing.assert_array_equal(prod.numpy(), np.ones(3))


def test_many_results_reach_their_buffers():
    """Functions of many results, each computed in a dataflow block and
    returned as a tuple: every result reaches its output buffer. With two
    parameters, 22 and 46 results make the host code's value -> buffer map
    grow exactly while the block's result is bound (48 and 96 entries)."""
    counts = (1, 21, 22, 23, 46)
    functions = []
    for count in counts:
        constants = [f"    %c{i} = relax.constant dense<{float(i)}> : tensor<f32>" for i in range(count)]
        adds = [f"    %r{i} = relax.add %x, %c{i} : tensor<2xf32>, tensor<f32> -> tensor<2xf32>" for i in range(count)]
        types = ", ".join(["tensor<2xf32>"] * count)
        fields = ", ".join(f"%r{i}" for i in range(count))
        functions.append(f"""relax.function @f{count}(%x: tensor<2xf32>, %unused: tensor<2xf32>) -> tuple<{types}> {{
  %out = relax.dataflow -> tuple<{types}> {{
{chr(10).join(constants + adds)}
    %t = relax.tuple {fields} : {types}
    relax.output %t : tuple<{types}>
  }}
  relax.return %out : tuple<{types}>
}}""")
    vm = relax.VirtualMachine(tvmlir.compile(IRModule.from_mlir("\n".join(functions)), target="llvm"), tvmlir.cpu())
    x = np.array([1.0, 2.0], "float32")
    for count in counts:
        got = vm[f"f{count}"](x, x)
        for i, result in enumerate(got):
            np.testing.assert_array_equal(result.numpy(), x + i, err_msg=f"f{count} result {i}")


_LARGE_MATMUL = """relax.function @main(%a: tensor<256x512xf32>, %b: tensor<512x64xf32>) -> tensor<256x64xf32> {
  %0 = relax.matmul %a, %b : tensor<256x512xf32>, tensor<512x64xf32> -> tensor<256x64xf32>
  %1 = relax.nn.relu %0 : tensor<256x64xf32>
  relax.return %1 : tensor<256x64xf32>
}"""


def test_threaded_loops_in_engines_one_after_another_and_exported(tmp_path):
    """A nest of 8M iterations runs its outer loop on the CPU's threads
    (tensorir-parallelize-outer-loops): right numbers from a second JIT engine
    made after the first is freed (the thread pool is shared by the
    process), and from an exported library in a fresh process."""
    import gc
    import subprocess
    import sys

    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((256, 512)).astype("float32"), rng.standard_normal((512, 64)).astype("float32")
    expected = np.maximum(a @ b, 0)
    executable = None
    for _ in range(2):
        executable = tvmlir.compile(IRModule.from_mlir(_LARGE_MATMUL), target="llvm")
        assert "tvmlir_parallel_for" in str(executable.mod.mlir)  # the parallel loop went to the thread pool
        got = relax.VirtualMachine(executable, tvmlir.cpu())["main"](a, b).numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
        gc.collect()
    path = tmp_path / "matmul.so"
    executable.export_library(path)
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    code = f"""
import numpy as np, tvmlir
from tvmlir import relax
vm = relax.VirtualMachine(tvmlir.runtime.load_module({str(path)!r}), tvmlir.cpu())
np.save({str(tmp_path / "out.npy")!r}, vm["main"](np.load({str(tmp_path / "a.npy")!r}), np.load({str(tmp_path / "b.npy")!r})).numpy())
"""
    subprocess.run([sys.executable, "-c", code], check=True)
    np.testing.assert_allclose(np.load(tmp_path / "out.npy"), expected, rtol=1e-4, atol=1e-4)


def test_threaded_loops_called_from_several_threads_and_after_fork():
    """The thread pool runs one job at a time: a parallel loop launched while
    another thread's runs executes serially on its caller, with the same
    numbers; a forked child (which has none of the parent's workers) starts
    its own."""
    import os
    import threading

    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((256, 512)).astype("float32"), rng.standard_normal((512, 64)).astype("float32")
    expected = np.maximum(a @ b, 0)
    tvmlir.runtime.set_num_threads(2)
    try:
        executable = tvmlir.compile(IRModule.from_mlir(_LARGE_MATMUL), target="llvm")
    finally:
        tvmlir.runtime.set_num_threads(None)
    assert "tvmlir_parallel_for" in str(executable.mod.mlir)
    vm = relax.VirtualMachine(executable, tvmlir.cpu())
    results, errors = [], []

    def run():
        try:
            for _ in range(20):
                results.append(vm["main"](a, b).numpy())
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 60
    for got in results:
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    pid = os.fork()
    if pid == 0:  # the child: exit status 0 only with the right numbers
        ok = np.allclose(vm["main"](a, b).numpy(), expected, rtol=1e-4, atol=1e-4)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
