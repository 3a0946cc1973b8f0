"""MLIR (relax + tensorir) -> TVMScript text, with the look of TVM's printer.

The conventions (names in locations, what prints how) are in
docs/tvmscript.md. The printer walks the MLIR ops with the Python bindings;
scalar tensorir values are inlined into the expressions that use them.
"""

import base64
import json
import math
import sys

import numpy as np
from mlir import ir

from ..base import TVMLIRError
from .operators import BY_MLIR_NAME

INDENT = "    "

HEADER = {
    "ir": "# from tvmlir.script import ir as I",
    "tir": "# from tvmlir.script import tir as T",
    "relax": "# from tvmlir.script import relax as R",
}

_FUNCTION_ATTRS = {"sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs"}
_BLOCK_ATTRS = {"name", "iter_kinds", "read_maps", "write_maps", "operandSegmentSizes"}


# --------------------------------------------------------------------------
# Types and attributes
# --------------------------------------------------------------------------

_FLOAT_DTYPES = {"f16": "float16", "bf16": "bfloat16", "f32": "float32", "f64": "float64"}


def dtype_of(element_type):
    """TVM's dtype string of an MLIR element type (`f32` -> `float32`)."""
    text = str(element_type)
    if text in _FLOAT_DTYPES:
        return _FLOAT_DTYPES[text]
    if text == "i1":
        return "bool"
    if text == "index":
        return "int64"
    if text.startswith("ui"):
        return "uint" + text[2:]
    if text.startswith("i"):
        return "int" + text[1:]
    raise TVMLIRError(f"element type {text} has no TVM dtype")


def symbolic_names(tensor_type):
    """Names of the dynamic dimensions of a relax tensor, in order."""
    encoding = tensor_type.encoding
    if encoding is None:
        return ["?"] * sum(1 for d in tensor_type.shape if d == ir.ShapedType.get_dynamic_size())
    return sym_attr_names(encoding)


def sym_attr_names(attr):
    """The names in a `#relax.sym<["n", "m"]>` attribute, read from its text."""
    inner = str(attr)[len('#relax.sym<['):-2]
    return [name.strip().strip('"') for name in inner.split(",")] if inner else []


