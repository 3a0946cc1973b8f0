"""Reductions: sum / mean / prod / amax / amin / max / min (with indices),
argmax / argmin, var / std with a correction, any / all, logsumexp, vector
and matrix norms, NaN-ignoring sums, and the scans cumprod / cummax / cummin /
logcumsumexp.

torch's ``dim`` is an int, a list, or None / [] for every dimension (a
0-D input takes dim 0 / -1: ``scalar_as_vector`` wraps the table);
``keepdim`` keeps reduced dimensions as extent 1. Inputs are first cast to
the result's dtype (a sum of booleans counts in int64).
"""

import math

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from .....script.printer import dtype_of
from ..types import element, is_float, normalize_axis, rank, shape
from .common import axes, scalar_as_vector


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
    dims = axes(args.raw.get("dim"), rank(x))
    variance = _reduce(t, rx.variance, x, dims, args.raw.get("keepdim") or False)
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
        mean = _reduce(t, rx.mean, args.self, axes(args.raw.get("dim"), rank(args.self)),
                       args.raw.get("keepdim") or False)
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


def _norm_of(t, x, dims, keepdim, order):
    """The vector norm of order ``order`` (2, 1, inf, -inf, 0 or another p)."""
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


def _vector_norm(t, node):
    """linalg_vector_norm for ord 2, 1, inf, -inf, 0 and other p."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    return _norm_of(t, x, axes(args.dim, rank(x)), args.keepdim, args.ord)


def _dist(t, node):
    """dist: the p-norm of ``self - other`` over every element."""
    args = t.bind(node)
    compute = t.out_element(node)
    difference = t.emit(rx.subtract, t.cast(args.self, compute), t.cast(args.other, compute))
    return _norm_of(t, difference, None, False, args.p)


def _matrix_norm(t, node):
    """linalg_matrix_norm for 'fro' and the induced 1 / inf norms (and -1 /
    -inf): a max (min) over one dimension of absolute sums over the other.
    'nuc' and 2 / -2 need singular values, which relax lacks."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    rows, columns = (normalize_axis(d, rank(x)) for d in args.dim)
    order, keepdim = args.ord, bool(args.keepdim)
    if order == "fro":
        return _norm_of(t, x, sorted([rows, columns]), keepdim, 2)
    if order not in (1, -1, math.inf, -math.inf):
        raise t.unsupported(node, "ord", order, "'fro', 1, -1, inf or -inf (others need singular values)")
    summed_over, then_over = (rows, columns) if abs(order) == 1 else (columns, rows)
    sums = _reduce(t, rx.sum, t.emit(rx.abs, x), [summed_over], True)
    extreme = _reduce(t, rx.max if order > 0 else rx.min, sums, [then_over], True)
    return extreme if keepdim else t.emit(rx.squeeze, extreme, axis=sorted([rows, columns]))


# -- NaN-ignoring and counting reductions ----------------------------------------------

def _zero_nans(t, x):
    return t.emit(rx.where, t.emit(rx.isnan, x), t.scalar(0, element(x)), x) if is_float(element(x)) else x


def _without_nan(op):
    """nansum: the reduction with NaNs counted as zeros."""
    def convert(t, node):
        x, dims, keepdim = _bound(t, node)
        return _reduce(t, op, _zero_nans(t, x), dims, keepdim)
    return convert


def _nanmean(t, node):
    """nanmean: the sum of the non-NaN elements over their count."""
    x, dims, keepdim = _bound(t, node)
    present = t.cast(t.emit(rx.logical_not, t.emit(rx.isnan, x)), element(x))
    total = _reduce(t, rx.sum, _zero_nans(t, x), dims, keepdim)
    return t.emit(rx.divide, total, _reduce(t, rx.sum, present, dims, keepdim))


def _count_nonzero(t, node):
    args = t.bind(node)
    x = args.self
    nonzero = t.cast(t.emit(rx.not_equal, x, t.scalar(0, element(x))), t.out_element(node))
    return _reduce(t, rx.sum, nonzero, axes(args.dim, rank(x)), False)


def _aminmax(t, node):
    """aminmax: (min, max) over ``dim`` or everything."""
    args = t.bind(node)
    x, dims = args.self, axes(args.dim, rank(args.self))
    return [_reduce(t, rx.min, x, dims, args.keepdim), _reduce(t, rx.max, x, dims, args.keepdim)]


# -- scans -----------------------------------------------------------------------------

