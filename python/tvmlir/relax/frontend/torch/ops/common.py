"""What the converter families share: operands in the dtype torch computes
in, Python numbers as constants, and axis lists."""

import torch
from torch import fx

from .....dialects import relax as rx
from ..types import element_type, normalize_axis


def is_node(arg):
    return isinstance(arg, fx.Node)


def _probe(arg):
    """A stand-in with the dtype and dimensionality torch promotes by: a 0-D
    tensor counts less than a dimensioned one, a Python number less still."""
    if is_node(arg):
        fake = arg.meta["val"]
        return torch.empty([] if fake.dim() == 0 else [1], dtype=fake.dtype)
    return arg


def promoted_element(*args):
    """The MLIR element type torch computes ``args`` (nodes, numbers) in."""
    tensors = [a for a in args if is_node(a)]
    if len(tensors) == 1 and len(args) == 1:
        return element_type(tensors[0].meta["val"].dtype)
    probes = [_probe(a) for a in args]
    dtype = torch.result_type(*probes[:2])
    for probe in probes[2:]:
        dtype = torch.promote_types(dtype, torch.result_type(probe, torch.empty([], dtype=dtype)))
    return element_type(dtype)


def operand(t, arg, element_type_):
    """A tensor argument (a node) cast to ``element_type_``, or a Python number
    as a 0-D constant of it."""
    if is_node(arg):
        return t.cast(t.value(arg), element_type_)
    return t.scalar(arg, element_type_)


def axes(dims, rank_):
    """torch's ``dim`` argument (an int, a list, or None/[] for all) as a
    list of non-negative axes, or None for every axis."""
    if dims is None or (isinstance(dims, (list, tuple)) and len(dims) == 0):
        return None
    if isinstance(dims, int):
        dims = [dims]
    return [normalize_axis(d, rank_) for d in dims]


def scalar_as_vector(convert):
    """A converter of an op along a ``dim`` (reductions, scans, softmax,
    index_select) that also takes 0-D inputs: torch lets a 0-D tensor take
    dim 0 / -1 as if it were 1-D with one element, where relax's axis would
    be out of range. The converter runs on that 1-element view and its
    results are reshaped to the 0-D (or other) shapes torch traced."""
    def wrapped(t, node):
        source = node.args[0]
        if not is_node(source) or source.meta["val"].dim() != 0:
            return convert(t, node)
        scalar = t.values[source.name]
        t.values[source.name] = t.emit(rx.reshape, scalar, [1])
        try:
            result = convert(t, node)
        finally:
            t.values[source.name] = scalar
        fakes = t.fake(node)
        if isinstance(fakes, (tuple, list)):
            return [None if r is None else _reshaped(t, r, f.shape) for r, f in zip(result, fakes)]
        return _reshaped(t, result, fakes.shape)
    return wrapped


def _reshaped(t, value, extents):
    return t.emit(rx.reshape, value, [int(e) for e in extents])
