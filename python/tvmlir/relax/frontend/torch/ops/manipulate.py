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
from .common import operand, promoted_element, scalar_as_vector

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


def _numpy_t(t, node):
    """numpy_T (``x.T``): every dimension reversed."""
    x = _x(t, node)
    return t.emit(rx.permute_dims, x, axes=list(range(rank(x)))[::-1]) if rank(x) > 1 else x


def _movedim(t, node):
    """movedim: the moved dimensions at their destinations, the others in order."""
    args = t.bind(node)
    x = args.self
    count = rank(x)
    sources, destinations = args.source, args.destination
    if isinstance(sources, int):
        sources, destinations = [sources], [destinations]
    sources = [normalize_axis(d, count) for d in sources]
    destinations = [normalize_axis(d, count) for d in destinations]
    rest = iter(d for d in range(count) if d not in sources)
    placed = dict(zip(destinations, sources))
    order = [placed[d] if d in placed else next(rest) for d in range(count)]
    return t.emit(rx.permute_dims, x, axes=order) if order != list(range(count)) else x


def _broadcast_tensors(t, node):
    """broadcast_tensors: each input broadcast to the shape torch computed."""
    results = []
    for source, fake in zip(node.args[0], t.fake(node)):
        value = t.value(source)
        same = list(fake.shape) == list(source.meta["val"].shape)
        results.append(value if same else t.emit(rx.broadcast_to, value, [int(e) for e in fake.shape]))
    return results


def _meshgrid(t, node):
    """meshgrid: input i (1-D) along its axis of the grid ("xy" swaps the
    first two), broadcast to the grid."""
    args = t.bind(node)
    sources = node.args[0]
    swap = args.raw.get("indexing") == "xy" and len(sources) > 1
    results = []
    for i, (source, fake) in enumerate(zip(sources, t.fake(node))):
        grid = [int(e) for e in fake.shape]
        axis = {0: 1, 1: 0}.get(i, i) if swap else i
        lifted = [1] * len(grid)
        lifted[axis] = grid[axis]
        results.append(t.emit(rx.broadcast_to, t.emit(rx.reshape, t.value(source), lifted), grid))
    return results


def _cartesian_prod(t, node):
    """cartesian_prod: the "ij" meshgrid's grids flattened, as columns."""
    sources = node.args[0]
    if len(sources) == 1:
        return t.value(sources[0])
    grid = [int(s.meta["val"].shape[0]) for s in sources]
    columns = []
    for axis, source in enumerate(sources):
        lifted = [1] * len(grid)
        lifted[axis] = grid[axis]
        spread = t.emit(rx.broadcast_to, t.emit(rx.reshape, t.value(source), lifted), grid)
        columns.append(t.emit(rx.reshape, spread, [-1, 1]))
    return t.emit(rx.concat, [t.cast(c, t.out_element(node)) for c in columns], axis=1)


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
    return _repeat_of(t, node, list(node.args[1]))


def _repeat_of(t, node, repeats):
    """repeat (tiling): view the input as (1, d0, 1, d1, ...), broadcast to
    (r0, d0, r1, d1, ...), and merge each pair into r_i * d_i; fewer repeats
    than dimensions (tile) repeat the last ones."""
    x = _x(t, node)
    repeats = [1] * (rank(x) - len(repeats)) + repeats
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


def _stacked(least_rank, axis_of):
    """hstack / vstack / dstack / column_stack: the inputs viewed with at
    least ``least_rank(input rank)`` dimensions (torch's atleast_nd shapes, a
    1-D input as a column for column_stack), joined along ``axis_of(rank)``."""
    def convert(t, node):
        compute = t.out_element(node)
        result_rank = len(t.fake(node).shape)
        pieces = []
        for source in node.args[0]:
            extents = [int(e) for e in source.meta["val"].shape]
            pieces.append(t.emit(rx.reshape, operand(t, source, compute), least_rank(extents)))
        return t.emit(rx.concat, pieces, axis=axis_of(result_rank))
    return convert


def _atleast_2d(extents):
    return [1] * (2 - len(extents)) + extents if len(extents) < 2 else extents


def _atleast_3d(extents):
    return {0: [1, 1, 1], 1: [1, *extents, 1], 2: [*extents, 1]}.get(len(extents), extents)


