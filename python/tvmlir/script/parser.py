"""TVMScript -> MLIR: the parser of ``tvmlir.script``.

TVMScript is Python syntax. It is read with :mod:`ast` and never executed: each
decorated function becomes a ``relax.function`` or a ``tensorir.prim_func``
built through the generated bindings, following the conventions of
``docs/tvmscript.md``:

- names live in locations: a named value carries
  ``NameLoc(name, FileLineColLoc(file, line, col))`` (arguments on the block
  argument, op results on the op), an unnamed sub-expression a plain file
  location; lines and columns are 1-based and point at the user's file;
- in a prim_func, every ``index`` constant is created once, at the start of the
  body (``%c0`` first, then increasing), other constants inline at their use.

Every problem raises :class:`tvmlir.base.TVMScriptError` with the user's file,
line and column; MLIR diagnostics (shape inference, the verifiers) are turned
into one at the location of the op that reported them.
"""

import ast
import contextlib
import difflib
import math as _py_math
import re
import struct
import textwrap

from mlir import ir
from mlir.dialects import arith
from mlir.dialects import math as mlir_math

from ..base import TVMScriptError
from ..dialects import relax, tensorir
from ..ir.context import default_context

__all__ = ["parse_source", "script_type"]

# ---------------------------------------------------------------------------
# dtypes and their TVMScript spelling
# ---------------------------------------------------------------------------

_DTYPE_BUILDERS = {
    "float16": ir.F16Type.get,
    "float32": ir.F32Type.get,
    "float64": ir.F64Type.get,
    "bfloat16": ir.BF16Type.get,
    "bool": lambda: ir.IntegerType.get_signless(1),
    **{f"int{w}": (lambda w=w: ir.IntegerType.get_signless(w)) for w in (8, 16, 32, 64)},
    **{f"uint{w}": (lambda w=w: ir.IntegerType.get_unsigned(w)) for w in (8, 16, 32, 64)},
}

# MLIR type text -> dtype; `index` is TVM's int64 scalar.
_TYPE_DTYPES = {
    "f16": "float16", "f32": "float32", "f64": "float64", "bf16": "bfloat16", "i1": "bool",
    "index": "int64",
    **{f"i{w}": f"int{w}" for w in (8, 16, 32, 64)},
    **{f"ui{w}": f"uint{w}" for w in (8, 16, 32, 64)},
}


def element_type(dtype):
    """The MLIR element type of a tensor or buffer of ``dtype`` (None if unknown)."""
    builder = _DTYPE_BUILDERS.get(dtype) if isinstance(dtype, str) else None
    return builder() if builder else None


def scalar_type(dtype):
    """The MLIR type of a tensorir scalar of ``dtype``: ``T.int64`` is ``index``."""
    return ir.IndexType.get() if dtype == "int64" else element_type(dtype)


def dtype_of(type_):
    return _TYPE_DTYPES.get(str(type_), str(type_))


def _is_float(type_):
    return isinstance(type_, ir.FloatType)


def _is_index(type_):
    return isinstance(type_, ir.IndexType)


def _is_integer(type_):
    """index or a signless integer (the integers arith computes with)."""
    return _is_index(type_) or (isinstance(type_, ir.IntegerType) and type_.is_signless)


def _is_bool(type_):
    return isinstance(type_, ir.IntegerType) and type_.width == 1 and type_.is_signless


def _symbolic_names(tensor_type):
    """The names of a tensor's dynamic dimensions, from its ``#relax.sym`` encoding."""
    encoding = tensor_type.encoding
    return re.findall(r'"((?:[^"\\]|\\.)*)"', str(encoding)) if encoding is not None else []


def _tensor_dims(tensor_type):
    names = iter(_symbolic_names(tensor_type))
    dims = []
    for extent in tensor_type.shape:
        if extent == ir.ShapedType.get_dynamic_size():
            name = next(names, "?")
            dims.append(name if name != "?" else '"?"')
        else:
            dims.append(str(extent))
    return dims


def _shape_text(dims):
    dims = [str(d) for d in dims]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def script_type(type_):
    """A type as TVMScript writes it, e.g. ``R.Tensor((1, 256), dtype="float32")``."""
    if isinstance(type_, ir.RankedTensorType):
        return f'R.Tensor({_shape_text(_tensor_dims(type_))}, dtype="{dtype_of(type_.element_type)}")'
    if isinstance(type_, ir.TupleType):
        return "R.Tuple(" + ", ".join(script_type(type_.get_type(i)) for i in range(type_.num_types)) + ")"
    if isinstance(type_, ir.MemRefType):
        return f'T.Buffer({_shape_text(type_.shape)}, "{dtype_of(type_.element_type)}")'
    if isinstance(type_, (ir.IndexType, ir.IntegerType, ir.FloatType)):
        return f"T.{dtype_of(type_)}"
    return str(type_)


def _value_type(value):
    return value.type


# ---------------------------------------------------------------------------
# Source positions and errors
# ---------------------------------------------------------------------------


