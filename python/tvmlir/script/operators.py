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
           "logical_or", "logical_xor", "floor_mod", "mod", "bitwise_and", "bitwise_or", "bitwise_xor"]
_UNARY = ["nn.relu", "negative", "logical_not", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "erf",
          "floor", "ceil", "round", "sin", "cos", "nn.gelu", "nn.silu", "nn.gelu_tanh", "tan", "asin", "acos",
          "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "trunc", "square", "sign", "bitwise_not", "isnan",
          "isinf", "isfinite"]

ELEMENTWISE = [
    *(Operator(name, ("x1", "x2")) for name in _BINARY),
    *(Operator(name, ("x",)) for name in _UNARY),
    Operator("clip", ("x",), (Attr("min", "float"), Attr("max", "float"))),
    Operator("nn.leakyrelu", ("data",), (Attr("alpha", "float", default=0.01),)),
    Operator("nn.softplus", ("data",), (Attr("beta", "float", default=1.0), Attr("threshold", "float", default=20.0))),
]

# Shape manipulation: reshape, expand_dims, squeeze, flatten, concat, split,
# strided_slice, take, broadcast_to, full/zeros/ones, where, astype.
# Positional order is TVM's: R.reshape(x, R.shape([2, 3])), R.full(R.shape([2]), 1.0, "float32").
MANIPULATE = [
    Operator("reshape", ("x",), (Attr("shape", "shape"),)),
    Operator("expand_dims", ("x",), (Attr("axis", "ints"),)),
    Operator("squeeze", ("x",), (Attr("axis", "ints", default=None),)),
    Operator("flatten", ("x",)),
    Operator("concat", ("tensors",), (Attr("axis", "int", default=0),), variadic=True),
    # indices_or_sections (kind "int_or_ints"): `2` is an i64 IntegerAttr (equal
    # sections), `[2, 5]` a DenseI64ArrayAttr (split indices), TVM's two forms.
    Operator("split", ("x",), (Attr("indices_or_sections", "int_or_ints"), Attr("axis", "int", default=0))),
    Operator("strided_slice", ("x",), (Attr("axes", "ints"), Attr("begin", "ints"), Attr("end", "ints"),
                                       Attr("strides", "ints", default=None))),
    # axis=None: x must be 1-D.
    Operator("take", ("x", "indices"), (Attr("axis", "int", default=None),)),
    Operator("broadcast_to", ("x",), (Attr("shape", "shape"),)),
    # fill_value is a number (an f64 attribute), not TVM's 0-D tensor.
    Operator("full", (), (Attr("shape", "shape"), Attr("fill_value", "float"), Attr("dtype", "dtype"))),
    Operator("zeros", (), (Attr("shape", "shape"), Attr("dtype", "dtype"))),
    Operator("ones", (), (Attr("shape", "shape"), Attr("dtype", "dtype"))),
    Operator("where", ("condition", "x1", "x2")),
    Operator("astype", ("x",), (Attr("dtype", "dtype"),)),
    Operator("tril", ("x",), (Attr("k", "int", default=0),)),
    Operator("triu", ("x",), (Attr("k", "int", default=0),)),
    Operator("cumsum", ("data",), (Attr("axis", "int", default=None), Attr("dtype", "dtype", default=None),
                                   Attr("exclusive", "bool", default=False))),
    # start, end and step are numbers (f64 attributes), not TVM's PrimExprs.
    Operator("arange", (), (Attr("start", "float"), Attr("end", "float"), Attr("step", "float", default=1.0),
                            Attr("dtype", "dtype"))),
    Operator("flip", ("data",), (Attr("axis", "int"),)),
]

# Reductions: sum, mean, max, min, prod, variance, argmax, argmin.
REDUCE = [
    *(Operator(name, ("x",), (Attr("axis", "ints", default=None), Attr("keepdims", "bool", default=False)))
      for name in ["sum", "mean", "max", "min", "prod", "variance"]),
    # One axis, or the flattened tensor with axis=None.
    *(Operator(name, ("x",), (Attr("axis", "int", default=None), Attr("keepdims", "bool", default=False)))
      for name in ["argmax", "argmin"]),
]

