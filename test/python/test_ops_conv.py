"""Convolution and pooling: each operator legalized and folded (FoldConstant
interprets the prim_funcs) against a direct NumPy reference, and printed as
TVMScript then parsed back to the same module."""

import numpy as np
import pytest

from tvmlir.ir import IRModule, assert_structural_equal
from tvmlir.script import from_source
from tvmlir.testing.evaluate import evaluate, tensor_type

RNG = np.random.default_rng(7)


# --- NumPy references: straight from the definitions -------------------------

def _complete_padding(padding):
    """TVM's padding: 1 int (all sides), 2 (top/bottom, left/right) or 4 (top, left, bottom, right)."""
    if len(padding) == 1:
        return tuple(padding) * 4
    if len(padding) == 2:
        return tuple(padding) * 2
    return tuple(padding)


def _out_extent(size, before, after, kernel, stride, dilation, ceil_mode=False):
    span = size + before + after - dilation * (kernel - 1) - 1
    if ceil_mode:
        span += stride - 1
    return span // stride + 1


def conv2d_ref(x, w, strides=(1, 1), padding=(0,), dilation=(1, 1), groups=1):
    top, left, bottom, right = _complete_padding(padding)
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, _, h, wd = x.shape
    o, i, kh, kw = w.shape
    oh = _out_extent(h, top, bottom, kh, strides[0], dilation[0])
    ow = _out_extent(wd, left, right, kw, strides[1], dilation[1])
    out = np.zeros((n, o, oh, ow))
    for f in range(o):
        g = f // (o // groups)  # the group of output channel f reads channels g*i .. g*i + i - 1
        for ky in range(kh):
            for kx in range(kw):
                y0, x0 = ky * dilation[0], kx * dilation[1]
                patch = xp[:, g * i:(g + 1) * i,
                           y0:y0 + strides[0] * (oh - 1) + 1:strides[0],
                           x0:x0 + strides[1] * (ow - 1) + 1:strides[1]]
                out[:, f] += np.einsum("nchw,c->nhw", patch, w[f, :, ky, kx].astype(np.float64))
    return out


def pool2d_ref(x, kind, pool_size, strides=(1, 1), padding=(0,), dilation=(1, 1), ceil_mode=False,
               count_include_pad=False):
    """Max: padding never wins. Avg: the divisor counts the taps inside the input,
    or inside the explicitly padded input with count_include_pad (never the
    ceil_mode tail); an all-padding window divides by 1."""
    top, left, bottom, right = _complete_padding(padding)
    n, c, h, w = x.shape
    oh = _out_extent(h, top, bottom, pool_size[0], strides[0], dilation[0], ceil_mode)
    ow = _out_extent(w, left, right, pool_size[1], strides[1], dilation[1], ceil_mode)
    out = np.zeros((n, c, oh, ow))
    for oy in range(oh):
        for ox in range(ow):
            rows = [oy * strides[0] + k * dilation[0] - top for k in range(pool_size[0])]
            cols = [ox * strides[1] + k * dilation[1] - left for k in range(pool_size[1])]
            in_rows = [r for r in rows if 0 <= r < h]
            in_cols = [q for q in cols if 0 <= q < w]
            window = x[:, :, in_rows][:, :, :, in_cols].astype(np.float64)
            if kind == "max":
                padded = len(in_rows) < len(rows) or len(in_cols) < len(cols)
                lowest = np.finfo(x.dtype).min if x.dtype.kind == "f" else np.iinfo(x.dtype).min
                best = window.max(axis=(2, 3)) if window.size else np.full((n, c), lowest)
                out[:, :, oy, ox] = np.maximum(best, lowest) if padded else best
            else:
                if count_include_pad:
                    count = (sum(-top <= r < h + bottom for r in rows) *
                             sum(-left <= q < w + right for q in cols))
                else:
                    count = len(in_rows) * len(in_cols)
                out[:, :, oy, ox] = window.sum(axis=(2, 3)) / max(count, 1)
    return out


