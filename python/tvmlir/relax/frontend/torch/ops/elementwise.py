"""Elementwise ATen ops: unary math, activations, arithmetic with torch's type
promotion, comparisons, logic, where / masked_fill, clamp.

Ops relax lacks are compositions of relax ops, each written as torch
documents the op (so ``hardswish`` is ``x * clip(x + 3, 0, 6) / 6``).
"""

import math

from mlir import ir

from .....dialects import relax as rx
from ..types import element, is_float
from .common import operand, promoted_element



def _i1():
    return ir.IntegerType.get_signless(1)


def _const(t, x, number):
    """A 0-D constant of ``number`` in ``x``'s element type."""
    return t.scalar(number, element(x))


# -- unary ---------------------------------------------------------------------

def _composed(build):
    """A unary op whose input is first cast to the result's dtype (``exp`` of an
    integer tensor is a float one), then given to ``build(t, x)``."""
    def convert(t, node):
        return build(t, operand(t, node.args[0], t.out_element(node)))
    return convert


def _unary(op):
    """One relax op on the input."""
    return _composed(lambda t, x: t.emit(op, x))


def _reciprocal(t, x):
    return t.emit(rx.divide, _const(t, x, 1), x)


def _square(t, x):
    return t.emit(rx.multiply, x, x)


def _trunc(t, x):
    if not is_float(element(x)):
        return x  # integers are whole already
    negative = t.emit(rx.less, x, _const(t, x, 0))
    return t.emit(rx.where, negative, t.emit(rx.ceil, x), t.emit(rx.floor, x))


def _sign(t, x):
    positive = t.emit(rx.astype, t.emit(rx.greater, x, _const(t, x, 0)), element(x))
    negative = t.emit(rx.astype, t.emit(rx.less, x, _const(t, x, 0)), element(x))
    sign = t.emit(rx.subtract, positive, negative)
    if not is_float(element(x)):
        return sign
    return t.emit(rx.where, t.emit(rx.not_equal, x, x), x, sign)  # sign(nan) is nan


def _log_base(base):
    def build(t, x):
        return t.emit(rx.multiply, t.emit(rx.log, x), _const(t, x, 1.0 / math.log(base)))
    return build


def _log1p(t, x):
    return t.emit(rx.log, t.emit(rx.add, x, _const(t, x, 1)))


def _expm1(t, x):
    return t.emit(rx.subtract, t.emit(rx.exp, x), _const(t, x, 1))


def _tan(t, x):
    return t.emit(rx.divide, t.emit(rx.sin, x), t.emit(rx.cos, x))


def _float_test(float_test, integer_answer):
    """isnan / isinf / isfinite: ``float_test(t, x)`` for floats; integers are
    never nan nor infinite (``integer_answer`` is ``rx.equal`` for always
    true, ``rx.not_equal`` for always false)."""
    def convert(t, node):
        x = t.value(node.args[0])
        if not is_float(element(x)):
            return t.emit(integer_answer, x, x)
        return float_test(t, x)
    return convert


def _isnan(t, x):
    return t.emit(rx.not_equal, x, x)


def _isinf(t, x):
    return t.emit(rx.equal, t.emit(rx.abs, x), _const(t, x, math.inf))


def _isfinite(t, x):
    return t.emit(rx.less, t.emit(rx.abs, x), _const(t, x, math.inf))  # false for nan too


def _logical_not(t, node):
    return t.emit(rx.logical_not, operand(t, node.args[0], _i1()))


def _bitwise_not(t, node):
    if str(t.out_element(node)) != "i1":
        raise t.unsupported(node, "self", node.args[0], "bitwise ops on integers; booleans only")
    return _logical_not(t, node)


# -- activations -----------------------------------------------------------------

def _clip(t, x, low, high):
    return t.emit(rx.clip, x, float(low), float(high))


def _relu6(t, x):
    return _clip(t, x, 0, 6)


def _hardtanh(t, node):
    args = t.bind(node)
    return _clip(t, operand(t, node.args[0], t.out_element(node)), args.min_val, args.max_val)


def _hardsigmoid(t, x):
    return t.emit(rx.divide, _clip(t, t.emit(rx.add, x, _const(t, x, 3)), 0, 6), _const(t, x, 6))


