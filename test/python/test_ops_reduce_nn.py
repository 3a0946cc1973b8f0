"""Reductions and normalization / activation operators: each legalized and
folded (tvmlir.testing.evaluate) and checked against NumPy on several shapes
and axes; then printed as TVMScript and parsed back structurally equal."""

import numpy as np
import pytest

from tvmlir.ir import IRModule, assert_structural_equal
from tvmlir.script import from_source
from tvmlir.testing.evaluate import evaluate, tensor_type

RNG = np.random.default_rng(7)


def _normal(shape, dtype="float32"):
    return RNG.standard_normal(shape).astype(dtype)


def _axis_text(axis, keepdims, single=False):
    """`axis [0, 1] keepdims(true)` as the ops' custom syntax writes them."""
    text = ""
    if axis is not None:
        text += f" axis {axis}" if single else f" axis [{', '.join(map(str, axis))}]"
    return text + (" keepdims(true)" if keepdims else "")


# --- reductions ----------------------------------------------------------------

REDUCTIONS = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "prod": np.prod, "variance": np.var}

REDUCE_CASES = [
    ((3, 4), None, False),
    ((3, 4), None, True),
    ((2, 3, 4), [1], False),
    ((2, 3, 4), [0, -1], True),
    ((2, 3, 4, 5), [3, 1], False),
    ((5,), [0], False),
]


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("shape, axis, keepdims", REDUCE_CASES)
def test_float_reduction_matches_numpy(name, shape, axis, keepdims):
    x = _normal(shape)
    if name == "prod":
        x = RNG.uniform(0.5, 1.5, shape).astype("float32")  # keeps the product in range
    np_axis = None if axis is None else tuple(axis)
    expected = np.asarray(REDUCTIONS[name](x.astype("float64"), axis=np_axis, keepdims=keepdims)).astype("float32")
    got = evaluate(f"relax.{name} %a0{_axis_text(axis, keepdims)} : {tensor_type(x)} -> {tensor_type(expected)}",
                   [x], tensor_type(expected))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def _truncating_mean(x, axis, keepdims):
    """TVM's integer mean: the integer sum divided with truncation."""
    total = np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    count = x.size // total.size
    return (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)


INT_REDUCTIONS = {"sum": lambda x, **k: np.sum(x, dtype=x.dtype, **k), "max": np.max, "min": np.min,
                  "prod": lambda x, **k: np.prod(x, dtype=x.dtype, **k), "mean": _truncating_mean}


@pytest.mark.parametrize("name", sorted(INT_REDUCTIONS))
@pytest.mark.parametrize("shape, axis, keepdims", [((4, 3), [0], False), ((2, 3, 4), [1, 2], True), ((6,), None, False)])
def test_integer_reduction_matches_numpy(name, shape, axis, keepdims):
    x = RNG.integers(-9, 9, shape).astype("int32")
    np_axis = None if axis is None else tuple(axis)
    expected = np.asarray(INT_REDUCTIONS[name](x, axis=np_axis, keepdims=keepdims))
    got = evaluate(f"relax.{name} %a0{_axis_text(axis, keepdims)} : {tensor_type(x)} -> {tensor_type(expected)}",
                   [x], tensor_type(expected))
    np.testing.assert_array_equal(got, expected)


def test_integer_max_and_min_start_from_the_extremes():
    """max of negative integers and min of positive ones: the init is the
    lowest / highest value, not 0."""
    negative = np.array([[-7, -3], [-50, -9]], dtype="int32")
    for name, x, fn in [("max", negative, np.max), ("min", -negative, np.min)]:
        expected = fn(x, axis=1)
        got = evaluate(f"relax.{name} %a0 axis [1] : {tensor_type(x)} -> {tensor_type(expected)}", [x],
                       tensor_type(expected))
        np.testing.assert_array_equal(got, expected)