def _column(extents):
    return [*extents, 1] + [1] * (1 - len(extents)) if len(extents) < 2 else extents


def _block_diag(t, node):
    """block_diag: each input (as 2-D) between zero blocks filling its rows."""
    compute = t.out_element(node)
    width = t.static_shape(node)[1]
    rows, before = [], 0
    for source in node.args[0]:
        extents = [int(e) for e in source.meta["val"].shape]
        extents = {0: [1, 1], 1: [1, *extents]}.get(len(extents), extents)
        block = t.emit(rx.reshape, operand(t, source, compute), extents)
        height, after = extents[0], width - before - extents[1]
        pieces = [t.emit(rx.zeros, [height, before], compute)] if before else []
        pieces += [block] + ([t.emit(rx.zeros, [height, after], compute)] if after else [])
        if height:
            rows.append(t.emit(rx.concat, pieces, axis=1) if len(pieces) > 1 else block)
        before += extents[1]
    if not rows:
        return t.emit(rx.zeros, t.static_shape(node), compute)
    return t.emit(rx.concat, rows, axis=0) if len(rows) > 1 else rows[0]


def _split_on(axis_of):
    """hsplit / vsplit / dsplit: pieces of the sizes torch gave the results,
    along ``axis_of(rank)``."""
    def convert(t, node):
        x = _x(t, node)
        dim = axis_of(rank(x))
        return _split_at_sizes(t, x, [int(piece.shape[dim]) for piece in t.fake(node)], dim)
    return convert


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
    """gather: ``out[..., j, ...] = self[..., index[..., j, ...], ...]`` along ``dim``."""
    args = t.bind(node)
    dim = normalize_axis(args.dim, rank(args.self))
    return _gather_of(t, args.self, args.index, dim, t.static_shape(node.args[0], "the gathered input"),
                      t.static_shape(node.args[2], "the index"))


def _gather_of(t, x, index, dim, extents, index_extents):
    """A take from the flattened input at flat indices: the index times the
    stride of ``dim`` plus a constant offset for the other coordinates
    (shapes are static); negative indices count from the end."""
    index = _non_negative(t, t.cast(index, ir.IntegerType.get_signless(64)), extents[dim])
    strides = np.cumprod([1] + extents[::-1][:-1])[::-1]
    coordinates = np.indices(index_extents)
    offsets = sum(c * s for d, (c, s) in enumerate(zip(coordinates, strides)) if d != dim)
    flat = t.emit(rx.add, t.emit(rx.multiply, index, t.scalar(int(strides[dim]), element(index))),
                  t.constant(np.asarray(offsets, dtype=np.int64)))
    return t.emit(rx.take, t.emit(rx.reshape, x, [-1]), flat, axis=0)


def _take(t, node):
    """take: elements of the flattened input at (possibly negative) flat indices."""
    args = t.bind(node)
    flat = t.emit(rx.reshape, args.self, [-1])
    index = _non_negative(t, t.cast(args.index, ir.IntegerType.get_signless(64)), shape(flat)[0])
    return t.emit(rx.take, flat, index, axis=0)


def _take_along_dim(t, node):
    """take_along_dim: a gather after broadcasting both operands over the
    other dimensions (of the flattened operands without ``dim``)."""
    args = t.bind(node)
    x, index = args.self, args.indices
    if args.dim is None:
        flat = t.emit(rx.reshape, x, [-1])
        return _gather_of(t, flat, t.emit(rx.reshape, index, [-1]), 0, shape(flat), t.static_shape(node))
    dim = normalize_axis(args.dim, rank(x))
    x_extents = t.static_shape(node.args[0], "the input")
    index_extents = t.static_shape(node.args[1], "the indices")
    common = list(np.broadcast_shapes(tuple(x_extents[:dim] + [1] + x_extents[dim + 1:]),
                                      tuple(index_extents[:dim] + [1] + index_extents[dim + 1:])))
    x_target = common[:dim] + [x_extents[dim]] + common[dim + 1:]
    index_target = common[:dim] + [index_extents[dim]] + common[dim + 1:]
    if x_target != x_extents:
        x = t.emit(rx.broadcast_to, x, x_target)
    if index_target != index_extents:
        index = t.emit(rx.broadcast_to, index, index_target)
    return _gather_of(t, x, index, dim, x_target, index_target)


