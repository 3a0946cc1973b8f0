"""Elementwise ONNX ops: arithmetic, comparisons and logic (NumPy's
broadcasting, as relax's), unary math, activations, Clip, Cast, Where."""

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from ...common import element_of, is_float_type
from ..types import element_type, numpy_dtype
from .common import folded, is_static, scalar_like


def _trunc_divide(a, b):
    """ONNX's integer Div rounds toward zero (NumPy's // rounds down)."""
    if a.dtype.kind in "iu":
        return (np.trunc(a / b)).astype(np.result_type(a, b))
    return np.divide(a, b).astype(np.result_type(a, b))


def _integer_divide(t, a, b):
    """Integer division toward zero: in float64 (exact below 2**53), truncated."""
    wide = ir.F64Type.get()
    quotient = t.emit(rx.trunc, t.emit(rx.divide, t.cast(a, wide), t.cast(b, wide)))
    return t.cast(quotient, element_of(a))


def _divide(t, a, b):
    return t.emit(rx.divide, a, b) if is_float_type(element_of(a)) else _integer_divide(t, a, b)


def _power(t, a, b):
    """Pow's exponent may have another type than the base: cast to the base's."""
    return t.emit(rx.power, a, t.cast(b, element_of(a)))


def _emitter(build):
    return lambda t, a, b: t.emit(build, a, b)


# op type -> (relax emitter (t, a, b), NumPy function)
_BINARY = {
    "Add": (_emitter(rx.add), np.add), "Sub": (_emitter(rx.subtract), np.subtract),
    "Mul": (_emitter(rx.multiply), np.multiply), "Div": (_divide, _trunc_divide),
    "Pow": (_power, lambda a, b: np.power(a, b.astype(a.dtype))),
    "Equal": (_emitter(rx.equal), np.equal), "Less": (_emitter(rx.less), np.less),
    "LessOrEqual": (_emitter(rx.less_equal), np.less_equal), "Greater": (_emitter(rx.greater), np.greater),
    "GreaterOrEqual": (_emitter(rx.greater_equal), np.greater_equal),
    "And": (_emitter(rx.logical_and), np.logical_and), "Or": (_emitter(rx.logical_or), np.logical_or),
    "Xor": (_emitter(rx.logical_xor), np.logical_xor),
    "BitwiseAnd": (_emitter(rx.bitwise_and), np.bitwise_and), "BitwiseOr": (_emitter(rx.bitwise_or), np.bitwise_or),
    "BitwiseXor": (_emitter(rx.bitwise_xor), np.bitwise_xor),
}


def _binary(op_type):
    emit, numpy_fn = _BINARY[op_type]

    def fold(t, node, a, b):
        result = np.asarray(numpy_fn(a, b))
        return result if result.dtype == np.bool_ else result.astype(a.dtype)

    @folded(fold)
    def convert(t, node):
        return emit(t, t.tensor(node, 0), t.tensor(node, 1))
    return convert


def _mod_fold(t, node, a, b):
    fmod = node.attr("fmod", 0)
    return (np.fmod(a, b) if fmod else np.mod(a, b)).astype(a.dtype)


@folded(_mod_fold)
def _mod(t, node):
    """Mod: the sign of the divisor (Python's %), or of the dividend with ``fmod``
    (C's fmod)."""
    build = rx.mod if node.attr("fmod", 0) else rx.floor_mod
    return t.emit(build, t.tensor(node, 0), t.tensor(node, 1))


def _variadic(build, numpy_fn, mean=False):
    """Max / Min / Sum / Mean of any number of inputs, pairwise."""
    def fold(t, node, *arrays):
        result = arrays[0]
        for array in arrays[1:]:
            result = numpy_fn(result, array)
        return (result / len(arrays) if mean else result).astype(arrays[0].dtype)

    @folded(fold)
    def convert(t, node):
        values = [t.tensor(node, i) for i in range(len(node.inputs))]
        result = values[0]
        for value in values[1:]:
            result = t.emit(build, result, value)
        return t.emit(rx.divide, result, scalar_like(t, result, len(values))) if mean else result
    return convert