def _hardswish(t, x):
    shifted = _clip(t, t.emit(rx.add, x, _const(t, x, 3)), 0, 6)
    return t.emit(rx.divide, t.emit(rx.multiply, x, shifted), _const(t, x, 6))


def _leaky_relu(t, node):
    x = t.value(node.args[0])
    scaled = t.emit(rx.multiply, x, _const(t, x, t.bind(node).negative_slope))
    return t.emit(rx.where, t.emit(rx.greater, x, _const(t, x, 0)), x, scaled)


def _elu_of(t, x, alpha, scale=1.0, input_scale=1.0):
    """``scale * x`` where positive, else ``alpha * scale * (exp(input_scale * x) - 1)``."""
    exp = t.emit(rx.exp, t.emit(rx.multiply, x, _const(t, x, input_scale)))
    negative = t.emit(rx.multiply, t.emit(rx.subtract, exp, _const(t, x, 1)), _const(t, x, alpha * scale))
    positive = t.emit(rx.multiply, x, _const(t, x, scale))
    return t.emit(rx.where, t.emit(rx.greater, x, _const(t, x, 0)), positive, negative)


def _elu(t, node):
    args = t.bind(node)
    return _elu_of(t, t.value(node.args[0]), args.alpha, args.scale, args.input_scale)


def _selu(t, x):
    return _elu_of(t, x, alpha=1.6732632423543772848170429916717, scale=1.0507009873554804934193349852946)


def _celu(t, node):
    alpha = t.bind(node).alpha
    return _elu_of(t, t.value(node.args[0]), alpha, input_scale=1.0 / alpha)


def _softplus_of(t, x, beta, threshold):
    """``log(1 + exp(beta x)) / beta``, or ``x`` where ``beta x > threshold``
    (torch's switch to the linear function for large inputs)."""
    bx = t.emit(rx.multiply, x, _const(t, x, beta))
    smooth = t.emit(rx.divide, _log1p(t, t.emit(rx.exp, bx)), _const(t, x, beta))
    return t.emit(rx.where, t.emit(rx.greater, bx, _const(t, x, threshold)), x, smooth)


def _softplus(t, node):
    args = t.bind(node)
    return _softplus_of(t, t.value(node.args[0]), args.beta, args.threshold)


def _mish(t, x):
    return t.emit(rx.multiply, x, t.emit(rx.tanh, _softplus_of(t, x, 1.0, 20.0)))


def _gelu(t, node):
    x = t.value(node.args[0])
    approximate = t.bind(node).approximate
    if approximate == "none":
        return t.emit(rx.nn_gelu, x)
    if approximate != "tanh":
        raise t.unsupported(node, "approximate", approximate, "'none' or 'tanh'")
    # 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    cube = t.emit(rx.multiply, t.emit(rx.multiply, x, x), x)
    inner = t.emit(rx.add, x, t.emit(rx.multiply, cube, _const(t, x, 0.044715)))
    tanh = t.emit(rx.tanh, t.emit(rx.multiply, inner, _const(t, x, math.sqrt(2 / math.pi))))
    half_x = t.emit(rx.multiply, x, _const(t, x, 0.5))
    return t.emit(rx.multiply, half_x, t.emit(rx.add, tanh, _const(t, x, 1)))


def _clamp(t, node):
    """clamp / clamp_min / clamp_max, with numbers or tensors as bounds:
    ``minimum(maximum(x, low), high)`` in the promoted dtype."""
    args = t.bind(node)
    low, high = args.raw.get("min"), args.raw.get("max")
    compute = t.out_element(node)
    x = operand(t, node.args[0], compute)
    if low is not None:
        x = t.emit(rx.maximum, x, operand(t, low, compute))
    if high is not None:
        x = t.emit(rx.minimum, x, operand(t, high, compute))
    return x


# -- binary ------------------------------------------------------------------------

def _alpha_scaled(t, node, arg, compute):
    """``alpha * arg`` (add/sub/rsub's ``alpha``), in the dtype ``compute``."""
    alpha = t.bind(node).raw.get("alpha", 1)
    if alpha == 1:
        return operand(t, arg, compute)
    if not hasattr(arg, "op"):
        return operand(t, arg * alpha, compute)
    return t.emit(rx.multiply, operand(t, arg, compute), t.scalar(alpha, compute))


