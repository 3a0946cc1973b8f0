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


def _in_place(name):
    """An in-place op (``relu_``, ``add_``: what ``inplace=True`` modules and
    ``+=`` export to) as its functional form. torch.export makes later uses
    read the op's result; a later read of the mutated input itself would see
    the old value here, so it is an error instead."""
    functional = CONVERTERS[name.replace("_.", ".", 1)]

    def convert(t, node):
        mutated = node.args[0]
        if any(t.comes_after(user, node) for user in mutated.users):
            raise t.unsupported(node, "self", mutated, "an in-place update of a tensor that is read afterwards")
        return functional(t, node)
    return convert


_IN_PLACE = ["relu_.default", "hardtanh_.default", "silu_.default", "sigmoid_.default", "tanh_.default",
             "leaky_relu_.default", "elu_.default", "hardswish_.default", "hardsigmoid_.default", "clamp_.default",
             "add_.Tensor", "sub_.Tensor", "mul_.Tensor", "div_.Tensor", "masked_fill_.Scalar"]

CONVERTERS.update({f"aten.{name}": _in_place(f"aten.{name}") for name in _IN_PLACE})
