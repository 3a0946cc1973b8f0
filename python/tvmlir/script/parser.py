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
import warnings

import numpy as np
from mlir import ir
from mlir.dialects import arith
from mlir.dialects import math as mlir_math
from mlir.dialects import memref as mlir_memref

from ..base import TVMLIRError, TVMScriptError
from ..dialects import relax, tensorir
from ..ir.context import default_context
from .operators import OPERATORS, REQUIRED
from .printer import dtype_of as printer_dtype_of

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

def element_type(dtype):
    """The MLIR element type of a tensor or buffer of ``dtype`` (None if unknown)."""
    builder = _DTYPE_BUILDERS.get(dtype) if isinstance(dtype, str) else None
    return builder() if builder else None


def scalar_type(dtype):
    """The MLIR type of a tensorir scalar of ``dtype``: ``T.int64`` is ``index``."""
    return ir.IndexType.get() if dtype == "int64" else element_type(dtype)


def dtype_of(type_):
    """TVM's dtype of an MLIR type (the printer's spelling), or its MLIR text
    for a type TVM has no dtype for (error messages only)."""
    try:
        return printer_dtype_of(type_)
    except TVMLIRError:
        return str(type_)


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
        if note.message.startswith("see current operation"):
            continue  # the op in generic form: noise next to the user's own line
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


def _unknown_dtype(source, node, dtype, what="dtype"):
    text = _unparse(node) if node is not None else repr(dtype)
    return source.error(node, f"unknown {what} {text}" + _suggestion(str(dtype), _DTYPE_BUILDERS))


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
        if not type_.is_signless:  # MLIR reads integer attributes as signless
            raise source.error(node, f"T.{name[1]}(...) attributes are not supported: use a signed integer")
        return _integer_attr(source, node, type_, value)
    raise source.error(node, "a function attribute must be a bool, int, float, str, list or dict literal")


def _attribute_dict(source, node):
    entries = {}
    for key, value in zip(node.keys, node.values):
        if key is None:
            raise source.error(value, "attribute dictionaries cannot use ** unpacking")
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value):
            raise source.error(key, "attribute names are non-empty string literals")
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
        raise source.error(function_node,
                           f"function '{function_node.name}' needs a @R.function or @T.prim_func decorator")
    return found


