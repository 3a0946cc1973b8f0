"""The relax operators as TVMScript spells them: one table that the printer
and the parser share. An operator with special syntax (``R.matmul``'s
``out_dtype="void"``, ``R.permute_dims``'s ``axes=None``, ``R.call_tir``,
``R.const``) has its own code in both instead."""

from dataclasses import dataclass

REQUIRED = object()


@dataclass(frozen=True)
class Attr:
    """A keyword argument that is an attribute of the op (same name in ODS)."""

    name: str
    kind: str  # "float", "int", "ints", "bool", "dtype"
    default: object = REQUIRED


@dataclass(frozen=True)
class Operator:
    """``R.<script>(tensors..., attrs...)`` <-> ``relax.<script>``."""

    script: str
    tensors: tuple
    attrs: tuple = ()

    @property
    def mlir_name(self):
        return "relax." + self.script


_BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "power", "maximum", "minimum",
           "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
           "logical_or"]
_UNARY = ["nn.relu", "negative", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "erf",
          "floor", "ceil", "round", "sin", "cos", "nn.gelu", "nn.silu"]

OPERATORS = {op.script: op for op in [
    *(Operator(name, ("x1", "x2")) for name in _BINARY),
    *(Operator(name, ("x",)) for name in _UNARY),
    Operator("clip", ("x",), (Attr("min", "float"), Attr("max", "float"))),
]}

BY_MLIR_NAME = {op.mlir_name: op for op in OPERATORS.values()}