def _arith(op, reverse=False):
    """``self op alpha * other`` in the result's dtype (``other - alpha * self``
    for rsub, with ``reverse``)."""
    def convert(t, node):
        compute = t.out_element(node)
        lhs, rhs = node.args[0], node.args[1]
        if reverse:
            return t.emit(op, operand(t, rhs, compute), _alpha_scaled(t, node, lhs, compute))
        return t.emit(op, operand(t, lhs, compute), _alpha_scaled(t, node, rhs, compute))
    return convert


def _operands(t, node):
    compute = t.out_element(node)
    return operand(t, node.args[0], compute), operand(t, node.args[1], compute)


def _rounded_quotient(t, lhs, rhs, rounding):
    """``lhs / rhs`` rounded down ("floor") or toward zero ("trunc"); relax's
    integer divide truncates, its floor_divide rounds down."""
    if not is_float(element(lhs)):
        return t.emit(rx.floor_divide if rounding == "floor" else rx.divide, lhs, rhs)
    quotient = t.emit(rx.divide, lhs, rhs)
    return t.emit(rx.floor, quotient) if rounding == "floor" else _trunc(t, quotient)


def _div_mode(t, node):
    mode = t.bind(node).rounding_mode
    if mode not in (None, "floor", "trunc"):
        raise t.unsupported(node, "rounding_mode", mode, "None, 'floor' or 'trunc'")
    lhs, rhs = _operands(t, node)
    return t.emit(rx.divide, lhs, rhs) if mode is None else _rounded_quotient(t, lhs, rhs, mode)


def _floor_divide(t, node):
    return _rounded_quotient(t, *_operands(t, node), "floor")


def _remainder_with(rounding):
    """``x - round(x / y) * y``: Python's ``%`` ("floor", sign of the divisor:
    remainder) or C's ``fmod`` ("trunc", sign of the dividend)."""
    def convert(t, node):
        lhs, rhs = _operands(t, node)
        quotient = _rounded_quotient(t, lhs, rhs, rounding)
        return t.emit(rx.subtract, lhs, t.emit(rx.multiply, quotient, rhs))
    return convert


def _pow(t, node):
    """pow.Tensor_Tensor / Tensor_Scalar / Scalar: relax's power is for floats;
    ``x ** 2`` (common in norms) is ``x * x`` in any dtype."""
    base, exponent = node.args[0], node.args[1]
    compute = t.out_element(node)
    if exponent == 2:
        x = operand(t, base, compute)
        return t.emit(rx.multiply, x, x)
    if not is_float(compute):
        raise t.unsupported(node, "exponent", exponent, "integer powers other than 2")
    if exponent == 0.5:
        return t.emit(rx.sqrt, operand(t, base, compute))
    return t.emit(rx.power, operand(t, base, compute), operand(t, exponent, compute))


def _compare(op):
    """A comparison in the dtype torch promotes both sides to."""
    def convert(t, node):
        compute = promoted_element(node.args[0], node.args[1])
        return t.emit(op, operand(t, node.args[0], compute), operand(t, node.args[1], compute))
    return convert


def _logical(op):
    """A logical op of the operands' truth values (nonzero is true)."""
    def convert(t, node):
        return t.emit(op, operand(t, node.args[0], _i1()), operand(t, node.args[1], _i1()))
    return convert


def _bitwise_of_bools(op):
    """&, |, ^ of boolean tensors (masks), which are the logical ops."""
    logical = _logical(op)

    def convert(t, node):
        if str(t.out_element(node)) != "i1":
            raise t.unsupported(node, "self", node.args[0], "bitwise ops on integers; booleans only")
        return logical(t, node)
    return convert


def _where(t, node):
    """where.self / ScalarSelf / ScalarOther: (condition, x1, x2)."""
    compute = t.out_element(node)
    condition, x1, x2 = node.args[:3]
    return t.emit(rx.where, operand(t, condition, _i1()), operand(t, x1, compute), operand(t, x2, compute))