# -- unary -------------------------------------------------------------------------------

_UNARY = {
    "Neg": (rx.negative, np.negative), "Abs": (rx.abs, np.abs), "Sqrt": (rx.sqrt, np.sqrt),
    "Exp": (rx.exp, np.exp), "Log": (rx.log, np.log), "Erf": (rx.erf, None), "Tanh": (rx.tanh, np.tanh),
    "Sigmoid": (rx.sigmoid, None), "Relu": (rx.nn_relu, lambda a: np.maximum(a, 0)),
    "Floor": (rx.floor, np.floor), "Ceil": (rx.ceil, np.ceil), "Round": (rx.round, np.round),
    "Sin": (rx.sin, np.sin), "Cos": (rx.cos, np.cos), "Tan": (rx.tan, np.tan), "Asin": (rx.asin, np.arcsin),
    "Acos": (rx.acos, np.arccos), "Atan": (rx.atan, np.arctan), "Sinh": (rx.sinh, np.sinh),
    "Cosh": (rx.cosh, np.cosh), "Asinh": (rx.asinh, np.arcsinh), "Acosh": (rx.acosh, np.arccosh),
    "Atanh": (rx.atanh, np.arctanh), "Sign": (rx.sign, np.sign), "Not": (rx.logical_not, np.logical_not),
    "IsNaN": (rx.isnan, np.isnan), "BitwiseNot": (rx.bitwise_not, np.invert),
}


def _unary(op_type):
    build, numpy_fn = _UNARY[op_type]

    def fold(t, node, a):
        result = np.asarray(numpy_fn(a))
        return result if result.dtype == np.bool_ else result.astype(a.dtype)

    def convert(t, node):
        return t.emit(build, t.tensor(node, 0))
    return folded(fold)(convert) if numpy_fn is not None else convert


def _reciprocal(t, node):
    x = t.tensor(node, 0)
    return t.emit(rx.divide, scalar_like(t, x, 1), x)


def _leaky_relu(t, node):
    return t.emit(rx.nn_leakyrelu, t.tensor(node, 0), alpha=float(node.attr("alpha", 0.01)))


def _elu(t, node):
    """``x`` where positive, else ``alpha (exp(x) - 1)``."""
    x = t.tensor(node, 0)
    alpha = node.attr("alpha", 1.0)
    negative = t.emit(rx.multiply, t.emit(rx.subtract, t.emit(rx.exp, x), scalar_like(t, x, 1)),
                      scalar_like(t, x, alpha))
    return t.emit(rx.where, t.emit(rx.greater, x, scalar_like(t, x, 0)), x, negative)


def _selu(t, node):
    """``gamma * elu_alpha(x)``."""
    x = t.tensor(node, 0)
    alpha, gamma = node.attr("alpha", 1.67326319217681884765625), node.attr("gamma", 1.05070102214813232421875)
    negative = t.emit(rx.multiply, t.emit(rx.subtract, t.emit(rx.exp, x), scalar_like(t, x, 1)),
                      scalar_like(t, x, alpha))
    elu = t.emit(rx.where, t.emit(rx.greater, x, scalar_like(t, x, 0)), x, negative)
    return t.emit(rx.multiply, elu, scalar_like(t, x, gamma))


def _gelu(t, node):
    approximate = node.attr("approximate", "none")
    if approximate not in ("none", "tanh"):
        raise t.unsupported(node, "approximate", approximate, "'none' or 'tanh'")
    return t.emit(rx.nn_gelu if approximate == "none" else rx.nn_gelu_tanh, t.tensor(node, 0))


