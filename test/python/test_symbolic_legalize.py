"""Operators over a symbolic batch: legalized once (loops to the buffers'
sizes, intermediates allocated to the input's), compiled once, and run at
several batch sizes against NumPy."""

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.ir import IRModule
from tvmlir.script import from_source

RNG = np.random.default_rng(11)


def _t(shape, dtype="f32"):
    """`tensor<?x...>` with the leading dimension named `n`."""
    return f'tensor<?x{"x".join(map(str, shape)) + "x" if shape else ""}{dtype}, #relax.sym<["n"]>>'


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


# name: (op text over %x (n, 8) / %g (8,) / %i (n,) / %e (10, 8), result type, NumPy reference)
CASES = {
    "softmax": ("relax.nn.softmax %x : {T}", "{T}", lambda x, g, i, e: _softmax(x)),
    "log_softmax": ("relax.nn.log_softmax %x : {T}", "{T}", lambda x, g, i, e: np.log(_softmax(x))),
    "layer_norm": ("relax.nn.layer_norm %x, %g, %g : {T}, tensor<8xf32>, tensor<8xf32> -> {T}", "{T}",
                   lambda x, g, i, e: (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-5) * g + g),
    "rms_norm": ("relax.nn.rms_norm %x, %g : {T}, tensor<8xf32> -> {T}", "{T}",
                 lambda x, g, i, e: x / np.sqrt((x ** 2).mean(1, keepdims=True) + 1e-5) * g),
    "mean": ("relax.mean %x axis [1] : {T} -> {R}", "{R}", lambda x, g, i, e: x.mean(1)),
    "max": ("relax.max %x axis [1] : {T} -> {R}", "{R}", lambda x, g, i, e: x.max(1)),
    "variance": ("relax.variance %x axis [1] keepdims(true) : {T} -> {K}", "{K}",
                 lambda x, g, i, e: x.var(1, keepdims=True)),
    "argmin": ("relax.argmin %x axis 1 : {T} -> {RI}", "{RI}", lambda x, g, i, e: x.argmin(1)),
    "concat": ("relax.concat %x, %x axis 1 : {T}, {T} -> {C}", "{C}", lambda x, g, i, e: np.concatenate([x, x], 1)),
    "take": ("relax.take %e, %i axis 0 : tensor<10x8xf32>, {RI} -> {T}", "{T}", lambda x, g, i, e: e[i]),
    "where": ("relax.where %b, %x, %x2 : {B}, {T}, {T} -> {T}", "{T}", None),
    "expand_dims": ("relax.expand_dims %x axis [1] : {T} -> {E}", "{E}", lambda x, g, i, e: x[:, None, :]),
    "reshape": ("relax.reshape %x shape [-1, 2, 4] : {T} -> {S}", "{S}", lambda x, g, i, e: x.reshape(-1, 2, 4)),
    "strided_slice": ("relax.strided_slice %x axes [1] begin [1] end [7] strides [2] : {T} -> {SL}", "{SL}",
                      lambda x, g, i, e: x[:, 1:7:2]),
}
TYPES = {"T": _t([8]), "R": _t([]), "RI": _t([], "i64"), "K": _t([1]), "C": _t([16]), "B": _t([8], "i1"),
         "E": _t([1, 8]), "S": _t([2, 4]), "SL": _t([3])}


def _module(op_text, result):
    body = op_text.format(**TYPES)
    result = result.format(**TYPES)
    extra = ""
    if "%x2" in body:
        extra = (f"  %x2 = relax.negative %x : {TYPES['T']}\n"
                 f"  %b = relax.greater %x, %x2 : {TYPES['T']}, {TYPES['T']} -> {TYPES['B']}\n")
    return (f"relax.function @main(%x: {TYPES['T']}, %g: tensor<8xf32>, %i: {TYPES['RI']}, %e: tensor<10x8xf32>)"
            f" -> {result} {{\n{extra}  %r = {body}\n  relax.return %r : {result}\n}}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbolic_batch_operator_runs_at_several_sizes(name):
    op_text, result, reference = CASES[name]
    mod = relax.transform.LegalizeOps()(IRModule.from_mlir(_module(op_text, result)))
    assert "relax.call_tir" in str(mod.mlir), f"{name} was not legalized over the symbolic batch"
    # TVMScript: `n = T.int64()`, `T.match_buffer(var_x, (n, T.int64(8)))`, and back.
    script = mod.script()
    assert "n = T.int64()" in script and "T.match_buffer(" in script
    if name != "argmin":  # int64 arithmetic reads back on indices (test_script_roundtrip.py)
        assert from_source(script).script() == script
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    if reference is None:  # where(x > -x, x, -x) = |x|
        reference = lambda x, g, i, e: np.abs(x)  # noqa: E731
    for n in (1, 6):
        x = RNG.standard_normal((n, 8)).astype("float32")
        g = RNG.standard_normal(8).astype("float32")
        i = RNG.integers(0, 10, n).astype("int64")
        e = RNG.standard_normal((10, 8)).astype("float32")
        got = vm["main"](x, g, i, e).numpy()
        np.testing.assert_allclose(got, reference(x, g, i, e), rtol=1e-5, atol=1e-5)


def _compile(text):
    mod = relax.transform.LegalizeOps()(IRModule.from_mlir(text))
    assert "relax.nn." not in str(mod.mlir).split("tensorir.prim_func")[0], "left unlegalized"
    return relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())