def adaptive_avg_pool2d_ref(x, output_size):
    """Output (i, j) averages rows floor(i*H/OH) .. ceil((i+1)*H/OH) - 1, and so for columns."""
    h, w = x.shape[2:]
    oh, ow = output_size
    out = np.zeros(x.shape[:2] + (oh, ow))
    for i in range(oh):
        r0, r1 = i * h // oh, -(-(i + 1) * h // oh)
        for j in range(ow):
            c0, c1 = j * w // ow, -(-(j + 1) * w // ow)
            out[:, :, i, j] = x[:, :, r0:r1, c0:c1].astype(np.float64).mean(axis=(2, 3))
    return out


def _ints(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def _attrs(**attrs):
    """` strides [2, 2] padding [1]`: the custom syntax of the given attributes."""
    text = ""
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool):
            text += f" {name} {'true' if value else 'false'}"
        elif isinstance(value, (tuple, list)):
            text += f" {name} {_ints(value)}"
        else:
            text += f" {name} {value}"
    return text


def _check(got, expected, dtype):
    if np.dtype(dtype).kind == "f":
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_array_equal(got, expected)


def _data(shape, dtype="float32"):
    if np.dtype(dtype).kind == "f":
        return RNG.standard_normal(shape).astype(dtype)
    return RNG.integers(-20, 20, shape).astype(dtype)


# --- conv2d ------------------------------------------------------------------

