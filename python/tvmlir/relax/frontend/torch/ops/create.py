"""Tensor creation ATen ops: full / zeros / ones and their ``_like`` and
``new_`` forms, arange, linspace / logspace, and ops whose arguments are all numbers
(scalar_tensor, eye), which become constants.
"""

import numpy as np
from mlir import ir

from .....dialects import relax as rx
from .....script.printer import dtype_of
from ..types import is_float
from .common import is_node, operand


def _filled(value_of):
    """A tensor of the result's (static) shape and dtype holding one value;
    ``value_of(args)`` reads it from the bound arguments."""
    def convert(t, node):
        fill = value_of(t.bind(node))
        if is_node(fill):
            raise t.unsupported(node, "fill_value", fill, "a number, not a tensor")
        return t.emit(rx.full, t.static_shape(node), float(fill), t.out_element(node))
    return convert


def _arange(t, node):
    """arange.default / .start / .start_step: relax's arange of the result's dtype."""
    args = t.bind(node)
    start = args.raw.get("start") or 0
    step = args.raw.get("step") or 1
    if any(is_node(b) for b in (start, args.end, step)):
        raise t.unsupported(node, "end", args.end, "bounds known at export time")
    return t.emit(rx.arange, float(start), float(args.end), t.out_element(node), step=float(step))


def _spaced(logarithmic):
    """linspace / logspace (numbers or 0-D tensors as bounds): torch's kernel,
    ``start + step * i`` for the first half and ``end - step * (steps - 1 - i)``
    for the rest, in the result's dtype (float64 for integers, then
    truncated); logspace raises ``base`` to those."""
    def convert(t, node):
        args = t.bind(node)
        steps, result = args.steps, t.out_element(node)
        compute = result if is_float(result) else ir.F64Type.get()
        start, end = operand(t, node.args[0], compute), operand(t, node.args[1], compute)
        if steps <= 1:
            values = t.emit(rx.broadcast_to, t.emit(rx.reshape, start, [1]), [steps])
        else:
            step = t.emit(rx.divide, t.emit(rx.subtract, end, start), t.scalar(steps - 1, compute))
            index = np.arange(steps)
            first = t.emit(rx.add, start, t.emit(rx.multiply, step, t.constant(index.astype(dtype_of(compute)))))
            back = (steps - 1 - index).astype(dtype_of(compute))
            second = t.emit(rx.subtract, end, t.emit(rx.multiply, step, t.constant(back)))
            values = t.emit(rx.where, t.constant(index < steps // 2), first, second)
        if logarithmic:
            values = t.emit(rx.power, t.scalar(args.base, compute), values)
        return t.cast(values, result)
    return convert


def _folded(t, node):
    """An op of numbers only (arange, scalar_tensor, eye): torch computes it
    once here, and the tensor becomes a constant."""
    if any(is_node(a) for a in [*node.args, *node.kwargs.values()]):
        raise t.unsupported(node, "args", node.args, "sizes known at export time")
    kwargs = {k: v for k, v in node.kwargs.items() if k not in ("device", "pin_memory", "layout")}
    return t.constant(node.target(*node.args, **kwargs, device="cpu").numpy())


CONVERTERS = {
    "aten.full.default": _filled(lambda a: a.fill_value),
    "aten.full_like.default": _filled(lambda a: a.fill_value),
    "aten.new_full.default": _filled(lambda a: a.fill_value),
    **{f"aten.{name}.default": _filled(lambda a: 0) for name in ("zeros", "zeros_like", "new_zeros")},
    # empty: any contents are torch's, so zeros (it mostly feeds expand_as's shape)
    "aten.empty.memory_format": _filled(lambda a: 0),
    **{f"aten.{name}.default": _filled(lambda a: 1) for name in ("ones", "ones_like", "new_ones")},
    "aten.arange.default": _arange,
    "aten.arange.start": _arange,
    "aten.arange.start_step": _arange,
    **{f"aten.linspace.{o}": _spaced(False) for o in ("default", "Tensor_Tensor", "Tensor_Scalar", "Scalar_Tensor")},
    **{f"aten.logspace.{o}": _spaced(True) for o in ("default", "Tensor_Tensor", "Tensor_Scalar", "Scalar_Tensor")},
    "aten.scalar_tensor.default": _folded,
    "aten.eye.default": _folded,
    "aten.eye.m": _folded,
}
