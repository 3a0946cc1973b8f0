"""Shape-manipulating ONNX ops: Reshape (0 and -1), Flatten, Transpose,
Squeeze/Unsqueeze, Concat, Split, Slice, Gather, Expand, Tile, and the ops
that make values known at import: Shape, Size, Constant, ConstantOfShape,
Range, Identity.

Each evaluates in NumPy when its inputs are known, so shape-computing
subgraphs fold to constants; the data-moving ones also fold shapes with
symbolic entries (object arrays of ints and symbol names).
"""

import math
import re

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from ...common import rank_of, shape_of
from .common import InvalidInput, axes_input, folded, is_static, normalize

_DYNAMIC = ir.ShapedType.get_dynamic_size()


def symbolic_dims(value):
    """The extents of a relax value: ints, and the ``#relax.sym`` name of each
    symbolic one (``"?"`` when it has none)."""
    tensor = ir.RankedTensorType(value.type)
    names = re.findall(r'"([^"]*)"', str(tensor.encoding)) if tensor.encoding is not None else []
    names = iter(names)
    return [d if d != _DYNAMIC else next(names, "?") for d in tensor.shape]


def _shape_array(dims):
    """dims as a static value: int64, or an object array when some are symbols."""
    if all(isinstance(d, int) for d in dims):
        return np.array(dims, dtype=np.int64)
    return np.array(dims, dtype=object)


def _dims(t, node, value):
    return list(value.shape) if is_static(value) else symbolic_dims(value)


# -- values known at import ---------------------------------------------------------

def _shape(t, node):
    """Shape (``start``/``end`` from opset 15): the input's extents, known at import."""
    dims = _dims(t, node, t.input(node, 0))
    start, end = node.attr("start", 0), node.attr("end", len(dims))
    return _shape_array(dims[start:end])


def _size(t, node):
    dims = _dims(t, node, t.input(node, 0))
    if not all(isinstance(d, int) for d in dims):
        raise t.error(node, f"the size of a tensor of symbolic shape {dims} is not known at import")
    return np.array(math.prod(dims), dtype=np.int64)


_CONSTANT_ATTRIBUTES = {"value": None, "value_float": np.float32, "value_floats": np.float32,
                        "value_int": np.int64, "value_ints": np.int64}


def _constant(t, node):
    for name, dtype in _CONSTANT_ATTRIBUTES.items():
        if name in node.attrs:
            value = node.attr(name)
            return np.array(value, dtype=dtype) if dtype is not None else np.asarray(value)
    name = next(iter(node.attrs), "value")
    raise t.unsupported(node, name, node.attrs.get(name), "tensors, floats and ints only")


def _constant_of_shape(t, node):
    shape = t.static(node, 0, "the shape")
    if shape.dtype == object:
        raise t.error(node, f"a tensor of symbolic shape {shape.tolist()} is not supported")
    value = node.attr("value")
    value = np.zeros(1, dtype=np.float32) if value is None else value
    return np.full([int(s) for s in shape], value.reshape(-1)[0], dtype=value.dtype)


def _range(t, node):
    start, limit, delta = (t.static(node, i, what) for i, what in enumerate(["start", "limit", "delta"]))
    return np.arange(start, limit, delta).astype(start.dtype)


def _identity(t, node):
    return t.input(node, 0)


# -- reshapes ------------------------------------------------------------------------

