"""Elementwise ATen ops: unary math, activations, arithmetic with torch's type
promotion, comparisons, logic, where / masked_fill, clamp.

Ops relax lacks are compositions of relax ops, each written as torch
documents the op (so ``hardswish`` is ``x * clip(x + 3, 0, 6) / 6``).
"""

import math

import torch
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


def _trunc(t, x):
    return t.emit(rx.trunc, x) if is_float(element(x)) else x  # integers are whole already


def _sign(t, x):
    """-1, 0 or 1; torch's sign of nan is 0 where relax's stays nan."""
    sign = t.emit(rx.sign, x)
    if not is_float(element(x)):
        return sign
    return t.emit(rx.where, t.emit(rx.isnan, x), _const(t, x, 0), sign)


def _log_base(base):
    def build(t, x):
        return t.emit(rx.multiply, t.emit(rx.log, x), _const(t, x, 1.0 / math.log(base)))
    return build


def _log1p(t, x):
    return t.emit(rx.log, t.emit(rx.add, x, _const(t, x, 1)))


def _expm1(t, x):
    return t.emit(rx.subtract, t.emit(rx.exp, x), _const(t, x, 1))


def _float_test(op, integer_answer):
    """isnan / isinf / isfinite: the relax op for floats; integers are never
    nan nor infinite (``integer_answer`` is ``rx.equal`` for always true,
    ``rx.not_equal`` for always false)."""
    def convert(t, node):
        x = t.value(node.args[0])
        if not is_float(element(x)):
            return t.emit(integer_answer, x, x)
        return t.emit(op, x)
    return convert


def _logical_not(t, node):
    return t.emit(rx.logical_not, operand(t, node.args[0], _i1()))


def _identity(t, x):
    """positive / conj_physical / resolve_conj / resolve_neg of a real tensor."""
    return x


def _frac(t, x):
    return t.emit(rx.subtract, x, _trunc(t, x))


def _scale_by(factor):
    """deg2rad / rad2deg: a product with a constant."""
    def build(t, x):
        return t.emit(rx.multiply, x, _const(t, x, factor))
    return build


def _exp2(t, x):
    return t.emit(rx.power, _const(t, x, 2), x)


def _erfc(t, x):
    return t.emit(rx.subtract, _const(t, x, 1), t.emit(rx.erf, x))


def _ndtr(t, x):
    """The standard normal CDF, ``(1 + erf(x / sqrt 2)) / 2``."""
    erf = t.emit(rx.erf, t.emit(rx.multiply, x, _const(t, x, math.sqrt(0.5))))
    return t.emit(rx.multiply, t.emit(rx.add, erf, _const(t, x, 1)), _const(t, x, 0.5))


def _sinc(t, x):
    """``sin(pi x) / (pi x)``, 1 at 0."""
    scaled = t.emit(rx.multiply, x, _const(t, x, math.pi))
    quotient = t.emit(rx.divide, t.emit(rx.sin, scaled), scaled)
    return t.emit(rx.where, t.emit(rx.equal, x, _const(t, x, 0)), _const(t, x, 1), quotient)


def _entr(t, x):
    """``-x log x`` for x > 0, 0 at 0, -inf below (NaN stays NaN)."""
    value = t.emit(rx.negative, t.emit(rx.multiply, x, t.emit(rx.log, x)))
    value = t.emit(rx.where, t.emit(rx.equal, x, _const(t, x, 0)), _const(t, x, 0), value)
    return t.emit(rx.where, t.emit(rx.less, x, _const(t, x, 0)), _const(t, x, -math.inf), value)


def _infinity_test(negative):
    """isposinf / isneginf: infinite with the sign; never for integers."""
    def convert(t, node):
        x = t.value(node.args[0])
        if not is_float(element(x)):
            return t.emit(rx.not_equal, x, x)
        side = t.emit(rx.less if negative else rx.greater, x, _const(t, x, 0))
        return t.emit(rx.logical_and, t.emit(rx.isinf, x), side)
    return convert


def _isreal(t, node):
    """Every element of a real tensor is real."""
    return t.emit(rx.full, t.static_shape(node), 1.0, _i1())


def _logit(t, node):
    """``log(x / (1 - x))``, x first clamped to [eps, 1 - eps] when eps is given."""
    x = operand(t, node.args[0], t.out_element(node))
    eps = t.bind(node).eps
    if eps is not None:
        x = _clip(t, x, eps, 1 - eps)
    return t.emit(rx.log, t.emit(rx.divide, x, t.emit(rx.subtract, _const(t, x, 1), x)))


