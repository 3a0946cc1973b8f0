"""The CPU lowering through linalg: one pipeline behind both doors, and the
strategies' numbers against NumPy at one and two threads.

Tiled reductions sum in another order than the loops: float32 results are
compared at rtol 1e-5 (relative to the largest magnitude), the order's
effect and nothing more.
"""

import os
import shutil
import subprocess

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.ir import IRModule, default_context
from tvmlir.script import from_source
from tvmlir.testing import build_mlp_module


def _relax_opt():
    path = shutil.which("relax-opt") or os.path.join(os.path.dirname(os.sys.executable), "relax-opt")
    if not os.path.exists(path):
        pytest.skip("relax-opt is not installed")
    return path


def test_relax_opt_pipeline_matches_compile(tmp_path):
    """`relax-opt --tvmlir-cpu-pipeline` reproduces tvmlir.compile's LLVM dialect for the seed."""
    mod = relax.get_pipeline("zero")(IRModule(build_mlp_module(default_context())))
    source = tmp_path / "seed.mlir"
    source.write_text(str(mod.mlir))
    threads = tvmlir.runtime.num_threads()
    ex = tvmlir.compile(mod, target="llvm")
    run = subprocess.run([_relax_opt(), str(source), f"--tvmlir-cpu-pipeline=num-threads={threads}"],
                         capture_output=True, text=True, check=True)
    assert "llvm.func @fused_matmul_add_relu" in run.stdout
    assert run.stdout.strip() == str(ex.mod.mlir).strip()


def _module(params, body):
    signature = ", ".join(f'{name}: R.Tensor({shape}, dtype="float32")' for name, shape in params.items())
    return from_source(f"""
from tvmlir.script import ir as I, relax as R
@I.ir_module
class Module:
    @R.function
    def main({signature}):
        with R.dataflow():
            gv = {body}
            R.output(gv)
        return gv
""")


def _run(mod, arrays, threads):
    tvmlir.runtime.set_num_threads(threads)
    try:
        ex = tvmlir.compile(relax.get_pipeline("zero")(mod), target="llvm")
    finally:
        tvmlir.runtime.set_num_threads(None)
    return relax.VirtualMachine(ex, tvmlir.cpu())["main"](*arrays).numpy()


def _close(got, expected, rtol=1e-5):
    scale = float(np.abs(expected).max()) or 1.0
    assert got.shape == expected.shape
    assert float(np.abs(got - expected).max()) / scale < rtol


def _conv2d(x, w, pad):
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - kh + 1, wd + 2 * pad - kw + 1
    out = np.zeros((n, f, oh, ow), np.float64)
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nchw,fc->nfhw", xp[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
    return out


CASES = {
    # big enough that the cache tiles run on threads when there are two
    "gemm_512": ({"a": (512, 512), "b": (512, 512)}, "R.matmul(a, b)", lambda a, b: a @ b),
    # extents no tile divides: 7 x 13 x 5, and the MLP's N = 10
    "matmul_odd": ({"a": (7, 5), "b": (5, 13)}, "R.matmul(a, b)", lambda a, b: a @ b),
    "dense_bias_relu_n10": ({"x": (64, 256), "w": (256, 10), "b": (10,)},
                            "R.nn.relu(R.add(R.matmul(x, w), b))", lambda x, w, b: np.maximum(x @ w + b, 0)),
    "batch_matmul": ({"a": (4, 32, 16), "b": (4, 16, 48)}, "R.matmul(a, b)", lambda a, b: a @ b),
    "conv2d_pad": ({"x": (1, 64, 56, 56), "w": (64, 64, 3, 3)}, "R.nn.conv2d(x, w, padding=[1, 1, 1, 1])",
                   lambda x, w: _conv2d(x, w, 1)),
    "softmax": ({"x": (4, 3, 128)}, "R.nn.softmax(x, axis=-1)",
                lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)),
    "sum_axis0": ({"x": (300, 40)}, "R.sum(x, axis=[0])", lambda x: x.sum(0)),
    "exp_extremes": ({"x": (4, 64)}, "R.exp(x)", np.exp),
}


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("name", list(CASES))
def test_kernel_matches_numpy(name, threads):
    params, body, reference = CASES[name]
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(shape).astype("float32") for shape in params.values()]
    if name == "exp_extremes":
        arrays[0][0, :8] = [-200.0, -88.5, -87.0, 0.0, 1e-8, 80.0, 88.8, 200.0]
        arrays[0][1, :3] = [np.inf, -np.inf, np.nan]
        got = _run(_module(params, body), arrays, threads)
        expected = np.exp(arrays[0].astype(np.float64))
        finite = (expected < np.finfo(np.float32).max) & (expected > 1e-37)
        np.testing.assert_allclose(got[finite], expected[finite], rtol=2e-6)
        assert got[1, 0] == np.inf and got[1, 1] == 0.0 and np.isnan(got[1, 2])
        assert got[0, 6] == np.inf and got[0, 7] == np.inf and abs(got[0, 0]) < 1e-37
        return
    expected = reference(*[a.astype(np.float64) for a in arrays])
    _close(_run(_module(params, body), arrays, threads), expected)