def _prefix_view(t, node, x, dim, fill):
    """``x`` with a new axis ``dim`` for the output position i before the
    axis of the inputs j, those with j > i replaced by ``fill``: a reduction
    over axis ``dim + 1`` is then the scan (relax has cumsum only). Costs
    n * n elements along a static dimension of extent n."""
    extent = shape(x)[dim]
    if extent == ir.ShapedType.get_dynamic_size():
        raise t.unsupported(node, "dim", dim, "a scan along a symbolic dimension")
    after = rank(x) - dim - 1
    earlier = np.tril(np.ones((extent, extent), dtype=bool)).reshape([extent, extent] + [1] * after)
    expanded = t.emit(rx.expand_dims, x, [dim])
    return t.emit(rx.where, t.constant(earlier), expanded, t.scalar(fill, element(x))), earlier


def _scan(op, identity):
    """cumprod: the reduction ``op`` over each prefix."""
    def convert(t, node):
        args = t.bind(node)
        x = t.cast(args.self, t.out_element(node))
        dim = normalize_axis(args.dim, rank(x))
        masked, _ = _prefix_view(t, node, x, dim, identity)
        return _reduce(t, op, masked, [dim + 1], False)
    return convert


def _extreme_value(element_type_, largest):
    """What no element exceeds (``largest``) or undercuts: ±inf, or the
    integer dtype's bound."""
    if is_float(element_type_):
        return math.inf if largest else -math.inf
    if element_type_ == ir.IntegerType.get_signless(1):
        return int(largest)
    info = np.iinfo(dtype_of(element_type_))
    return int(info.max if largest else info.min)


def _scan_with_indices(op, largest):
    """cummax / cummin: (values, indices); the index is the last position
    of the prefix holding its extreme (torch's choice among ties), NaNs
    matching NaNs."""
    def convert(t, node):
        args = t.bind(node)
        x = args.self
        dim = normalize_axis(args.dim, rank(x))
        masked, earlier = _prefix_view(t, node, x, dim, _extreme_value(element(x), largest))
        values = _reduce(t, op, masked, [dim + 1], False)
        if 1 not in t.used_outputs(node):
            return [values, None]
        extreme = t.emit(rx.expand_dims, values, [dim + 1])
        hits = t.emit(rx.equal, masked, extreme)
        if is_float(element(x)):
            both_nan = t.emit(rx.logical_and, t.emit(rx.isnan, masked), t.emit(rx.isnan, extreme))
            hits = t.emit(rx.logical_or, hits, both_nan)
        hits = t.emit(rx.logical_and, hits, t.constant(earlier))
        extent = earlier.shape[0]
        positions = np.arange(extent, dtype=np.int64).reshape([extent] + [1] * (rank(x) - dim - 1))
        position = t.emit(rx.where, hits, t.constant(positions), t.scalar(-1, ir.IntegerType.get_signless(64)))
        return [values, _reduce(t, rx.max, position, [dim + 1], False)]
    return convert


def _logcumsumexp(t, node):
    """``m + log(sum(exp(x - m)))`` over each prefix, m its max (0 where the
    max is infinite, so that a prefix of -inf stays -inf)."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    dim = normalize_axis(args.dim, rank(x))
    masked, _ = _prefix_view(t, node, x, dim, -math.inf)
    peak = _reduce(t, rx.max, masked, [dim + 1], True)
    peak = t.emit(rx.where, t.emit(rx.isinf, peak), t.scalar(0, element(x)), peak)
    total = _reduce(t, rx.sum, t.emit(rx.exp, t.emit(rx.subtract, masked, peak)), [dim + 1], True)
    return t.emit(rx.squeeze, t.emit(rx.add, t.emit(rx.log, total), peak), axis=[dim + 1])


_TABLE = {
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
    "aten.var.default": _variance(root=False),
    "aten.std.default": _variance(root=True),
    "aten.var_mean.default": _with_mean(root=False),
    "aten.std_mean.default": _with_mean(root=True),
    "aten.nansum.default": _without_nan(rx.sum),
    "aten.nanmean.default": _nanmean,
    "aten.count_nonzero.default": _count_nonzero,
    "aten.count_nonzero.dim_IntList": _count_nonzero,
    "aten.aminmax.default": _aminmax,
    "aten.cumprod.default": _scan(rx.prod, 1),
    "aten.cummax.default": _scan_with_indices(rx.max, largest=False),
    "aten.cummin.default": _scan_with_indices(rx.min, largest=True),
    "aten.logcumsumexp.default": _logcumsumexp,
    "aten.linalg_matrix_norm.default": _matrix_norm,
    "aten.linalg_matrix_norm.str_ord": _matrix_norm,
    "aten.dist.default": _dist,
}

CONVERTERS = {name: scalar_as_vector(convert) for name, convert in _TABLE.items()}
