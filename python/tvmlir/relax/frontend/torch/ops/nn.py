"""Neural-network ATen ops: linear and matrix products, convolutions (1-D as
2-D over an added axis), pooling, softmax, layer / batch / group / RMS
normalization, dropout, scaled dot-product attention, embedding.
"""

import math

import numpy as np
import torch
from mlir import ir

from .....dialects import relax as rx
from .....script.printer import dtype_of
from ..types import element, normalize_axis, rank, shape
from .common import operand, scalar_as_vector


# -- matrix products --------------------------------------------------------------------

def _linear(t, node):
    """``x @ weight.T + bias``, printed as TVM's importer writes it."""
    args = t.bind(node)
    x, weight, bias = args.input, args.weight, args.bias
    transposed = t.emit(rx.permute_dims, weight)
    y = t.emit(rx.matmul, x, transposed, out_dtype=ir.TypeAttr.get(element(x)))
    return t.emit(rx.add, y, bias) if bias is not None else y


def _matmul(t, node):
    """matmul / mm / bmm / mv / dot: NumPy's matmul rules."""
    compute = t.out_element(node)
    return t.emit(rx.matmul, operand(t, node.args[0], compute), operand(t, node.args[1], compute))


def _scaled(t, x, factor):
    return x if factor == 1 else t.emit(rx.multiply, x, t.scalar(factor, element(x)))


def _outer(t, node):
    """outer: a column times a row."""
    compute = t.out_element(node)
    column = t.emit(rx.expand_dims, operand(t, node.args[0], compute), [1])
    return t.emit(rx.multiply, column, operand(t, node.args[1], compute))


def _add_product(t, node):
    """addmm / baddbmm: ``beta * self + alpha * (a @ b)``."""
    args = t.bind(node)
    compute = t.out_element(node)
    product = t.emit(rx.matmul, operand(t, node.args[1], compute), operand(t, node.args[2], compute))
    product = _scaled(t, product, args.alpha)
    if args.beta == 0:
        return product  # torch ignores self (even nan) when beta is 0
    return t.emit(rx.add, _scaled(t, operand(t, node.args[0], compute), args.beta), product)


def _matrix_vector(t, a, b):
    return t.emit(rx.matmul, a, b)


def _batch_sum(t, a, b):
    return t.emit(rx.sum, t.emit(rx.matmul, a, b), axis=[0], keepdims=False)


def _column_times_row(t, a, b):
    return t.emit(rx.multiply, t.emit(rx.expand_dims, a, [1]), b)


def _add_scaled(product_of):
    """addmv / addbmm / addr: ``beta * self + alpha * product_of(a, b)`` (a
    matrix-vector product, a sum of batched products, an outer product)."""
    def convert(t, node):
        args = t.bind(node)
        compute = t.out_element(node)
        product = product_of(t, operand(t, node.args[1], compute), operand(t, node.args[2], compute))
        product = _scaled(t, product, args.alpha)
        if args.beta == 0:
            return _broadcast_like(t, node, product)  # torch ignores self (even nan)
        return t.emit(rx.add, _scaled(t, operand(t, node.args[0], compute), args.beta), product)
    return convert


def _broadcast_like(t, node, value):
    """``value`` with the result's shape (beta = 0 drops self, which may have
    broadcast the product)."""
    extents = t.static_shape(node)
    return value if shape(value) == extents else t.emit(rx.broadcast_to, value, extents)


def _vector_dot(t, node):
    """vdot / linalg_vecdot: products summed over ``dim`` (the last)."""
    compute = t.out_element(node)
    product = t.emit(rx.multiply, operand(t, node.args[0], compute), operand(t, node.args[1], compute))
    dim = t.bind(node).raw.get("dim", -1)
    return t.emit(rx.sum, product, axis=[normalize_axis(dim, rank(product))], keepdims=False)


def _inner(t, node):
    """inner: products over both last dimensions, every pair of other
    indices (a matmul with b's last dimension first, flattened)."""
    compute = t.out_element(node)
    a, b = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    if rank(a) == 0 or rank(b) == 0:
        return t.emit(rx.multiply, a, b)
    if rank(b) == 1:
        return t.emit(rx.matmul, a, b)
    order = list(range(rank(b)))
    flat_b = t.emit(rx.reshape, t.emit(rx.permute_dims, b, axes=order[-1:] + order[:-1]), [shape(b)[-1], -1])
    return t.emit(rx.reshape, t.emit(rx.matmul, a, flat_b), t.static_shape(node))


def _kron(t, node):
    """kron: ``a[..., i, ...] * b[..., j, ...]`` on interleaved axes, merged."""
    compute = t.out_element(node)
    a, b = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    count = max(rank(a), rank(b))
    ea = [1] * (count - rank(a)) + t.static_shape(node.args[0], "the input")
    eb = [1] * (count - rank(b)) + t.static_shape(node.args[1], "the input")
    a = t.emit(rx.reshape, a, [e for d in ea for e in (d, 1)])
    b = t.emit(rx.reshape, b, [e for d in eb for e in (1, d)])
    return t.emit(rx.reshape, t.emit(rx.multiply, a, b), t.static_shape(node))


def _multi_dot(t, node):
    """linalg_multi_dot: matmuls left to right (a 1-D first / last operand is
    a row / column, as torch takes it)."""
    compute = t.out_element(node)
    values = [operand(t, n, compute) for n in node.args[0]]
    result = values[0]
    for value in values[1:]:
        result = t.emit(rx.matmul, result, value)
    return result