def _nan_to_num(t, node):
    """NaN, +inf and -inf replaced (by 0 and the dtype's extremes by default)."""
    args = t.bind(node)
    x = t.value(node.args[0])
    if not is_float(element(x)):
        return x
    info = torch.finfo(t.fake(node).dtype)
    posinf = info.max if args.posinf is None else args.posinf
    neginf = info.min if args.neginf is None else args.neginf
    x = t.emit(rx.where, t.emit(rx.isnan, x), _const(t, x, args.nan or 0.0), x)
    infinite = t.emit(rx.isinf, x)
    replacement = t.emit(rx.where, t.emit(rx.greater, x, _const(t, x, 0)), _const(t, x, posinf),
                         _const(t, x, neginf))
    return t.emit(rx.where, infinite, replacement, x)


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
    return t.emit(rx.nn_leakyrelu, t.value(node.args[0]), alpha=float(t.bind(node).negative_slope))


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


def _softplus(t, node):
    args = t.bind(node)
    return t.emit(rx.nn_softplus, t.value(node.args[0]), beta=float(args.beta), threshold=float(args.threshold))


def _log_sigmoid(t, x):
    """``log(sigmoid(x)) = -softplus(-x)``, which does not underflow."""
    softplus = t.emit(rx.nn_softplus, t.emit(rx.negative, x), beta=1.0, threshold=20.0)
    return t.emit(rx.negative, softplus)


def _mish(t, x):
    """``x * tanh(softplus(x))``."""
    return t.emit(rx.multiply, x, t.emit(rx.tanh, t.emit(rx.nn_softplus, x, beta=1.0, threshold=20.0)))


def _threshold(t, node):
    """``value`` where at most ``threshold``, else ``x`` (torch's test, so NaN stays)."""
    args = t.bind(node)
    x = t.value(node.args[0])
    at_most = t.emit(rx.less_equal, x, _const(t, x, args.threshold))
    return t.emit(rx.where, at_most, _const(t, x, args.value), x)


def _hardshrink(t, node):
    """0 inside [-lambd, lambd], else ``x`` (torch's test, so NaN stays)."""
    lambd = t.bind(node).lambd
    x = t.value(node.args[0])
    inside = t.emit(rx.logical_and, t.emit(rx.greater_equal, x, _const(t, x, -lambd)),
                    t.emit(rx.less_equal, x, _const(t, x, lambd)))
    return t.emit(rx.where, inside, _const(t, x, 0), x)


def _softshrink(t, node):
    """``x - lambd`` above lambd, 0 inside [-lambd, lambd], else ``x + lambd``
    (torch's tests, so NaN, in neither, stays NaN)."""
    lambd = t.bind(node).lambd
    x = t.value(node.args[0])
    inside = t.emit(rx.logical_and, t.emit(rx.greater_equal, x, _const(t, x, -lambd)),
                    t.emit(rx.less_equal, x, _const(t, x, lambd)))
    outside = t.emit(rx.where, t.emit(rx.greater, x, _const(t, x, lambd)),
                     t.emit(rx.subtract, x, _const(t, x, lambd)), t.emit(rx.add, x, _const(t, x, lambd)))
    return t.emit(rx.where, inside, _const(t, x, 0), outside)


def _rrelu(t, node):
    """rrelu in evaluation: a leaky relu with the mean slope (lower + upper) / 2."""
    args = t.bind(node)
    if args.training:
        raise t.unsupported(node, "training", True, "random slopes (export the model in eval mode)")
    return t.emit(rx.nn_leakyrelu, t.value(node.args[0]), alpha=float((args.lower + args.upper) / 2))


