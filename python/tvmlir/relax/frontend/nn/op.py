"""Tensor operators of ``nn`` (TVM's ``relax.frontend.nn.op``): each builds
relax ops on traced Tensors. ``name`` is the binding's name hint (TVM's: the
op's own name); the ops a function composes are named ``lv``.

A Python scalar operand of a binary op becomes a constant of the other
operand's dtype.
"""

import builtins

import numpy as np
from mlir import ir

from ....base import TVMLIRError
from ....dialects import relax as rx
from ....script.parser import element_type
from .core import Tensor, check_dtype
from .exporter import current


def _emit(build, *tensors, name=None, **attrs):
    """Emits ``build(tensors..., attrs...)``: Tensors (or lists of them) are
    the operands, keywords the attributes (None: left out, the op's default);
    wraps the result(s) as Tensors."""
    values = [[_expr(t) for t in a] if isinstance(a, (list, tuple)) else _expr(a) for a in tensors]
    result = current().emit(build, *values, name=name, **{k: v for k, v in attrs.items() if v is not None})
    if isinstance(result, ir.Value):
        return Tensor(_expr=result)
    return tuple(Tensor(_expr=r) for r in result)


def _expr(tensor):
    if not isinstance(tensor, Tensor):
        raise TVMLIRError(f"{current().where()}: expected a Tensor, got {type(tensor).__name__}")
    if tensor._expr is None:  # a Parameter of a module that is not the one exported
        raise TVMLIRError(f"{current().where()}: {tensor!r} is not a parameter of the exported module")
    return tensor._expr


def _type(dtype, what):
    return ir.TypeAttr.get(element_type(check_dtype(dtype, what)))


def _const(value, dtype):
    """A constant tensor of ``value`` (a scalar: 0-D) and ``dtype``."""
    # np.array, not np.ascontiguousarray: that one makes a 0-D array 1-D.
    array = np.array(value, dtype=dtype)
    return _emit(rx.constant, value=ir.DenseElementsAttr.get(array))


def _operands(a, b):
    """Two tensors: a Python scalar takes the dtype of the other operand."""
    if not isinstance(a, Tensor) and isinstance(b, Tensor):
        a = _const(a, b.dtype)
    elif not isinstance(b, Tensor) and isinstance(a, Tensor):
        b = _const(b, a.dtype)
    return a, b


def _binary(build, default_name):
    def op(a, b, name=default_name):
        return _emit(build, *_operands(a, b), name=name)

    op.__name__ = default_name
    op.__doc__ = f"Elementwise ``{default_name}`` with NumPy broadcasting."
    return op


def _unary(build, default_name):
    def op(x, name=default_name):
        return _emit(build, x, name=name)

    op.__name__ = default_name
    op.__doc__ = f"Elementwise ``{default_name}``."
    return op


add = _binary(rx.add, "add")
subtract = _binary(rx.subtract, "subtract")
multiply = _binary(rx.multiply, "multiply")
divide = _binary(rx.divide, "divide")
floor_divide = _binary(rx.floor_divide, "floor_divide")
maximum = _binary(rx.maximum, "maximum")
minimum = _binary(rx.minimum, "minimum")
equal = _binary(rx.equal, "equal")
not_equal = _binary(rx.not_equal, "not_equal")
less = _binary(rx.less, "less")
less_equal = _binary(rx.less_equal, "less_equal")
greater = _binary(rx.greater, "greater")
greater_equal = _binary(rx.greater_equal, "greater_equal")

relu = _unary(rx.nn_relu, "relu")
silu = _unary(rx.nn_silu, "silu")
sigmoid = _unary(rx.sigmoid, "sigmoid")
tanh = _unary(rx.tanh, "tanh")
exp = _unary(rx.exp, "exp")
log = _unary(rx.log, "log")
sqrt = _unary(rx.sqrt, "sqrt")
rsqrt = _unary(rx.rsqrt, "rsqrt")
negative = _unary(rx.negative, "negative")
abs = _unary(rx.abs, "abs")  # noqa: A001 - TVM's name
sin = _unary(rx.sin, "sin")
cos = _unary(rx.cos, "cos")
erf = _unary(rx.erf, "erf")
square = _unary(rx.square, "square")