def _matrix_power(t, node):
    """linalg_matrix_power for n >= 0: repeated squaring (n = 0 is the identity)."""
    args = t.bind(node)
    x, n = args.self, args.n
    if n < 0:
        raise t.unsupported(node, "n", n, "negative powers (matrix inverses)")
    if n == 0:
        extent = shape(x)[-1]
        return t.emit(rx.broadcast_to, t.constant(np.eye(extent, dtype=dtype_of(element(x)))), t.static_shape(node))
    result, square = None, x
    while n:
        if n & 1:
            result = square if result is None else t.emit(rx.matmul, result, square)
        n >>= 1
        if n:
            square = t.emit(rx.matmul, square, square)
    return result


def _cross(t, node):
    """cross / linalg_cross of 3-vectors along ``dim``: the components
    rolled by one and two places (constant takes), multiplied and subtracted."""
    args = t.bind(node)
    compute = t.out_element(node)
    a, b = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    fake = t.fake(node)
    dim = args.dim if args.dim is not None else next(i for i, e in enumerate(fake.shape) if e == 3)
    dim = normalize_axis(dim, fake.dim())
    extents = t.static_shape(node)
    a, b = (v if shape(v) == extents else t.emit(rx.broadcast_to, v, extents) for v in (a, b))

    def rolled(v, order):
        return t.emit(rx.take, v, t.constant(np.array(order, dtype=np.int64)), axis=dim)
    first = t.emit(rx.multiply, rolled(a, [1, 2, 0]), rolled(b, [2, 0, 1]))
    return t.emit(rx.subtract, first, t.emit(rx.multiply, rolled(a, [2, 0, 1]), rolled(b, [1, 2, 0])))


# -- convolution ------------------------------------------------------------------------

def _pairs(values, count):
    """A per-dimension list: torch writes ``[1]`` for ``[1, 1]``."""
    values = [values] if isinstance(values, int) else list(values)
    return values * count if len(values) == 1 else values