def _diagonal_indices(rows, columns, offset):
    """The flat indices of a (rows, columns) matrix's diagonal ``offset``."""
    length = max(0, min(rows + min(offset, 0), columns - max(offset, 0)))
    k = np.arange(length, dtype=np.int64)
    return (k - min(offset, 0)) * columns + k + max(offset, 0)


def _diagonal_of(t, node, x, offset, dim1, dim2):
    """The diagonal of the (dim1, dim2) matrices as a last dimension: the two
    moved last, merged, and taken from at the diagonal's flat indices."""
    count = rank(x)
    dim1, dim2 = normalize_axis(dim1, count), normalize_axis(dim2, count)
    extents = shape(x)
    if ir.ShapedType.get_dynamic_size() in extents:
        raise t.unsupported(node, "self", node.args[0], "a diagonal of a symbolic shape")
    rest = [d for d in range(count) if d not in (dim1, dim2)]
    moved = t.emit(rx.permute_dims, x, axes=rest + [dim1, dim2])
    merged = t.emit(rx.reshape, moved, [extents[d] for d in rest] + [-1])
    indices = _diagonal_indices(extents[dim1], extents[dim2], offset)
    return t.emit(rx.take, merged, t.constant(indices), axis=len(rest))


def _diagonal(t, node):
    """diagonal / diagonal_copy / linalg_diagonal."""
    args = t.bind(node)
    x = t.value(node.args[0])
    dims = (args.dim1, args.dim2)
    return _diagonal_of(t, node, x, args.offset, *dims)


def _trace(t, node):
    x = _x(t, node)
    diagonal = _diagonal_of(t, node, x, 0, 0, 1)
    return t.emit(rx.sum, t.cast(diagonal, t.out_element(node)), axis=None, keepdims=False)


def _embedded(t, x, offset, dim1, dim2):
    """diag_embed: the last dimension (n) as diagonal ``offset`` of new (m, m)
    matrices (m = n + |offset|) at ``dim1`` / ``dim2``: a take at the source
    index of each matrix element, zeros off the diagonal."""
    extent = shape(x)[-1]
    size = extent + abs(offset)
    i, j = np.indices((size, size))
    on_diagonal = (j - i) == offset
    source = np.clip(i if offset >= 0 else j, 0, max(extent - 1, 0)).astype(np.int64)
    spread = t.emit(rx.take, x, t.constant(source.reshape(-1)), axis=rank(x) - 1)
    matrices = t.emit(rx.reshape, spread, shape(x)[:-1] + [size, size])
    matrices = t.emit(rx.where, t.constant(on_diagonal), matrices, t.scalar(0, element(x)))
    count = rank(x) + 1
    dim1, dim2 = normalize_axis(dim1, count), normalize_axis(dim2, count)
    batch = iter(range(count - 2))
    order = [count - 2 if d == dim1 else count - 1 if d == dim2 else next(batch) for d in range(count)]
    return matrices if order == list(range(count)) else t.emit(rx.permute_dims, matrices, axes=order)


def _diag_embed(t, node):
    args = t.bind(node)
    return _embedded(t, args.self, args.offset, args.dim1, args.dim2)


def _diag(t, node):
    """diag: a vector as a diagonal matrix, or a matrix's diagonal."""
    args = t.bind(node)
    x = args.self
    if rank(x) == 1:
        return _embedded(t, x, args.diagonal, 0, 1)
    return _diagonal_of(t, node, x, args.diagonal, 0, 1)


def _diagflat(t, node):
    args = t.bind(node)
    return _embedded(t, t.emit(rx.reshape, args.self, [-1]), args.offset, 0, 1)


def _isin(t, node):
    """isin: whether each element equals any test element (a comparison with
    every test element on a new last axis, reduced)."""
    args = t.bind(node)
    elements, tests = node.args[0], node.args[1]
    compute = promoted_element(elements, tests)
    x = operand(t, elements, compute)
    pool = t.emit(rx.reshape, operand(t, tests, compute), [-1])
    hits = t.cast(t.emit(rx.equal, t.emit(rx.expand_dims, x, [rank(x)]), pool), ir.IntegerType.get_signless(8))
    found = t.cast(t.emit(rx.max, hits, axis=[rank(x)], keepdims=False), ir.IntegerType.get_signless(1))
    return t.emit(rx.logical_not, found) if args.invert else found