def gelu(x, approximate=None, name="gelu"):
    """GELU with erf (``approximate=None``, PyTorch's default) or its tanh
    approximation (``approximate="tanh"``)."""
    if approximate == "tanh":
        return _emit(rx.nn_gelu_tanh, x, name=name)
    if approximate not in (None, "none"):
        raise TVMLIRError(f"{current().where()}: gelu(approximate={approximate!r}): expected None or 'tanh'")
    return _emit(rx.nn_gelu, x, name=name)


def matmul(a, b, out_dtype=None, name="matmul"):
    """``a @ b`` (NumPy's matmul); ``out_dtype=None`` is TVM's ``"void"``: the inputs' dtype."""
    out = None if out_dtype in (None, "void") else _type(out_dtype, "matmul(out_dtype)")
    return _emit(rx.matmul, a, b, out_dtype=out, name=name)


def softmax(x, axis=-1, name="softmax"):
    return _emit(rx.nn_softmax, x, axis=axis, name=name)


def log_softmax(x, axis=-1, name="log_softmax"):
    return _emit(rx.nn_log_softmax, x, axis=axis, name=name)


# -- shapes -------------------------------------------------------------------

def permute_dims(x, axes=None, name="permute_dims"):
    """Reorders the dimensions (reverses them with ``axes=None``)."""
    return _emit(rx.permute_dims, x, axes=None if axes is None else list(axes), name=name)


def reshape(x, shape, name="reshape"):
    """A new static shape of as many elements; one entry may be -1."""
    shape = list(shape)
    if not builtins.all(isinstance(d, int) for d in shape):
        raise TVMLIRError(f"{current().where()}: reshape to {shape}: symbolic target shapes are not "
                          "supported yet (relax.reshape makes a static shape)")
    return _emit(rx.reshape, x, shape=shape, name=name)


def squeeze(x, axis=-1, name="squeeze"):
    """Removes dimensions of extent 1 (``axis=None``: all of them)."""
    return _emit(rx.squeeze, x, axis=None if axis is None else _ints(axis), name=name)


def unsqueeze(x, dim, name="unsqueeze"):
    return _emit(rx.expand_dims, x, axis=_ints(dim), name=name)


def concat(x, dim, name="concat"):
    """Joins a list of tensors along ``dim``."""
    return _emit(rx.concat, list(x), axis=dim, name=name)


def split(ary, indices_or_sections, axis=0, name="split"):
    """A tuple of tensors: ``int`` equal sections, or cut before each index of a list."""
    if isinstance(indices_or_sections, int):
        attr = _i64(indices_or_sections)
    else:
        attr = ir.DenseI64ArrayAttr.get([int(i) for i in indices_or_sections])
    result = _emit(rx.split, ary, indices_or_sections=attr, axis=axis, name=name)
    return result if isinstance(result, tuple) else (result,)


def chunk(x, chunks, dim=0, name="chunk"):
    """``chunks`` equal parts along ``dim``."""
    return split(x, chunks, axis=dim, name=name)


def broadcast_to(x, shape, name="broadcast_to"):
    return _emit(rx.broadcast_to, x, shape=list(shape), name=name)


def astype(x, dtype, name="astype"):
    if x.dtype == dtype:
        return x
    return _emit(rx.astype, x, dtype=_type(dtype, "astype"), name=name)


def take(x, indices, axis=None, name="take"):
    """``numpy.take``: the slices of ``x`` at ``indices`` along ``axis``."""
    return _emit(rx.take, x, indices, axis=axis, name=name)


def where(condition, x1, x2, name="where"):
    x1, x2 = _operands(x1, x2)
    return _emit(rx.where, condition, x1, x2, name=name)


def full(shape, fill_value, dtype="float32", name="full"):
    return _emit(rx.full, shape=list(shape), fill_value=float(fill_value), dtype=_type(dtype, "full"), name=name)