def _gelu(t, node):
    x = t.value(node.args[0])
    approximate = t.bind(node).approximate
    if approximate == "none":
        return t.emit(rx.nn_gelu, x)
    if approximate != "tanh":
        raise t.unsupported(node, "approximate", approximate, "'none' or 'tanh'")
    return t.emit(rx.nn_gelu_tanh, x)


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
    integer divide truncates."""
    if rounding == "floor":
        return t.emit(rx.floor_divide, lhs, rhs)
    if not is_float(element(lhs)):
        return t.emit(rx.divide, lhs, rhs)
    return _trunc(t, t.emit(rx.divide, lhs, rhs))


def _div_mode(t, node):
    mode = t.bind(node).rounding_mode
    if mode not in (None, "floor", "trunc"):
        raise t.unsupported(node, "rounding_mode", mode, "None, 'floor' or 'trunc'")
    lhs, rhs = _operands(t, node)
    return t.emit(rx.divide, lhs, rhs) if mode is None else _rounded_quotient(t, lhs, rhs, mode)


def _floor_divide(t, node):
    return _rounded_quotient(t, *_operands(t, node), "floor")


def _pow(t, node):
    """pow.Tensor_Tensor / Tensor_Scalar / Scalar: relax's power is for floats;
    ``x ** 2`` (common in norms) is ``square`` in any dtype."""
    base, exponent = node.args[0], node.args[1]
    compute = t.out_element(node)
    if exponent == 2:
        return t.emit(rx.square, operand(t, base, compute))
    if not is_float(compute):
        raise t.unsupported(node, "exponent", exponent, "integer powers other than 2")
    if exponent == 0.5:
        return t.emit(rx.sqrt, operand(t, base, compute))
    return t.emit(rx.power, operand(t, base, compute), operand(t, exponent, compute))


def _binary(build):
    """A binary op composed of relax ops: ``build(t, a, b)`` on both operands
    in the result's dtype (atan2 or hypot of integers are floats)."""
    def convert(t, node):
        return build(t, *_operands(t, node))
    return convert


def _atan2(t, y, x):
    """atan(y / x), moved by ±pi into the left half-plane, ±pi/2 on the y axis
    (0 at the origin); of two infinities, y / x is taken as ±1."""
    zero = _const(t, x, 0)
    both_infinite = t.emit(rx.logical_and, t.emit(rx.isinf, x), t.emit(rx.isinf, y))
    ratio = t.emit(rx.where, both_infinite, t.emit(rx.divide, t.emit(rx.sign, y), t.emit(rx.sign, x)),
                   t.emit(rx.divide, y, x))
    angle = t.emit(rx.atan, ratio)
    half_turn = t.emit(rx.where, t.emit(rx.less, y, zero), _const(t, x, -math.pi), _const(t, x, math.pi))
    angle = t.emit(rx.where, t.emit(rx.less, x, zero), t.emit(rx.add, angle, half_turn), angle)
    on_axis = t.emit(rx.where, t.emit(rx.greater, y, zero), _const(t, x, math.pi / 2),
                     t.emit(rx.where, t.emit(rx.less, y, zero), _const(t, x, -math.pi / 2), zero))
    return t.emit(rx.where, t.emit(rx.equal, x, zero), on_axis, angle)


def _hypot(t, a, b):
    return t.emit(rx.sqrt, t.emit(rx.add, t.emit(rx.multiply, a, a), t.emit(rx.multiply, b, b)))


def _is_negative(t, x):
    """Whether ``x``'s sign bit is set, -0.0 included (``1 / -0.0`` is -inf);
    a NaN counts as positive (relax cannot read a NaN's sign bit)."""
    zero = _const(t, x, 0)
    negative_zero = t.emit(rx.logical_and, t.emit(rx.equal, x, zero),
                           t.emit(rx.less, t.emit(rx.divide, _const(t, x, 1), x), zero))
    return t.emit(rx.logical_or, t.emit(rx.less, x, zero), negative_zero)


def _copysign(t, magnitude, sign):
    size = t.emit(rx.abs, magnitude)
    return t.emit(rx.where, _is_negative(t, sign), t.emit(rx.negative, size), size)


def _signbit(t, node):
    x = t.value(node.args[0])
    if not is_float(element(x)):
        return t.emit(rx.less, x, _const(t, x, 0))
    return _is_negative(t, x)


def _heaviside(t, x, values):
    """0 below zero, 1 above, ``values`` at zero."""
    step = t.cast(t.emit(rx.greater, x, _const(t, x, 0)), element(x))
    return t.emit(rx.where, t.emit(rx.equal, x, _const(t, x, 0)), values, step)


def _fmax_of(op):
    """fmax / fmin: the maximum (minimum) ignoring a NaN operand."""
    def build(t, a, b):
        if not is_float(element(a)):
            return t.emit(op, a, b)
        both = t.emit(rx.where, t.emit(rx.isnan, b), a, t.emit(op, a, b))
        return t.emit(rx.where, t.emit(rx.isnan, a), b, both)
    return build