def _bucket_count(t, node, boundaries, values, right, ordered=None):
    """How many boundaries lie below each value (at or below, with
    ``right``): its insertion index into the sorted boundaries (``ordered``:
    the boundaries as relax put them in order, else those of the node)."""
    compute = promoted_element(boundaries, values)
    sequence = t.cast(ordered, compute) if ordered is not None else operand(t, boundaries, compute)
    if rank(sequence) > 1:  # a sorted row per row of values: the values on a new axis before it
        sequence = t.emit(rx.expand_dims, sequence, [-2])
    probe = t.emit(rx.expand_dims, operand(t, values, compute), [-1])
    below = t.emit(rx.less_equal if right else rx.less, sequence, probe)
    return t.emit(rx.sum, t.cast(below, t.out_element(node)), axis=[-1], keepdims=False)


def _bucketize(t, node):
    args = t.bind(node)
    return _bucket_count(t, node, node.args[1], node.args[0], bool(args.right))


def _searchsorted(t, node):
    """searchsorted: with ``sorter``, the sequence first put in order by it (a gather)."""
    args = t.bind(node)
    sequence = node.args[0]
    right = bool(args.right) or args.side == "right"
    ordered = None
    if args.sorter is not None:
        extents = t.static_shape(sequence, "the sorted sequence")
        ordered = _gather_of(t, args.sorted_sequence, args.sorter, len(extents) - 1, extents, extents)
    return _bucket_count(t, node, sequence, node.args[1], right, ordered)


def _diff(t, node):
    """diff: ``n`` times the differences of neighbours along ``dim`` (not
    equal, for booleans), after joining ``prepend`` and ``append``."""
    args = t.bind(node)
    compute = t.out_element(node)
    x = t.cast(args.self, compute)
    dim = normalize_axis(args.dim, rank(x))
    parts = [t.cast(p, compute) for p in (args.prepend, x, args.append) if p is not None]
    x = t.emit(rx.concat, parts, axis=dim) if len(parts) > 1 else x
    boolean = compute == ir.IntegerType.get_signless(1)
    for _ in range(args.n):
        extent = shape(x)[dim]
        if extent <= 0:
            break
        later, earlier = _slice_of(t, x, dim, 1, extent), _slice_of(t, x, dim, 0, extent - 1)
        x = t.emit(rx.not_equal if boolean else rx.subtract, later, earlier)
    return x


def _index_fill(t, node):
    """index_fill: ``value`` at the listed positions of ``dim`` (a mask
    comparing every position with every index), elsewhere the input."""
    args = t.bind(node)
    x = args.self
    dim = normalize_axis(args.dim, rank(x))
    extent = shape(x)[dim]
    index = _non_negative(t, t.cast(args.index, ir.IntegerType.get_signless(64)), extent)
    positions = t.constant(np.arange(extent, dtype=np.int64).reshape(-1, 1))
    hits = t.cast(t.emit(rx.equal, positions, t.emit(rx.reshape, index, [1, -1])), ir.IntegerType.get_signless(8))
    chosen = t.emit(rx.max, hits, axis=[1], keepdims=False)
    mask = t.cast(t.emit(rx.reshape, chosen, [extent] + [1] * (rank(x) - dim - 1)), ir.IntegerType.get_signless(1))
    return t.emit(rx.where, mask, operand(t, node.args[3], element(x)), x)


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
    if extent == 0:
        return x  # an empty dimension has nothing to move
    shift %= extent
    if shift == 0:
        return x
    tail = _slice_of(t, x, dim, extent - shift, extent)
    head = _slice_of(t, x, dim, 0, extent - shift)
    return t.emit(rx.concat, [tail, head], axis=dim)


