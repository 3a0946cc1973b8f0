"""What the converter families share: operands in the dtype torch computes
in, Python numbers as constants, and axis lists."""

import torch
from torch import fx

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