def _x_log(log_of):
    """xlogy / xlog1py: ``x * log(y)`` with 0 where x is 0, NaN where y is."""
    def build(t, x, y):
        product = t.emit(rx.multiply, x, log_of(t, y))
        product = t.emit(rx.where, t.emit(rx.equal, x, _const(t, x, 0)), _const(t, x, 0), product)
        return t.emit(rx.where, t.emit(rx.isnan, y), y, product)
    return build


def _log_add_exp(base):
    """logaddexp / logaddexp2: ``m + log_b(1 + b^-|a - c|)`` with m the
    larger; equal infinities are themselves (their difference is NaN)."""
    def build(t, a, b):
        largest = t.emit(rx.maximum, a, b)
        gap = t.emit(rx.negative, t.emit(rx.abs, t.emit(rx.subtract, a, b)))
        scale = _const(t, a, math.log(base))
        power = t.emit(rx.exp, t.emit(rx.multiply, gap, scale))
        summed = t.emit(rx.add, largest, t.emit(rx.divide, _log1p(t, power), scale))
        same_infinity = t.emit(rx.logical_and, t.emit(rx.isinf, a), t.emit(rx.equal, a, b))
        return t.emit(rx.where, same_infinity, a, summed)
    return build


def _ldexp(t, x, exponent):
    return t.emit(rx.multiply, x, t.emit(rx.power, _const(t, x, 2), exponent))


def _power(t, base, exponent):
    """float_power: pow in the result's dtype (float64)."""
    return t.emit(rx.power, base, exponent)


def _lerp(t, node):
    """``start + w (end - start)`` for w < 0.5, else ``end - (end - start)(1 - w)``:
    torch's form, exact at both ends."""
    compute = t.out_element(node)
    start, end, weight = (operand(t, a, compute) for a in node.args[:3])
    difference = t.emit(rx.subtract, end, start)
    low = t.emit(rx.add, start, t.emit(rx.multiply, weight, difference))
    high = t.emit(rx.subtract, end, t.emit(rx.multiply, difference, t.emit(rx.subtract, _const(t, start, 1), weight)))
    small = t.emit(rx.less, t.emit(rx.abs, weight), _const(t, start, 0.5))
    return t.emit(rx.where, small, low, high)


def _add_product(op):
    """addcmul / addcdiv: ``self + value * (tensor1 op tensor2)``."""
    def convert(t, node):
        args = t.bind(node)
        compute = t.out_element(node)
        x, a, b = (operand(t, n, compute) for n in node.args[:3])
        product = t.emit(op, a, b)
        if args.value != 1:
            product = t.emit(rx.multiply, product, t.scalar(args.value, compute))
        return t.emit(rx.add, x, product)
    return convert


def _isclose(t, node):
    """``|a - b| <= atol + rtol |b|``, or equal (infinities), or both NaN when
    ``equal_nan``."""
    args = t.bind(node)
    compute = promoted_element(node.args[0], node.args[1])
    a, b = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
    close = t.emit(rx.equal, a, b)
    if is_float(compute):
        gap = t.emit(rx.abs, t.emit(rx.subtract, a, b))
        allowed = t.emit(rx.add, t.scalar(args.atol, compute),
                         t.emit(rx.multiply, t.scalar(args.rtol, compute), t.emit(rx.abs, b)))
        close = t.emit(rx.logical_or, close, t.emit(rx.less_equal, gap, allowed))
        if args.equal_nan:
            close = t.emit(rx.logical_or, close, t.emit(rx.logical_and, t.emit(rx.isnan, a), t.emit(rx.isnan, b)))
    return close


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
    **{name: getattr(rx, name) for name in ("tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
                                            "square", "bitwise_not")},
}

_COMPOSED = {
    "reciprocal": _reciprocal, "trunc": _trunc, "sign": _sign, "log2": _log_base(2), "log10": _log_base(10),
    "log1p": _log1p, "expm1": _expm1, "relu6": _relu6, "hardsigmoid": _hardsigmoid, "hardswish": _hardswish,
    "selu": _selu, "mish": _mish, "log_sigmoid": _log_sigmoid,
    **{name: _identity for name in ("positive", "conj_physical", "resolve_conj", "resolve_neg")},
    "sgn": _sign, "frac": _frac, "deg2rad": _scale_by(math.pi / 180), "rad2deg": _scale_by(180 / math.pi),
    "exp2": _exp2, "erfc": _erfc, "special_ndtr": _ndtr, "sinc": _sinc, "special_entr": _entr,
}