def _hard_sigmoid_of(t, x, alpha, beta):
    """``clip(alpha x + beta, 0, 1)``."""
    line = t.emit(rx.add, t.emit(rx.multiply, x, scalar_like(t, x, alpha)), scalar_like(t, x, beta))
    return t.emit(rx.clip, line, 0.0, 1.0)


def _hard_sigmoid(t, node):
    return _hard_sigmoid_of(t, t.tensor(node, 0), node.attr("alpha", 0.2), node.attr("beta", 0.5))


def _hard_swish(t, node):
    x = t.tensor(node, 0)
    return t.emit(rx.multiply, x, _hard_sigmoid_of(t, x, 1 / 6, 0.5))


def _softplus(t, node):
    """``log(1 + exp(x))``; relax's threshold (x itself above 20) is within
    float rounding of it."""
    return t.emit(rx.nn_softplus, t.tensor(node, 0))


def _softsign(t, node):
    x = t.tensor(node, 0)
    return t.emit(rx.divide, x, t.emit(rx.add, t.emit(rx.abs, x), scalar_like(t, x, 1)))


def _prelu(t, node):
    """``x`` where positive, else ``slope * x`` (the slope broadcasts)."""
    x, slope = t.tensor(node, 0), t.tensor(node, 1)
    return t.emit(rx.where, t.emit(rx.less, x, scalar_like(t, x, 0)), t.emit(rx.multiply, x, slope), x)


def _clip(t, node):
    """Clip: bounds from attributes before opset 11, optional inputs after
    (tensors as well as constants: maximum and minimum)."""
    x = t.tensor(node, 0)
    if t.opset < 11:
        low, high = node.attr("min"), node.attr("max")
        low = None if low is None else scalar_like(t, x, low)
        high = None if high is None else scalar_like(t, x, high)
    else:
        low, high = t.tensor(node, 1), t.tensor(node, 2)
    if low is not None:
        x = t.emit(rx.maximum, x, low)
    if high is not None:
        x = t.emit(rx.minimum, x, high)
    return x


def _cast_fold(t, node, x):
    to = node.attr("to")
    node.attr("saturate")
    if x.dtype == object:  # a shape with symbols stays one (its entries are ints)
        return x
    return x.astype(numpy_dtype(to))


@folded(_cast_fold, symbolic=True)
def _cast(t, node):
    if node.attrs.get("saturate", 1) != 1:
        raise t.unsupported(node, "saturate", node.attrs["saturate"], "float8 conversions")
    node.attr("saturate")
    return t.cast(t.tensor(node, 0), element_type(node.attr("to")))


def _cast_like(t, node):
    target = t.input(node, 1)
    node.attr("saturate")
    x = t.input(node, 0)
    if is_static(x) and is_static(target):
        return x.astype(target.dtype)
    return t.cast(t.relax(node, x), element_of(t.relax(node, target)))


def _where_fold(t, node, condition, x, y):
    return np.where(condition, x, y).astype(np.result_type(x, y))


@folded(_where_fold)
def _where(t, node):
    return t.emit(rx.where, t.tensor(node, 0), t.tensor(node, 1), t.tensor(node, 2))


CONVERTERS = {
    **{op: _binary(op) for op in _BINARY},
    **{op: _unary(op) for op in _UNARY},
    "Mod": _mod,
    "Max": _variadic(rx.maximum, np.maximum),
    "Min": _variadic(rx.minimum, np.minimum),
    "Sum": _variadic(rx.add, np.add),
    "Mean": _variadic(rx.add, np.add, mean=True),
    "Reciprocal": _reciprocal,
    "LeakyRelu": _leaky_relu,
    "Elu": _elu,
    "Selu": _selu,
    "Gelu": _gelu,
    "HardSigmoid": _hard_sigmoid,
    "HardSwish": _hard_swish,
    "Softplus": _softplus,
    "Softsign": _softsign,
    "PRelu": _prelu,
    "Clip": _clip,
    "Cast": _cast,
    "CastLike": _cast_like,
    "Where": _where,
}