def _arg_reduce(fn, x, axis, keepdims):
    out = fn(x, axis=axis)
    if keepdims:
        out = fn(x, axis=axis, keepdims=True) if axis is not None else np.reshape(out, (1,) * x.ndim)
    return np.asarray(out, dtype="int64")


@pytest.mark.parametrize("shape, axis, keepdims", [
    ((3, 5), 1, False), ((3, 5), 0, True), ((2, 3, 4), -1, False), ((2, 3, 4), 1, True),
    ((2, 3, 4), None, False), ((2, 3, 4), None, True), ((7,), 0, False)])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("name, fn", [("argmax", np.argmax), ("argmin", np.argmin)])
def test_arg_reduction_matches_numpy(name, fn, shape, axis, keepdims, dtype):
    # Few distinct values: ties, where the first index must win.
    x = RNG.integers(-3, 3, shape).astype(dtype)
    expected = _arg_reduce(fn, x, axis, keepdims)
    got = evaluate(f"relax.{name} %a0{_axis_text(axis, keepdims, single=True)} : {tensor_type(x)} -> "
                   f"{tensor_type(expected)}", [x], tensor_type(expected))
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)


def test_argmax_finds_the_first_nan_as_numpy():
    # dense<> has no `nan` literal: the NaNs are written as hex bit patterns,
    # so the module is written here rather than by evaluate().
    from tvmlir.testing.evaluate import _run_passes

    x = np.array([[1.0, np.nan, 3.0, np.nan], [4.0, 2.0, 4.0, 0.0]], dtype="float32")
    values = ", ".join("[" + ", ".join("0x7FC00000" if np.isnan(e) else repr(float(e)) for e in row) + "]" for row in x)
    text = f"""relax.function @f() -> tensor<2xi64> {{
  %a0 = relax.constant dense<[{values}]> : tensor<2x4xf32>
  %r = relax.argmax %a0 axis 1 : tensor<2x4xf32> -> tensor<2xi64>
  relax.return %r : tensor<2xi64>
}}"""
    mod = _run_passes(text)  # held: the ops below live in its MLIR module
    ret = list(mod["f"].op.regions[0].blocks[0].operations)[-1]
    got = np.array(ret.operands[0].owner.attributes["value"])
    np.testing.assert_array_equal(got, np.argmax(x, axis=1))  # [1, 0]


# --- softmax, log_softmax ------------------------------------------------------


def _softmax(x, axis):
    x = x.astype("float64")
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


SOFTMAX_CASES = [((3, 5), None), ((3, 5), 0), ((2, 3, 4), 1), ((2, 3, 4), -3), ((6,), None)]