def _rot90(t, node):
    """rot90: flips and a transpose of the two ``dims``, as torch composes it."""
    args = t.bind(node)
    x = args.self
    first, second = (normalize_axis(d, rank(x)) for d in args.dims)
    turns = args.k % 4
    if turns == 2:
        return t.emit(rx.flip, t.emit(rx.flip, x, first), second)
    if turns == 0:
        return x
    flipped = t.emit(rx.flip, x, second if turns == 1 else first)
    return t.emit(rx.permute_dims, flipped, axes=_swapped_axes(rank(x), first, second))


def _flip_dim(dim):
    """fliplr / flipud: flip of one fixed dimension."""
    def convert(t, node):
        return t.emit(rx.flip, _x(t, node), dim)
    return convert


def _tile(t, node):
    """tile: repeat with the repeats padded by leading ones to the rank."""
    return _repeat_of(t, node, list(node.args[1]))


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
    if value is None and node.users:
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
    **{f"aten.{name}": _reshape_to_result for name in ("view_copy.default", "ravel.default", "reshape_as.default",
                                                         "view_as.default", "atleast_1d.default", "atleast_2d.default",
                                                         "atleast_3d.default")},
    "aten.alias_copy.default": _identity,
    **{f"aten.{name}": _squeeze for name in ("squeeze_copy.default", "squeeze_copy.dim", "squeeze_copy.dims")},
    "aten.unsqueeze_copy.default": _unsqueeze,
    "aten.permute_copy.default": _permute,
    "aten.transpose_copy.int": _transpose,
    "aten.t_copy.default": _t,
    **{f"aten.{name}.default": _matrix_transpose for name in ("mH", "adjoint", "matrix_H")},
    "aten.numpy_T.default": _numpy_t,
    "aten.movedim.intlist": _movedim,
    "aten.movedim.int": _movedim,
    "aten.broadcast_to.default": _expand,
    "aten.expand_copy.default": _expand,
    "aten.broadcast_tensors.default": _broadcast_tensors,
    "aten.meshgrid.default": _meshgrid,
    "aten.meshgrid.indexing": _meshgrid,
    "aten.cartesian_prod.default": _cartesian_prod,
    "aten.tile.default": _tile,
    "aten.hstack.default": _stacked(lambda e: e if e else [1], lambda r: 0 if r == 1 else 1),
    "aten.vstack.default": _stacked(_atleast_2d, lambda r: 0),
    "aten.dstack.default": _stacked(_atleast_3d, lambda r: 2),
    "aten.column_stack.default": _stacked(_column, lambda r: 1),
    "aten.block_diag.default": _block_diag,
    "aten.unsafe_chunk.default": _split,
    "aten.unsafe_split.Tensor": _split,
    "aten.split_with_sizes_copy.default": _split,
    "aten.unbind_copy.int": _unbind,
    **{f"aten.hsplit.{o}": _split_on(lambda r: 0 if r == 1 else 1) for o in ("int", "array")},
    **{f"aten.vsplit.{o}": _split_on(lambda r: 0) for o in ("int", "array")},
    **{f"aten.dsplit.{o}": _split_on(lambda r: 2) for o in ("int", "array")},
    "aten.narrow_copy.default": _narrow,
    "aten.take.default": _take,
    "aten.take_along_dim.default": _take_along_dim,
    "aten.diagonal.default": _diagonal,
    "aten.diagonal_copy.default": _diagonal,
    "aten.linalg_diagonal.default": _diagonal,
    "aten.diag_embed.default": _diag_embed,
    "aten.diag.default": _diag,
    "aten.diagflat.default": _diagflat,
    "aten.trace.default": _trace,
    "aten.rot90.default": _rot90,
    "aten.fliplr.default": _flip_dim(1),
    "aten.flipud.default": _flip_dim(0),
    **{f"aten.isin.{o}": _isin for o in ("Tensor_Tensor", "Tensor_Scalar", "Scalar_Tensor")},
    "aten.bucketize.Tensor": _bucketize,
    "aten.searchsorted.Tensor": _searchsorted,
    "aten.diff.default": _diff,
    "aten.index_fill.int_Scalar": scalar_as_vector(_index_fill),
    "aten.index_fill.int_Tensor": scalar_as_vector(_index_fill),
    str(operator.getitem): _getitem,
    "aten.sym_size.int": _size,
    **{str(op): _size for op in (operator.add, operator.sub, operator.mul, operator.floordiv)},
}
