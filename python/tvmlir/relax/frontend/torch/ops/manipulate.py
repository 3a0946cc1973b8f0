"""Shape manipulation ATen ops: views and reshapes, squeeze/unsqueeze,
permutes, expand/repeat, cat/stack, splits, slices and selects, gathers with
``take``, flip/roll, tril/triu, padding, dtype conversions, and the getitem of
multi-output ops.

Views are values here (relax has no aliasing): ``contiguous``, ``clone``,
``alias`` and ``detach`` return their input.
"""

import operator

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from ..types import element, i64s, normalize_axis, rank, shape
from .common import operand, scalar_as_vector

# An `end` past every extent: strided_slice clamps it, as Python's slices do.
_TO_THE_END = 2**62


def _x(t, node):
    return t.value(node.args[0])


# -- views and reshapes ------------------------------------------------------------

def _identity(t, node):
    return _x(t, node)


def _reshape_to_result(t, node):
    """view / reshape / _unsafe_view / flatten / unflatten: the input with the
    shape torch computed for the result."""
    x = _x(t, node)
    result_shape = list(t.fake(node).shape)
    if result_shape == list(t.fake(node.args[0]).shape):
        return x  # a reshape to the same shape (static or symbolic) changes nothing
    return t.emit(rx.reshape, x, _reshape_target(t, node, result_shape))


def _reshape_target(t, node, shape):
    """relax.reshape's shape: static extents, or -1 for the input's one
    symbolic dimension where torch keeps it (a view of a dynamic batch)."""
    symbolic = [i for i, size in enumerate(shape) if not isinstance(size, int)]
    input_symbolic = [size for size in t.fake(node.args[0]).shape if not isinstance(size, int)]
    if len(symbolic) == 1 and len(input_symbolic) == 1 and str(shape[symbolic[0]]) == str(input_symbolic[0]):
        return [-1 if i == symbolic[0] else size for i, size in enumerate(shape)]
    return t.static_shape(node, "the reshaped tensor")


def _squeeze(t, node):
    """squeeze.default / .dim / .dims: drops the listed (or all) dimensions of
    extent 1; torch leaves a listed dimension of another extent in place."""
    x = _x(t, node)
    input_shape = t.fake(node.args[0]).shape
    dims = node.args[1] if len(node.args) > 1 else range(len(input_shape))
    if isinstance(dims, int):
        dims = [dims]
    squeezed = sorted({normalize_axis(d, len(input_shape)) for d in dims
                       if isinstance(input_shape[d], int) and input_shape[d] == 1})
    return t.emit(rx.squeeze, x, axis=squeezed) if squeezed else x


def _unsqueeze(t, node):
    x = _x(t, node)
    return t.emit(rx.expand_dims, x, [normalize_axis(node.args[1], rank(x) + 1)])


def _permute(t, node):
    x = _x(t, node)
    return t.emit(rx.permute_dims, x, axes=[normalize_axis(d, rank(x)) for d in node.args[1]])


def _swapped_axes(rank_, d0, d1):
    axes = list(range(rank_))
    d0, d1 = normalize_axis(d0, rank_), normalize_axis(d1, rank_)
    axes[d0], axes[d1] = axes[d1], axes[d0]
    return axes


def _transpose(t, node):
    x = _x(t, node)
    return t.emit(rx.permute_dims, x, axes=_swapped_axes(rank(x), node.args[1], node.args[2]))


def _matrix_transpose(t, node):
    """mT: the last two dimensions swapped."""
    x = _x(t, node)
    return t.emit(rx.permute_dims, x, axes=_swapped_axes(rank(x), -2, -1))


def _t(t, node):
    x = _x(t, node)
    return x if rank(x) < 2 else t.emit(rx.permute_dims, x)


def _expand(t, node):
    """expand: broadcast to the result's shape (a -1 in ``size`` keeps a dimension)."""
    x = _x(t, node)
    if list(t.fake(node).shape) == list(t.fake(node.args[0]).shape):
        return x
    return t.emit(rx.broadcast_to, x, t.static_shape(node, "the expanded tensor"))


def _expand_as(t, node):
    """expand_as: broadcast to the other tensor's (the result's) shape."""
    return _expand(t, node)


def _repeat_interleave(t, node):
    """repeat_interleave.self_int: each element ``repeats`` times in a row
    along ``dim``: a new axis after ``dim`` broadcast to ``repeats``, merged."""
    args = t.bind(node)
    x = args.self
    if not all(isinstance(d, int) for d in t.fake(node.args[0]).shape):
        raise t.unsupported(node, "self", node.args[0], "symbolic shapes")
    if args.dim is None:
        x = t.emit(rx.reshape, x, [-1])
    dim = 0 if args.dim is None else normalize_axis(args.dim, rank(x))
    extents = shape(x)
    x = t.emit(rx.expand_dims, x, [dim + 1])
    x = t.emit(rx.broadcast_to, x, extents[:dim + 1] + [args.repeats] + extents[dim + 1:])
    return t.emit(rx.reshape, x, t.static_shape(node))