def test_set_num_threads_checks_its_argument(monkeypatch):
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match="set_num_threads takes a positive int"):
            tvmlir.runtime.set_num_threads(bad)
    monkeypatch.setenv("TVMLIR_NUM_THREADS", "three")
    with pytest.raises(ValueError, match="TVMLIR_NUM_THREADS must be a positive integer, not 'three'"):
        tvmlir.runtime.num_threads()
    monkeypatch.setenv("TVMLIR_NUM_THREADS", "3")
    assert tvmlir.runtime.num_threads() == 3
    tvmlir.runtime.set_num_threads(1)
    try:
        assert tvmlir.runtime.num_threads() == 1
    finally:
        tvmlir.runtime.set_num_threads(None)


# A block predicated by T.where stores only where the predicate holds: the
# first 5 of 8 elements get x + 1, the rest keep what the output held. The
# predicated block goes down the loop road (TensorIRToSCF's scf.if), and
# FoldConstant interprets the same predicate; both against NumPy.
_PREDICATED = '''
@I.ir_module
class Module:
    @T.prim_func(private=True)
    def head(x: T.Buffer((T.int64(2), T.int64(4)), "float32"), y: T.Buffer((T.int64(2), T.int64(4)), "float32")):
        for i, j in T.grid(T.int64(2), T.int64(4)):
            with T.block("fill"):
                vi, vj = T.axis.remap("SS", [i, j])
                y[vi, vj] = T.float32(-1.0)
        for i, j in T.grid(T.int64(2), T.int64(4)):
            with T.block("head"):
                vi, vj = T.axis.remap("SS", [i, j])
                T.where(i * T.int64(4) + j < T.int64(5))
                y[vi, vj] = x[vi, vj] + T.float32(1.0)

    @R.function
    def main(x: R.Tensor((2, 4), dtype="float32")) -> R.Tensor((2, 4), dtype="float32"):
        cls = Module
        y = R.call_tir(cls.head, (x,), out_sinfo=R.Tensor((2, 4), dtype="float32"))
        return y
'''


def _predicated_expected(x):
    flat = np.full(8, -1.0, "float32")
    flat[:5] = x.reshape(-1)[:5] + 1
    return flat.reshape(2, 4)


def test_block_predicate_is_honoured_when_compiled():
    x = np.arange(8, dtype="float32").reshape(2, 4) * 0.5
    vm = relax.VirtualMachine(tvmlir.compile(from_source(_PREDICATED), target="llvm"), tvmlir.cpu())
    np.testing.assert_array_equal(vm["main"](x).numpy(), _predicated_expected(x))


def test_block_predicate_is_honoured_when_folded():
    from tvmlir.testing.evaluate import _to_numpy, dense

    x = np.arange(8, dtype="float32").reshape(2, 4) * 0.5
    mod = from_source(_PREDICATED)
    text = str(mod.mlir).replace(
        "relax.function @main(%arg0: tensor<2x4xf32>) -> tensor<2x4xf32> {",
        f"relax.function @main() -> tensor<2x4xf32> {{\n    %arg0 = relax.constant {dense(x)}")
    assert "%arg0 = relax.constant" in text
    folded = relax.transform.FoldConstant()(IRModule.from_mlir(text))
    ret = list(folded["main"].op.regions[0].blocks[0].operations)[-1]
    assert ret.operands[0].owner.name == "relax.constant", str(folded.mlir)
    np.testing.assert_array_equal(_to_numpy(ret.operands[0].owner.attributes["value"]), _predicated_expected(x))
