"""What the converter families share: folding at import, axes from
attributes or inputs by opset, and small relax compositions."""

import numpy as np

from .....dialects import relax as rx
from ...common import element_of, rank_of


class InvalidInput(ValueError):
    """What a converter finds wrong with the model (an axis out of range,
    sizes that do not add up); the translator names the node."""


def normalize(axis, rank, end_inclusive=False):
    """A non-negative axis (ONNX counts negative ones from the end). ONNX
    takes -rank to rank-1 (to rank with ``end_inclusive``: Flatten's, and
    Unsqueeze's over the result's rank)."""
    high = rank if end_inclusive else rank - 1
    if not isinstance(axis, (int, np.integer)) or not -rank <= axis <= high:
        raise InvalidInput(f"axis {axis!r} is out of range for a rank-{rank} input (ONNX takes {-rank} to {high})")
    return int(axis) + rank if axis < 0 else int(axis)


def is_static(value):
    return isinstance(value, np.ndarray)


def numeric(value):
    """A static value with no symbolic dimensions in it."""
    return is_static(value) and value.dtype != object


def folded(fold, symbolic=False):
    """A converter that evaluates ``fold(t, node, *arrays)`` in NumPy when
    every input is known at import (``symbolic``: also when an input is a
    shape with symbolic entries, for ops that only move entries about), and
    runs ``convert`` otherwise."""
    def wrap(convert):
        def converter(t, node):
            values = [v for v in t.inputs(node) if v is not None]
            known = is_static if symbolic else numeric
            if values and all(known(v) for v in values):
                result = fold(t, node, *t.inputs(node))
                return [_array(r) for r in result] if isinstance(result, list) else _array(result)
            return convert(t, node)
        converter.__doc__ = convert.__doc__
        return converter
    return wrap


def _array(value):
    """A folded result as an array (NumPy gives scalars for 0-D results; a
    symbol name stays an object)."""
    if isinstance(value, np.ndarray):
        return value
    return np.array(value, dtype=object if isinstance(value, str) else None)


def axes_input(t, node, opset, index=1, attribute="axes"):
    """An ``axes`` list that moved from an attribute to input ``index`` at
    ``opset`` (Reduce*, Squeeze, Unsqueeze): None when absent."""
    if t.opset < opset:
        axes = node.attr(attribute)
    else:
        axes = t.static(node, index, attribute)
        axes = None if axes is None else axes.tolist()
    return None if axes is None else list(axes)


def scalar_like(t, value, number):
    """A 0-D constant of ``number`` in ``value``'s element type."""
    return t.scalar(number, element_of(value))


def lifted_to_2d(t, x, convert_4d):
    """An NC(H)W op on an NCW input: through an added axis of extent 1 (relax's
    convolution and pooling are 2-D)."""
    if rank_of(x) == 4:
        return convert_4d(x)
    lifted = t.emit(rx.expand_dims, x, [2])
    return t.emit(rx.squeeze, convert_4d(lifted), axis=[2])