def test_symbolic_batch_cnn_block_runs_at_several_sizes():
    """conv2d (padded), max pooling, adaptive average pooling and a flatten
    over a symbolic batch, checked against torch."""
    torch = pytest.importorskip("torch")
    x_t, w_t = _t([3, 8, 8]), "tensor<4x3x3x3xf32>"
    text = f"""relax.function @main(%x: {x_t}, %w: {w_t}) -> {_t([4])} {{
  %c = relax.nn.conv2d %x, %w padding [1, 1] : {x_t}, {w_t} -> {_t([4, 8, 8])}
  %p = relax.nn.max_pool2d %c pool_size [2, 2] strides [2, 2] : {_t([4, 8, 8])} -> {_t([4, 4, 4])}
  %a = relax.nn.adaptive_avg_pool2d %p output_size [1, 1] : {_t([4, 4, 4])} -> {_t([4, 1, 1])}
  %f = relax.reshape %a shape [-1, 4] : {_t([4, 1, 1])} -> {_t([4])}
  relax.return %f : {_t([4])}
}}"""
    vm = _compile(text)
    w = RNG.standard_normal((4, 3, 3, 3)).astype("float32")
    for n in (1, 3):
        x = RNG.standard_normal((n, 3, 8, 8)).astype("float32")
        y = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), padding=1)
        y = torch.nn.functional.adaptive_avg_pool2d(torch.nn.functional.max_pool2d(y, 2), 1).flatten(1)
        np.testing.assert_allclose(vm["main"](x, w).numpy(), y.numpy(), rtol=1e-4, atol=1e-5)


def test_symbolic_batch_attention_runs_at_several_sizes():
    torch = pytest.importorskip("torch")
    q_t = _t([5, 2, 4])
    text = f"""relax.function @main(%q: {q_t}, %k: {q_t}, %v: {q_t}) -> {q_t} {{
  %o = relax.nn.attention %q, %k, %v causal_mask("TopLeft") : {q_t}, {q_t}, {q_t} -> {q_t}
  relax.return %o : {q_t}
}}"""
    vm = _compile(text)
    for n in (1, 2):
        q, k, v = (RNG.standard_normal((n, 5, 2, 4)).astype("float32") for _ in range(3))
        # relax's (batch, seq, heads, dim) is torch's (batch, heads, seq, dim) transposed.
        tq, tk, tv = (torch.from_numpy(a).transpose(1, 2) for a in (q, k, v))
        expected = torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, is_causal=True).transpose(1, 2)
        np.testing.assert_allclose(vm["main"](q, k, v).numpy(), expected.numpy(), rtol=1e-5, atol=1e-5)


def test_zero_pipeline_over_a_symbolic_batch():
    """The tutorial's MLP with batch "n" through LegalizeOps, FuseOps and
    FuseTIR (intermediates allocated to the batch), printed as TVMScript and
    read back, compiled once and run at two batch sizes."""
    from tvmlir.ir import make_context
    from tvmlir.testing import build_mlp_module

    mod = relax.get_pipeline("zero")(IRModule(build_mlp_module(make_context(), batch="n")))
    assert {"fused_matmul_add_relu", "fused_matmul1_add1"} <= {gv.name_hint for gv in mod.get_global_vars()}
    script = mod.script()
    assert "matmul_intermediate = T.alloc_buffer((n, T.int64(256)))" in script
    assert from_source(script).script() == script
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    w1, b1 = RNG.standard_normal((256, 784)).astype("float32"), RNG.standard_normal(256).astype("float32")
    w2, b2 = RNG.standard_normal((10, 256)).astype("float32"), RNG.standard_normal(10).astype("float32")
    for n in (1, 5):
        x = RNG.standard_normal((n, 784)).astype("float32")
        expected = np.maximum(x @ w1.T + b1, 0) @ w2.T + b2
        np.testing.assert_allclose(vm["main"](x, w1, b1, w2, b2).numpy(), expected, rtol=1e-4, atol=1e-3)