def _repeat(t, node):
    """repeat (tiling): view the input as (1, d0, 1, d1, ...), broadcast to
    (r0, d0, r1, d1, ...), and merge each pair into r_i * d_i."""
    x = _x(t, node)
    repeats = list(node.args[1])
    dims = [1] * (len(repeats) - rank(x)) + list(t.fake(node.args[0]).shape)
    if not all(isinstance(d, int) for d in dims):
        raise t.unsupported(node, "self", node.args[0], "symbolic shapes")
    interleaved = [e for d in dims for e in (1, d)]
    tiled = [e for r, d in zip(repeats, dims) for e in (r, d)]
    x = t.emit(rx.reshape, x, interleaved)
    x = t.emit(rx.broadcast_to, x, tiled)
    return t.emit(rx.reshape, x, t.static_shape(node))


# -- joining and splitting -------------------------------------------------------------

def _cat(t, node):
    """cat of tensors promoted to the result's dtype; torch skips 1-D empty ones."""
    compute = t.out_element(node)
    tensors = [operand(t, n, compute) for n in node.args[0] if list(n.meta["val"].shape) != [0]]
    dim = t.bind(node).dim
    return t.emit(rx.concat, tensors, axis=normalize_axis(dim, rank(tensors[0])))


def _stack(t, node):
    compute = t.out_element(node)
    tensors = [operand(t, n, compute) for n in node.args[0]]
    dim = normalize_axis(t.bind(node).dim, rank(tensors[0]) + 1)
    expanded = [t.emit(rx.expand_dims, x, [dim]) for x in tensors]
    return t.emit(rx.concat, expanded, axis=dim)


def _split_at_sizes(t, x, sizes, dim):
    """``x`` cut along ``dim`` into pieces of ``sizes`` (a list of results)."""
    if len(sizes) == 1:
        return [x]
    indices = list(np.cumsum(sizes)[:-1])
    return list(t.emit(rx.split, x, i64s(indices), axis=dim))


def _split(t, node):
    """split.Tensor / split_with_sizes / chunk: the pieces have the sizes torch
    gave the results."""
    x = _x(t, node)
    dim = normalize_axis(t.bind(node).dim, rank(x))
    sizes = [piece.shape[dim] for piece in t.fake(node)]
    if not all(isinstance(s, int) for s in sizes):
        raise t.unsupported(node, "dim", dim, "splitting a symbolic dimension")
    return _split_at_sizes(t, x, sizes, dim)


def _unbind(t, node):
    x = _x(t, node)
    dim = normalize_axis(t.bind(node).dim, rank(x))
    pieces = _split_at_sizes(t, x, [1] * shape(x)[dim], dim)
    return [t.emit(rx.squeeze, piece, axis=[dim]) for piece in pieces]


# -- slicing and selecting -----------------------------------------------------------------

def _slice_of(t, x, dim, start, end, step=1):
    return t.emit(rx.strided_slice, x, [dim], [start], [end], strides=[step])


def _slice(t, node):
    args = t.bind(node)
    x = args.self
    dim = normalize_axis(args.dim, rank(x))
    start = 0 if args.start is None else args.start
    end = _TO_THE_END if args.end is None else args.end
    extent = t.fake(node.args[0]).shape[dim]
    if start == 0 and args.step == 1 and (end >= _TO_THE_END or (isinstance(extent, int) and end >= extent)):
        return x  # the whole dimension (``x[:, 1:]`` slices dimension 0 so): keeps a symbolic name
    return _slice_of(t, x, dim, start, end, args.step)


def _narrow(t, node):
    args = t.bind(node)
    x = args.self
    return _slice_of(t, x, normalize_axis(args.dim, rank(x)), args.start, args.start + args.length)


def _select(t, node):
    """select.int: the slice [index, index + 1) along ``dim``, squeezed."""
    args = t.bind(node)
    x = args.self
    dim = normalize_axis(args.dim, rank(x))
    index = args.index
    if index < 0:
        index += t.fake(node.args[0]).shape[dim]
    return t.emit(rx.squeeze, _slice_of(t, x, dim, index, index + 1), axis=[dim])


def _index_select(t, node):
    args = t.bind(node)
    x = args.self
    return t.emit(rx.take, x, args.index, axis=normalize_axis(args.dim, rank(x)))


def _non_negative(t, indices, extent):
    """Indices with negative ones counted from the end (torch's indexing)."""
    wrapped = t.emit(rx.add, indices, t.scalar(extent, element(indices)))
    return t.emit(rx.where, t.emit(rx.less, indices, t.scalar(0, element(indices))), wrapped, indices)