def _shape_elements(shape_node):
    """The dimension nodes of a shape: a tuple or list, or one dimension."""
    return shape_node.elts if isinstance(shape_node, (ast.Tuple, ast.List)) else [shape_node]


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
        self.located(statement, getattr(self, handler))

    def located(self, statement, handler):
        """Runs ``handler(statement)``; any failure is reported at the statement."""
        outer, self.source.current = self.source.current, statement
        try:
            return handler(statement)
        except TVMScriptError:
            raise
        except ir.MLIRError as error:
            raise _mlir_error(self.source, error, statement) from None
        except Exception as error:  # an internal failure: still report the user's line
            raise self.error(statement, f"cannot parse this statement ({type(error).__name__}: {error})") from None
        finally:
            self.source.current = outer

    def assignment_parts(self, statement, missing_value):
        """(target, annotation) of `x = v` or `x: A = v`."""
        if isinstance(statement, ast.Assign):
            if len(statement.targets) != 1:
                raise self.error(statement, "chained assignment (a = b = ...) is not supported")
            return statement.targets[0], None
        if statement.value is None:
            raise self.error(statement, missing_value)
        return statement.target, statement.annotation

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
        function_type = ir.FunctionType.get(argument_types, [result_type] if result_type is not None else [])
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
            raise _unknown_dtype(self.source, dtype_node, dtype)
        shape = args["shape"]
        if not isinstance(shape, (ast.Tuple, ast.List)):
            raise self.error(shape, "the shape of R.Tensor is a tuple, e.g. (1, 784) or (\"n\", 784)")
        dims, names = [], []
        for dim in shape.elts:
            extent, name = self.dimension(dim)
            dims.append(extent)
            if name is not None:
                names.append(name)
        if all(name == "?" for name in names):  # no dimension named: no encoding (canonical form)
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
        if isinstance(node, ast.Name):
            if node.id not in self.symbolic:
                raise self.error(node, f"undefined symbolic dimension '{node.id}': declare it with "
                                       f"`{node.id} = T.int64()` or write it as a string \"{node.id}\"")
            return ir.ShapedType.get_dynamic_size(), node.id
        extent = _static_int(node)
        if extent is None:
            raise self.error(node, "a dimension is an integer, a symbolic name or a string such as \"n\"")
        _checked_int64(self.source, node, extent, "the dimension")
        if extent < 0:
            raise self.error(node, f"a dimension cannot be negative ({extent})")
        return extent, None

    def check_type(self, node, expected, value, what):
        actual = value.type
        if actual != expected:
            raise self.error(node, f"{what} has type {script_type(actual)}, "
                                   f"but its annotation says {script_type(expected)}")

    # -- statements --------------------------------------------------------

    def assign(self, statement):
        target, annotation = self.assignment_parts(statement, "a relax binding needs a value")
        if not isinstance(target, ast.Name):
            raise self.error(target, "a relax binding assigns to a single name (tuple unpacking is not supported)")
        value_node = statement.value
        if isinstance(value_node, ast.Name) and value_node.id in self.module.class_names() and annotation is None:
            self.module_alias(target, value_node)
            return
        if self.is_symbolic_declaration(value_node):
            self.symbolic.add(target.id)  # `n = T.int64()`: a symbolic dimension
            return
        location = self.source.name_location(target.id, target)
        value = self.expression(value_node, location)
        if annotation is not None:
            self.check_type(statement, self.relax_type(annotation), value, f"'{target.id}'")
        self.bind(target.id, _Var(value, location))

    @staticmethod
    def is_symbolic_declaration(node):
        """``T.int64()`` (or ``T.int64(is_size_var=True)``): a symbolic dimension."""
        return (_is_call_to(node, "tir", "int64", "int32") and not node.args
                and all(keyword.arg == "is_size_var" for keyword in node.keywords))

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
        outputs = None
        self.dataflow = placeholder
        try:
            with self.scope() as inner, ir.InsertionPoint(block):
                for index, body_statement in enumerate(statement.body):
                    if isinstance(body_statement, ast.Expr) and _is_call_to(body_statement.value, "relax", "output"):
                        if index != len(statement.body) - 1:
                            raise self.error(body_statement,
                                             "R.output(...) must be the last statement of the dataflow block")
                        outputs = self.located(body_statement, self.output)
                    else:
                        self.statement(body_statement)
                if outputs is None:  # nothing leaves the block
                    outputs = []
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
            raise self.error(statement, "`return` cannot be inside a dataflow block; "
                                        "R.output the value and return it after the block")
        if statement.value is None:
            raise self.error(statement, "a relax function returns a value")
        value = self.materialize(self.expression(statement.value), statement.value)
        if self.result_type is None:
            self.result_type = value.type
            function_type = ir.FunctionType.get(ir.FunctionType(self.function.function_type.value).inputs, [value.type])
            self.function.attributes["function_type"] = ir.TypeAttr.get(function_type)
        elif value.type != self.result_type:
            raise self.error(statement, f"function '{self.node.name}' is declared to return "
                                        f"{script_type(self.result_type)}, but this returns {script_type(value.type)}")
        relax.ReturnOp([value], loc=self.source.location(statement))
        self.returned = True

    # -- expressions -------------------------------------------------------

    def undefined_message(self, name):
        if name in self.hidden:
            return (f"'{name}' is local to the dataflow block at line {self.hidden[name]}: only the values "
                    f"it passes to R.output are visible after it")
        return super().undefined_message(name)

    def expression(self, node, location=None):
        """A relax expression -> an ``ir.Value`` or ``_Results``. ``location`` (the
        NameLoc of a binding) goes on the outermost op built; nested ops get
        plain file locations."""
        location = location if location is not None else self.source.location(node)
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
        if _is_metadata_reference(node):
            return _metadata_constant(self, node, location)
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
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in self.module_names():
            return self.module_call(node, location)
        name = _call_name(node)
        if name is None or name[0] != "relax":
            raise self.error(node, f"`{_unparse(node.func)}` is not a relax operator")
        converter = _RELAX_OPS.get(name[1])
        if converter is None:
            if name[1] in _RELAX_STATEMENTS:
                raise self.error(node, f"R.{name[1]} is a statement ({_RELAX_STATEMENTS[name[1]]}), not a value")
            raise self.error(node.func, f"unknown relax operator R.{name[1]}" + _suggestion(name[1], _RELAX_OPS, "R."))
        return converter(self, node, location)

    # -- module functions --------------------------------------------------

    def module_call(self, node, location):
        """``cls.f(a, b)``: ``relax.call`` of another relax function of the module."""
        callee = self.module_function(node.func, "relax", "a call")
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.error(node, f"'{callee}' takes positional arguments only")
        arguments = [self.value(arg) for arg in node.args]
        parameter_types, result_types = self.module.relax_signature(callee, node)
        if len(arguments) != len(parameter_types):
            raise self.error(node, f"'{callee}' takes {len(parameter_types)} argument(s), got {len(arguments)}")
        for i, (arg, value, expected) in enumerate(zip(node.args, arguments, parameter_types)):
            if value.type != expected:
                raise self.error(arg, f"argument {i} of '{callee}' is {script_type(expected)}, "
                                      f"not {script_type(value.type)}")
        with self.mlir_errors(node):
            op = relax.CallOp(result_types, ir.FlatSymbolRefAttr.get(callee), arguments, loc=location)
        if len(op.results) != 1:
            raise self.error(node, f"'{callee}' returns no value")
        return op.results[0]

    def module_names(self):
        """Names that denote the module in this function: its class and `cls`."""
        names = set(self.module.class_names())
        for scope in self.scopes:
            names.update(name for name, var in scope.items() if isinstance(var.value, _ModuleRef))
        return names

    def module_function(self, node, kind, what):
        """The name of the module function that ``cls.f`` / ``Module.f`` denotes."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            raise self.error(node, f"{what} takes a module function, e.g. cls.f")
        base = node.value
        if base.id not in self.module.class_names():
            var = self.lookup(base)
            if not isinstance(var.value, _ModuleRef):
                module = self.module.class_name or "Module"
                raise self.error(base, f"'{base.id}' is not the module; write `cls = {module}` first")
        functions = self.module.functions
        if node.attr not in functions:
            raise self.error(node, f"the module has no function '{node.attr}'" + _suggestion(node.attr, functions))
        if functions[node.attr] != kind:
            if kind == "tir":
                raise self.error(node, f"{what} calls a T.prim_func; '{node.attr}' is a relax function")
            raise self.error(node, f"'{node.attr}' is a T.prim_func: call it with "
                                   f"R.call_tir(cls.{node.attr}, (args,), out_sinfo=...)")
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


_INT64_MAX = (1 << 63) - 1


def _checked_int64(source, node, value, what):
    """``value`` if it fits in an int64 (MLIR's shapes and attributes), else an error."""
    if not -_INT64_MAX <= value <= _INT64_MAX:
        raise source.error(node, f"{what} {value} does not fit in 64 bits")
    return value


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


def _attr_from_node(parser, node, attr, what):
    """The MLIR attribute of an operator's keyword argument (operators.Attr)."""
    kind = attr.kind
    if kind == "int_or_ints":  # an int, or a list of ints (R.split's indices_or_sections)
        kind = "int" if _static_int(node) is not None else "ints"
    if kind == "float" and _is_number_literal(node) and type(_python_literal(node)) is not bool:
        return ir.FloatAttr.get_f64(float(_python_literal(node)))
    if kind == "float" and isinstance(node, ast.Constant) and isinstance(node.value, str) \
            and node.value.strip().lower() in _NON_FINITE:  # "-inf", as TVM prints it
        return ir.FloatAttr.get_f64(float(node.value))
    if kind == "int" and _static_int(node) is not None:
        return ir.IntegerAttr.get(ir.IntegerType.get_signless(64),
                                  _checked_int64(parser.source, node, _static_int(node), attr.name))
    if kind == "bool" and isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return ir.BoolAttr.get(node.value)
    if kind == "str" and isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ir.StringAttr.get(node.value)
    if kind == "shape" and _is_call_to(node, "relax", "shape") and len(node.args) == 1 and not node.keywords:
        node = node.args[0]  # R.shape([2, 3]): read the list
        kind = "ints"
    if kind == "ints" and isinstance(node, (ast.List, ast.Tuple)):
        values = [_static_int(element) for element in node.elts]
        if None not in values:
            return ir.DenseI64ArrayAttr.get([_checked_int64(parser.source, node, v, attr.name) for v in values])
    if kind == "dtype" and isinstance(node, ast.Constant) and isinstance(node.value, str):
        element = element_type(node.value)
        if element is None:
            raise _unknown_dtype(parser.source, node, node.value, attr.name)
        return ir.TypeAttr.get(element)
    expected = {"float": "a number", "int": "an integer", "bool": "True or False",
                "ints": "a list of integers", "shape": "R.shape([...]) of integers",
                "str": "a string", "int_or_ints": "an integer or a list of integers",
                "dtype": 'a dtype string such as "float32"'}[kind]
    raise parser.error(node, f"{attr.name} of {what} must be {expected}, got `{_unparse(node)}`")


def _is_none(node):
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


def _tensor_tuple(parser, node, what):
    """The tensors of a tuple argument (`R.concat((a, b))`)."""
    if isinstance(node, (ast.Tuple, ast.List)):
        return [parser.tensor(element, what) for element in node.elts]
    value = parser.value(node)
    if isinstance(value, _Results):
        return value.values
    raise parser.error(node, f"{what} takes a tuple of tensors, e.g. (a, b)")


def _op_view_classes():
    """``{op name: generated OpView class}`` of the relax dialect."""
    from ..dialects import _relax_ops_gen

    return {cls.OPERATION_NAME: cls for cls in vars(_relax_ops_gen).values()
            if isinstance(cls, type) and hasattr(cls, "OPERATION_NAME")}


def _operator_converter(spec):
    """The converter of an operator of the shared table (operators.OPERATORS)."""
    what = f"R.{spec.script}"

    def convert(parser, call, location):
        required = list(spec.tensors) + [a.name for a in spec.attrs if a.default is REQUIRED]
        optional = [a.name for a in spec.attrs if a.default is not REQUIRED]
        args = parser.arguments(call, what, required, optional)
        if spec.variadic:
            tensors = [_tensor_tuple(parser, args[spec.tensors[0]], what)]
        else:
            tensors = [parser.tensor(args[name], what) for name in spec.tensors]
        attrs = {a.name: _attr_from_node(parser, args[a.name], a, what)
                 for a in spec.attrs if not _is_none(args[a.name])}
        op_class = _op_view_classes()[spec.mlir_name]
        with parser.mlir_errors(call):
            op = op_class(*tensors, **attrs, loc=location)
        return _Results(op.results) if len(op.results) > 1 else op.results[0]

    return convert


for _spec in OPERATORS.values():
    _relax_op(_spec.script)(_operator_converter(_spec))


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
        values = [_checked_int64(parser.source, node, value, "the axis") for value in values]
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
                raise _unknown_dtype(parser.source, node, dtype, "out_dtype")
            out_dtype = ir.TypeAttr.get(element)
        elif dtype is None and not (isinstance(node, ast.Constant) and node.value is None):
            raise parser.error(node, 'out_dtype of R.matmul is a dtype string such as "float32", or "void"')
    with parser.mlir_errors(call):
        return relax.matmul(lhs, rhs, out_dtype=out_dtype, loc=location)


@_relax_op("const")
def _convert_const(parser, call, location):
    """``R.const(value, dtype)``; ``shape=(...)`` makes a splat of the scalar
    ``value`` (how the printer writes a large constant of one value)."""
    args = parser.arguments(call, "R.const", ["value"], ["dtype", "shape"])
    value = _python_literal_or_error(parser.source, args["value"], "the value of R.const")
    dtype = "float32"
    if args["dtype"] is not None:
        dtype = args["dtype"].value if isinstance(args["dtype"], ast.Constant) else None
    element = element_type(dtype)
    if element is None:
        raise _unknown_dtype(parser.source, args["dtype"], dtype)
    if args["shape"] is not None:
        return _splat_const(parser, call, args, value, element, location)
    shape = _literal_shape(parser, args["value"], value)
    text = _dense_literal(parser, args["value"], value, element)
    tensor_type = ir.RankedTensorType.get(shape, element)
    attribute = ir.Attribute.parse(f"dense<{text}> : {tensor_type}")
    with parser.mlir_errors(call):
        return relax.constant(attribute, loc=location)


def _splat_const(parser, call, args, value, element, location):
    shape = _python_literal_or_error(parser.source, args["shape"], "the shape of R.const")
    if not isinstance(shape, (tuple, list)) or not all(type(d) is int and d >= 0 for d in shape):
        raise parser.error(args["shape"], "the shape of R.const is a tuple of non-negative integers, e.g. (4, 4)")
    if isinstance(value, (list, tuple)):
        raise parser.error(args["value"], "R.const with a shape takes one number, which every element holds")
    text = _dense_literal(parser, args["value"], value, element)
    attribute = ir.Attribute.parse(f"dense<{text}> : {ir.RankedTensorType.get(list(shape), element)}")
    with parser.mlir_errors(call):
        return relax.constant(attribute, loc=location)


def _metadata_constant(parser, node, location):
    """``metadata["relax.expr.Constant"][i]``: the i-th constant of the
    module's metadata section."""
    inner = node.value
    key = inner.slice.value if isinstance(inner.slice, ast.Constant) else None
    if key != _METADATA_KEY:
        raise parser.error(inner.slice, f'the metadata holds constants only: metadata["{_METADATA_KEY}"][i]')
    index = node.slice.value if isinstance(node.slice, ast.Constant) else None
    if type(index) is not int:
        raise parser.error(node.slice, f'a metadata constant is named by an integer: metadata["{_METADATA_KEY}"][0]')
    constants = parser.module.metadata
    if constants is None:
        raise parser.error(node, "the source has no metadata section: print the module with "
                                 "mod.script(show_meta=True) to have the constants' data in it")
    if not 0 <= index < len(constants):
        raise parser.error(node.slice, f"the metadata holds {len(constants)} constant(s), not one at index {index}")
    with parser.mlir_errors(node):
        return relax.constant(_dense_from_array(constants[index]), loc=location)


def _dense_from_array(array):
    """A NumPy array as a DenseElementsAttr (bools as i1, one bit each)."""
    if array.dtype == np.bool_:
        return ir.DenseElementsAttr.get(np.packbits(array.ravel(), bitorder="little"),
                                        type=ir.IntegerType.get_signless(1), shape=list(array.shape))
    return ir.DenseElementsAttr.get(np.require(array, requirements="C"))


def _is_metadata_reference(node):
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Subscript) \
        and isinstance(node.value.value, ast.Name) and node.value.value.id == "metadata"


def _metadata_section(statement):
    """The string of ``metadata = tvmlir.ir.load_json(\"\"\"...\"\"\")``, or None
    if ``statement`` is not that assignment."""
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id == "metadata"):
        return None
    call = statement.value
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "load_json" \
            and len(call.args) == 1 and not call.keywords and isinstance(call.args[0], ast.Constant) \
            and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


