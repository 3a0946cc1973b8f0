"""IRModule: TVM's module of functions, over an MLIR ``builtin.module``.

An :class:`IRModule` wraps an ``mlir.ir.Module`` (``mod.mlir``) and shares its
context: by default the process-wide :func:`tvmlir.ir.default_context`, so
modules parsed or built anywhere in the process can be compared, combined and
transformed together. Functions are the module's symbols: ``relax.function``
and ``tensorir.prim_func`` ops, indexed by name or :class:`GlobalVar`.
"""

from mlir import ir as _mlir

from ..base import TVMLIRError
from .context import default_context, verify

_FUNCTION_OPS = ("relax.function", "tensorir.prim_func")


class GlobalVar:
    """The name of a function in a module (TVM's ``I.GlobalVar("main")``)."""

    def __init__(self, name_hint):
        self.name_hint = name_hint

    def __repr__(self):
        return f'I.GlobalVar("{self.name_hint}")'

    def __eq__(self, other):
        return isinstance(other, GlobalVar) and other.name_hint == self.name_hint

    def __hash__(self):
        return hash(("GlobalVar", self.name_hint))


def _symbol_name(op):
    return _mlir.StringAttr(op.attributes["sym_name"]).value


class _Scripted:
    """Prints as TVMScript: ``str``, ``repr`` and ``show`` use ``script()``."""

    def __str__(self):
        return self.script()

    def __repr__(self):
        return self.script()

    def show(self, show_meta=False):
        """Prints ``script(show_meta=show_meta)``."""
        print(self.script(show_meta=show_meta))


class Function(_Scripted):
    """A function of a module: wraps its ``relax.function`` or
    ``tensorir.prim_func`` op. Two wrappers are equal when they wrap the same
    op (``mod[gv] == mod["main"]``)."""

    def __init__(self, op, owner=None):
        self.op = op.operation.opview
        # The module that owns the op: the op lives only as long as it does.
        self._owner = owner

    @property
    def name(self):
        return _symbol_name(self.op)

    @property
    def is_prim_func(self):
        return self.op.operation.name == "tensorir.prim_func"

    def __eq__(self, other):
        return isinstance(other, Function) and self.op.operation == other.op.operation

    def __hash__(self):
        return hash(self.name)

    def script(self, show_meta=False):
        """The function as TVMScript; ``show_meta`` also prints the data of
        the constants too large to print in line (the metadata section)."""
        from ..script.printer import print_function

        return print_function(self.op, show_meta=show_meta)


class IRModule(_Scripted):
    """A module of relax and tensorir functions over an MLIR module."""

    def __init__(self, module=None, context=None):
        if module is None:
            context = context or default_context()
            module = _mlir.Module.create(loc=_mlir.Location.unknown(context))
        params = {}
        if isinstance(module, IRModule):
            module, params = module.mlir, dict(module.params)
        self._module = module
        # Weights kept as function parameters by an importer (keep_params_as_input):
        # {function name: [NumPy arrays]}, in parameter order after `num_input`.
        self.params = params

    @classmethod
    def from_mlir(cls, text, source_name="<string>"):
        """Parses MLIR text (the relax and tensorir dialects) into an IRModule."""
        from .context import parse_module

        return cls(parse_module(text, default_context(), source_name))

    @property
    def mlir(self):
        """The ``mlir.ir.Module``: printable, verifiable, usable with relax-opt."""
        return self._module

    @property
    def context(self):
        return self._module.context

    def _function_ops(self):
        return [op for op in self._module.body.operations if op.operation.name in _FUNCTION_OPS]

    def _lookup(self, key):
        name = key.name_hint if isinstance(key, GlobalVar) else key
        if not isinstance(name, str):
            raise TypeError(f"IRModule is indexed by a name or a GlobalVar, not {type(key).__name__}")
        for op in self._function_ops():
            if _symbol_name(op) == name:
                return op
        return None

    def get_global_vars(self):
        """The module's functions as GlobalVars, sorted by name (as TVM does)."""
        return sorted((GlobalVar(_symbol_name(op)) for op in self._function_ops()),
                      key=lambda gv: gv.name_hint)

    def get_global_var(self, name):
        if self._lookup(name) is None:
            raise TVMLIRError(f"IRModule has no function '{name}'; it has {self._names()}")
        return GlobalVar(name)

    def _names(self):
        return [gv.name_hint for gv in self.get_global_vars()]

    @property
    def functions(self):
        """``{GlobalVar: Function}`` for every function."""
        return {GlobalVar(_symbol_name(op)): Function(op, self) for op in self._function_ops()}

    def items(self):
        return sorted(self.functions.items(), key=lambda item: item[0].name_hint)

    def __getitem__(self, key):
        op = self._lookup(key)
        if op is None:
            raise KeyError(f"IRModule has no function '{getattr(key, 'name_hint', key)}'; "
                           f"it has {self._names()}")
        return Function(op, self)

    def __contains__(self, key):
        return self._lookup(key) is not None

    def __len__(self):
        return len(self._function_ops())

    def __iter__(self):
        return iter(self.get_global_vars())

    def update_func(self, key, func):
        """Puts a copy of ``func`` (a :class:`Function` or an op) in this module
        under the name of ``key``, replacing the function of that name."""
        name = key.name_hint if isinstance(key, GlobalVar) else key
        op = func.op if isinstance(func, Function) else func
        if op.operation.name not in _FUNCTION_OPS:
            raise TypeError(f"expected a relax.function or tensorir.prim_func, got {op.operation.name}")
        if op.operation.context != self.context:
            raise TVMLIRError("the function belongs to a module of another MLIR context")
        clone = op.operation.clone()
        clone.attributes["sym_name"] = _mlir.StringAttr.get(name, self.context)
        old = self._lookup(name)
        if old is not None:
            old.operation.erase()
        self._module.body.append(clone)

    __setitem__ = update_func

    def copy(self):
        """A deep copy in the same context."""
        copy = IRModule(_mlir.Module.parse(self._module.operation.get_asm(enable_debug_info=True),
                                           self.context))
        copy.params = dict(self.params)
        return copy

    def verify(self):
        return verify(self._module)

    def script(self, show_meta=False):
        """The module as TVMScript, with the look of TVM's printer; ``show_meta``
        also prints the data of the constants too large to print in line (the
        metadata section, which ``from_source`` reads back)."""
        from ..script.printer import print_module

        return print_module(self._module, show_meta=show_meta)