def _index(t, node):
    """index.Tensor with integer index tensors on adjacent dimensions
    (``x[:, idx]``, ``x[rows, cols]``): the indexed dimensions merged into one
    (a reshape), indexed by the row-major flat index, with one take. Boolean
    masks (data-dependent shapes) and indices split by a slice are refused."""
    x = _x(t, node)
    indices = node.args[1]
    given = [(axis, n) for axis, n in enumerate(indices) if n is not None]
    axes_ = [axis for axis, _ in given]
    if axes_ != list(range(axes_[0], axes_[0] + len(axes_))):
        raise t.unsupported(node, "indices", indices, "index tensors on adjacent dimensions only")
    if any(str(n.meta["val"].dtype) == "torch.bool" for _, n in given):
        raise t.unsupported(node, "indices", indices, "boolean masks (data-dependent shapes)")
    extents = t.fake(node.args[0]).shape
    first, last = axes_[0], axes_[-1] + 1
    flat = None
    for axis, index_node in given:
        index = _non_negative(t, t.cast(t.value(index_node), ir.IntegerType.get_signless(64)), extents[axis])
        flat = index if flat is None else t.emit(rx.add, t.emit(rx.multiply, flat, t.scalar(
            extents[axis], element(index))), index)
    if len(given) > 1:
        merged = list(extents[:first]) + [-1] + list(extents[last:])
        x = t.emit(rx.reshape, x, merged)
    return t.emit(rx.take, x, flat, axis=first)


def _gather(t, node):
    """gather: ``out[..., j, ...] = self[..., index[..., j, ...], ...]`` along
    ``dim``, as a take from the flattened input at flat indices: the index
    times the stride of ``dim`` plus a constant offset for the other
    coordinates (shapes are static)."""
    args = t.bind(node)
    x, index = args.self, t.cast(args.index, ir.IntegerType.get_signless(64))
    dim = normalize_axis(args.dim, rank(x))
    extents = t.static_shape(node.args[0], "the gathered input")
    strides = np.cumprod([1] + extents[::-1][:-1])[::-1]
    coordinates = np.indices(t.static_shape(node.args[2], "the index"))
    offsets = sum(c * s for d, (c, s) in enumerate(zip(coordinates, strides)) if d != dim)
    flat = t.emit(rx.add, t.emit(rx.multiply, index, t.scalar(int(strides[dim]), element(index))),
                  t.constant(np.asarray(offsets, dtype=np.int64)))
    return t.emit(rx.take, t.emit(rx.reshape, x, [-1]), flat, axis=0)


def _one_hot(t, node):
    """one_hot: ``index == arange(num_classes)`` on a new last axis, as int64."""
    args = t.bind(node)
    classes = t.static_shape(node)[-1]
    indices = t.emit(rx.expand_dims, args.self, [rank(args.self)])
    hits = t.emit(rx.equal, indices, t.emit(rx.arange, 0.0, float(classes), element(args.self)))
    return t.cast(hits, t.out_element(node))


def _flip(t, node):
    """flip: relax's flip of one axis, once per dimension."""
    x = _x(t, node)
    for dim in node.args[1]:
        x = t.emit(rx.flip, x, normalize_axis(dim, rank(x)))
    return x


def _roll(t, node):
    """roll: along each dimension, the last ``shift`` elements moved to the front
    (a concat of two slices); without ``dims`` the flattened tensor rolls."""
    args = t.bind(node)
    x = args.self
    shifts, dims = list(args.shifts), list(args.dims)
    if not dims:
        flat = t.emit(rx.reshape, x, [-1])
        rolled = _roll_axis(t, flat, 0, shifts[0], shape(flat)[0])
        return t.emit(rx.reshape, rolled, t.static_shape(node))
    for shift, dim in zip(shifts, dims):
        dim = normalize_axis(dim, rank(x))
        x = _roll_axis(t, x, dim, shift, t.fake(node.args[0]).shape[dim])
    return x


def _roll_axis(t, x, dim, shift, extent):
    shift %= extent
    if shift == 0:
        return x
    tail = _slice_of(t, x, dim, extent - shift, extent)
    head = _slice_of(t, x, dim, 0, extent - shift)
    return t.emit(rx.concat, [tail, head], axis=dim)


def _triangle(op):
    """tril / triu with torch's ``diagonal`` as relax's ``k``."""
    def convert(t, node):
        args = t.bind(node)
        return t.emit(op, args.self, k=args.diagonal)
    return convert


def _cumsum(t, node):
    """cumsum in the result's dtype (torch sums integers and booleans in int64)."""
    args = t.bind(node)
    x = t.cast(args.self, t.out_element(node))
    return t.emit(rx.cumsum, x, axis=normalize_axis(args.dim, rank(x)))