_NON_FINITE = {"inf", "+inf", "-inf", "nan", "+nan", "-nan", "infinity", "-infinity"}
_METADATA_KEY = "relax.expr.Constant"


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
    if isinstance(value, str) and value.strip().lower() in _NON_FINITE and _is_float(element):
        value = float(value)  # "inf", "-inf", "nan": TVM's spelling of what Python has no literal for
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


# ---------------------------------------------------------------------------
# tensorir
# ---------------------------------------------------------------------------


class _TirSymbol:
    """A tensorir name: a "buffer", a "scalar", a "loop" variable (with the
    loop's upper bound, the extent ``T.axis.remap`` gives its block variable)
    or a block "iter" variable."""

    def __init__(self, value, kind, extent=None):
        self.value = value
        self.kind = kind
        self.extent = extent


_TIR_CALLS = {}


def _tir_call(*names):
    """Registers the converter of ``T.<name>(...)`` in expressions:
    ``converter(parser, call, loc, expected_type) -> ir.Value``."""

    def register(converter):
        for name in names:
            _TIR_CALLS[name] = converter
        return converter

    return register


# Loop iterators: (namespace, name) -> the tensorir.for kind.
_LOOP_KINDS = {
    ("tir", "serial"): "serial", ("", "range"): "serial", ("tir", "parallel"): "parallel",
    ("tir", "vectorized"): "vectorized", ("tir", "unroll"): "unrolled",
    ("tir", "thread_binding"): "thread_binding",
}

# T.* names that are statements of a block's header or of a function.
_TIR_STATEMENTS = {
    "reads": "T.reads(...) belongs at the start of a T.block",
    "writes": "T.writes(...) belongs at the start of a T.block",
    "where": "T.where(...) belongs at the start of a T.block",
    "axis.remap": "T.axis.remap(...) belongs at the start of a T.block",
    "axis.spatial": "T.axis.spatial(...) belongs at the start of a T.block",
    "axis.reduce": "T.axis.reduce(...) belongs at the start of a T.block",
    "axis.S": "T.axis.S(...) belongs at the start of a T.block",
    "axis.R": "T.axis.R(...) belongs at the start of a T.block",
    "func_attr": "T.func_attr({...}) is a statement of the function body",
    "alloc_buffer": "T.alloc_buffer(...) is bound to a name: buf = T.alloc_buffer(...)",
    "init": "T.init() is a `with T.init():` block",
    "block": "T.block(...) is a `with T.block(name):` statement",
}

_BLOCK_HEADER_CALLS = {"where", "reads", "writes", "block_attr"}
_AXIS_KINDS = {"axis.spatial": "S", "axis.S": "S", "axis.reduce": "R", "axis.R": "R"}


def _is_block_header(statement):
    """A statement of the header of a T.block: T.axis.*, T.where, T.reads, T.writes."""
    if isinstance(statement, ast.Assign):
        name = _call_name(statement.value)
        return name is not None and name[0] == "tir" and name[1].startswith("axis.")
    if isinstance(statement, ast.Expr):
        name = _call_name(statement.value)
        return name is not None and name[0] == "tir" and name[1] in _BLOCK_HEADER_CALLS
    return False


class _BlockHeader:
    """What the header of a T.block declares, gathered before the block op is built."""

    def __init__(self):
        self.iter_vars = []  # (name node, binding value, extent value, "S" | "R")
        self.predicate = None
        self.reads = None  # region nodes
        self.writes = None
        self.annotations = {}  # T.block_attr({...}): name -> attribute


_FLOAT_BINARY = {ast.Add: arith.addf, ast.Sub: arith.subf, ast.Mult: arith.mulf, ast.Div: arith.divf,
                 ast.Mod: arith.remf}
_INTEGER_BINARY = {ast.Add: arith.addi, ast.Sub: arith.subi, ast.Mult: arith.muli, ast.FloorDiv: arith.floordivsi,
                   ast.Mod: arith.remsi, ast.Div: arith.divsi, ast.BitAnd: arith.andi, ast.BitOr: arith.ori,
                   ast.BitXor: arith.xori, ast.LShift: arith.shli, ast.RShift: arith.shrsi}
_OPERATOR_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
                  ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
                  ast.RShift: ">>", ast.MatMult: "@"}
_CMPF = {ast.Lt: arith.CmpFPredicate.OLT, ast.LtE: arith.CmpFPredicate.OLE, ast.Gt: arith.CmpFPredicate.OGT,
         ast.GtE: arith.CmpFPredicate.OGE, ast.Eq: arith.CmpFPredicate.OEQ, ast.NotEq: arith.CmpFPredicate.UNE}
_CMPI = {ast.Lt: arith.CmpIPredicate.slt, ast.LtE: arith.CmpIPredicate.sle, ast.Gt: arith.CmpIPredicate.sgt,
         ast.GtE: arith.CmpIPredicate.sge, ast.Eq: arith.CmpIPredicate.eq, ast.NotEq: arith.CmpIPredicate.ne}