class _Source:
    """The TVMScript text being parsed and how its positions map to the user's file."""

    def __init__(self, filename, line_offset, col_offset):
        self.filename = filename
        self.line_offset = line_offset
        self.col_offset = col_offset
        # The statement being parsed: where an unexpected failure is reported.
        self.current = None

    def position(self, node):
        """1-based (line, column) of an AST node in the user's file."""
        node = node if hasattr(node, "lineno") else self.current
        if node is None:
            return self.line_offset + 1, self.col_offset + 1
        return node.lineno + self.line_offset, node.col_offset + 1 + self.col_offset

    def location(self, node):
        line, col = self.position(node)
        return ir.Location.file(self.filename, line, col)

    def name_location(self, name, node):
        return ir.Location.name(name, childLoc=self.location(node))

    def error(self, node, message):
        line, col = self.position(node)
        return TVMScriptError(message, self.filename, line, col)


def _file_position(location):
    """(file, line, col) of the innermost file location of an MLIR location."""
    if location.is_a_name():
        return _file_position(location.child_loc)
    if location.is_a_callsite():
        return _file_position(location.callee)
    if location.is_a_fused():
        for inner in location.locations:
            position = _file_position(inner)
            if position:
                return position
        return None
    if location.is_a_file():
        return location.filename, location.start_line, location.start_col
    return None


def _diagnostic_message(diagnostic):
    message = diagnostic.message
    for note in diagnostic.notes:
        position = _file_position(note.location)
        where = f" (line {position[1]})" if position else ""
        message += f"; note: {note.message}{where}"
    return message


def _mlir_error(source, error, fallback_node):
    """A TVMScriptError for an MLIR diagnostic: at the diagnostic's own location
    when it is in the user's file, else at ``fallback_node``."""
    diagnostics = list(error.error_diagnostics)
    if not diagnostics:
        return source.error(fallback_node, str(error))
    first = diagnostics[0]
    message = _diagnostic_message(first)
    position = _file_position(first.location)
    if position and position[0] == source.filename:
        return TVMScriptError(message, source.filename, position[1], position[2])
    return source.error(fallback_node, message)


# ---------------------------------------------------------------------------
# AST helpers
# ---------------------------------------------------------------------------

# The short names that TVMScript gives its namespaces.
_NAMESPACES = {"R": "relax", "relax": "relax", "T": "tir", "tir": "tir", "I": "ir", "ir": "ir"}
_PREFIX = {"relax": "R", "tir": "T", "ir": "I"}

_STATEMENT_NAMES = {
    ast.While: "a `while` loop", ast.If: "an `if` statement", ast.Try: "a `try` statement",
    ast.FunctionDef: "a nested function", ast.AsyncFunctionDef: "a nested function",
    ast.ClassDef: "a nested class", ast.Import: "an import", ast.ImportFrom: "an import",
    ast.Delete: "`del`", ast.Global: "`global`", ast.Nonlocal: "`nonlocal`", ast.Raise: "`raise`",
    ast.Assert: "`assert`", ast.Break: "`break`", ast.Continue: "`continue`",
    ast.AsyncFor: "`async for`", ast.AsyncWith: "`async with`", ast.Return: "`return`",
    ast.For: "a `for` loop", ast.With: "a `with` statement", ast.AugAssign: "an augmented assignment",
    ast.Match: "a `match` statement",
}


def _describe_statement(stmt):
    return _STATEMENT_NAMES.get(type(stmt), f"a `{type(stmt).__name__}` statement")


def _dotted(node):
    """``R.nn.relu`` -> ["R", "nn", "relu"]; None for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _script_name(node):
    """(namespace, name) of ``R.nn.relu`` -> ("relax", "nn.relu"); ("", "range") for a
    bare name; None when the expression names nothing."""
    parts = _dotted(node)
    if parts is None:
        return None
    if len(parts) == 1:
        return "", parts[0]
    namespace = _NAMESPACES.get(parts[0])
    if namespace is None:
        return None
    return namespace, ".".join(parts[1:])


def _call_name(node):
    """(namespace, name) of a call's callee, or None."""
    return _script_name(node.func) if isinstance(node, ast.Call) else None


def _is_call_to(node, namespace, *names):
    name = _call_name(node)
    return name is not None and name[0] == namespace and name[1] in names


def _is_docstring(stmt):
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _python_literal(node):
    """The value of a literal expression (numbers, strings, lists, ...) or raise ValueError."""
    return ast.literal_eval(node)