def _reshape_target(t, node, dims, shape, allowzero):
    """Reshape's shape with 0 (copy the input's extent) resolved; a -1 is
    computed when the input is static, and kept for the one unknown extent
    of a symbolic input (relax infers it)."""
    target = [dims[i] if s == 0 and not allowzero else s for i, s in enumerate(shape)]
    target = [int(s) if not isinstance(s, str) else s for s in target]
    unknown = [i for i, s in enumerate(target) if isinstance(s, str) or s == -1]
    if all(isinstance(d, int) for d in dims):
        if any(isinstance(s, str) for s in target):
            raise t.error(node, f"the shape {target} has symbols, where the input's {dims} is static")
        known = math.prod(s for s in target if s != -1)
        return [math.prod(dims) // known if s == -1 else s for s in target]
    if len(unknown) != 1:
        raise t.error(node, f"reshaping {dims} to {target}: relax reshapes one symbolic extent, "
                            "inferred from the others")
    return [-1 if i == unknown[0] else s for i, s in enumerate(target)]


def _reshape_fold(t, node, x, shape):
    target = _reshape_target(t, node, list(x.shape), shape.tolist(), node.attr("allowzero", 0))
    return x.reshape(target)


@folded(_reshape_fold, symbolic=True)
def _reshape(t, node):
    x = t.input(node, 0)
    shape = t.static(node, 1, "the shape")
    if shape is None:  # opset < 5: an attribute
        shape = np.array(node.attr("shape"))
    x = t.relax(node, x)
    target = _reshape_target(t, node, symbolic_dims(x), shape.tolist(), node.attr("allowzero", 0))
    if target == shape_of(x):
        return x
    return t.emit(rx.reshape, x, target)


def _flatten(t, node):
    """Flatten at ``axis``: (prod of extents before, prod after); a symbolic
    extent on one side makes that side -1."""
    x = t.tensor(node, 0)
    dims = symbolic_dims(x)
    axis = normalize(node.attr("axis", 1), len(dims), end_inclusive=True)
    sides = [dims[:axis], dims[axis:]]
    extents = [math.prod(side) if all(isinstance(d, int) for d in side) else -1 for side in sides]
    if extents.count(-1) > 1:
        raise t.error(node, f"flattening {dims} at axis {axis}: both sides are symbolic")
    return t.emit(rx.reshape, x, extents)


@folded(lambda t, node, x: np.transpose(x, node.attr("perm")), symbolic=True)
def _transpose(t, node):
    x = t.tensor(node, 0)
    perm = node.attr("perm") or list(range(rank_of(x)))[::-1]
    return t.emit(rx.permute_dims, x, axes=[int(p) for p in perm])


def _squeeze_axes(t, node, dims):
    axes = axes_input(t, node, 13)
    if axes is None:
        return [i for i, d in enumerate(dims) if d == 1]
    return sorted(normalize(a, len(dims)) for a in axes)


def _squeeze_fold(t, node, x, *_):
    return np.squeeze(x, axis=tuple(_squeeze_axes(t, node, list(x.shape))))


@folded(_squeeze_fold, symbolic=True)
def _squeeze(t, node):
    x = t.tensor(node, 0)
    axes = _squeeze_axes(t, node, shape_of(x))
    return t.emit(rx.squeeze, x, axis=axes) if axes else x


def _unsqueeze_axes(t, node, rank):
    axes = axes_input(t, node, 13)
    return sorted(normalize(a, rank + len(axes)) for a in axes)


def _unsqueeze_fold(t, node, x, *_):
    return np.expand_dims(x, tuple(_unsqueeze_axes(t, node, x.ndim)))


@folded(_unsqueeze_fold, symbolic=True)
def _unsqueeze(t, node):
    x = t.tensor(node, 0)
    return t.emit(rx.expand_dims, x, _unsqueeze_axes(t, node, rank_of(x)))


# -- joining and splitting ---------------------------------------------------------

def _concat_fold(t, node, *arrays):
    arrays = [a for a in arrays if a is not None]
    return np.concatenate(arrays, axis=node.attr("axis"))


@folded(_concat_fold, symbolic=True)
def _concat(t, node):
    values = [t.tensor(node, i) for i in range(len(node.inputs))]
    axis = normalize(node.attr("axis"), rank_of(values[0]))
    return t.emit(rx.concat, values, axis=axis)


def _split_points(t, node, extent):
    """Where Split cuts an extent: from the ``split`` sizes (attribute before
    opset 13, input after), else into equal parts (the last smaller from
    opset 18's ``num_outputs``)."""
    sizes = node.attr("split") if t.opset < 13 else t.static(node, 1, "split")
    parts = node.attr("num_outputs", len(node.outputs))
    if sizes is None or len(sizes) == 0:
        if not isinstance(extent, int):
            raise t.error(node, "splitting a symbolic extent")
        chunk = -(-extent // parts)
        sizes = [min(chunk, extent - chunk * i) for i in range(parts)]
    sizes = [int(s) for s in sizes]
    if len(sizes) != len(node.outputs) or min(sizes) < 0 or (isinstance(extent, int) and sum(sizes) != extent):
        raise InvalidInput(f"the split sizes {sizes} must be {len(node.outputs)} non-negative extents (one per "
                           f"output) adding up to the axis' extent {extent}")
    return np.cumsum(sizes)[:-1].tolist()


def _split_fold(t, node, x, *_):
    axis = normalize(node.attr("axis", 0), x.ndim)
    return np.split(x, _split_points(t, node, x.shape[axis]), axis=axis)


@folded(_split_fold, symbolic=True)
def _split(t, node):
    x = t.tensor(node, 0)
    axis = normalize(node.attr("axis", 0), rank_of(x))
    points = _split_points(t, node, symbolic_dims(x)[axis])
    if not points:
        return [x]
    return list(t.emit(rx.split, x, ir.DenseI64ArrayAttr.get(points), axis=axis))


# -- slicing and gathering ---------------------------------------------------------

def _slice_arguments(t, node, rank):
    """(axes, starts, ends, steps) of a Slice: attributes before opset 10, inputs after."""
    if t.opset < 10:
        starts, ends = node.attr("starts"), node.attr("ends")
        axes, steps = node.attr("axes"), None
    else:
        starts, ends, axes, steps = (t.static(node, i, what) for i, what in
                                     zip(range(1, 5), ["starts", "ends", "axes", "steps"]))
        starts, ends = starts.tolist(), ends.tolist()
        axes = None if axes is None else axes.tolist()
        steps = None if steps is None else steps.tolist()
    axes = list(range(len(starts))) if axes is None else [normalize(a, rank) for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    return axes, starts, ends, steps


def _slice_fold(t, node, x, *_):
    axes, starts, ends, steps = _slice_arguments(t, node, x.ndim)
    index = [slice(None)] * x.ndim
    for axis, start, end, step in zip(axes, starts, ends, steps):
        index[axis] = slice(start, end, step)
    return x[tuple(index)]


@folded(_slice_fold, symbolic=True)
def _slice(t, node):
    """Slice as relax's strided_slice, bounds clamped to each extent as
    Python's slices clamp them (ONNX writes INT64_MAX for "to the end")."""
    x = t.tensor(node, 0)
    dims = shape_of(x)
    axes, starts, ends, steps = _slice_arguments(t, node, len(dims))
    begins, stops = [], []
    for axis, start, end, step in zip(axes, starts, ends, steps):
        if dims[axis] == _DYNAMIC:
            raise t.error(node, f"slicing the symbolic axis {axis}")
        begin, stop, _ = slice(start, end, step).indices(dims[axis])
        if step < 0 and stop < 0:
            stop = -dims[axis] - 1  # before index 0 (a bare -1 would count from the end)
        begins.append(begin)
        stops.append(stop)
    return t.emit(rx.strided_slice, x, axes, begins, stops, strides=[int(s) for s in steps])


def _gather_fold(t, node, x, indices):
    axis = normalize(node.attr("axis", 0), x.ndim)
    _check_indices(indices, x.shape[axis], axis)
    return np.take(x, indices, axis=axis)


def _check_indices(indices, extent, axis):
    """Indices known at import lie in [-extent, extent) (ONNX Runtime refuses
    others; the compiled take would read outside the buffer)."""
    if extent == _DYNAMIC or indices.dtype == object or indices.size == 0:
        return
    low, high = int(indices.min()), int(indices.max())
    if low < -extent or high >= extent:
        bad = high if high >= extent else low
        raise InvalidInput(f"index {bad} is out of range [{-extent}, {extent}) for axis {axis} of extent {extent}")


@folded(_gather_fold, symbolic=True)
def _gather(t, node):
    """Gather along ``axis`` (negative indices count from the end)."""
    x = t.tensor(node, 0)
    axis = normalize(node.attr("axis", 0), rank_of(x))
    extent = shape_of(x)[axis]
    indices = t.input(node, 1)
    if is_static(indices):
        _check_indices(indices, extent, axis)
        if extent == _DYNAMIC and (indices < 0).any():
            raise t.error(node, "negative indices into a symbolic axis")
        indices = t.relax(node, np.where(indices < 0, indices + max(extent, 0), indices).astype(indices.dtype))
    elif extent != _DYNAMIC:
        wrapped = t.emit(rx.add, indices, t.scalar(extent, ir.RankedTensorType(indices.type).element_type))
        negative = t.emit(rx.less, indices, t.scalar(0, ir.RankedTensorType(indices.type).element_type))
        indices = t.emit(rx.where, negative, wrapped, indices)
    return t.emit(rx.take, x, indices, axis=axis)


# -- broadcasting and tiling --------------------------------------------------------

def _expanded_dims(t, node, dims, shape):
    """Expand's result extents: the input and ``shape`` broadcast both ways."""
    count = max(len(dims), len(shape))
    dims = [1] * (count - len(dims)) + list(dims)
    shape = [1] * (count - len(shape)) + [int(s) for s in shape]
    result = []
    for d, s in zip(dims, shape):
        if s != 1 and d not in (1, s, _DYNAMIC):
            raise t.error(node, f"cannot expand an extent of {d} to {s}")
        result.append(d if s == 1 else s)
    return result


def _expand_fold(t, node, x, shape):
    return np.broadcast_to(x, _expanded_dims(t, node, x.shape, shape.tolist())).copy()


@folded(_expand_fold)
def _expand(t, node):
    x = t.tensor(node, 0)
    shape = t.static(node, 1, "the shape")
    if shape.dtype == object:
        raise t.error(node, f"expanding to the symbolic shape {shape.tolist()}")
    result = _expanded_dims(t, node, shape_of(x), shape.tolist())
    if result == shape_of(x):
        return x
    if _DYNAMIC in result:
        raise t.error(node, f"expanding a tensor of symbolic shape {symbolic_dims(x)}")
    return t.emit(rx.broadcast_to, x, result)


@folded(lambda t, node, x, repeats: np.tile(x, repeats))
def _tile(t, node):
    """Tile: each extent d repeated r times as an (r, d) pair of axes
    broadcast from (1, d), then merged."""
    x = t.tensor(node, 0)
    repeats = [int(r) for r in t.static(node, 1, "repeats")]
    dims = shape_of(x)
    if _DYNAMIC in dims:
        raise t.error(node, f"tiling a tensor of symbolic shape {symbolic_dims(x)}")
    spread = t.emit(rx.reshape, x, [e for d in dims for e in (1, d)])
    tiled = t.emit(rx.broadcast_to, spread, [e for d, r in zip(dims, repeats) for e in (r, d)])
    return t.emit(rx.reshape, tiled, [d * r for d, r in zip(dims, repeats)])


CONVERTERS = {
    "Shape": _shape,
    "Size": _size,
    "Constant": _constant,
    "ConstantOfShape": _constant_of_shape,
    "Range": _range,
    "Identity": _identity,
    "Reshape": _reshape,
    "Flatten": _flatten,
    "Transpose": _transpose,
    "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze,
    "Concat": _concat,
    "Split": _split,
    "Slice": _slice,
    "Gather": _gather,
    "Expand": _expand,
    "Tile": _tile,
}
