"""The converter table: ONNX op type -> converter ``(translator, node) ->
value`` (a relax value or a NumPy array known at import; a list for
multi-output ops), one family per module."""

from . import elementwise, manipulate, nn, reduce

CONVERTERS = {
    **elementwise.CONVERTERS,
    **manipulate.CONVERTERS,
    **reduce.CONVERTERS,
    **nn.CONVERTERS,
}