def zeros(shape, dtype="float32", name="zeros"):
    return _emit(rx.zeros, shape=list(shape), dtype=_type(dtype, "zeros"), name=name)


def ones(shape, dtype="float32", name="ones"):
    return _emit(rx.ones, shape=list(shape), dtype=_type(dtype, "ones"), name=name)


# -- reductions -----------------------------------------------------------------

def _ints(axis):
    return [axis] if isinstance(axis, int) else list(axis)


def _reduction(build, default_name):
    def op(x, axis=None, keepdims=False, name=default_name):
        return _emit(build, x, axis=None if axis is None else _ints(axis), keepdims=keepdims, name=name)

    op.__name__ = default_name
    op.__doc__ = f"``{default_name}`` over ``axis`` (every axis when None)."
    return op


sum = _reduction(rx.sum, "sum")  # noqa: A001 - TVM's name
mean = _reduction(rx.mean, "mean")
max = _reduction(rx.max, "max")  # noqa: A001
min = _reduction(rx.min, "min")  # noqa: A001
prod = _reduction(rx.prod, "prod")
variance = _reduction(rx.variance, "variance")


# -- neural network -------------------------------------------------------------

def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5, name="layer_norm"):
    """Normalizes the last ``len(normalized_shape)`` dimensions; without
    ``weight`` / ``bias`` they are ones / zeros (as TVM's)."""
    shape = _ints(normalized_shape)
    if weight is None:
        weight = ones(shape, x.dtype, name=None)
    if bias is None:
        bias = zeros(shape, x.dtype, name=None)
    axes = list(range(-len(shape), 0))
    return _emit(rx.nn_layer_norm, x, weight, bias, axes=axes, epsilon=float(eps), name=name)


def rms_norm(x, weight, axes, epsilon=1e-5, name="rms_norm"):
    """``x / sqrt(mean(x * x, axes) + epsilon) * weight``; ``weight`` has the
    shape of the ``axes`` dimensions."""
    return _emit(rx.nn_rms_norm, x, weight, axes=_ints(axes), epsilon=float(epsilon), name=name)


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5, channel_axis=1, axes=None,
               name="group_norm"):
    """Normalizes each of ``num_groups`` groups of channels over its channels
    and ``axes`` (default: every dimension after the first two, as TVM's),
    then scales by ``weight`` and shifts by ``bias`` per channel (ones and
    zeros without them)."""
    axes = list(range(2, x.ndim)) if axes is None else _ints(axes)
    channels = [x.shape[channel_axis]]
    if weight is None:
        weight = ones(channels, x.dtype, name=None)
    if bias is None:
        bias = zeros(channels, x.dtype, name=None)
    return _emit(rx.nn_group_norm, x, weight, bias, num_groups=_i64(num_groups), channel_axis=_i64(channel_axis),
                 axes=axes, epsilon=float(eps), name=name)


def _i64(value):
    return ir.IntegerAttr.get(ir.IntegerType.get_signless(64), value)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, data_layout="NCHW",
           name="conv2d"):
    """2-D convolution (NCHW data, OIHW weight), plus ``bias`` per output channel."""
    if data_layout != "NCHW":
        raise TVMLIRError(f"{current().where()}: conv2d: only the NCHW layout is supported, got {data_layout}")
    conv = _emit(rx.nn_conv2d, x, weight, strides=_pair(stride), padding=_ints(padding),
                 dilation=_pair(dilation), groups=groups, name=name if bias is None else None)
    if bias is None:
        return conv
    return add(conv, reshape(bias, [1, -1, 1, 1], name=None), name=name)


def _pair(value):
    return [value, value] if isinstance(value, int) else list(value)


def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False, scale=None,
                                 name="scaled_dot_product_attention"):
    """Attention over ``(batch, seq_len, num_heads, head_dim)`` tensors (TVM's layout)."""
    if attn_mask is not None:
        raise TVMLIRError(f"{current().where()}: scaled_dot_product_attention: attn_mask is not supported yet")
    return _emit(rx.nn_attention, query, key, value, scale=None if scale is None else float(scale),
                 causal_mask="TopLeft" if is_causal else None, name=name)