class _PrimFuncParser(_FunctionParser):
    kind_text = "T.prim_func"
    statement_handlers = {
        ast.Assign: "assign", ast.AnnAssign: "assign", ast.AugAssign: "augmented_store",
        ast.Expr: "expression_statement", ast.For: "for_loop", ast.With: "with_statement",
    }

    def __init__(self, module_parser, node, private):
        super().__init__(module_parser, node, private)
        self.index_constants = {}  # int -> the hoisted `arith.constant ... : index`
        self.depth = 0  # loops and blocks around the statement being parsed

    # -- the function ------------------------------------------------------

    def build(self):
        self.symbolic_vars, self.matched = self.symbolic_declarations()
        _check_plain_signature(self.source, self.node)
        argument_types = [self.argument_type(arg) for arg in self.node.args.args]
        function_type = ir.FunctionType.get(argument_types, [])
        returns = self.node.returns
        if returns is not None and not (isinstance(returns, ast.Constant) and returns.value is None):
            raise self.error(returns, "a T.prim_func returns nothing: it writes its outputs into buffer parameters")
        function = tensorir.PrimFuncOp(self.node.name, ir.TypeAttr.get(function_type), loc=self.function_location())
        self.set_visibility(function)
        self.function = function
        locations = [self.source.name_location(self.matched[a.arg][0].id, self.matched[a.arg][0])
                     if a.arg in self.matched else self.source.name_location(a.arg, a) for a in self.node.args.args]
        self.body = function.body.blocks.append(*argument_types, arg_locs=locations)
        for arg, value in zip(self.node.args.args, self.body.arguments):
            kind = "buffer" if isinstance(value.type, ir.MemRefType) else "scalar"
            name = self.matched[arg.arg][0].id if arg.arg in self.matched else arg.arg
            self.bind(name, _TirSymbol(value, kind))
        with ir.InsertionPoint(self.body):
            self.bind_symbolic_dims(function)
            self.statements(self.node.body)
        return function

    # -- symbolic shapes: `n = T.int64()` and `x = T.match_buffer(var_x, (n, 8))` --

    def symbolic_declarations(self):
        """The names declared ``T.int64()`` at the top of the body, and
        {handle parameter: (buffer name node, shape node, dtype node)} of its
        ``T.match_buffer`` statements."""
        variables, matched = [], {}
        for statement in self.node.body:
            if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)):
                continue
            target, call = statement.targets[0], statement.value
            name = _call_name(call)
            if name == ("tir", "int64") and not call.args and not call.keywords:
                variables.append(target.id)
            elif name == ("tir", "match_buffer"):
                args = self.arguments(call, "T.match_buffer", ["param", "shape"], ["dtype"])
                if not isinstance(args["param"], ast.Name):
                    raise self.error(args["param"], "T.match_buffer matches a T.handle parameter, by its name")
                matched[args["param"].id] = (target, args["shape"], args["dtype"])
        return variables, matched

    def argument_type(self, arg):
        if _script_name(arg.annotation) == ("tir", "handle"):
            if arg.arg not in self.matched:
                raise self.error(arg, f"the T.handle parameter '{arg.arg}' needs a T.match_buffer in the body")
            _, shape, dtype = self.matched[arg.arg]
            return self.buffer_type(shape, dtype, symbolic=True)[0]
        return self.parameter_type(arg.annotation)

    def bind_symbolic_dims(self, function):
        """One ``memref.dim`` per symbolic name, of its first buffer and
        dimension in parameter order, after the index constants; the
        parameters keep their names as the ``relax.sym`` argument attribute."""
        arg_attrs, first, after = [], {}, None
        for arg, value in zip(self.node.args.args, self.body.arguments):
            if arg.arg not in self.matched:
                arg_attrs.append(ir.DictAttr.get({}))
                continue
            names = [dim.id for dim in _shape_elements(self.matched[arg.arg][1])
                     if isinstance(dim, ast.Name) and dim.id in self.symbolic_vars]
            attr = ir.Attribute.parse("#relax.sym<[" + ", ".join(f'"{n}"' for n in names) + "]>")
            arg_attrs.append(ir.DictAttr.get({"relax.sym": attr}))
            for index, dim in enumerate(_shape_elements(self.matched[arg.arg][1])):
                if isinstance(dim, ast.Name) and dim.id in self.symbolic_vars and dim.id not in first:
                    first[dim.id] = (value, index, dim)
        if any(arg.arg in self.matched for arg in self.node.args.args):
            function.attributes["arg_attrs"] = ir.ArrayAttr.get(arg_attrs)
        for name in self.symbolic_vars:
            if name not in first:
                raise self.error(self.node, f"the symbolic variable '{name}' is in no T.match_buffer shape")
            value, index, node = first[name]
            dim_index = self.index_constant(index, node)
            point = ir.InsertionPoint.after(after or self.last_index_constant().owner)
            size = mlir_memref.dim(value, dim_index, loc=ir.Location.name(name), ip=point)
            after = size.owner
            self.bind(name, _TirSymbol(size, "scalar"))

    def parameter_type(self, node):
        if _call_name(node) == ("tir", "Buffer"):
            args = self.arguments(node, "T.Buffer", ["shape"], ["dtype"])
            return self.buffer_type(args["shape"], args["dtype"])
        name = _script_name(node)
        if name is not None and name[0] == "tir" and scalar_type(name[1]) is not None:
            return scalar_type(name[1])
        if name == ("tir", "handle"):
            raise self.error(node, "T.handle parameters (with T.match_buffer) are not supported; annotate the "
                                   "parameter with T.Buffer(shape, dtype)")
        raise self.error(node, "a T.prim_func parameter is a T.Buffer(shape, dtype) or a scalar such as T.int64")

    def buffer_type(self, shape_node, dtype_node, symbolic=False):
        """The memref type of a buffer of ``shape_node``; with ``symbolic``,
        a dimension named by a ``T.int64()`` variable is dynamic, and the
        second result lists those names' nodes."""
        dtype = "float32"
        if dtype_node is not None:
            dtype = dtype_node.value if isinstance(dtype_node, ast.Constant) else None
        element = element_type(dtype)
        if element is None:
            raise _unknown_dtype(self.source, dtype_node, dtype)
        dims, names = [], []
        for dim in _shape_elements(shape_node):
            if symbolic and isinstance(dim, ast.Name) and dim.id in self.symbolic_vars:
                dims.append(ir.ShapedType.get_dynamic_size())
                names.append(dim)
                continue
            extent = _static_int(dim)
            if extent is None:
                raise self.error(dim, "a buffer dimension is an integer constant such as T.int64(256)")
            if extent < 0:
                raise self.error(dim, f"a buffer dimension cannot be negative ({extent})")
            _checked_int64(self.source, dim, extent, "the buffer dimension")
            dims.append(extent)
        memref = ir.MemRefType.get(dims, element)
        return (memref, names) if symbolic else memref

    # -- constants ---------------------------------------------------------

    def index_constant(self, value, node):
        """The function's ``arith.constant value : index``, made on first use at
        the start of the body, where the constants stay sorted (0 first)."""
        if value in self.index_constants:
            return self.index_constants[value]
        index = ir.IndexType.get()
        attribute = _integer_attr(self.source, node, index, value)

        def order(v):  # 0 first, then increasing
            return (v != 0, v)

        later = [v for v in self.index_constants if order(v) > order(value)]
        if later:
            point = ir.InsertionPoint(self.index_constants[min(later, key=order)].owner)
        elif self.index_constants:
            point = ir.InsertionPoint.after(self.last_index_constant().owner)
        else:
            point = ir.InsertionPoint.at_block_begin(self.body)
        constant = arith.constant(index, attribute, loc=self.source.location(node), ip=point)
        self.index_constants[value] = constant
        return constant

    def last_index_constant(self):
        return self.index_constants[max(self.index_constants, key=lambda v: (v != 0, v))]

    def literal(self, node, type_, location=None):
        """A Python number as a constant of ``type_`` (index constants are hoisted)."""
        value = _python_literal(node)
        if _is_index(type_):
            if type(value) is not int:
                raise self.error(node, f"{value!r} is not an integer")
            return self.index_constant(value, node)
        location = location if location is not None else self.source.location(node)
        if _is_float(type_):
            return arith.constant(type_, ir.FloatAttr.get(type_, float(value)), loc=location)
        if isinstance(type_, ir.IntegerType) and type_.is_signless:
            if type(value) is float:
                raise self.error(node, f"{value!r} is not an integer ({script_type(type_)})")
            return arith.constant(type_, _integer_attr(self.source, node, type_, int(value)), loc=location)
        raise self.error(node, f"cannot make a {script_type(type_)} constant")

    @staticmethod
    def default_literal_type(node):
        value = _python_literal(node)
        if isinstance(value, bool):
            return ir.IntegerType.get_signless(1)
        return ir.IndexType.get() if isinstance(value, int) else ir.F32Type.get()

    def mark(self):
        """Where the next op goes: a literal whose type is known only after the
        operands that follow it is moved back here, to keep source order."""
        block = ir.InsertionPoint.current.block
        operations = block.operations
        count = len(operations)
        return block, (operations[count - 1].operation if count else None)

    def move_to_mark(self, value, mark):
        block, anchor = mark
        operation = value.owner.operation
        if anchor is None and block == self.body and self.index_constants:
            anchor = self.last_index_constant().owner.operation  # constants hoisted meanwhile stay first
        if anchor is not None:
            operation.move_after(anchor)
        elif block.operations[0].operation != operation:
            operation.move_before(block.operations[0].operation)

    def operands(self, nodes, expected=None):
        """Evaluates operands in order; Python number literals take the type of
        the first typed operand (or ``expected``)."""
        values, literals = [None] * len(nodes), []
        for i, node in enumerate(nodes):
            if _is_number_literal(node):
                literals.append((i, self.mark()))
            else:
                values[i] = self.expression(node, expected=expected)
        typed = next((v.type for v in values if v is not None), expected)
        for i, mark in reversed(literals):
            value = self.literal(nodes[i], typed if typed is not None else self.default_literal_type(nodes[i]))
            if not _is_index(value.type):
                self.move_to_mark(value, mark)
            values[i] = value
        return values

    # -- statements --------------------------------------------------------

    def assign(self, statement):
        target, annotation = self.assignment_parts(
            statement, "declaring a variable without a value is not supported in a T.prim_func")
        value_node = statement.value
        if isinstance(target, ast.Subscript):
            if annotation is not None:
                raise self.error(annotation, "a buffer store takes no annotation")
            self.store(statement, target, value_node)
            return
        name = _call_name(value_node)
        if name and name[0] == "tir" and name[1].startswith("axis."):
            raise self.error(statement, f"T.{name[1]}(...) belongs at the start of a T.block, before its body")
        if not isinstance(target, ast.Name):
            raise self.error(target, "assign to a single name or to a buffer element")
        if name == ("tir", "alloc_buffer"):
            self.alloc_buffer(target, value_node, annotation)
            return
        if name == ("tir", "match_buffer") or (name == ("tir", "int64") and target.id in self.symbolic_vars
                                               and not value_node.args):
            if self.depth:
                raise self.error(statement, f"T.{name[1]}() belongs at the top of the T.prim_func body")
            return  # read with the signature (symbolic_declarations)
        self.scalar_binding(target, value_node, annotation)

    def scalar_binding(self, target, value_node, annotation):
        """``x = expr``: names the value (TVM's let binding)."""
        expected = self.annotation_type(annotation) if annotation is not None else None
        location = self.source.name_location(target.id, target)
        if _is_number_literal(value_node):
            type_ = expected if expected is not None else self.default_literal_type(value_node)
            value = self.literal(value_node, type_, location)
        else:
            value = self.expression(value_node, location, expected)
        if expected is not None and value.type != expected:
            raise self.error(value_node, f"'{target.id}' is annotated {script_type(expected)} but its value is "
                                         f"{script_type(value.type)}")
        self.bind(target.id, _TirSymbol(value, "scalar"))

    def annotation_type(self, node):
        name = _script_name(node)
        if name is not None and name[0] == "tir" and scalar_type(name[1]) is not None:
            return scalar_type(name[1])
        raise self.error(node, "a scalar annotation is a type such as T.float32 or T.int64")

    def alloc_buffer(self, target, call, annotation):
        unsupported_arguments = ("data", "strides", "elem_offset", "align", "offset_factor", "buffer_type",
                                 "axis_separators")
        args = self.arguments(call, "T.alloc_buffer", ["shape"], ["dtype", "scope", *unsupported_arguments])
        for unsupported in unsupported_arguments:
            if args[unsupported] is not None:
                raise self.error(args[unsupported], f"T.alloc_buffer({unsupported}=...) is not supported")
        buffer_type, size_nodes = self.buffer_type(args["shape"], args["dtype"], symbolic=True)
        sizes = [self.lookup(node).value for node in size_nodes]
        if annotation is not None:
            if _call_name(annotation) != ("tir", "Buffer"):
                raise self.error(annotation, "a buffer is annotated T.Buffer(shape, dtype)")
            declared = self.arguments(annotation, "T.Buffer", ["shape"], ["dtype"])
            declared_type = self.buffer_type(declared["shape"], declared["dtype"])
            if declared_type != buffer_type:
                raise self.error(annotation, f"'{target.id}' is annotated {script_type(declared_type)} but allocates "
                                             f"{script_type(buffer_type)}")
        scope = None
        if args["scope"] is not None:
            node = args["scope"]
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                raise self.error(node, 'the scope of T.alloc_buffer is a string such as "global" or "shared"')
            scope = None if node.value == "global" else ir.StringAttr.get(node.value)
        location = self.source.name_location(target.id, target)
        with self.mlir_errors(call):
            buffer = tensorir.alloc_buffer(buffer_type, sizes, scope=scope, loc=location)
        self.bind(target.id, _TirSymbol(buffer, "buffer"))

    def store(self, statement, target, value_node):
        """``A[i, j] = value``: the value first, then the indices (Python's order)."""
        buffer = self.buffer(target.value)
        element = buffer.type.element_type
        value = self.operands([value_node], element)[0]
        value = self.coerce(value, element, value_node, f"the value stored into '{target.value.id}'")
        indices = self.indices(target, buffer)
        tensorir.store(value, buffer, indices, loc=self.source.location(statement))

    def augmented_store(self, statement):
        """``A[i] += v`` is ``A[i] = A[i] + v``."""
        target = statement.target
        if not isinstance(target, ast.Subscript):
            raise self.error(target, "augmented assignment (+=) updates a buffer element, e.g. A[i] += x")
        buffer = self.buffer(target.value)
        indices = self.indices(target, buffer)
        location = self.source.location(statement)
        current = tensorir.load(buffer, indices, loc=location)
        operand = self.operands([statement.value], current.type)[0]
        lhs, rhs = self.unify(current, operand, statement)
        result = self.arithmetic(type(statement.op), lhs, rhs, statement, location)
        value = self.coerce(result, current.type, statement.value, f"the value stored into '{target.value.id}'")
        tensorir.store(value, buffer, indices, loc=location)

    def expression_statement(self, statement):
        call = statement.value
        name = _call_name(call)
        if name == ("tir", "func_attr"):
            if self.depth:
                raise self.error(call, "T.func_attr({...}) is a statement of the function body, not of a loop or block")
            _apply_function_attributes(self.source, self.function, call, "T.func_attr")
            return
        if name is not None and name[0] == "tir" and (name[1] in _BLOCK_HEADER_CALLS or name[1].startswith("axis.")):
            raise self.error(call, f"T.{name[1]}(...) belongs at the start of a T.block, before its body")
        if name == ("tir", "evaluate"):
            args = self.arguments(call, "T.evaluate", ["value"])
            if _static_int(args["value"]) is None:
                raise self.error(call, "only T.evaluate(0), a statement that does nothing, is supported")
            return
        raise self.error(statement, "an expression statement does nothing here")

    # -- loops -------------------------------------------------------------

    def for_loop(self, statement):
        if statement.orelse:
            raise self.error(statement.orelse[0], "`for ... else` is not supported")
        ranges = self.loop_ranges(statement.iter)
        target = statement.target
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        for name in targets:
            if not isinstance(name, ast.Name):
                raise self.error(name, "a loop variable is a name")
        if len(targets) != len(ranges):
            raise self.error(target, f"the loop iterates over {len(ranges)} range(s) "
                                     f"but names {len(targets)} variable(s)")
        location = self.source.location(statement)
        with contextlib.ExitStack() as stack:
            stack.enter_context(self.scope())
            for name, (lower, upper, kind, thread) in zip(targets, ranges):
                loop = tensorir.ForOp(lower, upper, kind=ir.Attribute.parse(f"#tensorir.for_kind<{kind}>"),
                                      thread=thread, loc=location)
                body = loop.body.blocks.append(ir.IndexType.get(),
                                               arg_locs=[self.source.name_location(name.id, name)])
                stack.enter_context(ir.InsertionPoint(body))
                self.bind(name.id, _TirSymbol(body.arguments[0], "loop", extent=upper))
            self.depth += 1
            try:
                self.statements(statement.body)
            finally:
                self.depth -= 1

    def loop_ranges(self, node):
        """[(lower, upper, kind, thread)] of ``T.grid(...)``, ``T.serial(...)``, ``range(...)``..."""
        name = _call_name(node)
        if name == ("tir", "grid"):
            if node.keywords or not node.args:
                raise self.error(node, "T.grid takes the loop extents, e.g. T.grid(T.int64(1), T.int64(256))")
            extents = [self.index(arg) for arg in node.args]
            zero = self.index_constant(0, node)
            return [(zero, extent, "serial", None) for extent in extents]
        kind = _LOOP_KINDS.get(name) if name else None
        if kind is None:
            raise self.error(node, "a loop iterates over T.grid, T.serial, T.parallel, T.vectorized, T.unroll, "
                                   "T.thread_binding or range")
        what = f"T.{name[1]}" if name[0] else name[1]
        if kind == "thread_binding":
            args = self.arguments(node, what, ["start"], ["stop", "thread", "annotations"])
            stop = args["stop"]
            if isinstance(stop, ast.Constant) and isinstance(stop.value, str) and args["thread"] is None:
                args["stop"], args["thread"] = None, stop  # T.thread_binding(n, "threadIdx.x")
            thread_node = args["thread"]
            if not (isinstance(thread_node, ast.Constant) and isinstance(thread_node.value, str)):
                raise self.error(thread_node or node,
                                 'T.thread_binding needs thread="threadIdx.x" (or another thread axis)')
            thread = ir.StringAttr.get(thread_node.value)
        else:
            extra = ["step"] if name == ("", "range") else []
            args = self.arguments(node, what, ["start"], ["stop", "annotations"] + extra)
            if args.get("step") is not None and _static_int(args["step"]) != 1:
                raise self.error(args["step"], "loops step by 1")
            thread = None
        if args["annotations"] is not None:
            raise self.error(args["annotations"], "loop annotations are not supported")
        if args["stop"] is None:
            lower, upper = self.index_constant(0, node), self.index(args["start"])
        else:
            lower, upper = self.index(args["start"]), self.index(args["stop"])
        return [(lower, upper, kind, thread)]

    # -- blocks ------------------------------------------------------------

    def with_statement(self, statement):
        if len(statement.items) != 1:
            raise self.error(statement, "a `with` statement of a T.prim_func opens one T.block")
        item = statement.items[0]
        if item.optional_vars is not None:
            raise self.error(item.optional_vars, "`with ... as` is not supported")
        name = _call_name(item.context_expr)
        if name == ("tir", "block"):
            self.block(statement, item.context_expr)
        elif name == ("tir", "init"):
            raise self.error(statement, "`with T.init():` must be the first statement of a T.block's body")
        else:
            raise self.error(item.context_expr, "a T.prim_func only has `with T.block(name):` and `with T.init():`")

    def block(self, statement, call):
        args = self.arguments(call, "T.block", optional=["name_hint", "no_realize"])
        if args["no_realize"] is not None:
            raise self.error(args["no_realize"], "T.block(no_realize=...) is not supported")
        name_node = args["name_hint"]
        if name_node is not None and not (isinstance(name_node, ast.Constant) and isinstance(name_node.value, str)):
            raise self.error(name_node, "the name of a T.block is a string")
        name = name_node.value if name_node is not None else ""
        split = 0
        while split < len(statement.body) and _is_block_header(statement.body[split]):
            split += 1
        header_statements, body = statement.body[:split], statement.body[split:]
        if name == "root" and self.depth == 0 and not header_statements:
            self.statements(body)  # the root block is the function body itself
            return
        header = _BlockHeader()
        for header_statement in header_statements:
            self.located(header_statement, lambda s: self.header_statement(s, header))
        op = self.block_op(statement, name, header, body)
        block = op.body.blocks.append(*[ir.IndexType.get()] * len(header.iter_vars),
                                      arg_locs=[self.source.name_location(v[0].id, v[0]) for v in header.iter_vars])
        with self.scope(), ir.InsertionPoint(block):
            for (target, *_), value in zip(header.iter_vars, block.arguments):
                self.bind(target.id, _TirSymbol(value, "iter"))
            self.depth += 1
            try:
                self.block_body(body)
            finally:
                self.depth -= 1

    def block_op(self, statement, name, header, body):
        positions = {target.id: i for i, (target, *_) in enumerate(header.iter_vars)}
        reads = self.regions(header.reads, body, positions, "reads")
        writes = self.regions(header.writes, body, positions, "writes")
        with self.mlir_errors(statement):
            block = tensorir.BlockOp(
                name, [v[1] for v in header.iter_vars], [v[2] for v in header.iter_vars],
                [buffer for buffer, _ in reads], [buffer for buffer, _ in writes],
                "".join(v[3] for v in header.iter_vars),
                ir.ArrayAttr.get([ir.AffineMapAttr.get(m) for _, m in reads]),
                ir.ArrayAttr.get([ir.AffineMapAttr.get(m) for _, m in writes]),
                predicate=header.predicate, loc=self.source.location(statement))
        for key, value in header.annotations.items():
            block.attributes[key] = value
        return block

    def block_body(self, body):
        for index, statement in enumerate(body):
            is_init = (isinstance(statement, ast.With) and len(statement.items) == 1
                       and _is_call_to(statement.items[0].context_expr, "tir", "init"))
            if is_init and index == 0:
                self.located(statement, self.init)
            elif _is_block_header(statement):
                raise self.error(statement, "T.axis, T.where, T.reads and T.writes come first in a T.block, "
                                            "before its body")
            else:
                self.statement(statement)

    def init(self, statement):
        call = statement.items[0].context_expr
        if call.args or call.keywords or statement.items[0].optional_vars is not None:
            raise self.error(call, "write `with T.init():`")
        op = tensorir.InitOp(loc=self.source.location(statement))
        with self.scope(), ir.InsertionPoint(op.body.blocks.append()):
            self.statements(statement.body)

    def header_statement(self, statement, header):
        call = statement.value
        name = _call_name(call)[1]
        if name == "axis.remap":
            self.axis_remap(statement, call, header)
        elif name in _AXIS_KINDS:
            self.axis(statement, call, name, header)
        elif name.startswith("axis."):
            known = list(_AXIS_KINDS) + ["axis.remap"]
            raise self.error(call.func, f"unknown block axis T.{name}" + _suggestion(name, known, "T."))
        elif isinstance(statement, ast.Assign):
            raise self.error(statement, f"T.{name}(...) is a statement, not a value")
        elif name == "where":
            if header.predicate is not None:
                raise self.error(call, "a T.block has one T.where")
            args = self.arguments(call, "T.where", ["predicate"])
            header.predicate = self.boolean(args["predicate"])
        elif name in ("reads", "writes"):
            if getattr(header, name) is not None:
                raise self.error(call, f"a T.block has one T.{name}(...)")
            if call.keywords:
                raise self.error(call, f"T.{name} takes buffer regions, e.g. T.{name}(A[vi, vj])")
            regions = []
            for arg in call.args:
                regions.extend(arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg])
            setattr(header, name, regions)
        elif name == "block_attr":
            args = self.arguments(call, "T.block_attr", ["annotations"])
            if not isinstance(args["annotations"], ast.Dict):
                raise self.error(call, 'T.block_attr takes a dict, e.g. T.block_attr({"key": 1})')
            header.annotations.update(_attribute_dict(self.source, args["annotations"]))
        else:
            raise self.error(call, f"T.{name}(...) is not supported")

    def axis_remap(self, statement, call, header):
        args = self.arguments(call, "T.axis.remap", ["kinds", "bindings"])
        kinds_node, bindings_node = args["kinds"], args["bindings"]
        if not (isinstance(kinds_node, ast.Constant) and isinstance(kinds_node.value, str)):
            raise self.error(kinds_node, 'the kinds of T.axis.remap are a string such as "SSR"')
        if not isinstance(bindings_node, (ast.List, ast.Tuple)):
            raise self.error(bindings_node, "T.axis.remap binds a list of loop variables, e.g. [i, j, k]")
        target = statement.targets[0]
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        kinds, loops = kinds_node.value, bindings_node.elts
        if not len(kinds) == len(loops) == len(targets):
            raise self.error(call, f"T.axis.remap has {len(kinds)} kind(s) and {len(loops)} loop variable(s) "
                                   f"for {len(targets)} block variable(s): they must agree")
        for kind, loop_node, target_node in zip(kinds, loops, targets):
            if kind not in "SR":
                raise self.error(kinds_node,
                                 f"block axis kind '{kind}' is not supported: 'S' (spatial) or 'R' (reduce)")
            if not isinstance(loop_node, ast.Name):
                raise self.error(loop_node, "T.axis.remap binds loop variables")
            loop = self.lookup(loop_node)
            if loop.kind != "loop":
                raise self.error(loop_node, f"'{loop_node.id}' is not a loop variable")
            self.add_iter_var(header, target_node, loop.value, loop.extent, kind)

    def axis(self, statement, call, name, header):
        args = self.arguments(call, f"T.{name}", ["dom", "binding"], ["dtype"])
        if args["dtype"] is not None:
            raise self.error(args["dtype"], "block variables are T.int64 (index): dtype= is not supported")
        target = statement.targets[0]
        if isinstance(args["dom"], (ast.Tuple, ast.List)):
            raise self.error(args["dom"], "a block axis ranges from 0: give its extent, not a (min, max) range")
        extent = self.index(args["dom"])
        binding = self.index(args["binding"])
        self.add_iter_var(header, target, binding, extent, _AXIS_KINDS[name])

    def add_iter_var(self, header, target, binding, extent, kind):
        if not isinstance(target, ast.Name):
            raise self.error(target, "a block variable is a name")
        if any(existing.id == target.id for existing, *_ in header.iter_vars):
            raise self.error(target, f"block variable '{target.id}' is defined twice")
        header.iter_vars.append((target, binding, extent, kind))

    def regions(self, nodes, body, positions, what):
        """The block's reads or writes: as declared, or else inferred from the body."""
        if nodes is not None:
            return [self.region(node, positions) for node in nodes]
        inferred = self.infer_regions(body)[0 if what == "reads" else 1]
        try:
            return [self.region(node, positions) for node in inferred]
        except TVMScriptError as error:
            raise TVMScriptError(f"{error.message} (while inferring the block's T.{what}: declare it explicitly)",
                                 error.filename, error.line, error.column) from None

    def region(self, node, positions):
        """``A[v_i, v_k + 1]`` -> (buffer, affine map of the block's variables)."""
        if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
            raise self.error(node, "a buffer region is written A[vi, vj]")
        buffer = self.buffer(node.value)
        indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        rank = len(buffer.type.shape)
        if len(indices) != rank:
            raise self.error(node, f"buffer '{node.value.id}' has {rank} dimension(s) "
                                   f"but the region gives {len(indices)} index(es)")
        exprs = [self.affine(index, positions) for index in indices]
        return buffer, ir.AffineMap.get(len(positions), 0, exprs)

    def affine(self, node, positions):
        """An index of a region as an affine expression of the block's variables."""
        if isinstance(node, ast.Slice):
            raise self.error(node, "ranges (A[0:4]) are not supported in regions: give one index per dimension")
        constant = _static_int(node)
        if constant is not None:
            return ir.AffineConstantExpr.get(_checked_int64(self.source, node, constant, "the index"))
        if isinstance(node, ast.Name):
            if node.id not in positions:
                raise self.error(node, f"a region index may use only the block's iteration variables; "
                                       f"'{node.id}' is not one")
            return ir.AffineDimExpr.get(positions[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return ir.AffineMulExpr.get(ir.AffineConstantExpr.get(-1), self.affine(node.operand, positions))
        if isinstance(node, ast.BinOp):
            lhs, rhs = self.affine(node.left, positions), self.affine(node.right, positions)
            op = type(node.op)
            if op is ast.Add:
                return ir.AffineAddExpr.get(lhs, rhs)
            if op is ast.Sub:
                return ir.AffineAddExpr.get(lhs, ir.AffineMulExpr.get(ir.AffineConstantExpr.get(-1), rhs))
            constant_rhs = _static_int(node.right)
            if op is ast.Mult and (constant_rhs is not None or _static_int(node.left) is not None):
                return ir.AffineMulExpr.get(lhs, rhs)
            if op is ast.FloorDiv and constant_rhs and constant_rhs > 0:
                return ir.AffineFloorDivExpr.get(lhs, rhs)
            if op is ast.Mod and constant_rhs and constant_rhs > 0:
                return ir.AffineModExpr.get(lhs, rhs)
        raise self.error(node, f"`{_unparse(node)}` is not an affine index of the block's variables "
                               f"(sums, products by constants, // and % by positive constants)")

    def infer_regions(self, body):
        """T.reads/T.writes left out: every buffer element the body loads or
        stores (loads of written buffers are covered by the writes)."""
        local = {t.id for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                 for t in [n]}
        loads, stores = {}, {}
        for statement in body:
            for node in ast.walk(statement):
                if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
                    continue
                if node.value.id in local:
                    continue
                symbol = self.find(node.value.id)
                if symbol is None or symbol.kind != "buffer":
                    continue
                key = (node.value.id, ast.dump(node.slice))
                (stores if isinstance(node.ctx, ast.Store) else loads).setdefault(key, node)
        written = {name for name, _ in stores}
        reads = [node for (name, _), node in loads.items() if name not in written]
        order = lambda node: (node.lineno, node.col_offset)  # noqa: E731
        return sorted(reads, key=order), sorted(stores.values(), key=order)

    def find(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    # -- expressions -------------------------------------------------------

    def buffer(self, node):
        if not isinstance(node, ast.Name):
            raise self.error(node, "only buffers can be indexed, e.g. A[i, j]")
        symbol = self.lookup(node)
        if symbol.kind != "buffer":
            raise self.error(node, f"'{node.id}' is not a buffer, it cannot be indexed")
        return symbol.value

    def indices(self, subscript, buffer):
        nodes = subscript.slice.elts if isinstance(subscript.slice, ast.Tuple) else [subscript.slice]
        for node in nodes:
            if isinstance(node, ast.Slice):
                raise self.error(node, "buffer slices (A[0:4]) are not supported: index one element")
        rank = len(buffer.type.shape)
        if len(nodes) != rank:
            raise self.error(subscript, f"buffer '{subscript.value.id}' has {rank} dimension(s) but {len(nodes)} "
                                        f"index(es) are given")
        return [self.index(node) for node in nodes]

    def index(self, node):
        """An ``index`` value: integer constants are the hoisted ones."""
        constant = _static_int(node)
        if constant is not None:
            return self.index_constant(constant, node)
        value = self.expression(node, expected=ir.IndexType.get())
        return self.coerce(value, ir.IndexType.get(), node, "an index")

    def coerce(self, value, type_, node, what):
        """``value`` as ``type_``: integers convert to and from index; nothing else does."""
        if value.type == type_:
            return value
        if _is_integer(value.type) and _is_integer(type_) and (_is_index(value.type) or _is_index(type_)) \
                and not _is_bool(value.type) and not _is_bool(type_):
            return arith.index_cast(type_, value, loc=self.source.location(node))
        raise self.error(node, f"{what} must be {script_type(type_)}, not {script_type(value.type)}; "
                               f"convert it with T.Cast")

    def unify(self, lhs, rhs, node):
        """The operands of a binary operation, of one type (integers widen to index)."""
        if lhs.type == rhs.type:
            return lhs, rhs
        if _is_index(lhs.type) and _is_integer(rhs.type) and not _is_bool(rhs.type):
            return lhs, self.coerce(rhs, lhs.type, node, "an operand")
        if _is_index(rhs.type) and _is_integer(lhs.type) and not _is_bool(lhs.type):
            cast = self.coerce(lhs, rhs.type, node, "an operand")
            if isinstance(lhs, ir.OpResult):
                # Right after the left operand, where the printed `T.Cast(...)`
                # of it reads back: the round trip keeps the order of the ops.
                cast.owner.move_after(lhs.owner)
            return cast, rhs
        raise self.error(node, f"the operands have different types, {script_type(lhs.type)} and "
                               f"{script_type(rhs.type)}; convert one with T.Cast")

    def expression(self, node, location=None, expected=None):
        """A scalar expression -> ``ir.Value``; ``location`` (a binding's NameLoc)
        goes on the outermost op built."""
        location = location if location is not None else self.source.location(node)
        if _is_number_literal(node):
            return self.literal(node, expected if expected is not None else self.default_literal_type(node), location)
        if isinstance(node, ast.Name):
            symbol = self.lookup(node)
            if symbol.kind == "buffer":
                raise self.error(node, f"buffer '{node.id}' is used as a value; index it, e.g. {node.id}[i]")
            return symbol.value
        if isinstance(node, ast.Subscript):
            buffer = self.buffer(node.value)
            indices = self.indices(node, buffer)
            return tensorir.load(buffer, indices, loc=location)
        if isinstance(node, ast.BinOp):
            lhs, rhs = self.operands([node.left, node.right], expected)
            lhs, rhs = self.unify(lhs, rhs, node)
            return self.arithmetic(type(node.op), lhs, rhs, node, location)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, location, expected)
        if isinstance(node, ast.Compare):
            return self.compare(node, location)
        if isinstance(node, ast.BoolOp):
            # Each value is combined as soon as it is built, so that `a or b or c`
            # gives the ops of `(a or b) or c`, which is how it prints.
            combine = arith.andi if isinstance(node.op, ast.And) else arith.ori
            result = self.boolean(node.values[0])
            for i, value in enumerate(node.values[1:], 2):
                result = combine(result, self.boolean(value),
                                 loc=location if i == len(node.values) else self.source.location(node))
            return result
        if isinstance(node, ast.Call):
            return self.call(node, location, expected)
        raise self.error(node, f"`{_unparse(node)}` is not a tensorir expression")

    def arithmetic(self, op, lhs, rhs, node, location):
        type_ = lhs.type
        symbol = _OPERATOR_TEXT.get(op, "?")
        if _is_float(type_):
            builder = _FLOAT_BINARY.get(op)
        elif _is_integer(type_) and not _is_bool(type_):
            builder = _INTEGER_BINARY.get(op)
        elif _is_bool(type_) and op in (ast.BitXor, ast.BitAnd, ast.BitOr):
            builder = _INTEGER_BINARY.get(op)  # TVM's bitwise ops on booleans
        else:
            raise self.error(node, f"`{symbol}` is not defined for {script_type(type_)} values")
        if builder is None:
            raise self.error(node, f"`{symbol}` is not supported for {script_type(type_)} values")
        return builder(lhs, rhs, loc=location)

    def unary(self, node, location, expected):
        if isinstance(node.op, ast.UAdd):
            return self.expression(node.operand, location, expected)
        if isinstance(node.op, ast.Not):
            value = self.boolean(node.operand)
            return arith.xori(value, self.literal_value(True, value.type, node), loc=location)
        mark = self.mark()
        value = self.expression(node.operand, expected=expected)
        if isinstance(node.op, ast.USub):
            if _is_float(value.type):
                return arith.negf(value, loc=location)
            if _is_integer(value.type) and not _is_bool(value.type):
                # `-x` is `0 - x`, which is how it prints: the 0 goes before x's ops.
                zero = self.literal_value(0, value.type, node)
                if not _is_index(zero.type):
                    self.move_to_mark(zero, mark)
                return arith.subi(zero, value, loc=location)
        if isinstance(node.op, ast.Invert) and _is_integer(value.type) and not _is_index(value.type):
            return arith.xori(value, self.literal_value(-1, value.type, node), loc=location)
        raise self.error(node, f"`{_unparse(node)}` is not defined for {script_type(value.type)} values")

    def literal_value(self, value, type_, node):
        return self.literal(ast.Constant(value, lineno=node.lineno, col_offset=node.col_offset), type_)

    def compare(self, node, location):
        if any(type(op) not in _CMPI for op in node.ops):
            raise self.error(node, "only <, <=, >, >=, == and != compare tensorir values")
        values = self.operands([node.left] + node.comparators)
        results = []
        for i, op in enumerate(node.ops):
            lhs, rhs = self.unify(values[i], values[i + 1], node)
            last = i == len(node.ops) - 1 and len(node.ops) == 1
            where = location if last else self.source.location(node)
            if _is_float(lhs.type):
                results.append(arith.cmpf(_CMPF[type(op)], lhs, rhs, loc=where))
            elif _is_integer(lhs.type):
                results.append(arith.cmpi(_CMPI[type(op)], lhs, rhs, loc=where))
            else:
                raise self.error(node, f"cannot compare {script_type(lhs.type)} values")
        result = results[0]
        for i, value in enumerate(results[1:], 2):
            result = arith.andi(result, value, loc=location if i == len(results) else self.source.location(node))
        return result

    def boolean(self, node):
        value = self.expression(node, expected=ir.IntegerType.get_signless(1))
        if not _is_bool(value.type):
            raise self.error(node, f"expected a condition (T.bool), got {script_type(value.type)}")
        return value

    def call(self, node, location, expected):
        name = _call_name(node)
        if name is None or name[0] != "tir":
            raise self.error(node, f"`{_unparse(node.func)}` is not a tensorir function")
        converter = _TIR_CALLS.get(name[1])
        if converter is None:
            if name[1] in _TIR_STATEMENTS:
                raise self.error(node, _TIR_STATEMENTS[name[1]])
            raise self.error(node.func,
                             f"unknown tensorir function T.{name[1]}" + _suggestion(name[1], _TIR_CALLS, "T."))
        return converter(self, node, location, expected)

    def cast(self, value, target, node, location):
        """``T.Cast(dtype, x)``: the arith conversion from x's type to ``target``."""
        source = value.type
        if source == target:
            return value
        if _is_bool(target) and (_is_float(source) or _is_integer(source)):
            zero = self.literal_value(0, source, node)  # a bool is "not zero", as in TVM
            if _is_float(source):
                return arith.cmpf(arith.CmpFPredicate.UNE, value, zero, loc=location)
            return arith.cmpi(arith.CmpIPredicate.ne, value, zero, loc=location)
        if _is_float(source) and _is_float(target):
            if source.width == target.width:
                raise self.error(node, f"cannot convert {script_type(source)} to {script_type(target)}")
            convert = arith.extf if target.width > source.width else arith.truncf
            return convert(target, value, loc=location)
        if _is_integer(source) and _is_float(target):
            if _is_index(source):
                value = arith.index_cast(ir.IntegerType.get_signless(64), value, loc=self.source.location(node))
            convert = arith.uitofp if _is_bool(source) else arith.sitofp
            return convert(target, value, loc=location)
        if _is_float(source) and _is_integer(target) and not _is_bool(target):
            if _is_index(target):
                value = arith.fptosi(ir.IntegerType.get_signless(64), value, loc=self.source.location(node))
                return arith.index_cast(target, value, loc=location)
            return arith.fptosi(target, value, loc=location)
        if _is_integer(source) and _is_integer(target):
            if _is_bool(source) and _is_index(target):  # index_cast would sign-extend True to -1
                value = arith.extui(ir.IntegerType.get_signless(64), value, loc=self.source.location(node))
            if _is_index(source) or _is_index(target):
                return arith.index_cast(target, value, loc=location)
            if target.width > source.width:
                convert = arith.extui if _is_bool(source) else arith.extsi
                return convert(target, value, loc=location)
            return arith.trunci(target, value, loc=location)
        raise self.error(node, f"cannot convert {script_type(source)} to {script_type(target)}")


# -- tensorir functions ------------------------------------------------------


def _dtype_argument(parser, node, what):
    dtype = node.value if isinstance(node, ast.Constant) else None
    type_ = scalar_type(dtype)
    if type_ is None:
        raise _unknown_dtype(parser.source, node, dtype, f"dtype of {what}")
    return type_


@_tir_call(*_DTYPE_BUILDERS)
def _convert_typed_scalar(parser, call, location, expected):
    """``T.float32(0.0)`` is a constant; ``T.float32(x)`` converts x."""
    dtype = _call_name(call)[1]
    if not call.args and not call.keywords:
        raise parser.error(call, f"T.{dtype}() declares a symbolic variable, which only relax functions have")
    args = parser.arguments(call, f"T.{dtype}", ["value"])
    type_ = scalar_type(dtype)
    if _is_number_literal(args["value"]):
        return parser.literal(args["value"], type_, location)
    if isinstance(args["value"], ast.Constant) and isinstance(args["value"].value, str) and _is_float(type_):
        try:
            number = float(args["value"].value)  # T.float32("inf")
        except ValueError:
            raise parser.error(args["value"], f"{args['value'].value!r} is not a number") from None
        return arith.constant(type_, ir.FloatAttr.get(type_, number), loc=location)
    return parser.cast(parser.expression(args["value"]), type_, call, location)


@_tir_call("Cast")
def _convert_cast(parser, call, location, expected):
    args = parser.arguments(call, "T.Cast", ["dtype", "value"])
    target = _dtype_argument(parser, args["dtype"], "T.Cast")
    if _is_number_literal(args["value"]):
        return parser.literal(args["value"], target, location)
    return parser.cast(parser.expression(args["value"]), target, call, location)


def _binary_intrinsic(float_builder, integer_builder, what):
    def convert(parser, call, location, expected):
        args = parser.arguments(call, what, ["a", "b"])
        lhs, rhs = parser.operands([args["a"], args["b"]], expected)
        lhs, rhs = parser.unify(lhs, rhs, call)
        if _is_float(lhs.type) and float_builder is not None:
            return float_builder(lhs, rhs, loc=location)
        if _is_integer(lhs.type) and not _is_bool(lhs.type) and integer_builder is not None:
            return integer_builder(lhs, rhs, loc=location)
        raise parser.error(call, f"{what} is not defined for {script_type(lhs.type)} values")

    return convert


_tir_call("max")(_binary_intrinsic(arith.maximumf, arith.maxsi, "T.max"))
_tir_call("min")(_binary_intrinsic(arith.minimumf, arith.minsi, "T.min"))
_tir_call("pow")(_binary_intrinsic(mlir_math.powf, None, "T.pow"))
_tir_call("floordiv")(_binary_intrinsic(None, arith.floordivsi, "T.floordiv"))
_tir_call("truncdiv")(_binary_intrinsic(None, arith.divsi, "T.truncdiv"))
_tir_call("truncmod")(_binary_intrinsic(None, arith.remsi, "T.truncmod"))


def _float_intrinsic(builder, what):
    def convert(parser, call, location, expected):
        args = parser.arguments(call, what, ["x"])
        value = parser.operands([args["x"]], expected if expected is not None and _is_float(expected) else None)[0]
        if not _is_float(value.type):
            raise parser.error(call, f"{what} takes a float, not {script_type(value.type)}")
        return builder(value, loc=location)

    return convert


for _name, _builder in {
    "exp": mlir_math.exp, "log": mlir_math.log, "sqrt": mlir_math.sqrt, "rsqrt": mlir_math.rsqrt,
    "tanh": mlir_math.tanh, "erf": mlir_math.erf, "fabs": mlir_math.absf, "floor": mlir_math.floor,
    "ceil": mlir_math.ceil, "round": mlir_math.round, "sin": mlir_math.sin, "cos": mlir_math.cos,
    "tan": mlir_math.tan, "asin": mlir_math.asin, "acos": mlir_math.acos, "atan": mlir_math.atan,
    "sinh": mlir_math.sinh, "cosh": mlir_math.cosh, "asinh": mlir_math.asinh, "acosh": mlir_math.acosh,
    "atanh": mlir_math.atanh, "trunc": mlir_math.trunc, "log1p": mlir_math.log1p, "nearbyint": mlir_math.roundeven,
    # `x != x` (an unordered comparison of x with itself).
    "isnan": lambda x, loc: arith.cmpf(arith.CmpFPredicate.UNO, x, x, loc=loc),
}.items():
    _tir_call(_name)(_float_intrinsic(_builder, f"T.{_name}"))


@_tir_call("abs")
def _convert_abs(parser, call, location, expected):
    args = parser.arguments(call, "T.abs", ["x"])
    value = parser.operands([args["x"]], expected)[0]
    if _is_float(value.type):
        return mlir_math.absf(value, loc=location)
    if _is_integer(value.type) and not _is_bool(value.type):
        return mlir_math.absi(value, loc=location)
    raise parser.error(call, f"T.abs is not defined for {script_type(value.type)} values")


@_tir_call("sigmoid")
def _convert_sigmoid(parser, call, location, expected):
    """``T.sigmoid(x)`` spelled out as ``1 / (1 + T.exp(-x))``, built in the order
    that parsing that expression builds it (so that printing and parsing back
    give the same IR)."""
    args = parser.arguments(call, "T.sigmoid", ["x"])
    mark = parser.mark()
    value = parser.expression(args["x"], expected=expected)
    if not _is_float(value.type):
        raise parser.error(call, f"T.sigmoid takes a float, not {script_type(value.type)}")
    here = parser.source.location(call)
    inner_one = arith.constant(value.type, ir.FloatAttr.get(value.type, 1.0), loc=here)
    parser.move_to_mark(inner_one, mark)
    outer_one = arith.constant(value.type, ir.FloatAttr.get(value.type, 1.0), loc=here)
    parser.move_to_mark(outer_one, mark)
    exponential = mlir_math.exp(arith.negf(value, loc=here), loc=here)
    return arith.divf(outer_one, arith.addf(inner_one, exponential, loc=here), loc=location)


@_tir_call("Select", "if_then_else")
def _convert_select(parser, call, location, expected):
    what = "T." + _call_name(call)[1]
    args = parser.arguments(call, what, ["cond", "true_value", "false_value"])
    condition = parser.boolean(args["cond"])
    true_value, false_value = parser.operands([args["true_value"], args["false_value"]], expected)
    true_value, false_value = parser.unify(true_value, false_value, call)
    return arith.select(condition, true_value, false_value, loc=location)


# ---------------------------------------------------------------------------
# The module
# ---------------------------------------------------------------------------

_FUNCTION_PARSERS = {"relax": _RelaxFunctionParser, "tir": _PrimFuncParser}


class _ModuleParser:
    """Parses an ``@I.ir_module`` class, or one decorated function, into a module."""

    def __init__(self, source, context, metadata=None):
        self.source = source
        self.context = context
        self.metadata = metadata  # the arrays metadata["relax.expr.Constant"][i] names, if any
        self.class_name = None
        self.functions = {}  # name -> "relax" | "tir", for cls.f
        self.function_nodes = {}  # name -> its ast.FunctionDef
        self.built = {}  # name -> its op, once built

    def class_names(self):
        return {self.class_name} if self.class_name else set()

    def parse(self, tree):
        definition = self.definition(tree)
        # Types report their problems at a location: the ops' own ones say where.
        with self.context, ir.Location.unknown():
            module = ir.Module.create(loc=self.source.location(definition))
            if isinstance(definition, ast.ClassDef):
                functions = self.methods(definition)
            else:
                functions = [(definition, *_function_decorator(self.source, definition))]
            for node, kind, _ in functions:
                self.functions[node.name] = kind
                self.function_nodes[node.name] = node
            with ir.InsertionPoint(module.body):
                for node, kind, private in functions:
                    self.function(node, kind, private)
            self.verify(module, definition)
        return module

    def definition(self, tree):
        """The one ``@I.ir_module`` class or decorated function of the source."""
        found = None
        for statement in tree.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)) or _is_docstring(statement):
                continue
            section = _metadata_section(statement)
            if section is not None and found is None:
                self.metadata = self.load_metadata(section, statement)
                continue
            if not isinstance(statement, (ast.ClassDef, ast.FunctionDef)) or found is not None:
                raise self.source.error(statement, "TVMScript source holds one @I.ir_module class or one "
                                                   "@R.function / @T.prim_func function")
            found = statement
        if found is None:
            raise self.source.error(tree.body[0] if tree.body else None,
                                    "no @I.ir_module class or @R.function / @T.prim_func function found")
        if isinstance(found, ast.ClassDef):
            self.check_module_decorator(found)
            self.class_name = found.name
        return found

    def load_metadata(self, text, statement):
        from ..ir.metadata import load_json

        try:
            return load_json(text)[_METADATA_KEY]
        except TVMLIRError as error:
            raise self.source.error(statement, str(error)) from None

    def check_module_decorator(self, node):
        names = [_script_name(d) for d in node.decorator_list]
        if names != [("ir", "ir_module")]:
            where = node.decorator_list[0] if node.decorator_list else node
            raise self.source.error(where, f"class '{node.name}' needs the @I.ir_module decorator (and no other)")
        if node.bases or node.keywords:
            raise self.source.error(node, "an @I.ir_module class has no base classes")

    def methods(self, class_node):
        functions = []
        for statement in class_node.body:
            if _is_docstring(statement) or isinstance(statement, ast.Pass):
                continue
            if not isinstance(statement, ast.FunctionDef):
                raise self.source.error(statement,
                                        "an @I.ir_module class holds only @R.function and @T.prim_func functions")
            if any(node.name == statement.name for node, *_ in functions):
                raise self.source.error(statement, f"the module already has a function named '{statement.name}'")
            functions.append((statement, *_function_decorator(self.source, statement)))
        return functions

    def function(self, node, kind, private):
        parser = _FUNCTION_PARSERS[kind](self, node, private)
        outer, self.source.current = self.source.current, node
        try:
            self.built[node.name] = parser.build()
            return self.built[node.name]
        except TVMScriptError:
            raise
        except ir.MLIRError as error:
            raise _mlir_error(self.source, error, self.source.current or node) from None
        except Exception as error:  # an internal failure: report it at the user's code
            raise self.source.error(self.source.current or node,
                                    f"cannot parse this ({type(error).__name__}: {error})") from None
        finally:
            self.source.current = outer

    def relax_signature(self, name, call):
        """(parameter types, result types) of relax function ``name``: from its op
        once built, else from its annotations (a later function)."""
        if name in self.built:
            function_type = ir.FunctionType(self.built[name].function_type.value)
            return list(function_type.inputs), list(function_type.results)
        node = self.function_nodes[name]
        if node.returns is None:
            raise self.source.error(call, f"'{name}' is defined after this call, so its return type must be annotated")
        parser = _RelaxFunctionParser(self, node, False)
        return parser.signature_types(parser.relax_type), [parser.relax_type(node.returns)]

    def verify(self, module, definition):
        """The verifiers' diagnostics (call_tir against its callee, block writes, ...)
        become a TVMScriptError at the op that failed."""
        try:
            module.operation.verify()
        except ir.MLIRError as error:
            raise _mlir_error(self.source, error, definition) from None


