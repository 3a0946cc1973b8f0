"""Neural-network ONNX ops: MatMul, Gemm, Einsum (two-operand products),
Conv (1-D as 2-D over an added axis), MaxPool/AveragePool and the global
pools, Batch/Layer/Instance normalization, Softmax/LogSoftmax, Dropout."""

import math
import re

from mlir import ir

from .....dialects import relax as rx
from ...common import element_of, rank_of, shape_of
from .common import lifted_to_2d, normalize, scalar_like

_DYNAMIC = ir.ShapedType.get_dynamic_size()


# -- matrix products -------------------------------------------------------------------

def _matmul(t, node):
    return t.emit(rx.matmul, t.tensor(node, 0), t.tensor(node, 1))


def _scaled(t, x, factor):
    return x if factor == 1 else t.emit(rx.multiply, x, scalar_like(t, x, factor))


def _gemm(t, node):
    """``alpha * A' B' + beta * C``, A' and B' transposed as asked."""
    a, b, c = t.tensor(node, 0), t.tensor(node, 1), t.tensor(node, 2)
    if node.attr("transA", 0):
        a = t.emit(rx.permute_dims, a)
    if node.attr("transB", 0):
        b = t.emit(rx.permute_dims, b)
    y = _scaled(t, t.emit(rx.matmul, a, b), node.attr("alpha", 1.0))
    beta = node.attr("beta", 1.0)
    if c is None or beta == 0:
        return y
    return t.emit(rx.add, y, _scaled(t, c, beta))


def _einsum(t, node):
    """A two-operand Einsum without repeated labels or ellipses, as a
    matmul: batch labels (in both and the output), each side's free labels
    and the contracted ones, grouped by permutes and reshapes."""
    equation = node.attr("equation").replace(" ", "")
    match = re.fullmatch(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]*)", equation)
    if len(node.inputs) != 2 or not match or any(len(set(s)) != len(s) for s in match.groups()):
        raise t.unsupported(node, "equation", equation, "two operands, no repeated labels or '...'")
    left, right, out = match.groups()
    a, b = t.tensor(node, 0), t.tensor(node, 1)
    extents = {**dict(zip(left, shape_of(a))), **dict(zip(right, shape_of(b)))}
    if _DYNAMIC in extents.values() or any(c not in left + right for c in out):
        raise t.unsupported(node, "equation", equation, "static shapes, output labels from the operands")
    batch = [c for c in out if c in left and c in right]
    free_a = [c for c in out if c in left and c not in right]
    free_b = [c for c in out if c in right and c not in left]
    summed_a = [c for c in left if c not in out and c in right]
    only_a = [c for c in left if c not in out and c not in right]
    only_b = [c for c in right if c not in out and c not in left]
    a = _grouped(t, a, left, [batch, free_a, summed_a], extents, only_a)
    b = _grouped(t, b, right, [batch, summed_a, free_b], extents, only_b)
    product = t.emit(rx.matmul, a, b)
    labels = batch + free_a + free_b
    product = t.emit(rx.reshape, product, [extents[c] for c in labels] or [1])
    if not labels:
        return t.emit(rx.reshape, product, [])
    order = [labels.index(c) for c in out]
    return product if order == list(range(len(order))) else t.emit(rx.permute_dims, product, axes=order)


def _grouped(t, x, labels, groups, extents, summed_alone):
    """``x`` with the labels only it has summed away, permuted to the
    groups' order and reshaped to one axis per group after the batch axes."""
    if summed_alone:
        x = t.emit(rx.sum, x, axis=[labels.index(c) for c in summed_alone], keepdims=False)
        labels = [c for c in labels if c not in summed_alone]
    batch, *rest = groups
    order = [labels.index(c) for group in groups for c in group]
    if order != list(range(len(order))):
        x = t.emit(rx.permute_dims, x, axes=order)
    return t.emit(rx.reshape, x, [extents[c] for c in batch] + [math.prod(extents[c] for c in g) for g in rest])


# -- convolution and pooling ------------------------------------------------------------

