"""The converter table: ATen op name (``str(node.target)``) -> converter
``(translator, node) -> relax value`` (a list for multi-output ops), one
family per module."""

from . import create, elementwise, manipulate, nn, reduce

CONVERTERS = {
    **elementwise.CONVERTERS,
    **manipulate.CONVERTERS,
    **create.CONVERTERS,
    **reduce.CONVERTERS,
    **nn.CONVERTERS,
}
