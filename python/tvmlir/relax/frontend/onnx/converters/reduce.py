"""Reductions: ReduceMean/Sum/Max/Min/Prod and the L1, L2, SumSquare,
LogSum, LogSumExp forms, ArgMax/ArgMin. ``axes`` moved from an attribute
to an input at opset 18 (ReduceSum at 13)."""

import numpy as np

from .....dialects import relax as rx
from ...common import rank_of, shape_of
from .common import axes_input, folded, normalize, scalar_like


def _axes(t, node, rank):
    """The reduced axes, or [] for none (``noop_with_empty_axes``)."""
    moved = 13 if node.op_type == "ReduceSum" else 18
    axes = axes_input(t, node, moved)
    if not axes:
        return [] if node.attr("noop_with_empty_axes", 0) else list(range(rank))
    node.attr("noop_with_empty_axes", 0)
    return sorted(normalize(a, rank) for a in axes)


def _reduction(build, numpy_fn, before=None, after=None):
    """A reduction ``after(build(before(x)))`` over the node's axes."""
    def fold(t, node, x, *_):
        axes = _axes(t, node, x.ndim)
        if not axes:
            return x
        result = numpy_fn(x, axis=tuple(axes), keepdims=bool(node.attr("keepdims", 1)))
        return np.asarray(result).astype(x.dtype)

    def convert(t, node):
        x = t.tensor(node, 0)
        axes = _axes(t, node, rank_of(x))
        keepdims = bool(node.attr("keepdims", 1))
        if not axes:
            return x
        if before is not None:
            x = before(t, x)
        result = t.emit(build, x, axis=axes, keepdims=keepdims)
        return after(t, result) if after is not None else result
    return folded(fold)(convert) if numpy_fn is not None else convert


def _abs(t, x):
    return t.emit(rx.abs, x)


def _square(t, x):
    return t.emit(rx.multiply, x, x)


def _sqrt(t, x):
    return t.emit(rx.sqrt, x)


def _log(t, x):
    return t.emit(rx.log, x)


def _log_sum_exp(t, node):
    """``max + log(sum(exp(x - max)))``, the max kept for the subtraction."""
    x = t.tensor(node, 0)
    axes = _axes(t, node, rank_of(x))
    keepdims = bool(node.attr("keepdims", 1))
    if not axes:
        return x
    peak = t.emit(rx.max, x, axis=axes, keepdims=True)
    total = t.emit(rx.sum, t.emit(rx.exp, t.emit(rx.subtract, x, peak)), axis=axes, keepdims=True)
    result = t.emit(rx.add, t.emit(rx.log, total), peak)
    return result if keepdims else t.emit(rx.squeeze, result, axis=axes)


def _arg(build):
    """ArgMax / ArgMin along ``axis``; ``select_last_index`` through the
    reversed axis (the first hit there is the last one)."""
    def convert(t, node):
        x = t.tensor(node, 0)
        axis = normalize(node.attr("axis", 0), rank_of(x))
        keepdims = bool(node.attr("keepdims", 1))
        if not node.attr("select_last_index", 0):
            return t.emit(build, x, axis=axis, keepdims=keepdims)
        found = t.emit(build, t.emit(rx.flip, x, axis), axis=axis, keepdims=keepdims)
        return t.emit(rx.subtract, scalar_like(t, found, shape_of(x)[axis] - 1), found)
    return convert


CONVERTERS = {
    "ReduceMean": _reduction(rx.mean, np.mean),
    "ReduceSum": _reduction(rx.sum, np.sum),
    "ReduceMax": _reduction(rx.max, np.max),
    "ReduceMin": _reduction(rx.min, np.min),
    "ReduceProd": _reduction(rx.prod, np.prod),
    "ReduceL1": _reduction(rx.sum, None, before=_abs),
    "ReduceL2": _reduction(rx.sum, None, before=_square, after=_sqrt),
    "ReduceSumSquare": _reduction(rx.sum, None, before=_square),
    "ReduceLogSum": _reduction(rx.sum, None, after=_log),
    "ReduceLogSumExp": _log_sum_exp,
    "ArgMax": _arg(rx.argmax),
    "ArgMin": _arg(rx.argmin),
}