# Neural-network operators: softmax, log_softmax, norms, dropout, attention.
# The defaults are TVM's; an attribute left out of the call gets it in MLIR.
NN = [
    Operator("nn.softmax", ("data",), (Attr("axis", "int", default=-1),)),
    Operator("nn.log_softmax", ("data",), (Attr("axis", "int", default=-1),)),
    Operator("nn.layer_norm", ("data", "gamma", "beta"),
             (Attr("axes", "ints", default=(-1,)), Attr("epsilon", "float", default=1e-5),
              Attr("center", "bool", default=True), Attr("scale", "bool", default=True))),
    Operator("nn.rms_norm", ("data", "weight"), (Attr("axes", "ints", default=(-1,)),
                                                 Attr("epsilon", "float", default=1e-5))),
    Operator("nn.group_norm", ("data", "gamma", "beta"),
             (Attr("num_groups", "int"), Attr("channel_axis", "int"), Attr("axes", "ints"),
              Attr("epsilon", "float", default=1e-5), Attr("center", "bool", default=True),
              Attr("scale", "bool", default=True))),
    # Inference form; three results: (out, new moving_mean, new moving_var).
    Operator("nn.batch_norm", ("data", "gamma", "beta", "moving_mean", "moving_var"),
             (Attr("axis", "int", default=1), Attr("epsilon", "float", default=1e-5),
              Attr("center", "bool", default=True), Attr("scale", "bool", default=True),
              Attr("momentum", "float", default=0.1))),
    # Inference form; two results: (out, mask).
    Operator("nn.dropout", ("data",), (Attr("rate", "float", default=0.5),)),
    # causal_mask: None, "TopLeft" or "BottomRight" (kind "str": a string literal).
    Operator("nn.attention", ("query", "key", "value"),
             (Attr("scale", "float", default=None), Attr("causal_mask", "str", default=None))),
]

# Convolution and pooling: conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d.
# TVM's keyword names, order and defaults; an attribute left out of the call
# gets its default in MLIR, so the printer shows it as TVM does. Layouts are
# strings (kind "str": a string literal); only NCHW / OIHW are supported.
# padding: 1, 2 or 4 ints, kept as written (the ops complete it as TVM does).
_POOL_WINDOW = (Attr("pool_size", "ints", default=(1, 1)), Attr("strides", "ints", default=(1, 1)),
                Attr("padding", "ints", default=(0, 0, 0, 0)), Attr("dilation", "ints", default=(1, 1)),
                Attr("ceil_mode", "bool", default=False), Attr("count_include_pad", "bool", default=False),
                Attr("layout", "str", default="NCHW"), Attr("out_layout", "str", default=None))

CONV = [
    Operator("nn.conv2d", ("data", "weight"),
             (Attr("strides", "ints", default=(1, 1)), Attr("padding", "ints", default=(0, 0, 0, 0)),
              Attr("dilation", "ints", default=(1, 1)), Attr("groups", "int", default=1),
              Attr("data_layout", "str", default="NCHW"), Attr("kernel_layout", "str", default="OIHW"),
              Attr("out_layout", "str", default=None), Attr("out_dtype", "dtype", default=None))),
    # count_include_pad is accepted by max_pool2d too, as TVM does; it has no effect there.
    Operator("nn.max_pool2d", ("data",), _POOL_WINDOW),
    Operator("nn.avg_pool2d", ("data",), _POOL_WINDOW),
    # output_size: None keeps the input's height and width; 1 int is both.
    Operator("nn.adaptive_avg_pool2d", ("data",),
             (Attr("output_size", "ints", default=None), Attr("layout", "str", default="NCHW"),
              Attr("out_layout", "str", default=None))),
]

OPERATORS = {op.script: op for op in [*ELEMENTWISE, *MANIPULATE, *REDUCE, *NN, *CONV]}

BY_MLIR_NAME = {op.mlir_name: op for op in OPERATORS.values()}
