"""The relax operators as TVMScript spells them: one table that the printer
and the parser share. An operator with special syntax (``R.matmul``'s
``out_dtype="void"``, ``R.permute_dims``'s ``axes=None``, ``R.call_tir``,
``R.const``) has its own code in both instead.

To add an operator: its ODS definition (the attribute names are the keyword
names), then one ``Operator`` entry in its family's list below.
"""

from dataclasses import dataclass

REQUIRED = object()


@dataclass(frozen=True)
class Attr:
    """A keyword argument that is an attribute of the op (same name in ODS).

    kind: "float", "int", "ints", "bool", "dtype", or "shape" (written
    ``R.shape([2, 3])``, an ODS DenseI64ArrayAttr). ``default=None`` makes it
    optional: an absent attribute prints as ``name=None``.
    """

    name: str
    kind: str
    default: object = REQUIRED


@dataclass(frozen=True)
class Operator:
    """``R.<script>(tensors..., attrs...)`` <-> ``relax.<script>``.

    tensors: names of the tensor parameters, in order. With ``variadic`` the
    one tensor parameter is a tuple of tensors (``R.concat((a, b), axis=0)``).
    An op with several results binds a tuple: ``lv = R.split(...)``, then
    ``lv[0]``.
    """

    script: str
    tensors: tuple
    attrs: tuple = ()
    variadic: bool = False

    @property
    def mlir_name(self):
        return "relax." + self.script


_BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "power", "maximum", "minimum",
           "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
           "logical_or"]
_UNARY = ["nn.relu", "negative", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "erf",
          "floor", "ceil", "round", "sin", "cos", "nn.gelu", "nn.silu"]

ELEMENTWISE = [
    *(Operator(name, ("x1", "x2")) for name in _BINARY),
    *(Operator(name, ("x",)) for name in _UNARY),
    Operator("clip", ("x",), (Attr("min", "float"), Attr("max", "float"))),
]

# Shape manipulation: reshape, expand_dims, squeeze, flatten, concat, split,
# strided_slice, take, broadcast_to, full/zeros/ones, where, astype.
MANIPULATE = []

# Reductions: sum, mean, max, min, prod, variance, argmax.
REDUCE = []

# Neural-network operators: softmax, log_softmax, norms, dropout, attention.
NN = []

# Convolution and pooling: conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d.
CONV = []

OPERATORS = {op.script: op for op in [*ELEMENTWISE, *MANIPULATE, *REDUCE, *NN, *CONV]}

BY_MLIR_NAME = {op.mlir_name: op for op in OPERATORS.values()}