def _pads(t, node, dims, kernel, strides, dilations):
    """Per spatial dimension (before, after) from ``pads`` or ``auto_pad``."""
    spatial = len(kernel)
    auto_pad = node.attr("auto_pad", "NOTSET")
    if auto_pad in ("NOTSET", "VALID"):
        pads = node.attr("pads") or [0] * (2 * spatial)
        pads = pads if auto_pad == "NOTSET" else [0] * (2 * spatial)
        return [(pads[i], pads[i + spatial]) for i in range(spatial)]
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        raise t.unsupported(node, "auto_pad", auto_pad)
    result = []
    for extent, k, s, d in zip(dims, kernel, strides, dilations):
        if extent == _DYNAMIC:
            raise t.error(node, "auto_pad over a symbolic spatial extent")
        total = max((-(-extent // s) - 1) * s + (k - 1) * d + 1 - extent, 0)
        small, large = total // 2, total - total // 2
        result.append((small, large) if auto_pad == "SAME_UPPER" else (large, small))
    return result


def _window(t, node, x, kernel):
    """strides, dilations and (before, after) pads of a window over ``x``."""
    spatial = len(kernel)
    strides = list(node.attr("strides") or [1] * spatial)
    dilations = list(node.attr("dilations") or [1] * spatial)
    return strides, dilations, _pads(t, node, shape_of(x)[2:], kernel, strides, dilations)


def _as_2d_window(strides, dilations, pads):
    """A 1-D window's attributes as a 2-D one of height 1, pads as relax's
    (top, left, bottom, right)."""
    if len(strides) == 1:
        strides, dilations, pads = [1, *strides], [1, *dilations], [(0, 0), *pads]
    return strides, dilations, [pads[0][0], pads[1][0], pads[0][1], pads[1][1]]


def _conv(t, node):
    x, weight, bias = t.tensor(node, 0), t.tensor(node, 1), t.tensor(node, 2)
    kernel = shape_of(weight)[2:]
    if len(kernel) not in (1, 2):
        raise t.error(node, f"a {len(kernel)}-D convolution (1-D and 2-D only)")
    given = node.attr("kernel_shape")
    if given and list(given) != kernel:
        raise t.unsupported(node, "kernel_shape", given, f"the weight's kernel is {kernel}")
    strides, dilations, pads = _as_2d_window(*_window(t, node, x, kernel))
    if len(kernel) == 1:
        weight = t.emit(rx.expand_dims, weight, [2])
    y = lifted_to_2d(t, x, lambda x4: t.emit(rx.nn_conv2d, x4, weight, strides=strides, padding=pads,
                                                dilation=dilations, groups=int(node.attr("group", 1))))
    if bias is None:
        return y
    return t.emit(rx.add, y, t.emit(rx.reshape, bias, [shape_of(bias)[0]] + [1] * len(kernel)))


def _pooled_extent(extent, k, s, d, before, after, ceil_mode):
    """ONNX's output extent: with ceil_mode, a last window that would start
    in the end padding is dropped."""
    span = extent + before + after - ((k - 1) * d + 1)
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= extent + before:
        out -= 1
    return out


def _relax_ceil_mode(t, node, x, kernel, strides, dilations, pads, ceil_mode):
    """relax's ceil_mode keeps the window that ONNX drops: it is on only when
    ONNX's extents are longer than rounding down gives."""
    if not ceil_mode:
        return False
    dims = shape_of(x)[2:]
    if _DYNAMIC in dims:
        raise t.error(node, "ceil_mode over a symbolic spatial extent")
    wanted = [_pooled_extent(e, k, s, d, b, a, True) for e, k, s, d, (b, a) in zip(dims, kernel, strides, dilations, pads)]
    floor = [_pooled_extent(e, k, s, d, b, a, False) for e, k, s, d, (b, a) in zip(dims, kernel, strides, dilations, pads)]
    return wanted != floor


def _pool(build):
    """MaxPool / AveragePool over 1 or 2 spatial dimensions."""
    def convert(t, node):
        x = t.tensor(node, 0)
        kernel = list(node.attr("kernel_shape"))
        if len(kernel) not in (1, 2):
            raise t.unsupported(node, "kernel_shape", kernel, "1-D and 2-D pooling only")
        if node.attr("storage_order", 0):
            raise t.unsupported(node, "storage_order", 1, "the indices output is not computed")
        strides, dilations, pads = _window(t, node, x, kernel)
        ceil_mode = _relax_ceil_mode(t, node, x, kernel, strides, dilations, pads, node.attr("ceil_mode", 0))
        window = [1] * (2 - len(kernel)) + kernel
        strides, dilations, padding = _as_2d_window(strides, dilations, pads)
        options = dict(pool_size=window, strides=strides, padding=padding, dilation=dilations, ceil_mode=ceil_mode)
        if build is rx.nn_avg_pool2d:
            options["count_include_pad"] = bool(node.attr("count_include_pad", 0))
        return lifted_to_2d(t, x, lambda x4: t.emit(build, x4, **options))
    return convert


def _global_pool(build):
    """GlobalAveragePool / GlobalMaxPool: over every spatial axis, kept."""
    def convert(t, node):
        x = t.tensor(node, 0)
        return t.emit(build, x, axis=list(range(2, rank_of(x))), keepdims=True)
    return convert


# -- normalization ---------------------------------------------------------------------

def _batch_norm(t, node):
    """Inference batch normalization over the channels (axis 1)."""
    if node.attr("training_mode", 0):
        raise t.unsupported(node, "training_mode", 1, "batch statistics (export the model in eval mode)")
    if node.attr("spatial", 1) != 1:
        raise t.unsupported(node, "spatial", 0)
    x, gamma, beta, mean, var = (t.tensor(node, i) for i in range(5))
    return t.emit(rx.nn_batch_norm, x, gamma, beta, mean, var, axis=1, epsilon=float(node.attr("epsilon", 1e-5)),
                  momentum=float(node.attr("momentum", 0.9)))[0]


def _layer_norm(t, node):
    """Normalized over the axes from ``axis`` on (the statistics outputs are not computed)."""
    x, scale, bias = t.tensor(node, 0), t.tensor(node, 1), t.tensor(node, 2)
    node.attr("stash_type")  # statistics in float32: relax computes them in the input's type
    axis = normalize(node.attr("axis", -1), rank_of(x))
    if bias is None:
        bias = t.emit(rx.zeros, shape_of(scale), element_of(scale))
    return t.emit(rx.nn_layer_norm, x, scale, bias, axes=list(range(axis, rank_of(x))),
                  epsilon=float(node.attr("epsilon", 1e-5)))


def _instance_norm(t, node):
    """Each channel of each sample normalized: a group norm with one group per channel."""
    x, scale, bias = t.tensor(node, 0), t.tensor(node, 1), t.tensor(node, 2)
    return t.emit(rx.nn_group_norm, x, scale, bias, num_groups=shape_of(x)[1], channel_axis=1,
                  axes=list(range(2, rank_of(x))), epsilon=float(node.attr("epsilon", 1e-5)))


# -- softmax and dropout ---------------------------------------------------------------

def _softmax(build):
    """Softmax / LogSoftmax along ``axis`` (opset 13); before, over every
    axis from ``axis`` on, as a 2-D view."""
    def convert(t, node):
        x = t.tensor(node, 0)
        if t.opset >= 13:
            return t.emit(build, x, axis=normalize(node.attr("axis", -1), rank_of(x)))
        axis = normalize(node.attr("axis", 1), rank_of(x))
        dims = shape_of(x)
        if _DYNAMIC in dims[axis:]:
            raise t.error(node, "a softmax over symbolic extents")
        flat = t.emit(rx.reshape, x, [-1 if _DYNAMIC in dims[:axis] else math.prod(dims[:axis]),
                                      math.prod(dims[axis:])])
        soft = t.emit(build, flat, axis=1)
        return t.emit(rx.reshape, soft, [-1 if d == _DYNAMIC else d for d in dims])
    return convert


def _dropout(t, node):
    """Inference dropout keeps every element (training_mode must be off)."""
    node.attr("seed")
    node.attr("ratio")
    training = t.static(node, 2, "training_mode")
    if training is not None and bool(training):
        raise t.error(node, "dropout in training mode (export the model in eval mode)")
    return t.input(node, 0)


CONVERTERS = {
    "MatMul": _matmul,
    "Gemm": _gemm,
    "Einsum": _einsum,
    "Conv": _conv,
    "MaxPool": _pool(rx.nn_max_pool2d),
    "AveragePool": _pool(rx.nn_avg_pool2d),
    "GlobalAveragePool": _global_pool(rx.mean),
    "GlobalMaxPool": _global_pool(rx.max),
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "InstanceNormalization": _instance_norm,
    "Softmax": _softmax(rx.nn_softmax),
    "LogSoftmax": _softmax(rx.nn_log_softmax),
    "Dropout": _dropout,
}