def _dedent(source):
    """The source without its common indentation (a class taken from inside a
    function), and how many columns were removed."""
    dedented = textwrap.dedent(source)
    original_lines = [line for line in source.splitlines() if line.strip()]
    dedented_lines = [line for line in dedented.splitlines() if line.strip()]
    if not original_lines:
        return dedented, 0
    return dedented, len(original_lines[0]) - len(dedented_lines[0])


def parse_source(source, filename="<string>", line_offset=0, col_offset=0, context=None, metadata=None):
    """Parses TVMScript (an ``@I.ir_module`` class or one decorated function)
    into a verified ``mlir.ir.Module``.

    ``line_offset``/``col_offset`` are added to positions so that source taken
    from the middle of a file reports its true lines. Every problem raises
    :class:`tvmlir.base.TVMScriptError`.
    """
    if not isinstance(source, str):
        raise TVMScriptError(f"TVMScript source is a str, not {type(source).__name__}", filename, line_offset + 1, 1)
    text, removed = _dedent(source)
    positions = _Source(filename, line_offset, col_offset + removed)
    try:
        with warnings.catch_warnings():  # e.g. "invalid escape sequence": not the user's problem here
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=filename)
    except SyntaxError as error:
        line = (error.lineno or 1) + line_offset
        column = (error.offset or 1) + col_offset + removed
        raise TVMScriptError(f"invalid syntax: {error.msg}", filename, line, column) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise TVMScriptError(f"cannot read the source: {error}", filename, line_offset + 1, 1) from None
    try:
        constants = metadata[_METADATA_KEY] if isinstance(metadata, dict) and _METADATA_KEY in metadata else None
        return _ModuleParser(positions, context or default_context(), constants).parse(tree)
    except TVMScriptError:
        raise
    except Exception as error:  # an internal failure: still a located TVMScriptError
        raise positions.error(positions.current, f"cannot parse this ({type(error).__name__}: {error})") from None