# -- padding -----------------------------------------------------------------------------

def _pad_with(t, node, x, pad, value):
    """Constant padding: ``pad`` is (before, after) pairs from the last
    dimension backwards; positive amounts join filled blocks, negative ones
    crop."""
    current = list(t.static_shape(node.args[0], "the padded input"))
    for i in range(len(pad) // 2):
        dim = len(current) - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        if before < 0 or after < 0:
            end = current[dim] + min(after, 0)
            x = _slice_of(t, x, dim, -min(before, 0), end)
            current[dim] = end + min(before, 0)
            before, after = max(before, 0), max(after, 0)
        pieces = []
        for amount in (before, after):
            block = list(current)
            block[dim] = amount
            pieces.append(t.emit(rx.full, block, float(value), element(x)) if amount else None)
        joined = [p for p in (pieces[0], x, pieces[1]) if p is not None]
        x = t.emit(rx.concat, joined, axis=dim) if len(joined) > 1 else x
        current[dim] += before + after
    return x


def _constant_pad_nd(t, node):
    args = t.bind(node)
    return _pad_with(t, node, args.self, list(args.pad), args.value)


def _pad(t, node):
    args = t.bind(node)
    if args.mode != "constant":
        raise t.unsupported(node, "mode", args.mode, "only 'constant' padding")
    return _pad_with(t, node, args.self, list(args.pad), 0.0 if args.value is None else args.value)


# -- dtypes ---------------------------------------------------------------------------------

def _to_dtype(t, node):
    """_to_copy / to.dtype / to.dtype_layout / type_as: the result's dtype (a
    copy or a device move is the value itself)."""
    return t.cast(_x(t, node), t.out_element(node))


# -- multi-output ops and symbolic sizes -----------------------------------------------------

def _no_value(t, node):
    """_assert_tensor_metadata: a check torch made at export time; no value."""
    return None


def _getitem(t, node):
    """One result of a multi-output op (converters return those as lists)."""
    results = t.value(node.args[0])
    value = results[node.args[1]]
    if value is None:
        raise t.error(node.args[0], f"result {node.args[1]} is not computed by the importer")
    return value


def _size(t, node):
    """sym_size.int and integer arithmetic on sizes: the number (or symbol)
    torch traced; converters that take sizes read the shapes of their results."""
    return t.fake(node)


CONVERTERS = {
    **{f"aten.{name}": _identity for name in ("contiguous.default", "clone.default", "alias.default",
                                                "detach.default", "detach_.default", "lift_fresh_copy.default")},
    **{f"aten.{name}": _reshape_to_result for name in ("view.default", "reshape.default", "_unsafe_view.default",
                                                         "flatten.using_ints", "unflatten.int")},
    "aten.squeeze.default": _squeeze,
    "aten.squeeze.dim": _squeeze,
    "aten.squeeze.dims": _squeeze,
    "aten.unsqueeze.default": _unsqueeze,
    "aten.permute.default": _permute,
    "aten.transpose.int": _transpose,
    "aten.t.default": _t,
    "aten.mT.default": _matrix_transpose,
    "aten.expand.default": _expand,
    "aten.repeat.default": _repeat,
    "aten.expand_as.default": _expand_as,
    "aten.repeat_interleave.self_int": _repeat_interleave,
    "aten.gather.default": _gather,
    "aten.one_hot.default": _one_hot,
    "aten.cat.default": _cat,
    "aten.concat.default": _cat,
    "aten.stack.default": _stack,
    "aten.split.Tensor": _split,
    "aten.split_with_sizes.default": _split,
    "aten.chunk.default": _split,
    "aten.unbind.int": _unbind,
    "aten.slice.Tensor": _slice,
    "aten.narrow.default": _narrow,
    "aten.select.int": _select,
    "aten.index_select.default": scalar_as_vector(_index_select),
    "aten.index.Tensor": _index,
    "aten.flip.default": _flip,
    "aten.roll.default": _roll,
    "aten.tril.default": _triangle(rx.tril),
    "aten.triu.default": _triangle(rx.triu),
    "aten.cumsum.default": scalar_as_vector(_cumsum),
    "aten.constant_pad_nd.default": _constant_pad_nd,
    "aten.pad.default": _pad,
    "aten._to_copy.default": _to_dtype,
    "aten.to.dtype": _to_dtype,
    "aten.to.dtype_layout": _to_dtype,
    "aten.type_as.default": _to_dtype,
    "aten.to.device": _to_dtype,
    "aten._assert_tensor_metadata.default": _no_value,
    str(operator.getitem): _getitem,
    "aten.sym_size.int": _size,
    **{str(op): _size for op in (operator.add, operator.sub, operator.mul, operator.floordiv)},
}
