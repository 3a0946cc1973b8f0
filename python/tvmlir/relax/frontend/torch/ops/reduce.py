"""Reductions: sum / mean / prod / amax / amin / max / min (with indices),
argmax / argmin, var / std with a correction, any / all, logsumexp, and
vector norms.

torch's ``dim`` is an int, a list, or None / [] for every dimension;
``keepdim`` keeps reduced dimensions as extent 1. Inputs are first cast to
the result's dtype (a sum of booleans counts in int64).
"""

import math

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from ..types import element, rank, shape
from .common import axes


def _reduce(t, op, x, dims, keepdim):
    return t.emit(op, x, axis=dims, keepdims=bool(keepdim))


def _bound(t, node):
    """(input cast to the result's dtype, axes or None, keepdim)."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    return x, axes(args.raw.get("dim"), rank(x)), args.raw.get("keepdim") or False


def _reduction(op):
    """sum / mean / prod / amax / amin and the whole-tensor max / min."""
    def convert(t, node):
        x, dims, keepdim = _bound(t, node)
        return _reduce(t, op, x, dims, keepdim)
    return convert


def _argmax_of(t, x, axis, keepdim, smallest):
    """The first index of the largest (``smallest``: of the smallest) element."""
    return t.emit(rx.argmin if smallest else rx.argmax, x, axis=axis, keepdims=bool(keepdim))


def _argextreme(smallest):
    """argmax / argmin: one dimension, or the flattened tensor with dim=None."""
    def convert(t, node):
        args = t.bind(node)
        x = args.self
        axis = None if args.dim is None else args.dim % rank(x)
        return _argmax_of(t, x, axis, args.keepdim, smallest)
    return convert


def _extreme_with_indices(op, smallest):
    """max.dim / min.dim: (values, indices), each computed when used."""
    def convert(t, node):
        args = t.bind(node)
        x = args.self
        axis = args.dim % rank(x)
        used = t.used_outputs(node)
        values = _reduce(t, op, x, [axis], args.keepdim) if 0 in used else None
        indices = _argmax_of(t, x, axis, args.keepdim, smallest) if 1 in used else None
        return [values, indices]
    return convert


def _reduced_count(t, node, x, dims):
    extents = shape(x) if dims is None else [shape(x)[d] for d in dims]
    if any(e == ir.ShapedType.get_dynamic_size() for e in extents):
        raise t.unsupported(node, "dim", dims, "a correction over symbolic dimensions")
    return int(np.prod(extents))


def _corrected_variance(t, node, correction):
    """The population variance times ``n / (n - correction)`` (Bessel's
    correction is 1, torch's default)."""
    args = t.bind(node)
    x = args.self
    dims = axes(args.dim, rank(x))
    variance = _reduce(t, rx.variance, x, dims, args.keepdim)
    n = _reduced_count(t, node, x, dims)
    if correction == 0:
        return variance
    factor = n / (n - correction) if n > correction else math.nan  # torch's nan for n <= correction
    return t.emit(rx.multiply, variance, t.scalar(factor, element(x)))


def _correction(args):
    """var.correction's ``correction`` (None is 1) or var.dim's ``unbiased``."""
    if "correction" in args.raw:
        return 1 if args.correction is None else args.correction
    return 1 if args.unbiased else 0


def _variance(root):
    def convert(t, node):
        variance = _corrected_variance(t, node, _correction(t.bind(node)))
        return t.emit(rx.sqrt, variance) if root else variance
    return convert


def _with_mean(root):
    """var_mean / std_mean: (var or std, mean)."""
    spread = _variance(root)

    def convert(t, node):
        args = t.bind(node)
        mean = _reduce(t, rx.mean, args.self, axes(args.dim, rank(args.self)), args.keepdim)
        return [spread(t, node), mean]
    return convert


def _boolean_reduction(op):
    """any / all: max / min of the truth values as bytes (reductions take no i1)."""
    def convert(t, node):
        args = t.bind(node)
        x = args.self
        truth = t.cast(t.cast(x, ir.IntegerType.get_signless(1)), ir.IntegerType.get_signless(8))
        reduced = _reduce(t, op, truth, axes(args.raw.get("dim"), rank(x)), args.raw.get("keepdim") or False)
        return t.cast(reduced, ir.IntegerType.get_signless(1))
    return convert


def _logsumexp(t, node):
    """``max + log(sum(exp(x - max)))``, stable for large inputs."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    dims = axes(args.dim, rank(x))
    peak = _reduce(t, rx.max, x, dims, True)
    total = _reduce(t, rx.sum, t.emit(rx.exp, t.emit(rx.subtract, x, peak)), dims, args.keepdim)
    if not args.keepdim:
        peak = _reduce(t, rx.max, x, dims, False)
    return t.emit(rx.add, t.emit(rx.log, total), peak)


def _vector_norm(t, node):
    """linalg_vector_norm for ord 2, 1, inf, -inf, 0 and other p."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    dims, keepdim, order = axes(args.dim, rank(x)), args.keepdim, args.ord
    magnitude = t.emit(rx.abs, x)
    if order == math.inf:
        return _reduce(t, rx.max, magnitude, dims, keepdim)
    if order == -math.inf:
        return _reduce(t, rx.min, magnitude, dims, keepdim)
    if order == 0:
        nonzero = t.cast(t.emit(rx.not_equal, x, t.scalar(0, element(x))), element(x))
        return _reduce(t, rx.sum, nonzero, dims, keepdim)
    if order == 1:
        return _reduce(t, rx.sum, magnitude, dims, keepdim)
    if order == 2:
        return t.emit(rx.sqrt, _reduce(t, rx.sum, t.emit(rx.multiply, x, x), dims, keepdim))
    powered = t.emit(rx.power, magnitude, t.scalar(order, element(x)))
    return t.emit(rx.power, _reduce(t, rx.sum, powered, dims, keepdim), t.scalar(1.0 / order, element(x)))


CONVERTERS = {
    "aten.sum.default": _reduction(rx.sum),
    "aten.sum.dim_IntList": _reduction(rx.sum),
    "aten.mean.default": _reduction(rx.mean),
    "aten.mean.dim": _reduction(rx.mean),
    "aten.prod.default": _reduction(rx.prod),
    "aten.prod.dim_int": _reduction(rx.prod),
    "aten.amax.default": _reduction(rx.max),
    "aten.amin.default": _reduction(rx.min),
    "aten.max.default": _reduction(rx.max),
    "aten.min.default": _reduction(rx.min),
    "aten.max.dim": _extreme_with_indices(rx.max, smallest=False),
    "aten.min.dim": _extreme_with_indices(rx.min, smallest=True),
    "aten.argmax.default": _argextreme(smallest=False),
    "aten.argmin.default": _argextreme(smallest=True),
    "aten.var.correction": _variance(root=False),
    "aten.var.dim": _variance(root=False),
    "aten.std.correction": _variance(root=True),
    "aten.std.dim": _variance(root=True),
    "aten.var_mean.correction": _with_mean(root=False),
    "aten.var_mean.dim": _with_mean(root=False),
    "aten.std_mean.correction": _with_mean(root=True),
    "aten.std_mean.dim": _with_mean(root=True),
    "aten.any.default": _boolean_reduction(rx.max),
    "aten.any.dim": _boolean_reduction(rx.max),
    "aten.any.dims": _boolean_reduction(rx.max),
    "aten.all.default": _boolean_reduction(rx.min),
    "aten.all.dim": _boolean_reduction(rx.min),
    "aten.logsumexp.default": _logsumexp,
    "aten.linalg_vector_norm.default": _vector_norm,
}