def _is_number_literal(node):
    """A bare Python number or bool (`1`, `-2.5`, `True`): its type comes from its context."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float))


# Positional-or-keyword parameters of a TVMScript call: (name, required?).
def _bind_arguments(source, call, what, required=(), optional=()):
    """Binds a call's arguments as Python would; returns ``{name: ast node or None}``."""
    names = list(required) + list(optional)
    bound = {}
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            raise source.error(arg, f"{what} does not take *arguments")
    if len(call.args) > len(names):
        raise source.error(call.args[len(names)],
                           f"{what} takes at most {len(names)} positional argument(s), got {len(call.args)}")
    for name, arg in zip(names, call.args):
        bound[name] = arg
    for keyword in call.keywords:
        if keyword.arg is None:
            raise source.error(keyword.value, f"{what} does not take **arguments")
        if keyword.arg not in names:
            close = difflib.get_close_matches(keyword.arg, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; it takes {', '.join(names) or 'no arguments'}"
            raise source.error(keyword.value, f"{what} got an unexpected keyword argument '{keyword.arg}'{hint}")
        if keyword.arg in bound:
            raise source.error(keyword.value, f"{what} got multiple values for argument '{keyword.arg}'")
        bound[keyword.arg] = keyword.value
    for name in required:
        if name not in bound:
            raise source.error(call, f"{what} is missing its argument '{name}'")
    for name in optional:
        bound.setdefault(name, None)
    return bound


def _suggestion(name, candidates, prefix=""):
    close = difflib.get_close_matches(name, sorted(candidates), n=3)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{prefix}{c}'" for c in close) + "?"


# ---------------------------------------------------------------------------
# Attributes: T.func_attr / R.func_attr dictionaries
# ---------------------------------------------------------------------------

# Attributes that belong to the function op itself, not to T.func_attr.
_RESERVED_ATTRIBUTES = {"sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs"}


def _attribute(source, node):
    """A func_attr value: True -> BoolAttr, ints -> i64, floats -> f64, str,
    lists -> ArrayAttr, dicts -> DictAttr, ``T.int32(3)``-style typed scalars."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return ir.BoolAttr.get(value)
        if isinstance(value, int):
            return _integer_attr(source, node, ir.IntegerType.get_signless(64), value)
        if isinstance(value, float):
            return ir.FloatAttr.get(ir.F64Type.get(), value)
        if isinstance(value, str):
            return ir.StringAttr.get(value)
    if _is_number_literal(node):
        return _attribute(source, ast.Constant(_python_literal(node), lineno=node.lineno, col_offset=node.col_offset))
    if isinstance(node, (ast.List, ast.Tuple)):
        return ir.ArrayAttr.get([_attribute(source, element) for element in node.elts])
    if isinstance(node, ast.Dict):
        return ir.DictAttr.get(_attribute_dict(source, node))
    name = _call_name(node)
    if name and name[0] == "tir" and name[1] in _DTYPE_BUILDERS and len(node.args) == 1 and not node.keywords:
        value = _python_literal_or_error(source, node.args[0], f"T.{name[1]}(...) in an attribute")
        type_ = element_type(name[1])
        if _is_bool(type_):
            return ir.BoolAttr.get(bool(value))
        if _is_float(type_):
            return ir.FloatAttr.get(type_, float(value))
        return _integer_attr(source, node, type_, value)
    raise source.error(node, "a function attribute must be a bool, int, float, str, list or dict literal")


def _attribute_dict(source, node):
    entries = {}
    for key, value in zip(node.keys, node.values):
        if key is None:
            raise source.error(value, "attribute dictionaries cannot use ** unpacking")
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            raise source.error(key, "attribute names must be string literals")
        entries[key.value] = _attribute(source, value)
    return entries


def _python_literal_or_error(source, node, what):
    try:
        return _python_literal(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise source.error(node, f"{what} must be a literal") from None


def _integer_attr(source, node, type_, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise source.error(node, f"expected an integer, got {value!r}")
    width = 64 if _is_index(type_) else type_.width
    signed_low, high = -(1 << (width - 1)), (1 << width) - 1
    if width == 1:
        signed_low, high = -1, 1
    if not signed_low <= value <= high:
        raise source.error(node, f"{value} does not fit in {script_type(type_)}")
    return ir.IntegerAttr.get(type_, value)


def _apply_function_attributes(source, function_op, call, what):
    """``R.func_attr({...})`` / ``T.func_attr({...})`` onto the function op."""
    args = _bind_arguments(source, call, what, ["attrs"])
    node = args["attrs"]
    if not isinstance(node, ast.Dict):
        raise source.error(node, f"{what} takes a dictionary literal, e.g. {{\"num_input\": 1}}")
    for name, attribute in _attribute_dict(source, node).items():
        if name in _RESERVED_ATTRIBUTES:
            raise source.error(node, f"'{name}' cannot be set with {what}: it is part of the function itself")
        function_op.attributes[name] = attribute


# ---------------------------------------------------------------------------
# Function decorators
# ---------------------------------------------------------------------------

_FUNCTION_DECORATORS = {("relax", "function"): "relax", ("tir", "prim_func"): "tir"}


def _function_decorator(source, function_node):
    """("relax" | "tir", private) from ``@R.function`` / ``@T.prim_func(private=True)``."""
    found = None
    for decorator in function_node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        name = _script_name(call.func if call else decorator)
        kind = _FUNCTION_DECORATORS.get(name) if name else None
        if kind is None:
            raise source.error(decorator, "unknown decorator; a function takes @R.function or @T.prim_func")
        if found is not None:
            raise source.error(decorator, "a function takes exactly one of @R.function and @T.prim_func")
        private = False
        if call is not None:
            what = f"@{_PREFIX[kind]}.{name[1]}"
            args = _bind_arguments(source, call, what, optional=["private"])
            if args["private"] is not None:
                node = args["private"]
                if not (isinstance(node, ast.Constant) and isinstance(node.value, bool)):
                    raise source.error(node, f"{what}(private=...) takes True or False")
                private = node.value
        found = (kind, private)
    if found is None:
        raise source.error(function_node, f"function '{function_node.name}' needs a @R.function or @T.prim_func decorator")
    return found


def _check_plain_signature(source, node):
    """TVMScript functions take plain positional parameters, each annotated."""
    arguments = node.args
    extras = arguments.posonlyargs + arguments.kwonlyargs
    if extras or arguments.vararg or arguments.kwarg:
        bad = (extras or [arguments.vararg or arguments.kwarg])[0]
        raise source.error(bad, "TVMScript functions take plain positional parameters only")
    if arguments.defaults:
        raise source.error(arguments.defaults[0], "TVMScript function parameters cannot have default values")
    for arg in arguments.args:
        if arg.annotation is None:
            raise source.error(arg, f"parameter '{arg.arg}' needs a type annotation")


# ---------------------------------------------------------------------------
# Function parsers: what relax and tensorir share
# ---------------------------------------------------------------------------


class _FunctionParser:
    """Walks one function's statements; subclasses give a handler per statement type."""

    # The words errors use for this kind of function.
    kind_text = ""
    # ast statement type -> method name.
    statement_handlers = {}

    def __init__(self, module_parser, node, private):
        self.module = module_parser
        self.source = module_parser.source
        self.node = node
        self.private = private
        self.scopes = [{}]

    # -- errors ------------------------------------------------------------

    def error(self, node, message):
        return self.source.error(node, message)

    @contextlib.contextmanager
    def mlir_errors(self, node):
        """Turns an MLIR diagnostic raised while building (shape inference) into a
        TVMScriptError at ``node``."""
        try:
            yield
        except ir.MLIRError as error:
            raise self.error(node, "; ".join(_diagnostic_message(d) for d in error.error_diagnostics)
                             or str(error)) from None

    def arguments(self, call, what, required=(), optional=()):
        return _bind_arguments(self.source, call, what, required, optional)

    # -- names -------------------------------------------------------------

    def bind(self, name, symbol):
        self.scopes[-1][name] = symbol

    def visible_names(self):
        names = set()
        for scope in self.scopes:
            names.update(scope)
        return names

    def lookup(self, node):
        for scope in reversed(self.scopes):
            if node.id in scope:
                return scope[node.id]
        raise self.error(node, self.undefined_message(node.id))

    def undefined_message(self, name):
        return f"undefined variable '{name}'" + _suggestion(name, self.visible_names())

    @contextlib.contextmanager
    def scope(self):
        self.scopes.append({})
        try:
            yield self.scopes[-1]
        finally:
            self.scopes.pop()

    # -- statements --------------------------------------------------------

    def statements(self, statements):
        for statement in statements:
            self.statement(statement)

    def statement(self, statement):
        if _is_docstring(statement) or isinstance(statement, ast.Pass):
            return
        handler = self.statement_handlers.get(type(statement))
        if handler is None:
            raise self.error(statement, f"{_describe_statement(statement)} is not supported in {self.kind_text}")
        outer, self.source.current = self.source.current, statement
        try:
            getattr(self, handler)(statement)
        except TVMScriptError:
            raise
        except ir.MLIRError as error:
            raise _mlir_error(self.source, error, statement) from None
        except Exception as error:  # an internal failure: still report the user's line
            raise self.error(statement, f"cannot parse this statement ({type(error).__name__}: {error})") from None
        finally:
            self.source.current = outer

    def signature_types(self, parse_annotation):
        _check_plain_signature(self.source, self.node)
        return [parse_annotation(arg.annotation) for arg in self.node.args.args]

    def argument_locations(self):
        return [self.source.name_location(arg.arg, arg) for arg in self.node.args.args]

    def function_location(self):
        return self.source.name_location(self.node.name, self.node)

    def set_visibility(self, function_op):
        if self.private:
            function_op.attributes["sym_visibility"] = ir.StringAttr.get("private")


# ---------------------------------------------------------------------------
# relax
# ---------------------------------------------------------------------------


class _Var:
    """A relax name: its value and the NameLoc of where the name was bound."""

    def __init__(self, value, location):
        self.value = value
        self.location = location


class _Results:
    """The results of one op with several results (``R.call_tir`` with a list
    ``out_sinfo``): TVM's tuple-typed var; ``lv[i]`` is result ``i``."""

    def __init__(self, values):
        self.values = list(values)

    @property
    def type(self):
        return ir.TupleType.get_tuple([value.type for value in self.values])


_RELAX_OPS = {}


def _relax_op(name):
    """Registers the converter of ``R.<name>(...)``: ``converter(parser, call, loc)``
    builds the op (its location ``loc``) and returns its value."""

    def register(converter):
        _RELAX_OPS[name] = converter
        return converter

    return register


# Names of R that are statements, not values.
_RELAX_STATEMENTS = {"dataflow": "with R.dataflow():", "output": "R.output(...)", "func_attr": "R.func_attr({...})"}


class _RelaxFunctionParser(_FunctionParser):
    kind_text = "relax functions"
    statement_handlers = {
        ast.Assign: "assign", ast.AnnAssign: "assign", ast.Expr: "expression_statement",
        ast.With: "with_statement", ast.Return: "return_statement",
    }

    def __init__(self, module_parser, node, private):
        super().__init__(module_parser, node, private)
        self.symbolic = set()  # declared symbolic dimensions (n = T.int64(), "n")
        self.dataflow = None  # the dataflow block being parsed
        self.hidden = {}  # names local to closed dataflow blocks -> their line
        self.returned = False

    # -- the function ------------------------------------------------------

    def build(self):
        argument_types = self.signature_types(self.relax_type)
        result_type = self.relax_type(self.node.returns) if self.node.returns is not None else None
        function_type = ir.FunctionType.get(argument_types, [result_type] if result_type else [])
        function = relax.FuncOp(self.node.name, ir.TypeAttr.get(function_type), loc=self.function_location())
        self.set_visibility(function)
        self.function = function
        self.result_type = result_type
        entry = function.body.blocks.append(*argument_types, arg_locs=self.argument_locations())
        for arg, value, location in zip(self.node.args.args, entry.arguments, self.argument_locations()):
            self.bind(arg.arg, _Var(value, location))
        with ir.InsertionPoint(entry):
            for statement in self.node.body:
                if self.returned and not _is_docstring(statement):
                    raise self.error(statement, "unreachable statement after `return`")
                self.statement(statement)
        if not self.returned:
            raise self.error(self.node, f"relax function '{self.node.name}' must end with `return`")
        return function

    # -- types -------------------------------------------------------------

    def relax_type(self, node):
        """``R.Tensor(shape, dtype)`` / ``R.Tuple(...)`` -> an MLIR type."""
        name = _call_name(node)
        if name == ("relax", "Tensor"):
            return self.tensor_type(node)
        if name == ("relax", "Tuple"):
            if node.keywords:
                raise self.error(node, "R.Tuple takes its field types as positional arguments")
            return ir.TupleType.get_tuple([self.relax_type(field) for field in node.args])
        if _script_name(node) == ("relax", "Tensor"):
            raise self.error(node, 'R.Tensor needs a shape and a dtype, e.g. R.Tensor((1, 784), dtype="float32")')
        raise self.error(node, "expected a relax type: R.Tensor(shape, dtype=...) or R.Tuple(...)")

    def tensor_type(self, call):
        args = self.arguments(call, "R.Tensor", optional=["shape", "dtype", "ndim"])
        if args["ndim"] is not None or args["shape"] is None:
            raise self.error(call, "R.Tensor needs a shape: tensors of unknown shape are not supported")
        if args["dtype"] is None:
            raise self.error(call, 'R.Tensor needs a dtype, e.g. dtype="float32"')
        dtype_node = args["dtype"]
        dtype = dtype_node.value if isinstance(dtype_node, ast.Constant) else None
        element = element_type(dtype)
        if element is None:
            raise self.error(dtype_node, f"unknown dtype {ast.unparse(dtype_node)}" + _suggestion(str(dtype), _DTYPE_BUILDERS))
        shape = args["shape"]
        if not isinstance(shape, (ast.Tuple, ast.List)):
            raise self.error(shape, "the shape of R.Tensor is a tuple, e.g. (1, 784) or (\"n\", 784)")
        dims, names = [], []
        for dim in shape.elts:
            extent, name = self.dimension(dim)
            dims.append(extent)
            if name is not None:
                names.append(name)
        if not names:
            return ir.RankedTensorType.get(dims, element)
        encoding = ir.Attribute.parse("#relax.sym<[" + ", ".join(f'"{n}"' for n in names) + "]>")
        return ir.RankedTensorType.get(dims, element, encoding)

    def dimension(self, node):
        """A dimension of R.Tensor: (extent, symbolic name or None)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value
            if name != "?" and not name.isidentifier():
                raise self.error(node, f"a symbolic dimension is an identifier, not {name!r}")
            self.symbolic.add(name)
            return ir.ShapedType.get_dynamic_size(), name
        if isinstance(node, ast.Name) and not self.is_visible(node.id):
            if node.id not in self.symbolic:
                raise self.error(node, f"undefined symbolic dimension '{node.id}': declare it with "
                                       f"`{node.id} = T.int64()` or write it as a string \"{node.id}\"")
            return ir.ShapedType.get_dynamic_size(), node.id
        extent = _static_int(node)
        if extent is None:
            raise self.error(node, "a dimension is an integer, a symbolic name or a string such as \"n\"")
        if extent < 0:
            raise self.error(node, f"a dimension cannot be negative ({extent})")
        return extent, None

    def is_visible(self, name):
        return any(name in scope for scope in self.scopes)

    def check_type(self, node, expected, value, what):
        actual = value.type
        if actual != expected:
            raise self.error(node, f"{what} has type {script_type(actual)}, but its annotation says {script_type(expected)}")

    # -- statements --------------------------------------------------------

    def assign(self, statement):
        if isinstance(statement, ast.Assign):
            if len(statement.targets) != 1:
                raise self.error(statement, "chained assignment (a = b = ...) is not supported")
            target, annotation = statement.targets[0], None
        else:
            target, annotation = statement.target, statement.annotation
            if statement.value is None:
                raise self.error(statement, "a relax binding needs a value")
        if not isinstance(target, ast.Name):
            raise self.error(target, "a relax binding assigns to a single name (tuple unpacking is not supported)")
        value_node = statement.value
        if isinstance(value_node, ast.Name) and value_node.id in self.module.class_names() and annotation is None:
            self.module_alias(target, value_node)
            return
        if _is_call_to(value_node, "tir", "int64", "int32") and not value_node.args and not value_node.keywords:
            self.symbolic.add(target.id)  # `n = T.int64()`: a symbolic dimension
            return
        location = self.source.name_location(target.id, target)
        value = self.expression(value_node, location)
        if annotation is not None:
            self.check_type(statement, self.relax_type(annotation), value, f"'{target.id}'")
        self.bind(target.id, _Var(value, location))

    def module_alias(self, target, value_node):
        """``cls = Module``: ``cls.f`` names the module's functions."""
        self.bind(target.id, _Var(_ModuleRef(value_node.id), None))

    def expression_statement(self, statement):
        call = statement.value
        name = _call_name(call)
        if name == ("relax", "func_attr"):
            _apply_function_attributes(self.source, self.function, call, "R.func_attr")
            return
        if name == ("relax", "output"):
            raise self.error(call, "R.output(...) must be the last statement of a `with R.dataflow():` block")
        raise self.error(statement, "an expression statement does nothing here; bind its value to a name")

    def with_statement(self, statement):
        if len(statement.items) != 1 or not _is_call_to(statement.items[0].context_expr, "relax", "dataflow"):
            raise self.error(statement, "relax functions only have `with R.dataflow():` blocks")
        item = statement.items[0]
        if item.optional_vars is not None or item.context_expr.args or item.context_expr.keywords:
            raise self.error(item.context_expr, "write `with R.dataflow():`")
        if self.dataflow is not None:
            raise self.error(statement, "dataflow blocks cannot be nested")
        self.dataflow_block(statement)

    def dataflow_block(self, statement):
        """Builds the block's ops into a placeholder ``relax.dataflow`` (its result
        types are known only at ``R.output``), then moves them into the real one."""
        placeholder = relax.DataflowOp([], loc=self.source.location(statement))
        block = placeholder.body.blocks.append()
        outputs = []
        self.dataflow = placeholder
        try:
            with self.scope() as inner, ir.InsertionPoint(block):
                for index, body_statement in enumerate(statement.body):
                    if _is_call_to(getattr(body_statement, "value", None), "relax", "output") and isinstance(body_statement, ast.Expr):
                        if index != len(statement.body) - 1:
                            raise self.error(body_statement, "R.output(...) must be the last statement of the dataflow block")
                        outputs = self.output(body_statement)
                    else:
                        self.statement(body_statement)
                if not outputs and not block.operations or not isinstance(_last_op(block), relax.OutputOp):
                    relax.OutputOp([], loc=self.source.location(statement))
        finally:
            self.dataflow = None
        dataflow = self.finish_dataflow(statement, placeholder, block, outputs)
        for (name, var), result in zip(outputs, dataflow.results):
            self.bind(name, _Var(result, var.location))
        output_names = {name for name, _ in outputs}
        for name in inner:
            if name not in output_names:
                self.hidden[name] = statement.lineno + self.source.line_offset

    def output(self, statement):
        """``R.output(a, b)``: [(name, var)] of the values leaving the block."""
        call = statement.value
        if call.keywords:
            raise self.error(call, "R.output takes the names of the values leaving the dataflow block")
        outputs, values = [], []
        for arg in call.args:
            if not isinstance(arg, ast.Name):
                raise self.error(arg, "R.output takes variable names, e.g. R.output(gv)")
            var = self.lookup(arg)
            if isinstance(var.value, _ModuleRef):
                raise self.error(arg, f"'{arg.id}' names the module, not a value")
            if var.location is None:
                var = _Var(var.value, self.source.name_location(arg.id, arg))
            values.append(self.materialize(var.value, arg))
            outputs.append((arg.id, var))
        relax.OutputOp(values, loc=self.source.location(call))
        return outputs

    def finish_dataflow(self, statement, placeholder, block, outputs):
        types = [value.type for value in _last_op(block).operands]
        locations = [var.location for _, var in outputs]
        if not locations:
            location = self.source.location(statement)
        elif len(locations) == 1:
            location = locations[0]
        else:
            location = ir.Location.fused(locations)
        dataflow = relax.DataflowOp(types, loc=location)
        dataflow.operation.move_before(placeholder.operation)
        block.append_to(dataflow.body)
        placeholder.operation.erase()
        return dataflow

    def return_statement(self, statement):
        if self.dataflow is not None:
            raise self.error(statement, "`return` cannot be inside a dataflow block; R.output the value and return it after")
        if statement.value is None:
            raise self.error(statement, "a relax function returns a value")
        value = self.materialize(self.expression(statement.value), statement.value)
        if self.result_type is None:
            self.result_type = value.type
            function_type = ir.FunctionType.get(ir.FunctionType(self.function.function_type.value).inputs, [value.type])
            self.function.attributes["function_type"] = ir.TypeAttr.get(function_type)
        elif value.type != self.result_type:
            raise self.error(statement, f"function '{self.node.name}' is declared to return {script_type(self.result_type)}, "
                                        f"but this returns {script_type(value.type)}")
        relax.ReturnOp([value], loc=self.source.location(statement))
        self.returned = True

    # -- expressions -------------------------------------------------------

    def undefined_message(self, name):
        if name in self.hidden:
            return (f"'{name}' is defined inside the dataflow block ending before this line (at line "
                    f"{self.hidden[name]}), but it is not one of its R.output values")
        return super().undefined_message(name)

    def expression(self, node, location=None):
        """A relax expression -> an ``ir.Value`` or ``_Results``. ``location`` (the
        NameLoc of a binding) goes on the outermost op built; nested ops get
        plain file locations."""
        location = location or self.source.location(node)
        if isinstance(node, ast.Name):
            value = self.lookup(node).value
            if isinstance(value, _ModuleRef):
                raise self.error(node, f"'{node.id}' names the module, not a value")
            return value
        if isinstance(node, ast.Call):
            return self.call(node, location)
        if isinstance(node, ast.Tuple):
            fields = [self.value(element) for element in node.elts]
            with self.mlir_errors(node):
                return relax.tuple(fields, loc=location)
        if isinstance(node, ast.Subscript):
            return self.tuple_item(node, location)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            raise self.error(node, f"relax values are tensors: write R.const({node.value!r}, \"float32\")")
        raise self.error(node, f"`{_unparse(node)}` is not a relax expression")

    def value(self, node):
        """An expression used as an operand: a multi-result value becomes a tuple."""
        return self.materialize(self.expression(node), node)

    def materialize(self, value, node):
        if isinstance(value, _Results):
            return relax.tuple(value.values, loc=self.source.location(node))
        return value

    def tensor(self, node, what):
        value = self.value(node)
        if not isinstance(value.type, ir.RankedTensorType):
            raise self.error(node, f"{what} expects a tensor, got {script_type(value.type)}")
        return value

    def tuple_item(self, node, location):
        index_node = node.slice
        if not (isinstance(index_node, ast.Constant) and type(index_node.value) is int):
            raise self.error(index_node, "a tuple is indexed by an integer literal, e.g. t[0]")
        base = self.expression(node.value)
        index = index_node.value
        count = len(base.values) if isinstance(base, _Results) else (
            base.type.num_types if isinstance(base.type, ir.TupleType) else None)
        if count is None:
            raise self.error(node.value, f"only tuples can be indexed; this is {script_type(base.type)}")
        if not 0 <= index < count:
            raise self.error(index_node, f"index {index} is out of range for a tuple of {count} field(s)")
        if isinstance(base, _Results):
            return base.values[index]
        with self.mlir_errors(node):
            return relax.tuple_get_item(base, ir.IntegerAttr.get(ir.IntegerType.get_signless(64), index), loc=location)

    def call(self, node, location):
        name = _call_name(node)
        if name is None or name[0] != "relax":
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id in self.module_names():
                raise self.error(node, "module functions are called with R.call_tir(cls.f, (args,), out_sinfo=...)")
            raise self.error(node, f"`{_unparse(node.func)}` is not a relax operator")
        converter = _RELAX_OPS.get(name[1])
        if converter is None:
            if name[1] in _RELAX_STATEMENTS:
                raise self.error(node, f"R.{name[1]} is a statement ({_RELAX_STATEMENTS[name[1]]}), not a value")
            raise self.error(node.func, f"unknown relax operator R.{name[1]}" + _suggestion(name[1], _RELAX_OPS, "R."))
        return converter(self, node, location)

    # -- module functions --------------------------------------------------

    def module_names(self):
        """Names that denote the module in this function: its class and `cls`."""
        names = set(self.module.class_names())
        for scope in self.scopes:
            names.update(name for name, var in scope.items() if isinstance(var.value, _ModuleRef))
        return names

    def module_function(self, node, kind, what):
        """The name of the module function that ``cls.f`` / ``Module.f`` denotes."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            raise self.error(node, f"{what} takes a module function, e.g. cls.{'f'}")
        base = node.value
        if base.id not in self.module.class_names():
            var = self.lookup(base)
            if not isinstance(var.value, _ModuleRef):
                raise self.error(base, f"'{base.id}' is not the module; write `cls = {self.module.class_name or 'Module'}` first")
        functions = self.module.functions
        if node.attr not in functions:
            raise self.error(node, f"the module has no function '{node.attr}'" + _suggestion(node.attr, functions))
        if functions[node.attr] != kind:
            raise self.error(node, f"{what} calls a T.prim_func; '{node.attr}' is a relax function")
        return node.attr


class _ModuleRef:
    """The module itself (``cls = Module``)."""

    def __init__(self, class_name):
        self.class_name = class_name


def _last_op(block):
    operations = block.operations
    return operations[len(operations) - 1].opview if len(operations) else None


def _unparse(node):
    try:
        return ast.unparse(node)
    except Exception:  # unparse of a damaged tree: the node type is enough
        return type(node).__name__


def _static_int(node):
    """An integer written as `4`, `-4` or `T.int64(4)` / `T.int32(4)`; else None."""
    if _is_call_to(node, "tir", "int64", "int32", "int16", "int8") and len(node.args) == 1 and not node.keywords:
        node = node.args[0]
    if _is_number_literal(node):
        value = _python_literal(node)
        if type(value) is int:
            return value
    return None


# -- relax operators ---------------------------------------------------------


@_relax_op("add")
def _convert_add(parser, call, location):
    args = parser.arguments(call, "R.add", ["x1", "x2"])
    lhs, rhs = parser.tensor(args["x1"], "R.add"), parser.tensor(args["x2"], "R.add")
    with parser.mlir_errors(call):
        return relax.add(lhs, rhs, loc=location)


@_relax_op("nn.relu")
def _convert_relu(parser, call, location):
    args = parser.arguments(call, "R.nn.relu", ["data"])
    data = parser.tensor(args["data"], "R.nn.relu")
    with parser.mlir_errors(call):
        return relax.nn_relu(data, loc=location)


@_relax_op("permute_dims")
def _convert_permute_dims(parser, call, location):
    args = parser.arguments(call, "R.permute_dims", ["x"], ["axes"])
    data = parser.tensor(args["x"], "R.permute_dims")
    axes = None
    node = args["axes"]
    if node is not None and not (isinstance(node, ast.Constant) and node.value is None):
        if not isinstance(node, (ast.List, ast.Tuple)):
            raise parser.error(node, "axes of R.permute_dims is None or a list of integers")
        values = [_static_int(axis) for axis in node.elts]
        if any(value is None for value in values):
            raise parser.error(node, "axes of R.permute_dims is None or a list of integers")
        axes = ir.DenseI64ArrayAttr.get(values)
    with parser.mlir_errors(call):
        return relax.permute_dims(data, axes=axes, loc=location)


@_relax_op("matmul")
def _convert_matmul(parser, call, location):
    args = parser.arguments(call, "R.matmul", ["x1", "x2"], ["out_dtype"])
    lhs, rhs = parser.tensor(args["x1"], "R.matmul"), parser.tensor(args["x2"], "R.matmul")
    out_dtype = None
    node = args["out_dtype"]
    if node is not None:
        dtype = node.value if isinstance(node, ast.Constant) else None
        if dtype not in ("void", None):
            element = element_type(dtype)
            if element is None:
                raise parser.error(node, f"unknown out_dtype {_unparse(node)}" + _suggestion(str(dtype), _DTYPE_BUILDERS))
            out_dtype = ir.TypeAttr.get(element)
        elif dtype is None and not (isinstance(node, ast.Constant) and node.value is None):
            raise parser.error(node, 'out_dtype of R.matmul is a dtype string such as "float32", or "void"')
    with parser.mlir_errors(call):
        return relax.matmul(lhs, rhs, out_dtype=out_dtype, loc=location)


@_relax_op("const")
def _convert_const(parser, call, location):
    args = parser.arguments(call, "R.const", ["value"], ["dtype"])
    value = _python_literal_or_error(parser.source, args["value"], "the value of R.const")
    dtype = "float32"
    if args["dtype"] is not None:
        dtype = args["dtype"].value if isinstance(args["dtype"], ast.Constant) else None
    element = element_type(dtype)
    if element is None:
        raise parser.error(args["dtype"], f"unknown dtype {_unparse(args['dtype'])}" + _suggestion(str(dtype), _DTYPE_BUILDERS))
    shape = _literal_shape(parser, args["value"], value)
    text = _dense_literal(parser, args["value"], value, element)
    tensor_type = ir.RankedTensorType.get(shape, element)
    attribute = ir.Attribute.parse(f"dense<{text}> : {tensor_type}")
    with parser.mlir_errors(call):
        return relax.constant(attribute, loc=location)


def _literal_shape(parser, node, value):
    """The shape of a nested list of numbers (a number: a scalar, shape ())."""
    if not isinstance(value, (list, tuple)):
        return []
    if not value:
        return [0]
    shapes = [_literal_shape(parser, node, element) for element in value]
    if any(shape != shapes[0] for shape in shapes):
        raise parser.error(node, "the rows of an R.const value must all have the same shape")
    return [len(value)] + shapes[0]


def _dense_literal(parser, node, value, element):
    """MLIR text of a dense elements literal."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_dense_literal(parser, node, v, element) for v in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, bool) and _is_bool(element):
            return "true" if value else "false"
        raise parser.error(node, f"an R.const value is a number or a nested list of numbers, not {value!r}")
    if _is_float(element):
        return _float_literal(float(value), element)
    if isinstance(value, float):
        raise parser.error(node, f"{value!r} is not a {dtype_of(element)}")
    _integer_attr(parser.source, node, element, value)  # range check
    return str(value)


def _float_literal(value, element):
    """A float as MLIR writes it: decimal, or the hexadecimal bits for inf and nan."""
    if _py_math.isfinite(value):
        text = repr(value)
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    width = element.width
    if width == 16 and str(element) == "bf16":
        bits = struct.unpack("<I", struct.pack("<f", value))[0] >> 16
    else:
        fmt = {16: "<e", 32: "<f", 64: "<d"}[width]
        bits = int.from_bytes(struct.pack(fmt, value), "little")
    return f"0x{bits:0{width // 4}X}"


@_relax_op("call_tir")
def _convert_call_tir(parser, call, location):
    args = parser.arguments(call, "R.call_tir", ["gvar", "args"], ["out_sinfo", "tir_vars"])
    if args["tir_vars"] is not None:
        raise parser.error(args["tir_vars"], "R.call_tir(tir_vars=...) is not supported")
    if args["out_sinfo"] is None:
        raise parser.error(call, "R.call_tir needs out_sinfo=R.Tensor(...) (or a list of them)")
    callee = parser.module_function(args["gvar"], "tir", "R.call_tir")
    inputs_node = args["args"]
    inputs = inputs_node.elts if isinstance(inputs_node, (ast.Tuple, ast.List)) else [inputs_node]
    inputs = [parser.tensor(node, "R.call_tir") for node in inputs]
    sinfo = args["out_sinfo"]
    several = isinstance(sinfo, ast.List)
    result_types = [parser.relax_type(node) for node in (sinfo.elts if several else [sinfo])]
    for node, type_ in zip(sinfo.elts if several else [sinfo], result_types):
        if not isinstance(type_, ir.RankedTensorType):
            raise parser.error(node, "out_sinfo of R.call_tir gives tensors: R.Tensor(...) or [R.Tensor(...), ...]")
    with parser.mlir_errors(call):
        op = relax.CallTIROp(result_types, ir.FlatSymbolRefAttr.get(callee), inputs, loc=location)
    return _Results(op.results) if several else op.results[0]