def _shape_text(shape, quote_symbols):
    # A dimension known by no name ("?") is quoted everywhere, a named one in
    # signatures only (the body refers to the `n = T.int64()` it defines).
    dims = [f'"{d}"' if isinstance(d, str) and (quote_symbols or d == "?") else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def relax_shape(tensor_type):
    """Dimensions of a relax tensor type: ints, and names for symbolic ones."""
    names = iter(symbolic_names(tensor_type))
    return [next(names) if d == ir.ShapedType.get_dynamic_size() else d for d in tensor_type.shape]


def relax_type(type_, in_signature=False):
    """`R.Tensor((1, 784), dtype="float32")`; symbolic dims are quoted in a
    signature and bare names (defined by `n = T.int64()`) in a body."""
    if isinstance(type_, ir.RankedTensorType):
        tensor = ir.RankedTensorType(type_)
        shape = _shape_text(relax_shape(tensor), quote_symbols=in_signature)
        return f'R.Tensor({shape}, dtype="{dtype_of(tensor.element_type)}")'
    if isinstance(type_, ir.TupleType):
        tuple_type = ir.TupleType(type_)
        fields = [relax_type(tuple_type.get_type(i), in_signature) for i in range(tuple_type.num_types)]
        return "R.Tuple(" + ", ".join(fields) + ")"
    raise TVMLIRError(f"type {type_} has no TVMScript spelling")


def attr_value(attr):
    """A Python literal for a function attribute."""
    if isinstance(attr, ir.BoolAttr):
        return "True" if ir.BoolAttr(attr).value else "False"
    if isinstance(attr, ir.IntegerAttr):
        return str(ir.IntegerAttr(attr).value)
    if isinstance(attr, ir.FloatAttr):
        return repr(ir.FloatAttr(attr).value)
    if isinstance(attr, ir.StringAttr):
        return '"' + ir.StringAttr(attr).value + '"'
    if isinstance(attr, ir.ArrayAttr):
        return "[" + ", ".join(attr_value(a) for a in ir.ArrayAttr(attr)) + "]"
    raise TVMLIRError(f"attribute {attr} has no TVMScript spelling")


def func_attrs(op, inherent=_FUNCTION_ATTRS):
    """`{"num_input": 1}` of an op's own (not inherent) attributes, sorted by name."""
    attrs = {name: op.attributes[name] for name in op.attributes if name not in inherent}
    if not attrs:
        return None
    return "{" + ", ".join(f'"{k}": {attr_value(attrs[k])}' for k in sorted(attrs)) + "}"


def is_private(op):
    return "sym_visibility" in op.attributes and ir.StringAttr(op.attributes["sym_visibility"]).value == "private"


def symbol_name(op):
    return ir.StringAttr(op.attributes["sym_name"]).value


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------

def location_names(location):
    """The names a location gives its op's results (docs/tvmscript.md)."""
    if location.is_a_name():
        return [location.name_str]
    if location.is_a_fused():
        names = [location_names(inner) for inner in location.locations]
        if all(len(n) == 1 for n in names):
            return [n[0] for n in names]
    return []


def value_name(value):
    """The name a value carries in its location, or None."""
    value = value.maybe_downcast()
    if isinstance(value, ir.OpResult):
        result = value
        names = location_names(result.owner.location)
        return names[result.result_number] if result.result_number < len(names) else None
    names = location_names(value.location)
    return names[0] if names else None


class Namer:
    """Gives each value of one function a printed name unique among the names
    in scope, with TVM's uniquing rule (`lv`, `lv_1`, `lv_2`, ...). A loop's
    names go out of scope after the loop, so the next loop may reuse `i0`."""

    def __init__(self):
        self._names = {}
        self._used = set()
        self._scopes = [[]]

    def push_scope(self):
        self._scopes.append([])

    def pop_scope(self):
        self._used.difference_update(self._scopes.pop())

    def define(self, value, fallback, owner=None):
        """Names `value` after its location, else after `owner`'s (a loop's
        name may sit on the loop op), else `fallback`."""
        base = value_name(value) or (owner is not None and (location_names(owner.location) or [None])[0]) \
            or fallback
        name, count = base, 0
        while name in self._used:
            count += 1
            name = f"{base}_{count}"
        self._used.add(name)
        self._scopes[-1].append(name)
        self._names[value] = name
        return name

    def alias(self, value, other, suffix=""):
        """`value` prints as the name already given to `other` (plus `suffix`,
        e.g. `[1]` for a field of a tuple binding)."""
        self._names[value] = self._names[other] + suffix

    def __getitem__(self, value):
        if value not in self._names:
            raise TVMLIRError(f"value used before it is defined: {value}")
        return self._names[value]


class Lines:
    """Indented output lines."""

    def __init__(self):
        self.lines = []

    def add(self, depth, text):
        self.lines.append(INDENT * depth + text)


# --------------------------------------------------------------------------
# relax
# --------------------------------------------------------------------------

def _relax_call(op, names, metadata):
    """The right-hand side of a relax binding."""
    name = op.operation.name
    args = [names[v] for v in op.operands]
    if name == "relax.permute_dims":
        axes = "None"
        if "axes" in op.attributes:
            axes = "[" + ", ".join(str(a) for a in ir.DenseI64ArrayAttr(op.attributes["axes"])) + "]"
        return f"R.permute_dims({args[0]}, axes={axes})"
    if name == "relax.matmul":
        out_dtype = "void"
        if "out_dtype" in op.attributes:
            out_dtype = dtype_of(ir.TypeAttr(op.attributes["out_dtype"]).value)
        return f'R.matmul({args[0]}, {args[1]}, out_dtype="{out_dtype}")'
    if name == "relax.call_tir":
        callee = ir.FlatSymbolRefAttr(op.attributes["callee"]).value
        arg_tuple = "(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"
        outs = [relax_type(r.type) for r in op.results]
        out_sinfo = outs[0] if len(outs) == 1 else "[" + ", ".join(outs) + "]"
        return f"R.call_tir(cls.{callee}, {arg_tuple}, out_sinfo={out_sinfo})"
    if name == "relax.call":
        callee = ir.FlatSymbolRefAttr(op.attributes["callee"]).value
        return f"cls.{callee}({', '.join(args)})"
    if name == "relax.constant":
        return _relax_constant(op, metadata)
    if name == "relax.tuple":
        return "(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"
    if name == "relax.tuple_get_item":
        return f"{args[0]}[{ir.IntegerAttr(op.attributes['index']).value}]"
    if name in BY_MLIR_NAME:
        spec = BY_MLIR_NAME[name]
        if spec.variadic:
            args = ["(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"]
        attrs = [f"{attr.name}={_attr_argument(op, attr)}" for attr in spec.attrs]
        return f"R.{spec.script}(" + ", ".join(args + attrs) + ")"
    raise TVMLIRError(f"'{name}' has no TVMScript spelling")


def _attr_argument(op, spec):
    """An attribute of `op` as the keyword argument `spec` (operators.Attr)."""
    if spec.name not in op.attributes:
        return "None"
    attr, kind = op.attributes[spec.name], spec.kind
    if kind == "float":
        return _scalar_literal(ir.FloatAttr(attr).value)
    if kind == "dtype":
        return f'"{dtype_of(ir.TypeAttr(attr).value)}"'
    if kind == "int_or_ints":
        kind = "ints" if isinstance(attr, ir.DenseI64ArrayAttr) else "int"
    if kind in ("ints", "shape"):
        values = "[" + ", ".join(str(v) for v in ir.DenseI64ArrayAttr(attr)) + "]"
        return f"R.shape({values})" if kind == "shape" else values
    return attr_value(attr)


# Constants of more elements than this are not written out: a splat prints
# its one value and shape, others as TVM prints every non-scalar constant, a
# reference into the metadata section (written only with show_meta=True), so
# printing costs the IR's size, not the data's.
INLINE_CONSTANT_LIMIT = 64

METADATA_KEY = "relax.expr.Constant"
METADATA_OMITTED = "# Metadata omitted. Use show_meta=True in script() method to show it."


def _relax_constant(op, metadata):
    """`R.const(1.5, "float32")`, `R.const([1.0, 2.0], "float32")`, a splat as
    `R.const(0.0, "float32", shape=(4000, 4000))`, or a metadata reference."""
    attr = ir.DenseElementsAttr(op.attributes["value"])
    tensor = ir.RankedTensorType(attr.type)
    dtype = dtype_of(tensor.element_type)
    count = math.prod(tensor.shape)
    if attr.is_splat and count > INLINE_CONSTANT_LIMIT:
        value = _scalar_literal(_splat_value(attr.get_splat_value()))
        return f'R.const({value}, "{dtype}", shape={_shape_text(tensor.shape, False)})'
    if count > INLINE_CONSTANT_LIMIT:
        return f'metadata["{METADATA_KEY}"][{metadata.index(attr)}]'
    if attr.is_splat:
        value = np.full(tensor.shape, _splat_value(attr.get_splat_value()))
    else:
        value = np.array(attr)
    return f'R.const({_literal(value.tolist())}, "{dtype}")'


def _splat_value(splat):
    if isinstance(splat, ir.FloatAttr):
        return ir.FloatAttr(splat).value
    value = ir.IntegerAttr(splat).value
    return bool(value) if ir.IntegerType(splat.type).width == 1 else value


def _literal(value):
    """A number or nested list of them as TVMScript; inf and nan are not
    Python literals, so they are strings, as TVM prints them ("-inf")."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return _scalar_literal(value)


def _scalar_literal(value):
    if isinstance(value, float) and not math.isfinite(value):
        return f'"{value}"'
    return repr(value)


class Metadata:
    """The constants a printed module refers to as
    ``metadata["relax.expr.Constant"][i]``, each once, in order of use."""

    def __init__(self):
        self.constants = {}  # DenseElementsAttr -> index (attributes are uniqued: hashing is cheap)

    def index(self, attr):
        return self.constants.setdefault(attr, len(self.constants))

    def section(self):
        """``metadata = tvmlir.ir.load_json(...)``: each constant's dtype, shape
        and little-endian C-order bytes in base64 (bools one byte each)."""
        entries = []
        for attr in self.constants:
            tensor = ir.RankedTensorType(attr.type)
            array = np.require(np.array(attr), requirements="C")
            if sys.byteorder != "little":
                array = array.byteswap()
            entries.append({"dtype": dtype_of(tensor.element_type), "shape": list(tensor.shape),
                            "data": base64.b64encode(array.tobytes()).decode("ascii")})
        return f'metadata = tvmlir.ir.load_json("""{json.dumps({METADATA_KEY: entries})}""")'


def with_metadata(lines, metadata, show_meta):
    """The printed lines with the metadata section first (show_meta) or, as
    TVM does, a comment at the end that says it was left out."""
    if not metadata.constants:
        return lines
    if show_meta:
        return [metadata.section()] + lines
    return lines + ["", METADATA_OMITTED]


def _uses_call_tir(op):
    found = []

    def visit(inner):
        if inner.operation.name in ("relax.call_tir", "relax.call"):
            found.append(inner)
        return ir.WalkResult.ADVANCE

    op.operation.walk(visit)
    return bool(found)


class RelaxFunctionPrinter:
    def __init__(self, op, in_module, metadata):
        self.op, self.in_module, self.metadata = op, in_module, metadata
        self.names = Namer()
        self.out = Lines()

    def print(self):
        op = self.op
        entry = op.regions[0].blocks[0]
        function_type = ir.FunctionType(ir.TypeAttr(op.attributes["function_type"]).value)
        params = ", ".join(
            f"{self.names.define(arg, 'x')}: {relax_type(arg.type, in_signature=True)}"
            for arg in entry.arguments)
        results = function_type.results
        ret = relax_type(results[0], in_signature=True) if len(results) == 1 else \
            "R.Tuple(" + ", ".join(relax_type(r, True) for r in results) + ")"
        self.out.add(0, "@R.function(private=True)" if is_private(op) else "@R.function")
        self.out.add(0, f"def {symbol_name(op)}({params}) -> {ret}:")
        for name in self._symbolic_names():
            self.out.add(1, f"{name} = T.int64()")
        attrs = func_attrs(op)
        if attrs:
            self.out.add(1, f"R.func_attr({attrs})")
        if self.in_module and _uses_call_tir(op):
            self.out.add(1, "cls = Module")
        self._print_block(entry, 1, fallback="gv")
        return self.out.lines

    def _symbolic_names(self):
        names = []

        def collect(type_):
            if isinstance(type_, ir.RankedTensorType):
                for name in symbolic_names(ir.RankedTensorType(type_)):
                    if name != "?" and name not in names:
                        names.append(name)
            elif isinstance(type_, ir.TupleType):
                tuple_type = ir.TupleType(type_)
                for i in range(tuple_type.num_types):
                    collect(tuple_type.get_type(i))

        def visit(inner):
            for result in inner.results:
                collect(result.type)
            return ir.WalkResult.ADVANCE

        for arg in self.op.regions[0].blocks[0].arguments:
            collect(arg.type)
        self.op.operation.walk(visit)
        return names

    def _print_block(self, block, depth, fallback):
        for op in block.operations:
            name = op.operation.name
            if name == "relax.dataflow":
                self._print_dataflow(op, depth)
            elif name == "relax.return":
                values = [self.names[v] for v in op.operands]
                self.out.add(depth, "return " + (", ".join(values) if len(values) != 1 else values[0]))
            else:
                self._print_binding(op, depth, fallback)

    def _print_binding(self, op, depth, fallback):
        rhs = _relax_call(op, self.names, self.metadata)
        if len(op.results) != 1:
            # A call_tir with several outputs binds a tuple; its fields are the
            # op's results.
            target = self.names.define(op.results[0], fallback)
            for index, result in reversed(list(enumerate(op.results))):
                self.names.alias(result, op.results[0], f"[{index}]")
            self.out.add(depth, f"{target} = {rhs}")
            return
        target = self.names.define(op.results[0], fallback)
        if op.operation.name == "relax.call_tir":
            self.out.add(depth, f"{target} = {rhs}")
        else:
            self.out.add(depth, f"{target}: {relax_type(op.results[0].type)} = {rhs}")

    def _print_dataflow(self, op, depth):
        self.out.add(depth, "with R.dataflow():")
        body = op.regions[0].blocks[0]
        ops = list(body.operations)
        for inner in ops[:-1]:
            self._print_binding(inner, depth + 1, fallback="lv")
        output = ops[-1]
        outputs = []
        for result, yielded in zip(op.results, output.operands):
            if value_name(result) in (None, value_name(yielded)) and not isinstance(yielded, ir.BlockArgument):
                self.names.alias(result, yielded)
            else:
                alias = self.names.define(result, "gv")
                self.out.add(depth + 1, f"{alias}: {relax_type(result.type)} = {self.names[yielded]}")
            outputs.append(self.names[result])
        self.out.add(depth + 1, "R.output(" + ", ".join(outputs) + ")")


# --------------------------------------------------------------------------
# tensorir
# --------------------------------------------------------------------------

_BINARY = {
    "arith.addf": ("+", 4), "arith.addi": ("+", 4),
    "arith.subf": ("-", 4), "arith.subi": ("-", 4),
    "arith.mulf": ("*", 5), "arith.muli": ("*", 5),
    "arith.divf": ("/", 5), "arith.divsi": ("/", 5), "arith.floordivsi": ("//", 5),
    "arith.remsi": ("%", 5), "arith.remf": ("%", 5),
}
_BITWISE = {"arith.andi": ("&", 3.7), "arith.xori": ("^", 3.5), "arith.ori": ("|", 3.3)}
_BOOLEAN = {"arith.andi": ("and", 2), "arith.ori": ("or", 1)}
_CALLS = {
    "arith.maximumf": "T.max", "arith.maxnumf": "T.max", "arith.maxsi": "T.max", "arith.maxui": "T.max",
    "arith.minimumf": "T.min", "arith.minnumf": "T.min", "arith.minsi": "T.min", "arith.minui": "T.min",
    "arith.select": "T.Select", "math.exp": "T.exp", "math.log": "T.log", "math.sqrt": "T.sqrt",
    "math.rsqrt": "T.rsqrt", "math.tanh": "T.tanh", "math.erf": "T.erf", "math.absf": "T.fabs",
    "math.floor": "T.floor", "math.ceil": "T.ceil", "math.round": "T.round", "math.sin": "T.sin",
    "math.cos": "T.cos", "math.powf": "T.pow", "math.tan": "T.tan", "math.asin": "T.asin",
    "math.acos": "T.acos", "math.atan": "T.atan", "math.sinh": "T.sinh", "math.cosh": "T.cosh",
    "math.asinh": "T.asinh", "math.acosh": "T.acosh", "math.atanh": "T.atanh", "math.trunc": "T.trunc",
    "math.log1p": "T.log1p", "math.roundeven": "T.nearbyint",
}
_CASTS = {"arith.extf", "arith.truncf", "arith.sitofp", "arith.uitofp", "arith.fptosi",
          "arith.fptoui", "arith.extsi", "arith.extui", "arith.trunci", "arith.index_cast"}
# arith.cmpf / arith.cmpi predicates (their enum values) as Python operators.
_CMPF = {1: "==", 2: ">", 3: ">=", 4: "<", 5: "<=", 6: "!=", 8: "==", 9: ">", 10: ">=", 11: "<", 12: "<=", 13: "!="}
_CMPF_UNORDERED = 14  # `x != x`: T.isnan(x)
_CMPI = {0: "==", 1: "!=", 2: "<", 3: "<=", 4: ">", 5: ">=", 6: "<", 7: "<=", 8: ">", 9: ">="}
_ATOM = 7


def _paren(text_prec, minimum):
    text, prec = text_prec
    return f"({text})" if prec < minimum else text


def scalar_constant(op):
    """`T.float32(0.0)`, `T.int64(3)`."""
    attr = op.attributes["value"]
    dtype = dtype_of(op.results[0].type)
    if isinstance(attr, ir.FloatAttr):
        value = ir.FloatAttr(attr).value
        # inf and nan are not Python literals: TVMScript spells them as strings.
        text = repr(value) if math.isfinite(value) else f'"{value}"'
        return f"T.{dtype}({text})"
    value = ir.IntegerAttr(attr).value
    if dtype == "bool":
        return "T.bool(True)" if value else "T.bool(False)"
    return f"T.{dtype}({value})"


def _symbolic_dims(op, entry):
    """{parameter index: {dimension: name}} of the buffer parameters with
    symbolic dimensions, from their `relax.sym` argument attributes."""
    dims = {}
    arg_attrs = list(ir.ArrayAttr(op.attributes["arg_attrs"])) if "arg_attrs" in op.attributes else []
    for index, arg in enumerate(entry.arguments):
        if not isinstance(arg.type, ir.MemRefType) or ir.MemRefType(arg.type).has_static_shape:
            continue
        attrs = ir.DictAttr(arg_attrs[index]) if index < len(arg_attrs) else None
        if attrs is None or "relax.sym" not in attrs:
            raise TVMLIRError("printing buffers of symbolic shape as TVMScript needs their dimension names "
                              "(the relax.sym argument attribute that LegalizeOps sets)")
        names = iter(sym_attr_names(attrs["relax.sym"]))
        memref = ir.MemRefType(arg.type)
        dims[index] = {i: next(names) for i, d in enumerate(memref.shape) if d == ir.ShapedType.get_dynamic_size()}
    return dims


class PrimFuncPrinter:
    def __init__(self, op):
        self.op = op
        self.names = Namer()
        self.out = Lines()

    def print(self):
        op = self.op
        entry = op.regions[0].blocks[0]
        symbolic = _symbolic_dims(op, entry)
        params, matched = [], []
        for index, arg in enumerate(entry.arguments):
            name = self.names.define(arg, "buf")
            if index in symbolic:  # TVM's handle, matched to a buffer of symbolic shape
                params.append(f"var_{name}: T.handle")
                matched.append((name, arg, symbolic[index]))
            else:
                params.append(f"{name}: {self._param_type(arg.type)}")
        self.out.add(0, "@T.prim_func(private=True)" if is_private(op) else "@T.prim_func")
        self.out.add(0, f"def {symbol_name(op)}({', '.join(params)}):")
        attrs = func_attrs(op)
        if attrs:
            self.out.add(1, f"T.func_attr({attrs})")
        self._print_symbolic_params(entry, matched)
        self.out.add(1, '# with T.block("root"):')
        before = len(self.out.lines)
        self._print_statements(entry, 1)
        if len(self.out.lines) == before:
            self.out.add(1, "T.evaluate(0)")
        return self.out.lines

    def _print_symbolic_params(self, entry, matched):
        """`n = T.int64()` per symbolic name, then `x = T.match_buffer(var_x,
        (n, T.int64(784)))` per handle; the `memref.dim` that reads a name is
        printed as the name."""
        self.dim_names = {}
        declared = []
        for _, _, dims in matched:
            for name in dims.values():
                if name not in declared:
                    declared.append(name)
                    self.out.add(1, f"{name} = T.int64()")
        for buffer, arg, dims in matched:
            memref = ir.MemRefType(arg.type)
            shape = _shape_text([dims.get(i, f"T.int64({d})") for i, d in enumerate(memref.shape)],
                                quote_symbols=False)
            dtype = dtype_of(memref.element_type)
            dtype_text = "" if dtype == "float32" else f', "{dtype}"'
            self.out.add(1, f"{buffer} = T.match_buffer(var_{buffer}, {shape}{dtype_text})")
        for op in entry.operations:
            if op.operation.name == "memref.dim":
                source, index = op.operands
                owner = next((i for i, a in enumerate(entry.arguments) if a == source), None)
                dim = ir.IntegerAttr(index.owner.attributes["value"]).value
                names = next((dims for _, a, dims in matched if a == source), {})
                if owner is None or dim not in names:
                    raise TVMLIRError("a size read of an unnamed symbolic dimension has no TVMScript spelling")
                self.dim_names[op.results[0]] = names[dim]

    def _param_type(self, type_):
        if isinstance(type_, ir.MemRefType):
            return self._buffer_type(ir.MemRefType(type_))
        return f"T.{dtype_of(type_)}"

    def _buffer_type(self, memref):
        if any(d == ir.ShapedType.get_dynamic_size() for d in memref.shape):
            raise TVMLIRError("printing buffers of symbolic shape as TVMScript is not supported yet")
        shape = _shape_text([f"T.int64({d})" for d in memref.shape], quote_symbols=False)
        return f'T.Buffer({shape}, "{dtype_of(memref.element_type)}")'

    # Statements -----------------------------------------------------------

    def _print_statements(self, block, depth):
        for op in block.operations:
            name = op.operation.name
            if name == "tensorir.for":
                self._print_loop_nest(op, depth)
            elif name == "tensorir.block":
                self._print_block(op, depth)
            elif name == "tensorir.init":
                self.out.add(depth, "with T.init():")
                self._print_statements(op.regions[0].blocks[0], depth + 1)
            elif name == "tensorir.store":
                value, buffer, *indices = op.operands
                self.out.add(depth, f"{self._access(buffer, indices)} = {self.expr(value)[0]}")
            elif name == "tensorir.alloc_buffer":
                self._print_alloc(op, depth)
            elif name.startswith(("arith.", "math.")) or name in ("tensorir.load", "memref.dim"):
                continue  # printed inline where used
            else:
                raise TVMLIRError(f"'{name}' cannot be printed in a prim_func")

    def _print_alloc(self, op, depth):
        memref = ir.MemRefType(op.results[0].type)
        target = self.names.define(op.results[0], "buf")
        sizes = iter(op.operands)  # one per symbolic dimension, in order
        dynamic = ir.ShapedType.get_dynamic_size()
        shape = _shape_text([self.expr(next(sizes))[0] if d == dynamic else f"T.int64({d})" for d in memref.shape],
                            quote_symbols=False)
        args = [shape]
        dtype = dtype_of(memref.element_type)
        if dtype != "float32":
            args.append(f'"{dtype}"')
        scope = ir.StringAttr(op.attributes["scope"]).value if "scope" in op.attributes else "global"
        if scope != "global":
            args.append(f'scope="{scope}"')
        self.out.add(depth, f"{target} = T.alloc_buffer({', '.join(args)})")

    def _loop_kind(self, op):
        if "kind" not in op.attributes:
            return "serial"
        text = str(op.attributes["kind"])  # #tensorir.for_kind<parallel>
        return text[text.index("<") + 1:-1]

    def _starts_at_zero(self, op):
        lower = op.operands[0]
        return isinstance(lower, ir.OpResult) and lower.owner.name == "arith.constant" and \
            ir.IntegerAttr(lower.owner.attributes["value"]).value == 0

    def _is_grid_loop(self, op):
        return op.operation.name == "tensorir.for" and self._loop_kind(op) == "serial" and \
            self._starts_at_zero(op)

    def _print_loop_nest(self, op, depth):
        if not self._is_grid_loop(op):
            self._print_loop(op, depth)
            return
        # Perfectly nested serial loops from 0 print as one T.grid.
        nest = [op]
        while True:
            body = list(nest[-1].regions[0].blocks[0].operations)
            if len(body) == 1 and self._is_grid_loop(body[0]):
                nest.append(body[0])
            else:
                break
        extents = [self.expr(loop.operands[1])[0] for loop in nest]
        self.names.push_scope()
        names = [self.names.define(loop.regions[0].blocks[0].arguments[0], "i", owner=loop) for loop in nest]
        if len(nest) == 1:
            self.out.add(depth, f"for {names[0]} in range({extents[0]}):")
        else:
            self.out.add(depth, f"for {', '.join(names)} in T.grid({', '.join(extents)}):")
        self._print_statements(nest[-1].regions[0].blocks[0], depth + 1)
        self.names.pop_scope()

    def _print_loop(self, op, depth):
        kind = self._loop_kind(op)
        lower, upper = (self.expr(v)[0] for v in op.operands)
        self.names.push_scope()
        name = self.names.define(op.regions[0].blocks[0].arguments[0], "i", owner=op)
        bounds = upper if self._starts_at_zero(op) else f"{lower}, {upper}"
        if kind == "thread_binding":
            thread = ir.StringAttr(op.attributes["thread"]).value
            header = f'T.thread_binding({bounds}, thread="{thread}")'
        else:
            header = {"serial": "T.serial", "parallel": "T.parallel", "vectorized": "T.vectorized",
                      "unrolled": "T.unroll"}[kind] + f"({bounds})"
        self.out.add(depth, f"for {name} in {header}:")
        self._print_statements(op.regions[0].blocks[0], depth + 1)
        self.names.pop_scope()

    def _print_block(self, op, depth):
        body = op.regions[0].blocks[0]
        kinds = ir.StringAttr(op.attributes["iter_kinds"]).value
        n = len(kinds)
        operands = list(op.operands)
        bindings, extents = operands[:n], operands[n:2 * n]
        segments = list(ir.DenseI32ArrayAttr(op.attributes["operandSegmentSizes"]))
        has_predicate = segments[2] == 1
        rest = operands[2 * n + (1 if has_predicate else 0):]
        reads, writes = rest[:segments[3]], rest[segments[3]:]
        self.out.add(depth, f'with T.block("{ir.StringAttr(op.attributes["name"]).value}"):')
        inner = depth + 1
        ivs = [self.names.define(arg, "v") for arg in body.arguments]
        if n and self._is_remap(bindings, extents):
            self.out.add(inner, f'{", ".join(ivs)} = T.axis.remap("{kinds}", [{", ".join(self.names[b] for b in bindings)}])')
        else:
            for iv, kind, extent, binding in zip(ivs, kinds, extents, bindings):
                axis = "spatial" if kind == "S" else "reduce"
                self.out.add(inner, f"{iv} = T.axis.{axis}({self.expr(extent)[0]}, {self.expr(binding)[0]})")
        if has_predicate:
            self.out.add(inner, f"T.where({self.expr(operands[2 * n])[0]})")
        self.out.add(inner, f"T.reads({self._regions(reads, op.attributes['read_maps'], ivs)})")
        self.out.add(inner, f"T.writes({self._regions(writes, op.attributes['write_maps'], ivs)})")
        annotations = func_attrs(op, _BLOCK_ATTRS)
        if annotations:
            self.out.add(inner, f"T.block_attr({annotations})")
        self._print_statements(body, inner)

    def _is_remap(self, bindings, extents):
        """`T.axis.remap` applies when each binding is a distinct loop variable
        and each extent is that loop's."""
        loops = []
        for binding, extent in zip(bindings, extents):
            if not isinstance(binding, ir.BlockArgument):
                return False
            loop = ir.BlockArgument(binding).owner.owner
            if loop.name != "tensorir.for" or binding in loops:
                return False
            if self.expr(loop.operands[1])[0] != self.expr(extent)[0] or not self._starts_at_zero(loop.opview):
                return False
            loops.append(binding)
        return True

    def _regions(self, buffers, maps_attr, ivs):
        regions = []
        for buffer, map_attr in zip(buffers, ir.ArrayAttr(maps_attr)):
            affine_map = ir.AffineMapAttr(map_attr).value
            indices = [self._affine(expr, ivs)[0] for expr in affine_map.results]
            regions.append(f"{self.names[buffer]}[{', '.join(indices) if indices else '()'}]")
        return ", ".join(regions)

    def _affine(self, expr, ivs):
        """An affine index expression over the block's iteration variables."""
        if isinstance(expr, ir.AffineDimExpr):
            return ivs[ir.AffineDimExpr(expr).position], _ATOM
        if isinstance(expr, ir.AffineConstantExpr):
            return f"T.int64({ir.AffineConstantExpr(expr).value})", _ATOM
        for cls, op_text, prec in ((ir.AffineAddExpr, "+", 4), (ir.AffineMulExpr, "*", 5),
                                   (ir.AffineFloorDivExpr, "//", 5), (ir.AffineModExpr, "%", 5)):
            if isinstance(expr, cls):
                binary = cls(expr)
                lhs = _paren(self._affine(binary.lhs, ivs), prec)
                rhs = _paren(self._affine(binary.rhs, ivs), prec + 1)
                return f"{lhs} {op_text} {rhs}", prec
        raise TVMLIRError(f"affine expression {expr} has no TVMScript spelling")

    def _access(self, buffer, indices):
        # A 0-d buffer's one element: TVM's `A[()]`.
        text = ", ".join(self.expr(i)[0] for i in indices) if len(indices) else "()"
        return f"{self.names[buffer]}[{text}]"

    # Expressions ----------------------------------------------------------

    def expr(self, value):
        """(text, precedence) of a scalar value, inlining its definition."""
        if isinstance(value, ir.BlockArgument):
            return self.names[value], _ATOM
        op = ir.OpResult(value).owner
        name = op.name
        operands = list(op.operands)
        if name == "arith.constant":
            return scalar_constant(op), _ATOM
        if name == "memref.dim":
            return self.dim_names[value], _ATOM
        if name == "tensorir.load":
            return self._access(operands[0], operands[1:]), _ATOM
        if name in _BINARY:
            symbol, prec = _BINARY[name]
            return f"{_paren(self.expr(operands[0]), prec)} {symbol} {_paren(self.expr(operands[1]), prec + 1)}", prec
        if name in _BITWISE:
            # Booleans use `and` / `or`; Python ranks & ^ | between + and comparisons.
            result = op.results[0].type
            boolean = isinstance(result, ir.IntegerType) and result.width == 1
            word, prec = _BOOLEAN[name] if boolean and name in _BOOLEAN else _BITWISE[name]
            return f"{_paren(self.expr(operands[0]), prec)} {word} {_paren(self.expr(operands[1]), prec + 0.1)}", prec
        if name == "arith.negf":
            return f"-{_paren(self.expr(operands[0]), 6)}", 6
        if name in ("arith.cmpf", "arith.cmpi"):
            table = _CMPF if name == "arith.cmpf" else _CMPI
            predicate = ir.IntegerAttr(op.attributes["predicate"]).value
            if name == "arith.cmpf" and predicate == _CMPF_UNORDERED and operands[0] == operands[1]:
                return f"T.isnan({self.expr(operands[0])[0]})", _ATOM
            if predicate not in table:
                raise TVMLIRError(f"{name} predicate {predicate} has no TVMScript spelling")
            return f"{_paren(self.expr(operands[0]), 4)} {table[predicate]} {_paren(self.expr(operands[1]), 4)}", 3
        if name in _CALLS:
            return f"{_CALLS[name]}({', '.join(self.expr(v)[0] for v in operands)})", _ATOM
        if name in _CASTS:
            return f'T.Cast("{dtype_of(op.results[0].type)}", {self.expr(operands[0])[0]})', _ATOM
        raise TVMLIRError(f"'{name}' has no TVMScript spelling")


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------

def _function_lines(op, in_module, metadata):
    name = op.operation.name
    if name == "relax.function":
        return RelaxFunctionPrinter(op, in_module, metadata).print()
    if name == "tensorir.prim_func":
        return PrimFuncPrinter(op).print()
    raise TVMLIRError(f"'{name}' is not a function of an IRModule")


def _uses_tir(lines):
    return any("T." in line for line in lines)


def print_function(op, show_meta=False):
    """One function as TVMScript, with its own header line(s)."""
    op = op.operation.opview
    metadata = Metadata()
    lines = _function_lines(op, in_module=False, metadata=metadata)
    kind = "tir" if op.operation.name == "tensorir.prim_func" else "relax"
    header = [HEADER["tir"]] if kind == "tir" or _uses_tir(lines[2:]) else []
    if kind == "relax":
        header.append(HEADER["relax"])
    return "\n".join(with_metadata(header + [""] + lines, metadata, show_meta))


def _sort_key(op):
    """prim_funcs first, then relax functions, each sorted by name."""
    return (op.operation.name != "tensorir.prim_func", symbol_name(op))


def print_module(module, show_meta=False):
    """A module as TVMScript: `@I.ir_module class Module:`. Large constants
    are metadata references; ``show_meta`` prints their data too."""
    ops = sorted((op for op in module.body.operations), key=_sort_key)
    metadata = Metadata()
    blocks = [_function_lines(op, in_module=True, metadata=metadata) for op in ops]
    has_prim = any(op.operation.name == "tensorir.prim_func" for op in ops)
    has_relax = any(op.operation.name == "relax.function" for op in ops)
    header = [HEADER["ir"]]
    if has_prim or any(_uses_tir(b) for b in blocks):
        header.append(HEADER["tir"])
    if has_relax:
        header.append(HEADER["relax"])
    lines = header + ["", "@I.ir_module", "class Module:"]
    if not blocks:
        lines.append(INDENT + "pass")
    for index, block in enumerate(blocks):
        if index:
            lines.append("")
        lines.extend(INDENT + line for line in block)
    return "\n".join(with_metadata(lines, metadata, show_meta))