_COMPARISONS = {"eq": rx.equal, "ne": rx.not_equal, "lt": rx.less, "le": rx.less_equal, "gt": rx.greater,
                "ge": rx.greater_equal}

CONVERTERS = {
    **{f"aten.{name}.default": _unary(op) for name, op in _UNARY.items()},
    **{f"aten.{name}.default": _composed(build) for name, build in _COMPOSED.items()},
    "aten.isnan.default": _float_test(rx.isnan, rx.not_equal),
    "aten.isinf.default": _float_test(rx.isinf, rx.not_equal),
    "aten.isfinite.default": _float_test(rx.isfinite, rx.equal),
    "aten.logical_not.default": _logical_not,
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
    "aten.remainder.Tensor": _arith(rx.floor_mod),
    "aten.remainder.Scalar": _arith(rx.floor_mod),
    "aten.fmod.Tensor": _arith(rx.mod),
    "aten.fmod.Scalar": _arith(rx.mod),
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
    "aten.bitwise_and.Tensor": _arith(rx.bitwise_and),
    "aten.bitwise_or.Tensor": _arith(rx.bitwise_or),
    "aten.bitwise_xor.Tensor": _arith(rx.bitwise_xor),
    "aten.__and__.Tensor": _arith(rx.bitwise_and),
    "aten.__or__.Tensor": _arith(rx.bitwise_or),
    "aten.__xor__.Tensor": _arith(rx.bitwise_xor),
    "aten.where.self": _where,
    "aten.where.ScalarSelf": _where,
    "aten.where.ScalarOther": _where,
    "aten.where.Scalar": _where,
    "aten.masked_fill.Scalar": _masked_fill,
    "aten.masked_fill.Tensor": _masked_fill,
    "aten.isposinf.default": _infinity_test(negative=False),
    "aten.isneginf.default": _infinity_test(negative=True),
    "aten.isreal.default": _isreal,
    "aten.signbit.default": _signbit,
    "aten.logit.default": _logit,
    "aten.nan_to_num.default": _nan_to_num,
    "aten.threshold.default": _threshold,
    "aten.hardshrink.default": _hardshrink,
    "aten.softshrink.default": _softshrink,
    "aten.rrelu.default": _rrelu,
    **{f"aten.{name}.{overload}": _arith(op) for name, op in [("subtract", rx.subtract), ("multiply", rx.multiply),
                                                              ("divide", rx.divide), ("true_divide", rx.divide)]
       for overload in ("Tensor", "Scalar")},
    "aten.max.other": _arith(rx.maximum),
    "aten.min.other": _arith(rx.minimum),
    "aten.fmax.default": _binary(_fmax_of(rx.maximum)),
    "aten.fmin.default": _binary(_fmax_of(rx.minimum)),
    "aten.atan2.default": _binary(_atan2),
    "aten.hypot.default": _binary(_hypot),
    "aten.copysign.Tensor": _binary(_copysign),
    "aten.copysign.Scalar": _binary(_copysign),
    "aten.heaviside.default": _binary(_heaviside),
    **{f"aten.xlogy.{overload}": _binary(_x_log(lambda t, y: t.emit(rx.log, y)))
       for overload in ("Tensor", "Scalar_Self", "Scalar_Other")},
    "aten.special_xlog1py.default": _binary(_x_log(_log1p)),
    "aten.logaddexp.default": _binary(_log_add_exp(math.e)),
    "aten.logaddexp2.default": _binary(_log_add_exp(2)),
    "aten.ldexp.Tensor": _binary(_ldexp),
    **{f"aten.float_power.{overload}": _binary(_power) for overload in ("Tensor_Tensor", "Tensor_Scalar", "Scalar")},
    "aten.lerp.Scalar": _lerp,
    "aten.lerp.Tensor": _lerp,
    "aten.addcmul.default": _add_product(rx.multiply),
    "aten.addcdiv.default": _add_product(rx.divide),
    "aten.isclose.default": _isclose,
    "aten.clamp_min.Tensor": _clamp,
    "aten.clamp_max.Tensor": _clamp,
}
