"""``I``: the module namespace of TVMScript (``from tvmlir.script import ir as I``).

``@I.ir_module`` reads the decorated class's source (never runs its methods)
and parses it into a :class:`tvmlir.ir.IRModule`.
"""

import inspect
import sys

from ..base import TVMLIRError
from ..ir.module import GlobalVar, IRModule

__all__ = ["ir_module", "GlobalVar", "IRModule"]


def source_of(obj):
    """(text, file name, line offset) of a class or function defined in a file:
    the offset makes parse errors name the file's own lines."""
    try:
        lines, first_line = inspect.getsourcelines(obj)
        filename = inspect.getsourcefile(obj) or inspect.getfile(obj)
    except (OSError, TypeError) as error:
        raise TVMLIRError(f"cannot read the source of {getattr(obj, '__qualname__', obj)!r}: {error}; "
                          f"use tvmlir.script.from_source(text) for TVMScript that is not in a file") from None
    return "".join(lines), filename, max(first_line - 1, 0)


def parse_object(obj):
    """The ``mlir.ir.Module`` of a decorated class or function."""
    from .parser import parse_source

    text, filename, line_offset = source_of(obj)
    # A printed module run as a Python file defines `metadata` (its large
    # constants) at module level, outside the class the parser reads.
    metadata = getattr(sys.modules.get(getattr(obj, "__module__", None)), "metadata", None)
    return parse_source(text, filename, line_offset=line_offset, metadata=metadata)


def ir_module(cls):
    """``@I.ir_module``: the class's TVMScript as an :class:`IRModule`."""
    if not inspect.isclass(cls):
        raise TVMLIRError("@I.ir_module decorates a class")
    return IRModule(parse_object(cls))


class ScriptFunction:
    """What ``@R.function`` / ``@T.prim_func`` return for a method while its
    ``@I.ir_module`` class is being defined: only a marker, since the class's
    source, not Python, defines the module."""

    def __init__(self, function, kind, private):
        self.function = function
        self.kind = kind
        self.private = private
        self.__name__ = getattr(function, "__name__", "?")

    def __repr__(self):
        return f"<TVMScript {self.kind} function {self.__name__} (parsed by @I.ir_module)>"


def _is_method(function):
    """True for a function defined directly in a class body (``Module.main``, or
    ``test.<locals>.Module.main``), False for a module-level or local function."""
    parts = getattr(function, "__qualname__", "").split(".")
    return len(parts) >= 2 and parts[-2] != "<locals>"


def function_decorator(kind, func, private):
    """The body of ``@R.function`` / ``@T.prim_func``, bare or with arguments."""

    def decorate(function):
        if not callable(function):
            raise TVMLIRError(f"@{'R.function' if kind == 'relax' else 'T.prim_func'} decorates a function")
        if _is_method(function):
            return ScriptFunction(function, kind, private)
        module = IRModule(parse_object(function))
        return module[function.__name__]

    return decorate if func is None else decorate(func)