def _string_padding(t, node, padding, weight, dilation):
    """conv's ``padding="valid"|"same"``: per dimension (before, after);
    "same" puts the odd one after, as torch does."""
    if padding == "valid":
        return [(0, 0)] * (rank(weight) - 2)
    if padding != "same":
        raise t.unsupported(node, "padding", padding, "'valid' or 'same'")
    pads = []
    for kernel, d in zip(shape(weight)[2:], dilation):
        total = d * (kernel - 1)
        pads.append((total // 2, total - total // 2))
    return pads


def _convolve(t, node, x, weight, bias, stride, padding, dilation, groups):
    """conv1d / conv2d through relax's NCHW conv2d; a 1-D convolution runs as a
    2-D one over an added axis of extent 1. ``padding`` is (before, after)
    per spatial dimension."""
    spatial = rank(weight) - 2
    if spatial not in (1, 2):
        raise t.unsupported(node, "weight", node.args[1], "1-D and 2-D convolutions only")
    if rank(x) == spatial + 1:  # unbatched input
        return t.emit(rx.squeeze, _convolve(t, node, t.emit(rx.expand_dims, x, [0]), weight, bias, stride,
                                            padding, dilation, groups), axis=[0])
    if spatial == 1:
        x = t.emit(rx.expand_dims, x, [2])
        weight = t.emit(rx.expand_dims, weight, [2])
        stride, dilation, padding = [1, *stride], [1, *dilation], [(0, 0), *padding]
    (top, bottom), (left, right) = padding
    y = t.emit(rx.nn_conv2d, x, weight, strides=stride, padding=[top, left, bottom, right], dilation=dilation,
               groups=groups)
    if spatial == 1:
        y = t.emit(rx.squeeze, y, axis=[2])
    if bias is None:
        return y
    return t.emit(rx.add, y, t.emit(rx.reshape, bias, [shape(bias)[0]] + [1] * spatial))


def _conv(t, node):
    """conv1d / conv2d (.default and .padding) and convolution (not transposed)."""
    args = t.bind(node)
    x, weight = args.input, args.weight
    spatial = rank(weight) - 2
    if args.raw.get("transposed"):
        raise t.unsupported(node, "transposed", True, "transposed convolutions")
    stride, dilation = _pairs(args.stride, spatial), _pairs(args.dilation, spatial)
    if isinstance(args.padding, str):
        padding = _string_padding(t, node, args.padding, weight, dilation)
    else:
        padding = [(p, p) for p in _pairs(args.padding, spatial)]
    return _convolve(t, node, x, weight, args.bias, stride, padding, dilation, args.groups)


# -- pooling ------------------------------------------------------------------------------

def _batched(t, x, convert_4d):
    """An NCHW op on a 3-D (unbatched) input: through an added batch axis."""
    if rank(x) == 4:
        return convert_4d(x)
    return t.emit(rx.squeeze, convert_4d(t.emit(rx.expand_dims, x, [0])), axis=[0])


def _as_2d(t, x, spatial, convert_4d):
    """A 1-D (``spatial`` 1) NCL op as the 2-D one over an added height of 1."""
    if spatial == 2:
        return _batched(t, x, convert_4d)
    lifted = t.emit(rx.expand_dims, x, [rank(x) - 1])
    return t.emit(rx.squeeze, _batched(t, lifted, convert_4d), axis=[rank(x) - 1])


def _window(t, node, args, spatial):
    """pool_size / strides / padding / ceil_mode of a 1-D or 2-D window as
    relax's 2-D ones (a 1-D window is 1 high); an empty stride is the kernel."""
    def two_d(values, fill):
        values = _pairs(values, spatial)
        return values if spatial == 2 else [fill, *values]
    kernel = two_d(args.kernel_size, 1)
    stride = two_d(args.stride, 1) if args.stride else kernel
    padding = two_d(args.padding, 0)
    dilation = two_d(args.raw.get("dilation") or 1, 1)
    ceil_mode = bool(args.ceil_mode) and _rounds_up(t, node, spatial, kernel, stride, padding, dilation)
    return dict(pool_size=kernel, strides=stride, padding=padding * 2, ceil_mode=ceil_mode)


def _rounds_up(t, node, spatial, kernel, stride, padding, dilation):
    """Whether relax's ceil_mode is wanted: torch drops a last window that
    would start in the right padding and TVM does not, so it is on only where
    torch's output is longer than rounding down gives."""
    result = t.fake(node)
    result = result[0] if isinstance(result, (tuple, list)) else result
    extents_out = [1] * (2 - spatial) + list(result.shape[-spatial:])
    extents_in = [1] * (2 - spatial) + list(t.fake(node.args[0]).shape[-spatial:])
    if not all(isinstance(e, int) for e in extents_out + extents_in):
        return True
    rounded_down = [(i + 2 * p - d * (k - 1) - 1) // s + 1
                    for i, p, d, k, s in zip(extents_in, padding, dilation, kernel, stride)]
    return extents_out != rounded_down


def _max_pool(spatial):
    """max_pool1d / max_pool2d, and max_pool2d_with_indices (whose indices are
    not computed)."""
    def convert(t, node):
        args = t.bind(node)
        window = _window(t, node, args, spatial)
        dilation = _pairs(args.dilation, spatial)
        dilation = dilation if spatial == 2 else [1, *dilation]
        pooled = _as_2d(t, args.self, spatial, lambda x: t.emit(rx.nn_max_pool2d, x, dilation=dilation, **window))
        if not isinstance(t.fake(node), (tuple, list)):
            return pooled
        if 1 in t.used_outputs(node):
            raise t.unsupported(node, "(result 1)", "indices", "the indices of max pooling are not computed")
        return [pooled, None]
    return convert


def _avg_pool(spatial):
    def convert(t, node):
        args = t.bind(node)
        if args.raw.get("divisor_override") is not None:
            raise t.unsupported(node, "divisor_override", args.divisor_override)
        window = _window(t, node, args, spatial)
        return _as_2d(t, args.self, spatial, lambda x: t.emit(rx.nn_avg_pool2d, x, count_include_pad=bool(
            args.count_include_pad), **window))
    return convert


def _adaptive_avg_pool(spatial):
    def convert(t, node):
        args = t.bind(node)
        size = _pairs(args.output_size, spatial)
        size = size if spatial == 2 else [1, *size]
        return _as_2d(t, args.self, spatial, lambda x: t.emit(rx.nn_adaptive_avg_pool2d, x, output_size=size))
    return convert


# -- resizing ----------------------------------------------------------------------------------

def _source_scale(extent_in, extent_out, factor, align_corners):
    """torch's ratio from output to input coordinates (area_pixel_compute_scale)."""
    if align_corners:
        return (extent_in - 1) / (extent_out - 1) if extent_out > 1 else 0.0
    return 1.0 / factor if factor else extent_in / extent_out


def _nearest_indices(extent_in, extent_out, factor):
    scale = np.float32(_source_scale(extent_in, extent_out, factor, False))
    source = np.floor(np.arange(extent_out, dtype=np.float32) * scale).astype(np.int64)
    return np.minimum(source, extent_in - 1)


def _upsample_nearest(t, node):
    """upsample_nearest1d/2d/3d.vec: output pixel i reads input pixel
    floor(i * scale), a take along each spatial axis with constant indices."""
    args = t.bind(node)
    x = args.input
    out_extents = t.static_shape(node)[2:]
    factors = args.scale_factors or [None] * len(out_extents)
    for axis, extent_out, factor in zip(range(2, rank(x)), out_extents, factors):
        indices = _nearest_indices(shape(x)[axis], extent_out, factor)
        x = t.emit(rx.take, x, t.constant(indices), axis=axis)
    return x


def _linear_taps(extent_in, extent_out, factor, align_corners):
    """For each output pixel: the two input pixels it lies between and the
    weight of the second (torch's area_pixel_compute_source_index)."""
    scale = _source_scale(extent_in, extent_out, factor, align_corners)
    dst = np.arange(extent_out, dtype=np.float64)
    src = dst * scale if align_corners else np.maximum((dst + 0.5) * scale - 0.5, 0.0)
    src = src.astype(np.float32)
    low = np.minimum(np.floor(src).astype(np.int64), extent_in - 1)
    high = np.minimum(low + 1, extent_in - 1)
    return low, high, src - low.astype(np.float32)


def _upsample_bilinear(t, node):
    """upsample_linear1d / bilinear2d / trilinear3d.vec: separable linear
    interpolation along each spatial axis, each a blend of two takes with
    constant weights."""
    args = t.bind(node)
    x = args.input
    out_extents = t.static_shape(node)[2:]
    factors = args.scale_factors or [None] * len(out_extents)
    for axis, extent_out, factor in zip(range(2, rank(x)), out_extents, factors):
        low, high, weight = _linear_taps(shape(x)[axis], extent_out, factor, args.align_corners)
        weight = weight.reshape([-1] + [1] * (rank(x) - 1 - axis)).astype(dtype_of(element(x)))
        near = t.emit(rx.take, x, t.constant(low), axis=axis)
        far = t.emit(rx.take, x, t.constant(high), axis=axis)
        x = t.emit(rx.add, near, t.emit(rx.multiply, t.emit(rx.subtract, far, near), t.constant(weight)))
    return x


# -- softmax ------------------------------------------------------------------------------

def _softmax(op):
    """softmax.int / _softmax / log_softmax.int / _log_softmax along ``dim``,
    in the result's dtype."""
    def convert(t, node):
        x = t.cast(t.value(node.args[0]), t.out_element(node))
        return t.emit(op, x, axis=normalize_axis(node.args[1], rank(x)))
    return convert


# -- normalization --------------------------------------------------------------------------

def _ones_or(t, value, extents, like):
    return value if value is not None else t.emit(rx.ones, extents, element(like))


def _zeros_or(t, value, extents, like):
    return value if value is not None else t.emit(rx.zeros, extents, element(like))


def _rstd(t, x, dims, eps):
    """``1 / sqrt(var(x) + eps)`` over ``dims``, kept as extent 1."""
    variance = t.emit(rx.variance, x, axis=dims, keepdims=True)
    return t.emit(rx.rsqrt, t.emit(rx.add, variance, t.scalar(eps, element(x))))


def _layer_norm(t, node):
    """layer_norm, and native_layer_norm's (out, mean, rstd)."""
    args = t.bind(node)
    x = args.input
    normalized = list(args.normalized_shape)
    dims = list(range(rank(x) - len(normalized), rank(x)))
    gamma = _ones_or(t, args.weight, normalized, x)
    beta = _zeros_or(t, args.bias, normalized, x)
    out = t.emit(rx.nn_layer_norm, x, gamma, beta, axes=dims, epsilon=float(args.eps))
    if not isinstance(t.fake(node), (tuple, list)):
        return out
    used = t.used_outputs(node)
    mean = t.emit(rx.mean, x, axis=dims, keepdims=True) if 1 in used else None
    rstd = _rstd(t, x, dims, args.eps) if 2 in used else None
    return [out, mean, rstd]


def _batch_norm(t, node):
    """batch_norm (inference) and _native_batch_norm_legit_no_training, whose
    second and third results torch leaves empty."""
    args = t.bind(node)
    if args.raw.get("training"):
        raise t.unsupported(node, "training", True, "batch statistics (export the model in eval mode)")
    x = args.input
    channels = [shape(x)[1]]
    gamma = _ones_or(t, args.weight, channels, x)
    beta = _zeros_or(t, args.bias, channels, x)
    out = t.emit(rx.nn_batch_norm, x, gamma, beta, args.running_mean, args.running_var, axis=1,
                 epsilon=float(args.eps), momentum=float(args.momentum))[0]
    if not isinstance(t.fake(node), (tuple, list)):
        return out
    if t.used_outputs(node) - {0}:
        raise t.unsupported(node, "(results 1, 2)", "empty tensors", "only the normalized result is computed")
    return [out, None, None]


def _group_norm_of(t, x, groups, weight, bias, eps):
    """relax's group norm: the channels (dimension 1) in ``groups``, each
    normalized with every dimension after the channels."""
    channels = [shape(x)[1]]
    return t.emit(rx.nn_group_norm, x, _ones_or(t, weight, channels, x), _zeros_or(t, bias, channels, x),
                  num_groups=groups, channel_axis=1, axes=list(range(2, rank(x))), epsilon=float(eps))


def _group_statistics(t, node, x, groups, eps):
    """native_group_norm's mean and rstd, each (N, groups): over a
    (N, groups, rest) view."""
    batch = t.static_shape(node.args[0], "the group-normalized input")[0]
    grouped = t.emit(rx.reshape, x, [batch, groups, -1])
    mean = t.emit(rx.mean, grouped, axis=[2])
    rstd = t.emit(rx.reshape, _rstd(t, grouped, [2], eps), [batch, groups])
    return mean, rstd


def _batch_statistics_norm(t, node):
    """_native_batch_norm_legit.no_stats (training without running
    statistics, as instance_norm decomposes): (out, mean, rstd) with the
    batch's statistics per channel (dimension 1)."""
    args = t.bind(node)
    x = args.input
    dims = [d for d in range(rank(x)) if d != 1]
    mean = t.emit(rx.mean, x, axis=dims, keepdims=True)
    rstd = _rstd(t, x, dims, args.eps)
    out = t.emit(rx.multiply, t.emit(rx.subtract, x, mean), rstd)
    per_channel = [shape(x)[1]] + [1] * (rank(x) - 2)
    if args.weight is not None:
        out = t.emit(rx.multiply, out, t.emit(rx.reshape, args.weight, per_channel))
    if args.bias is not None:
        out = t.emit(rx.add, out, t.emit(rx.reshape, args.bias, per_channel))
    return [out, t.emit(rx.reshape, mean, [shape(x)[1]]), t.emit(rx.reshape, rstd, [shape(x)[1]])]


def _instance_norm(t, node):
    """instance_norm with the input's statistics: a group norm with one group
    per channel."""
    args = t.bind(node)
    if not args.use_input_stats:
        raise t.unsupported(node, "use_input_stats", False, "running statistics (track_running_stats in eval)")
    return _group_norm_of(t, args.input, shape(args.input)[1], args.weight, args.bias, args.eps)


def _group_norm(t, node):
    args = t.bind(node)
    return _group_norm_of(t, args.input, args.num_groups, args.weight, args.bias, args.eps)


def _native_group_norm(t, node):
    """(out, mean, rstd); the statistics computed when used."""
    args = t.bind(node)
    out = _group_norm_of(t, args.input, args.group, args.weight, args.bias, args.eps)
    if not t.used_outputs(node) - {0}:
        return [out, None, None]
    return [out, *_group_statistics(t, node, args.input, args.group, args.eps)]


def _rms_norm(t, node):
    """``x / sqrt(mean(x^2) + eps) * weight``; eps defaults to the dtype's epsilon."""
    args = t.bind(node)
    x = args.input
    normalized = list(args.normalized_shape)
    dims = list(range(rank(x) - len(normalized), rank(x)))
    eps = args.eps if args.eps is not None else torch.finfo(t.fake(node).dtype).eps
    return t.emit(rx.nn_rms_norm, x, _ones_or(t, args.weight, normalized, x), axes=dims, epsilon=float(eps))


def _prelu(t, node):
    """``x`` where positive, else ``weight * x``, the weight per channel
    (dimension 1) or one for all."""
    args = t.bind(node)
    x, weight = args.self, args.weight
    if rank(x) >= 2 and shape(weight)[0] != 1:
        weight = t.emit(rx.reshape, weight, [shape(weight)[0]] + [1] * (rank(x) - 2))
    positive = t.emit(rx.greater, x, t.scalar(0, element(x)))
    return t.emit(rx.where, positive, x, t.emit(rx.multiply, x, weight))


def _glu(t, node):
    """glu: the first half along ``dim`` times the sigmoid of the second."""
    args = t.bind(node)
    x = args.self
    dim = normalize_axis(args.dim, rank(x))
    first, second = t.emit(rx.split, x, ir.IntegerAttr.get(ir.IntegerType.get_signless(64), 2), axis=dim)
    return t.emit(rx.multiply, first, t.emit(rx.sigmoid, second))


def _dropout(t, node):
    """dropout in inference keeps every element."""
    args = t.bind(node)
    if args.train and args.p > 0:
        raise t.unsupported(node, "train", True, "dropout in training (export the model in eval mode)")
    return args.input


# -- losses ----------------------------------------------------------------------------------

_REDUCTIONS = {0: "none", 1: "mean", 2: "sum"}  # ATen's Reduction enum


def _reduced(t, node, loss, reduction):
    """A loss's elements, their mean or their sum (ATen's ``reduction``)."""
    kind = _REDUCTIONS.get(reduction)
    if kind is None:
        raise t.unsupported(node, "reduction", reduction, "0 (none), 1 (mean) or 2 (sum)")
    if kind == "none":
        return loss
    return t.emit(rx.mean if kind == "mean" else rx.sum, loss, axis=None, keepdims=False)


def _pointwise_loss(build):
    """A loss of ``(self, target)`` element by element, then reduced:
    ``build(t, args, x, y)`` in the result's dtype."""
    def convert(t, node):
        args = t.bind(node)
        compute = t.out_element(node)
        x, y = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
        return _reduced(t, node, build(t, args, x, y), args.reduction)
    return convert


def _c(t, like, number):
    return t.scalar(number, element(like))


def _mse(t, args, x, y):
    return t.emit(rx.square, t.emit(rx.subtract, x, y))


def _l1(t, args, x, y):
    return t.emit(rx.abs, t.emit(rx.subtract, x, y))


def _quadratic_then_linear(t, gap, width, linear_scale):
    """``0.5 gap^2 / q`` below ``width``, else ``linear_scale * (gap - 0.5 width)``
    (smooth L1: q = width, scale 1; Huber: q = 1, scale = width)."""
    quadratic = t.emit(rx.multiply, t.emit(rx.square, gap), _c(t, gap, 0.5 / (width if linear_scale == 1 else 1)))
    linear = t.emit(rx.multiply, t.emit(rx.subtract, gap, _c(t, gap, 0.5 * width)), _c(t, gap, linear_scale))
    return t.emit(rx.where, t.emit(rx.less, gap, _c(t, gap, width)), quadratic, linear)


def _smooth_l1(t, args, x, y):
    gap = _l1(t, args, x, y)
    return gap if args.beta == 0 else _quadratic_then_linear(t, gap, args.beta, 1)


def _huber(t, args, x, y):
    return _quadratic_then_linear(t, _l1(t, args, x, y), args.delta, args.delta)


def _softplus_of(t, x):
    """``log(1 + exp(x))`` without overflow: ``max(x, 0) + log1p(exp(-|x|))``."""
    tail = t.emit(rx.log, t.emit(rx.add, t.emit(rx.exp, t.emit(rx.negative, t.emit(rx.abs, x))), _c(t, x, 1)))
    return t.emit(rx.add, t.emit(rx.maximum, x, _c(t, x, 0)), tail)


def _soft_margin(t, args, x, y):
    return _softplus_of(t, t.emit(rx.negative, t.emit(rx.multiply, x, y)))


def _kl_div(t, args, x, y):
    """``exp(y) (y - x)`` for log targets, else ``y log y - y x`` (0 where y is 0)."""
    if args.log_target:
        return t.emit(rx.multiply, t.emit(rx.exp, y), t.emit(rx.subtract, y, x))
    entropy = t.emit(rx.where, t.emit(rx.equal, y, _c(t, y, 0)), _c(t, y, 0), t.emit(rx.multiply, y, t.emit(rx.log, y)))
    return t.emit(rx.subtract, entropy, t.emit(rx.multiply, y, x))


def _weighted(t, node, loss, weight):
    return loss if weight is None else t.emit(rx.multiply, loss, t.cast(t.value(weight), element(loss)))


def _binary_cross_entropy(t, node):
    """``-(y log x + (1 - y) log(1 - x))`` with each log at least -100 (torch's clamp)."""
    args = t.bind(node)
    compute = t.out_element(node)
    x, y = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    floor = _c(t, x, -100)
    log_x = t.emit(rx.maximum, t.emit(rx.log, x), floor)
    log_rest = t.emit(rx.maximum, t.emit(rx.log, t.emit(rx.subtract, _c(t, x, 1), x)), floor)
    total = t.emit(rx.add, t.emit(rx.multiply, y, log_x),
                   t.emit(rx.multiply, t.emit(rx.subtract, _c(t, y, 1), y), log_rest))
    return _reduced(t, node, _weighted(t, node, t.emit(rx.negative, total), args.raw.get("weight")), args.reduction)


def _binary_cross_entropy_with_logits(t, node):
    """``(1 - y) x + (1 + (p - 1) y) softplus(-x)``, p the positive weight (torch's form)."""
    args = t.bind(node)
    compute = t.out_element(node)
    x, y = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    log_weight = _c(t, x, 1)
    if args.pos_weight is not None:
        positive = t.emit(rx.subtract, t.cast(args.pos_weight, compute), _c(t, x, 1))
        log_weight = t.emit(rx.add, t.emit(rx.multiply, positive, y), log_weight)
    loss = t.emit(rx.add, t.emit(rx.multiply, t.emit(rx.subtract, _c(t, y, 1), y), x),
                  t.emit(rx.multiply, log_weight, _softplus_of(t, t.emit(rx.negative, x))))
    return _reduced(t, node, _weighted(t, node, loss, args.raw.get("weight")), args.reduction)


def _margin_ranking(t, node):
    """``max(0, margin - y (x1 - x2))``."""
    args = t.bind(node)
    compute = t.out_element(node)
    x1, x2, y = (operand(t, n, compute) for n in node.args[:3])
    gap = t.emit(rx.subtract, _c(t, x1, args.margin), t.emit(rx.multiply, y, t.emit(rx.subtract, x1, x2)))
    return _reduced(t, node, t.emit(rx.maximum, gap, _c(t, x1, 0)), args.reduction)


def _hinge_embedding(t, args, x, y):
    """``x`` where y is not -1 plus ``max(0, margin - x)`` where y is not 1 (torch's form)."""
    zero = _c(t, x, 0)
    margin = t.emit(rx.maximum, t.emit(rx.subtract, _c(t, x, args.margin), x), zero)
    below = t.emit(rx.where, t.emit(rx.not_equal, y, _c(t, y, 1)), margin, zero)
    above = t.emit(rx.where, t.emit(rx.not_equal, y, _c(t, y, -1)), x, zero)
    return t.emit(rx.add, below, above)


def _poisson_nll(t, args, x, y):
    """``exp(x) - y x`` (log input) or ``x - y log(x + eps)``, plus Stirling's
    term for targets above 1 with ``full``."""
    if args.log_input:
        loss = t.emit(rx.subtract, t.emit(rx.exp, x), t.emit(rx.multiply, y, x))
    else:
        loss = t.emit(rx.subtract, x, t.emit(rx.multiply, y, t.emit(rx.log, t.emit(rx.add, x, _c(t, x, args.eps)))))
    if not args.full:
        return loss
    stirling = t.emit(rx.add, t.emit(rx.subtract, t.emit(rx.multiply, y, t.emit(rx.log, y)), y),
                      t.emit(rx.multiply, t.emit(rx.log, t.emit(rx.multiply, y, _c(t, y, 2 * math.pi))),
                             _c(t, y, 0.5)))
    return t.emit(rx.add, loss, t.emit(rx.where, t.emit(rx.greater, y, _c(t, y, 1)), stirling, _c(t, y, 0)))


def _class_picks(t, x, target, weight, class_axis, ignore_index):
    """For class-index targets: (-x at each target class, that class's weight
    (0 where the target is ``ignore_index``)), by a one-hot comparison along
    ``class_axis``."""
    classes = shape(x)[class_axis]
    target = t.emit(rx.expand_dims, t.cast(target, ir.IntegerType.get_signless(64)), [class_axis])
    labels = np.arange(classes, dtype=np.int64).reshape([classes] + [1] * (rank(x) - class_axis - 1))
    hits = t.emit(rx.equal, target, t.constant(labels))
    zero = t.scalar(0, element(x))
    picked = t.emit(rx.sum, t.emit(rx.where, hits, x, zero), axis=[class_axis], keepdims=False)
    per_class = t.emit(rx.ones, [classes], element(x)) if weight is None else weight
    per_class = t.emit(rx.reshape, per_class, [classes] + [1] * (rank(x) - class_axis - 1))
    chosen = t.emit(rx.sum, t.emit(rx.where, hits, per_class, zero), axis=[class_axis], keepdims=False)
    kept = t.emit(rx.not_equal, t.emit(rx.squeeze, target, axis=[class_axis]),
                  t.scalar(ignore_index, ir.IntegerType.get_signless(64)))
    chosen = t.emit(rx.where, kept, chosen, zero)
    return t.emit(rx.negative, t.emit(rx.multiply, picked, chosen)), chosen


def _weighted_mean(t, node, losses, weights, reduction):
    """nll's reductions: the weighted mean divides by the weights' sum."""
    if _REDUCTIONS.get(reduction) != "mean":
        return _reduced(t, node, losses, reduction)
    total = t.emit(rx.sum, losses, axis=None, keepdims=False)
    return t.emit(rx.divide, total, t.emit(rx.sum, weights, axis=None, keepdims=False))


def _nll_loss(t, node):
    """nll_loss / nll_loss_nd: classes on dimension 1 (0 for one sample)."""
    args = t.bind(node)
    x = args.self
    losses, weights = _class_picks(t, x, args.target, args.weight, 0 if rank(x) == 1 else 1, args.ignore_index)
    return _weighted_mean(t, node, losses, weights, args.reduction)


def _cross_entropy(t, node):
    """cross_entropy_loss: nll of log_softmax for class indices; for class
    probabilities ``-sum(w y log_softmax(x))`` over the classes. Label
    smoothing is refused."""
    args = t.bind(node)
    if args.label_smoothing:
        raise t.unsupported(node, "label_smoothing", args.label_smoothing)
    x = t.cast(args.self, t.out_element(node))
    class_axis = 0 if rank(x) == 1 else 1
    log_p = t.emit(rx.nn_log_softmax, x, axis=class_axis)
    if t.fake(node.args[1]).is_floating_point():
        terms = t.emit(rx.multiply, t.cast(args.target, element(x)), log_p)
        if args.weight is not None:
            extent = shape(x)[class_axis]
            terms = t.emit(rx.multiply, terms, t.emit(rx.reshape, args.weight, [extent] + [1] * (rank(x) - class_axis - 1)))
        losses = t.emit(rx.negative, t.emit(rx.sum, terms, axis=[class_axis], keepdims=False))
        return _reduced(t, node, losses, args.reduction)
    losses, weights = _class_picks(t, log_p, args.target, args.weight, class_axis, args.ignore_index)
    return _weighted_mean(t, node, losses, weights, args.reduction)


# -- rearrangements ------------------------------------------------------------------------

def _pixel_shuffle(t, node):
    """pixel_shuffle: (..., C r^2, H, W) -> (..., C, H r, W r) by a reshape,
    a permute and a reshape."""
    x = t.value(node.args[0])
    r = node.args[1]
    *batch, channels, height, width = t.static_shape(node.args[0], "the input")
    b = len(batch)
    split = t.emit(rx.reshape, x, batch + [channels // (r * r), r, r, height, width])
    order = list(range(b)) + [b, b + 3, b + 1, b + 4, b + 2]
    return t.emit(rx.reshape, t.emit(rx.permute_dims, split, axes=order), t.static_shape(node))


def _pixel_unshuffle(t, node):
    """pixel_unshuffle: (..., C, H r, W r) -> (..., C r^2, H, W)."""
    x = t.value(node.args[0])
    r = node.args[1]
    *batch, channels, height, width = t.static_shape(node.args[0], "the input")
    b = len(batch)
    split = t.emit(rx.reshape, x, batch + [channels, height // r, r, width // r, r])
    order = list(range(b)) + [b, b + 2, b + 4, b + 1, b + 3]
    return t.emit(rx.reshape, t.emit(rx.permute_dims, split, axes=order), t.static_shape(node))


def _channel_shuffle(t, node):
    """channel_shuffle: channels (dimension 1) as (groups, C / groups), transposed."""
    x = t.value(node.args[0])
    groups = node.args[1]
    extents = t.static_shape(node.args[0], "the input")
    split = t.emit(rx.reshape, x, [extents[0], groups, extents[1] // groups] + extents[2:])
    order = [0, 2, 1] + list(range(3, len(extents) + 1))
    return t.emit(rx.reshape, t.emit(rx.permute_dims, split, axes=order), extents)


def _safe_softmax(t, node):
    """_safe_softmax: softmax, 0 for rows that are all -inf (fully masked)."""
    x = t.cast(t.value(node.args[0]), t.out_element(node))
    axis = normalize_axis(node.args[1], rank(x))
    soft = t.emit(rx.nn_softmax, x, axis=axis)
    peak = t.emit(rx.max, x, axis=[axis], keepdims=True)
    masked = t.emit(rx.equal, peak, t.scalar(-math.inf, element(x)))
    return t.emit(rx.where, masked, t.scalar(0, element(x)), soft)


# -- attention ------------------------------------------------------------------------------

def _attention_with_mask(t, q, k, v, mask, scale):
    """``softmax(q k^T * scale + mask) v`` over the last two dimensions; a
    boolean mask keeps the scores where it is true."""
    axes = list(range(rank(k)))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    scores = t.emit(rx.matmul, q, t.emit(rx.permute_dims, k, axes=axes))
    scores = t.emit(rx.multiply, scores, t.scalar(scale, element(q)))
    if str(element(mask)) == "i1":
        scores = t.emit(rx.where, mask, scores, t.scalar(-math.inf, element(q)))
    else:
        scores = t.emit(rx.add, scores, t.cast(mask, element(q)))
    return t.emit(rx.matmul, t.emit(rx.nn_softmax, scores, axis=-1), v)


def _scaled_dot_product_attention(t, node):
    """torch's (batch, heads, seq, dim) into relax's (batch, seq, heads, dim)
    attention; with an ``attn_mask``, the product written out."""
    args = t.bind(node)
    q, k, v = args.query, args.key, args.value
    if args.dropout_p:
        raise t.unsupported(node, "dropout_p", args.dropout_p, "dropout in attention")
    if args.enable_gqa:
        raise t.unsupported(node, "enable_gqa", True)
    scale = args.scale if args.scale is not None else 1.0 / math.sqrt(shape(q)[-1])
    if args.attn_mask is not None:
        return _attention_with_mask(t, q, k, v, args.attn_mask, scale)
    if rank(q) not in (3, 4):
        raise t.unsupported(node, "query", node.args[0], "3-D or 4-D inputs")
    heads_first = [0, 2, 1, 3]

    def to_relax(x):
        return t.emit(rx.permute_dims, x, axes=heads_first) if rank(x) == 4 else t.emit(rx.expand_dims, x, [2])
    out = t.emit(rx.nn_attention, to_relax(q), to_relax(k), to_relax(v), scale=float(scale),
                 causal_mask="TopLeft" if args.is_causal else None)
    return t.emit(rx.permute_dims, out, axes=heads_first) if rank(q) == 4 else t.emit(rx.squeeze, out, axis=[2])


def _embedding(t, node):
    args = t.bind(node)
    return t.emit(rx.take, args.weight, args.indices, axis=0)


CONVERTERS = {
    "aten.linear.default": _linear,
    **{f"aten.{name}.default": _matmul for name in ("matmul", "mm", "bmm", "mv", "dot")},
    "aten.outer.default": _outer,
    "aten.addmv.default": _add_scaled(_matrix_vector),
    "aten.addbmm.default": _add_scaled(_batch_sum),
    "aten.addr.default": _add_scaled(_column_times_row),
    "aten.inner.default": _inner,
    "aten.vdot.default": _vector_dot,
    "aten.linalg_vecdot.default": _vector_dot,
    "aten.kron.default": _kron,
    "aten.linalg_multi_dot.default": _multi_dot,
    "aten.linalg_matrix_power.default": _matrix_power,
    "aten.cross.default": _cross,
    "aten.linalg_cross.default": _cross,
    "aten.addmm.default": _add_product,
    "aten.baddbmm.default": _add_product,
    "aten.conv1d.default": _conv,
    "aten.conv1d.padding": _conv,
    "aten.conv2d.default": _conv,
    "aten.conv2d.padding": _conv,
    "aten.convolution.default": _conv,
    "aten.max_pool1d.default": _max_pool(1),
    "aten.max_pool2d.default": _max_pool(2),
    "aten.max_pool2d_with_indices.default": _max_pool(2),
    "aten.avg_pool1d.default": _avg_pool(1),
    "aten.avg_pool2d.default": _avg_pool(2),
    "aten.adaptive_avg_pool1d.default": _adaptive_avg_pool(1),
    "aten.adaptive_avg_pool2d.default": _adaptive_avg_pool(2),
    "aten._adaptive_avg_pool2d.default": _adaptive_avg_pool(2),
    "aten.upsample_nearest2d.vec": _upsample_nearest,
    "aten.upsample_bilinear2d.vec": _upsample_bilinear,
    "aten.upsample_nearest1d.vec": _upsample_nearest,
    "aten.upsample_nearest3d.vec": _upsample_nearest,
    "aten.upsample_linear1d.vec": _upsample_bilinear,
    "aten.upsample_trilinear3d.vec": _upsample_bilinear,
    "aten.softmax.int": scalar_as_vector(_softmax(rx.nn_softmax)),
    "aten._softmax.default": scalar_as_vector(_softmax(rx.nn_softmax)),
    "aten.log_softmax.int": scalar_as_vector(_softmax(rx.nn_log_softmax)),
    "aten._log_softmax.default": scalar_as_vector(_softmax(rx.nn_log_softmax)),
    "aten.layer_norm.default": _layer_norm,
    "aten.native_layer_norm.default": _layer_norm,
    "aten.batch_norm.default": _batch_norm,
    "aten._native_batch_norm_legit_no_training.default": _batch_norm,
    "aten.group_norm.default": _group_norm,
    "aten.instance_norm.default": _instance_norm,
    "aten._native_batch_norm_legit.no_stats": _batch_statistics_norm,
    "aten.native_group_norm.default": _native_group_norm,
    "aten.rms_norm.default": _rms_norm,
    "aten.dropout.default": _dropout,
    "aten.prelu.default": _prelu,
    "aten.glu.default": _glu,
    "aten.scaled_dot_product_attention.default": _scaled_dot_product_attention,
    "aten.embedding.default": _embedding,
    "aten.mse_loss.default": _pointwise_loss(_mse),
    "aten.l1_loss.default": _pointwise_loss(_l1),
    "aten.smooth_l1_loss.default": _pointwise_loss(_smooth_l1),
    "aten.huber_loss.default": _pointwise_loss(_huber),
    "aten.soft_margin_loss.default": _pointwise_loss(_soft_margin),
    "aten.kl_div.default": _pointwise_loss(_kl_div),
    "aten.hinge_embedding_loss.default": _pointwise_loss(_hinge_embedding),
    "aten.poisson_nll_loss.default": _pointwise_loss(_poisson_nll),
    "aten.binary_cross_entropy.default": _binary_cross_entropy,
    "aten.binary_cross_entropy_with_logits.default": _binary_cross_entropy_with_logits,
    "aten.margin_ranking_loss.default": _margin_ranking,
    "aten.nll_loss.default": _nll_loss,
    "aten.nll_loss_nd.default": _nll_loss,
    "aten.nll_loss2d.default": _nll_loss,
    "aten.cross_entropy_loss.default": _cross_entropy,
    "aten.pixel_shuffle.default": _pixel_shuffle,
    "aten.pixel_unshuffle.default": _pixel_unshuffle,
    "aten.channel_shuffle.default": _channel_shuffle,
    "aten.native_channel_shuffle.default": _channel_shuffle,
    "aten._safe_softmax.default": scalar_as_vector(_safe_softmax),
    "aten.max_pool1d_with_indices.default": _max_pool(1),
}