def _masked_fill(t, node):
    """``value`` where ``mask`` is true, else ``self``."""
    compute = t.out_element(node)
    x, mask, value = node.args[:3]
    return t.emit(rx.where, operand(t, mask, _i1()), operand(t, value, compute), operand(t, x, compute))


_UNARY = {
    "relu": rx.nn_relu, "silu": rx.nn_silu, "sigmoid": rx.sigmoid, "tanh": rx.tanh, "exp": rx.exp,
    "log": rx.log, "sqrt": rx.sqrt, "rsqrt": rx.rsqrt, "neg": rx.negative, "abs": rx.abs, "sin": rx.sin,
    "cos": rx.cos, "erf": rx.erf, "floor": rx.floor, "ceil": rx.ceil, "round": rx.round,
}

_COMPOSED = {
    "reciprocal": _reciprocal, "square": _square, "trunc": _trunc, "sign": _sign, "log2": _log_base(2),
    "log10": _log_base(10), "log1p": _log1p, "expm1": _expm1, "tan": _tan, "relu6": _relu6,
    "hardsigmoid": _hardsigmoid, "hardswish": _hardswish, "selu": _selu, "mish": _mish,
}

_COMPARISONS = {"eq": rx.equal, "ne": rx.not_equal, "lt": rx.less, "le": rx.less_equal, "gt": rx.greater,
                "ge": rx.greater_equal}

CONVERTERS = {
    **{f"aten.{name}.default": _unary(op) for name, op in _UNARY.items()},
    **{f"aten.{name}.default": _composed(build) for name, build in _COMPOSED.items()},
    "aten.isnan.default": _float_test(_isnan, rx.not_equal),
    "aten.isinf.default": _float_test(_isinf, rx.not_equal),
    "aten.isfinite.default": _float_test(_isfinite, rx.equal),
    "aten.logical_not.default": _logical_not,
    "aten.bitwise_not.default": _bitwise_not,
    "aten.gelu.default": _gelu,
    "aten.hardtanh.default": _hardtanh,
    "aten.leaky_relu.default": _leaky_relu,
    "aten.elu.default": _elu,
    "aten.celu.default": _celu,
    "aten.softplus.default": _softplus,
    "aten.clamp.default": _clamp,
    "aten.clamp.Tensor": _clamp,
    "aten.clamp_min.default": _clamp,
    "aten.clamp_max.default": _clamp,
    **{f"aten.{name}.{overload}": _arith(op) for name, op in [("add", rx.add), ("sub", rx.subtract),
                                                              ("mul", rx.multiply), ("div", rx.divide)]
       for overload in ("Tensor", "Scalar")},
    "aten.rsub.Scalar": _arith(rx.subtract, reverse=True),
    "aten.rsub.Tensor": _arith(rx.subtract, reverse=True),
    "aten.div.Tensor_mode": _div_mode,
    "aten.floor_divide.default": _floor_divide,
    "aten.remainder.Tensor": _remainder_with("floor"),
    "aten.remainder.Scalar": _remainder_with("floor"),
    "aten.fmod.Tensor": _remainder_with("trunc"),
    "aten.fmod.Scalar": _remainder_with("trunc"),
    "aten.pow.Tensor_Tensor": _pow,
    "aten.pow.Tensor_Scalar": _pow,
    "aten.pow.Scalar": _pow,
    "aten.maximum.default": _arith(rx.maximum),
    "aten.minimum.default": _arith(rx.minimum),
    **{f"aten.{name}.{overload}": _compare(op) for name, op in _COMPARISONS.items()
       for overload in ("Tensor", "Scalar")},
    "aten.logical_and.default": _logical(rx.logical_and),
    "aten.logical_or.default": _logical(rx.logical_or),
    "aten.logical_xor.default": _logical(rx.logical_xor),
    "aten.bitwise_and.Tensor": _bitwise_of_bools(rx.logical_and),
    "aten.bitwise_or.Tensor": _bitwise_of_bools(rx.logical_or),
    "aten.bitwise_xor.Tensor": _bitwise_of_bools(rx.logical_xor),
    "aten.where.self": _where,
    "aten.where.ScalarSelf": _where,
    "aten.where.ScalarOther": _where,
    "aten.masked_fill.Scalar": _masked_fill,
    "aten.masked_fill.Tensor": _masked_fill,
}