CONV_CASES = [
    # data shape, weight shape, strides, padding, dilation, groups
    ((1, 4, 8, 8), (6, 4, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ((1, 4, 8, 8), (6, 4, 3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 1),
    ((1, 3, 7, 7), (2, 3, 3, 3), (1, 1), (1,), (2, 2), 1),
    ((1, 3, 6, 5), (4, 3, 2, 3), (2, 1), (2, 1), (1, 1), 1),
    ((1, 2, 5, 6), (3, 2, 3, 2), (1, 2), (0, 1, 2, 3), (1, 2), 1),
    ((2, 3, 5, 5), (4, 3, 2, 2), (1, 1), (0,), (1, 1), 1),
    ((1, 4, 6, 6), (6, 2, 3, 3), (1, 1), (1,), (1, 1), 2),   # grouped
    ((1, 4, 6, 6), (4, 1, 3, 3), (2, 2), (1,), (1, 1), 4),   # depthwise
]


@pytest.mark.parametrize("data_shape, weight_shape, strides, padding, dilation, groups", CONV_CASES)
def test_conv2d_matches_numpy(data_shape, weight_shape, strides, padding, dilation, groups):
    x, w = _data(data_shape), _data(weight_shape)
    expected = conv2d_ref(x, w, strides, padding, dilation, groups)
    out_type = tensor_type(expected.astype(np.float32))
    attrs = _attrs(strides=strides, padding=padding, dilation=dilation, groups=groups)
    got = evaluate(f"relax.nn.conv2d %a0, %a1{attrs} : {tensor_type(x)}, {tensor_type(w)} -> {out_type}",
                   [x, w], out_type)
    _check(got, expected, "float32")


def test_conv2d_integer():
    x, w = _data((1, 2, 5, 5), "int32"), _data((3, 2, 3, 3), "int32")
    expected = conv2d_ref(x, w, padding=(1,)).astype(np.int32)
    out_type = tensor_type(expected)
    got = evaluate(f"relax.nn.conv2d %a0, %a1 padding [1] : {tensor_type(x)}, {tensor_type(w)} -> {out_type}",
                   [x, w], out_type)
    _check(got, expected, "int32")


def test_conv2d_out_dtype_converts_both_operands():
    x, w = _data((1, 2, 4, 4), "float16"), _data((2, 2, 3, 3), "float16")
    expected = conv2d_ref(x, w)
    out_type = tensor_type(expected.astype(np.float32))
    got = evaluate(f"relax.nn.conv2d %a0, %a1 out_dtype(f32) : {tensor_type(x)}, {tensor_type(w)} -> {out_type}",
                   [x, w], out_type)
    assert got.dtype == np.float32
    _check(got, expected, "float32")


# --- pooling -----------------------------------------------------------------

POOL_CASES = [
    # data shape, pool_size, strides, padding, dilation, ceil_mode
    ((1, 2, 8, 8), (2, 2), (2, 2), (0,), (1, 1), False),
    ((1, 3, 7, 8), (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), False),
    ((1, 2, 7, 7), (3, 3), (1, 1), (1,), (2, 2), False),
    ((1, 2, 8, 8), (3, 3), (2, 2), (0,), (1, 1), True),      # the tail window passes the end
    ((1, 2, 7, 6), (3, 2), (2, 1), (1, 0, 0, 1), (1, 1), True),
    ((2, 1, 6, 6), (2, 3), (1, 2), (1, 2), (1, 1), False),
]


@pytest.mark.parametrize("data_shape, pool_size, strides, padding, dilation, ceil_mode", POOL_CASES)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_max_pool2d_matches_numpy(data_shape, pool_size, strides, padding, dilation, ceil_mode, dtype):
    x = _data(data_shape, dtype)
    expected = pool2d_ref(x, "max", pool_size, strides, padding, dilation, ceil_mode).astype(dtype)
    out_type = tensor_type(expected)
    attrs = _attrs(pool_size=pool_size, strides=strides, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    got = evaluate(f"relax.nn.max_pool2d %a0{attrs} : {tensor_type(x)} -> {out_type}", [x], out_type)
    _check(got, expected, dtype)


@pytest.mark.parametrize("data_shape, pool_size, strides, padding, dilation, ceil_mode", POOL_CASES)
@pytest.mark.parametrize("count_include_pad", [False, True])
def test_avg_pool2d_matches_numpy(data_shape, pool_size, strides, padding, dilation, ceil_mode, count_include_pad):
    x = _data(data_shape)
    expected = pool2d_ref(x, "avg", pool_size, strides, padding, dilation, ceil_mode, count_include_pad)
    out_type = tensor_type(expected.astype(np.float32))
    attrs = _attrs(pool_size=pool_size, strides=strides, padding=padding, dilation=dilation, ceil_mode=ceil_mode,
                   count_include_pad=count_include_pad)
    got = evaluate(f"relax.nn.avg_pool2d %a0{attrs} : {tensor_type(x)} -> {out_type}", [x], out_type)
    _check(got, expected, "float32")


def test_avg_pool2d_all_padding_window_divides_by_one():
    # Padding 2 with a 2x2 window: the corner window holds only padding.
    x = _data((1, 1, 3, 3))
    expected = pool2d_ref(x, "avg", (2, 2), (2, 2), (2,))
    assert expected[0, 0, 0, 0] == 0
    out_type = tensor_type(expected.astype(np.float32))
    got = evaluate(f"relax.nn.avg_pool2d %a0 pool_size [2, 2] strides [2, 2] padding [2] : {tensor_type(x)} -> {out_type}",
                   [x], out_type)
    _check(got, expected, "float32")


ADAPTIVE_CASES = [
    # data shape, output_size (None: the input's height and width)
    ((1, 2, 8, 8), (1,)),
    ((1, 3, 8, 8), (4, 4)),
    ((2, 2, 8, 7), (3, 5)),     # windows of different widths, overlapping
    ((1, 2, 5, 6), None),
    ((1, 1, 7, 7), (3,)),
    ((1, 1, 4, 6), (6, 4)),     # more outputs than input rows
]


@pytest.mark.parametrize("data_shape, output_size", ADAPTIVE_CASES)
def test_adaptive_avg_pool2d_matches_numpy(data_shape, output_size):
    x = _data(data_shape)
    size = x.shape[2:] if output_size is None else (output_size * 2 if len(output_size) == 1 else output_size)
    expected = adaptive_avg_pool2d_ref(x, size)
    out_type = tensor_type(expected.astype(np.float32))
    attrs = _attrs(output_size=output_size)
    got = evaluate(f"relax.nn.adaptive_avg_pool2d %a0{attrs} : {tensor_type(x)} -> {out_type}", [x], out_type)
    _check(got, expected, "float32")


# --- TVMScript: printed, then parsed back ------------------------------------
# (Needs the Python extension built with these ops, and the parser's "str"
# attribute kind for the layouts.)

ROUND_TRIP = """
relax.function @main(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %k: tensor<4x1x3x3xf32>,
                     %h: tensor<1x4x8x8xf16>) -> tensor<1x4x1x1xf32> {
  %0 = relax.nn.conv2d %x, %w strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
  %1 = relax.nn.conv2d %x, %k padding [1] groups 4 : tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = relax.nn.conv2d %h, %w out_layout "NCHW" out_dtype(f32) : tensor<1x4x8x8xf16>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  %3 = relax.nn.max_pool2d %1 pool_size [3, 3] strides [2, 2] padding [1] ceil_mode true : tensor<1x4x8x8xf32> -> tensor<1x4x5x5xf32>
  %4 = relax.nn.avg_pool2d %3 pool_size [2, 2] dilation [1, 2] count_include_pad true : tensor<1x4x5x5xf32> -> tensor<1x4x4x3xf32>
  %5 = relax.nn.adaptive_avg_pool2d %4 output_size [1] : tensor<1x4x4x3xf32> -> tensor<1x4x1x1xf32>
  %6 = relax.nn.adaptive_avg_pool2d %4 : tensor<1x4x4x3xf32> -> tensor<1x4x4x3xf32>
  relax.return %5 : tensor<1x4x1x1xf32>
}
"""


def test_script_prints_every_attribute_as_tvm():
    text = IRModule.from_mlir(ROUND_TRIP).script()
    assert ('strides=[2, 2], padding=[1, 1, 1, 1], dilation=[1, 1], groups=1, '
            'data_layout="NCHW", kernel_layout="OIHW", out_layout=None, out_dtype=None)') in text
    assert 'out_layout="NCHW", out_dtype="float32")' in text
    assert ('pool_size=[3, 3], strides=[2, 2], padding=[1], dilation=[1, 1], '
            'ceil_mode=True, count_include_pad=False, layout="NCHW", out_layout=None)') in text
    assert 'output_size=[1], layout="NCHW", out_layout=None)' in text
    assert 'output_size=None, layout="NCHW", out_layout=None)' in text


def test_script_round_trip():
    mod = IRModule.from_mlir(ROUND_TRIP)
    assert_structural_equal(from_source(mod.script()), mod)


def test_script_defaults_are_filled_in():
    """Keywords left out get TVM's defaults: the same ops as spelled out."""
    source = """
from tvmlir.script import relax as R

@R.function
def main(x: R.Tensor((1, 4, 8, 8), dtype="float32"), w: R.Tensor((6, 4, 3, 3), dtype="float32")) -> R.Tensor((1, 6, 4, 4), dtype="float32"):
    lv: R.Tensor((1, 6, 4, 4), dtype="float32") = R.nn.conv2d(x, w, strides=[2, 2], padding=[1, 1, 1, 1])
    lv1: R.Tensor((1, 6, 4, 4), dtype="float32") = R.nn.max_pool2d(lv, pool_size=[3, 3], padding=[1])
    return lv1
"""
    text = """
relax.function @main(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = relax.nn.conv2d %x, %w strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
  %1 = relax.nn.max_pool2d %0 pool_size [3, 3] padding [1] : tensor<1x6x4x4xf32> -> tensor<1x6x4x4xf32>
  relax.return %1 : tensor<1x6x4x4xf32>
}
"""
    parsed = from_source(source)
    assert_structural_equal(parsed, IRModule.from_mlir(text))