@pytest.mark.parametrize("shape, axis", SOFTMAX_CASES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_matches_numpy(name, shape, axis):
    x = _normal(shape) * 4
    expected = _softmax(x, -1 if axis is None else axis)
    if name == "log_softmax":
        expected = np.log(expected)
    attr = "" if axis is None else f" axis {axis}"
    got = evaluate(f"relax.nn.{name} %a0{attr} : {tensor_type(x)}", [x], tensor_type(x))
    np.testing.assert_allclose(got, expected.astype("float32"), rtol=1e-5, atol=1e-6)


def test_softmax_of_large_values_does_not_overflow():
    """The maximum is subtracted first, as TVM's T_softmax_maxelem does."""
    x = np.array([[1000.0, 1001.0, 1002.0]], dtype="float32")
    got = evaluate(f"relax.nn.softmax %a0 : {tensor_type(x)}", [x], tensor_type(x))
    np.testing.assert_allclose(got, _softmax(x, -1), rtol=1e-6)


# --- rms_norm, group_norm ----------------------------------------------------


@pytest.mark.parametrize("shape, axes", [((2, 3, 8), [-1]), ((4, 6), [0, 1]), ((2, 3, 4), [1])])
def test_rms_norm_matches_numpy(shape, axes):
    x = _normal(shape)
    weight = _normal(tuple(shape[a] for a in sorted(a % len(shape) for a in axes)))
    mean_square = np.mean(x.astype("float64") ** 2, axis=tuple(axes), keepdims=True)
    broadcast = [shape[d] if d in [a % len(shape) for a in axes] else 1 for d in range(len(shape))]
    expected = (x / np.sqrt(mean_square + 1e-5) * weight.reshape(broadcast)).astype("float32")
    axes_text = ", ".join(map(str, axes))
    got = evaluate(f"relax.nn.rms_norm %a0, %a1 axes [{axes_text}] : {tensor_type(x)}, {tensor_type(weight)} -> "
                   f"{tensor_type(x)}", [x, weight], tensor_type(x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("shape, groups, channel_axis, axes, center, scale", [
    ((2, 6, 3, 3), 3, 1, [2, 3], True, True), ((2, 4, 5), 1, 1, [2], False, True),
    ((3, 5, 4), 2, -1, [1], True, False), ((1, 8, 2, 2), 8, 1, [2, 3], True, True)])
def test_group_norm_matches_numpy(shape, groups, channel_axis, axes, center, scale):
    x = _normal(shape)
    rank, channel = len(shape), channel_axis % len(shape)
    gamma, beta = _normal((shape[channel],)), _normal((shape[channel],))
    # NumPy: the channel axis split into (groups, channels per group), then
    # the statistics over the group's channels and axes.
    grouped_shape = list(shape)
    grouped_shape[channel:channel + 1] = [groups, shape[channel] // groups]
    grouped = x.astype("float64").reshape(grouped_shape)
    reduce = tuple([channel + 1] + [a + 1 if a > channel else a for a in axes])
    mean = grouped.mean(axis=reduce, keepdims=True)
    var = grouped.var(axis=reduce, keepdims=True)
    normalized = ((grouped - mean) / np.sqrt(var + 1e-5)).reshape(shape)
    broadcast = [shape[d] if d == channel else 1 for d in range(rank)]
    if scale:
        normalized = normalized * gamma.reshape(broadcast)
    if center:
        normalized = normalized + beta.reshape(broadcast)
    attrs = f" num_groups({groups}) channel_axis({channel_axis}) axes [{', '.join(map(str, axes))}]"
    attrs += "" if center else " center(false)"
    attrs += "" if scale else " scale(false)"
    types = f"{tensor_type(x)}, {tensor_type(gamma)}, {tensor_type(beta)}"
    got = evaluate(f"relax.nn.group_norm %a0, %a1, %a2{attrs} : {types} -> {tensor_type(x)}", [x, gamma, beta],
                   tensor_type(x))
    np.testing.assert_allclose(got, normalized.astype("float32"), rtol=1e-4, atol=1e-4)


# --- layer_norm ----------------------------------------------------------------


def _layer_norm(x, gamma, beta, axes, epsilon, center, scale):
    axes = tuple(sorted(a % x.ndim for a in axes))
    x64 = x.astype("float64")
    mean = x64.mean(axis=axes, keepdims=True)
    var = x64.var(axis=axes, keepdims=True)
    y = (x64 - mean) / np.sqrt(var + epsilon)
    # gamma/beta have the normalized dimensions' shape: broadcast them back.
    shape = [x.shape[d] if d in axes else 1 for d in range(x.ndim)]
    if scale:
        y = y * gamma.reshape(shape)
    if center:
        y = y + beta.reshape(shape)
    return y.astype("float32")


@pytest.mark.parametrize("shape, axes, epsilon, center, scale", [
    ((4, 8), [-1], 1e-5, True, True),
    ((2, 3, 4), [1, 2], 1e-5, True, True),
    ((2, 3, 4), [2, 0], 1e-3, True, True),
    ((3, 5), [1], 1e-5, False, True),
    ((3, 5), [0], 1e-5, True, False),
])
def test_layer_norm_matches_numpy(shape, axes, epsilon, center, scale):
    x = _normal(shape) * 3 + 1
    norm_shape = tuple(shape[d] for d in sorted(a % len(shape) for a in axes))
    gamma, beta = _normal(norm_shape), _normal(norm_shape)
    attrs = ""
    if axes != [-1]:
        attrs += f" axes [{', '.join(map(str, axes))}]"
    if epsilon != 1e-5:
        attrs += f" epsilon({epsilon})"
    attrs += "" if center else " center(false)"
    attrs += "" if scale else " scale(false)"
    types = ", ".join(tensor_type(t) for t in (x, gamma, beta))
    got = evaluate(f"relax.nn.layer_norm %a0, %a1, %a2{attrs} : {types} -> {tensor_type(x)}", [x, gamma, beta],
                   tensor_type(x))
    np.testing.assert_allclose(got, _layer_norm(x, gamma, beta, axes, epsilon, center, scale), rtol=1e-4, atol=1e-4)


# --- batch_norm, dropout -------------------------------------------------------


@pytest.mark.parametrize("shape, axis, center, scale", [
    ((2, 3, 4, 4), 1, True, True),
    ((4, 6), 1, True, True),
    ((2, 5, 3), -1, True, False),
    ((3, 2, 2), 0, False, True),
])
def test_batch_norm_matches_numpy(shape, axis, center, scale):
    x = _normal(shape)
    channels = shape[axis]
    gamma, beta, mean = _normal(channels), _normal(channels), _normal(channels)
    var = RNG.uniform(0.5, 2.0, channels).astype("float32")
    epsilon = 1e-3
    bshape = [1] * len(shape)
    bshape[axis] = channels
    expected = (x.astype("float64") - mean.reshape(bshape)) / np.sqrt(var.reshape(bshape) + epsilon)
    if scale:
        expected = expected * gamma.reshape(bshape)
    if center:
        expected = expected + beta.reshape(bshape)
    attrs = f" axis {axis} epsilon({epsilon})" + ("" if center else " center(false)") + ("" if scale else " scale(false)")
    vec = tensor_type(mean)
    types = [tensor_type(x), vec, vec, vec, vec]
    out_types = [tensor_type(x), vec, vec]
    out, new_mean, new_var = evaluate(
        f"relax.nn.batch_norm %a0, %a1, %a2, %a3, %a4{attrs} : {', '.join(types)} -> {', '.join(out_types)}",
        [x, gamma, beta, mean, var], out_types)
    np.testing.assert_allclose(out, expected.astype("float32"), rtol=1e-5, atol=1e-5)
    # Inference: the running statistics come back unchanged.
    np.testing.assert_array_equal(new_mean, mean)
    np.testing.assert_array_equal(new_var, var)


@pytest.mark.parametrize("shape, rate", [((3, 4), 0.5), ((2, 3, 2), 0.1), ((5,), 0.0)])
def test_dropout_is_identity_in_inference(shape, rate):
    x = _normal(shape)
    t = tensor_type(x)
    out, mask = evaluate(f"relax.nn.dropout %a0 rate({rate}) : {t} -> {t}, {t}", [x], [t, t])
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(mask, np.ones_like(x))


# --- attention -----------------------------------------------------------------


def _attention(q, k, v, scale, causal_mask):
    q, k, v = (t.astype("float64") for t in (q, k, v))
    seq, seq_kv = q.shape[1], k.shape[1]
    if scale is None:
        scale = 1 / np.sqrt(q.shape[3])
    scores = np.einsum("bqnh,bknh->bnqk", q, k) * scale
    if causal_mask is not None:
        offset = 0 if causal_mask == "TopLeft" else abs(seq_kv - seq)
        keep = np.arange(seq_kv)[None, :] <= np.arange(seq)[:, None] + offset
        scores = np.where(keep, scores, -np.inf)
    probs = _softmax(scores, -1)
    return np.einsum("bnqk,bknh->bqnh", probs, v).astype("float32")


@pytest.mark.parametrize("batch, seq, seq_kv, heads, head_dim, head_dim_v", [
    (1, 4, 4, 1, 8, 8), (2, 3, 5, 2, 4, 3), (1, 5, 3, 3, 2, 6)])
@pytest.mark.parametrize("scale", [None, 0.3])
@pytest.mark.parametrize("causal_mask", [None, "TopLeft", "BottomRight"])
def test_attention_matches_numpy(batch, seq, seq_kv, heads, head_dim, head_dim_v, scale, causal_mask):
    q = _normal((batch, seq, heads, head_dim))
    k = _normal((batch, seq_kv, heads, head_dim))
    v = _normal((batch, seq_kv, heads, head_dim_v))
    expected = _attention(q, k, v, scale, causal_mask)
    attrs = ("" if scale is None else f" scale({scale})") + ("" if causal_mask is None else f' causal_mask("{causal_mask}")')
    types = ", ".join(tensor_type(t) for t in (q, k, v))
    got = evaluate(f"relax.nn.attention %a0, %a1, %a2{attrs} : {types} -> {tensor_type(expected)}", [q, k, v],
                   tensor_type(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


# --- TVMScript: printed, parsed back -------------------------------------------

ROUND_TRIPS = {
    "sum": ('%x: tensor<2x3x4xf32> loc("x")', "relax.sum %x axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>",
            "R.sum(x, axis=[1], keepdims=False)"),
    "mean": ('%x: tensor<2x3x4xf32> loc("x")', "relax.mean %x axis [0, -1] keepdims(true) : tensor<2x3x4xf32> -> tensor<1x3x1xf32>",
             "R.mean(x, axis=[0, -1], keepdims=True)"),
    "max": ('%x: tensor<2x3xf32> loc("x")', "relax.max %x : tensor<2x3xf32> -> tensor<f32>", "R.max(x, axis=None, keepdims=False)"),
    "min": ('%x: tensor<2x3xi32> loc("x")', "relax.min %x axis [1] : tensor<2x3xi32> -> tensor<2xi32>", "R.min(x, axis=[1], keepdims=False)"),
    "prod": ('%x: tensor<2x3xf32> loc("x")', "relax.prod %x keepdims(true) : tensor<2x3xf32> -> tensor<1x1xf32>",
             "R.prod(x, axis=None, keepdims=True)"),
    "variance": ('%x: tensor<2x3xf32> loc("x")', "relax.variance %x axis [0] : tensor<2x3xf32> -> tensor<3xf32>",
                 "R.variance(x, axis=[0], keepdims=False)"),
    "argmax": ('%x: tensor<2x3xf32> loc("x")', "relax.argmax %x axis -1 : tensor<2x3xf32> -> tensor<2xi64>",
               "R.argmax(x, axis=-1, keepdims=False)"),
    "argmax_all": ('%x: tensor<2x3xf32> loc("x")', "relax.argmax %x : tensor<2x3xf32> -> tensor<i64>",
                   "R.argmax(x, axis=None, keepdims=False)"),
    "argmin": ('%x: tensor<2x3xf32> loc("x")', "relax.argmin %x axis 0 keepdims(true) : tensor<2x3xf32> -> tensor<1x3xi64>",
               "R.argmin(x, axis=0, keepdims=True)"),
    "rms_norm": ('%x: tensor<2x3xf32> loc("x"), %w: tensor<3xf32> loc("w")',
                 "relax.nn.rms_norm %x, %w epsilon(1.0e-6) : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>",
                 "R.nn.rms_norm(x, w, axes=[-1], epsilon=1e-06)"),
    "group_norm": ('%x: tensor<2x4x3xf32> loc("x"), %g: tensor<4xf32> loc("g")',
                   "relax.nn.group_norm %x, %g, %g num_groups(2) channel_axis(1) axes [2] : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x4x3xf32>",
                   "R.nn.group_norm(x, g, g, num_groups=2, channel_axis=1, axes=[2], epsilon=1e-05, center=True, scale=True)"),
    "softmax": ('%x: tensor<2x3xf32> loc("x")', "relax.nn.softmax %x : tensor<2x3xf32>", "R.nn.softmax(x, axis=-1)"),
    "log_softmax": ('%x: tensor<2x3xf32> loc("x")', "relax.nn.log_softmax %x axis 0 : tensor<2x3xf32>",
                    "R.nn.log_softmax(x, axis=0)"),
    "layer_norm": ('%x: tensor<2x3xf32> loc("x"), %g: tensor<3xf32> loc("g")',
                   "relax.nn.layer_norm %x, %g, %g epsilon(1.0e-3) center(false) : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3xf32>",
                   "R.nn.layer_norm(x, g, g, axes=[-1], epsilon=0.001, center=False, scale=True)"),
    "dropout": ('%x: tensor<2x3xf32> loc("x")', "relax.nn.dropout %x rate(0.25) : tensor<2x3xf32> -> tensor<2x3xf32>, tensor<2x3xf32>",
                "R.nn.dropout(x, rate=0.25)"),
    "attention": ('%q: tensor<1x4x2x8xf32> loc("q")',
                  "relax.nn.attention %q, %q, %q scale(0.5) : tensor<1x4x2x8xf32>, tensor<1x4x2x8xf32>, tensor<1x4x2x8xf32> -> tensor<1x4x2x8xf32>",
                  "R.nn.attention(q, q, q, scale=0.5, causal_mask=None)"),
    "attention_causal": ('%q: tensor<1x4x2x8xf32> loc("q")',
                         'relax.nn.attention %q, %q, %q causal_mask("TopLeft") : tensor<1x4x2x8xf32>, tensor<1x4x2x8xf32>, tensor<1x4x2x8xf32> -> tensor<1x4x2x8xf32>',
                         'R.nn.attention(q, q, q, scale=None, causal_mask="TopLeft")'),
}


def _function(params, op_text):
    """A relax function of one operator, returning its (first) result; the
    parameters carry their names as locations (`loc("x")`)."""
    result_types = op_text.rsplit("->", 1)[1].strip() if "->" in op_text else op_text.rsplit(":", 1)[1].strip()
    types = [t.strip() for t in result_types.replace(">, ", ">;").split(";")]
    results = f"%0:{len(types)}" if len(types) > 1 else "%0"
    first = "%0#0" if len(types) > 1 else "%0"
    return (f"relax.function @main({params}) -> {types[0]} {{\n  {results} = {op_text}\n"
            f"  relax.return {first} : {types[0]}\n}}")


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_operator_prints_and_parses_back(name):
    params, op_text, spelled = ROUND_TRIPS[name]
    mod = IRModule.from_mlir(_function(params, op_text))
    script = mod.script()
    assert spelled in script
    assert_structural_equal(from_source(script), mod)


def test_batch_norm_prints_and_parses_back():
    vec = "tensor<3xf32>"
    text = f"""relax.function @main(%x: tensor<2x3x4xf32> loc("x"), %m: {vec} loc("m"), %v: {vec} loc("v")) -> {vec} {{
  %0:3 = relax.nn.batch_norm %x, %m, %m, %m, %v axis -2 momentum(0.3)
      : tensor<2x3x4xf32>, {vec}, {vec}, {vec}, {vec} -> tensor<2x3x4xf32>, {vec}, {vec}
  relax.return %0#2 : {vec}
}}"""
    mod = IRModule.from_mlir(text)
    script = mod.script()
    assert "R.nn.batch_norm(x, m, m, m, v, axis=-2, epsilon=1e-05, center=True, scale=True, momentum=0.3)" in script
    assert_structural_equal(from_source(script), mod)
