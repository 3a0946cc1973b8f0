"""``Module.export_tvm``: traces each method of the spec into a relax function
(TVM's ``relax.frontend.nn.exporter``).

A function takes the method's inputs, then every parameter of the module
(``fc1.weight`` is the parameter ``fc1_weight``), with ``num_input`` = the
number of inputs. Each binding is named after its op, with TVM's counters
(``matmul``, ``matmul1``); the output is ``gv``.
"""

import contextlib
import inspect
import threading

from mlir import ir

from ....base import TVMLIRError
from ....dialects import relax as rx
from ....ir.context import default_context
from ....ir.module import IRModule
from ....script.parser import element_type
from ..common import BlockBuilder, build_function, tensor_type
from . import spec as _spec
from .core import Tensor, check_dtype, check_shape

_state = threading.local()


class Exporter:
    """The export in progress: its block builder (one name table for the whole
    module, as TVM's) and the modules being called, for error messages."""

    def __init__(self, root):
        self.root = root
        self.method = None
        self.builder = BlockBuilder()
        self.paths = {id(m): name for name, m in root.named_modules()}
        self.calls = []

    def where(self):
        """``RelaxModel.forward: in Linear 'fc1'``: what was being traced."""
        text = f"{type(self.root).__name__}.{self.method}"
        if self.calls and self.calls[-1] is not self.root:
            module = self.calls[-1]
            path = self.paths.get(id(module))
            text += f": in {type(module).__name__}" + (f" '{path}'" if path else "")
        return text

    def emit(self, build, *args, name=None, **attrs):
        """Builds one relax op; a shape or dtype the op rejects is a
        TVMLIRError saying where in the model it happened."""
        try:
            return self.builder.emit(build, *args, name=name, **attrs)
        except ir.MLIRError as error:
            problems = "; ".join(d.message for d in error.error_diagnostics) or str(error)
            raise TVMLIRError(f"{self.where()}: {problems}") from None


def current():
    """The export in progress (nn ops only build IR while a method is traced)."""
    exporter = getattr(_state, "current", None)
    if exporter is None:
        raise TVMLIRError("nn ops build relax IR only while Module.export_tvm traces a method")
    return exporter


@contextlib.contextmanager
def calling(module):
    """Records ``module`` as being called (for error messages) during an export."""
    exporter = getattr(_state, "current", None)
    if exporter is not None:
        exporter.calls.append(module)
    try:
        yield
    finally:
        if exporter is not None:
            exporter.calls.pop()


def export(module, spec, debug=False):
    """``(IRModule, [(name, Parameter), ...])`` of ``module`` for ``spec``."""
    if debug:
        raise TVMLIRError("export_tvm(debug=True): effects (printing) are not supported yet")
    if not isinstance(spec, dict) or not spec:
        raise TVMLIRError(f"export_tvm: the spec must be a dict {{method name: {{argument: "
                          f"nn.spec.Tensor(...)}}}}, got {spec!r}")
    if getattr(_state, "current", None) is not None:
        raise TVMLIRError("export_tvm: another export is in progress in this thread")
    params = list(module.named_parameters())
    methods = [(name, *_method_inputs(module, name, method_spec)) for name, method_spec in spec.items()]
    exporter = Exporter(module)
    _state.current = exporter
    try:
        with default_context(), ir.Location.unknown():
            param_types = [(name.replace(".", "_"), _param_type(name, p)) for name, p in params]
            mlir_module = ir.Module.create()
            for name, method, inputs in methods:
                exporter.method = name
                _export_method(exporter, mlir_module, name, method, inputs, params, param_types)
    finally:
        _state.current = None
        for _, param in params:
            param._expr = None  # the values belong to the module just built
    mod = IRModule(mlir_module)
    mod.verify()
    return mod, params


def _export_method(exporter, mlir_module, name, method, inputs, params, param_types):
    input_types = [(arg, tensor_type(s.shape, element_type(s.dtype))) for arg, s in inputs]

    def body(arguments):
        tensors = {arg: Tensor(_expr=value) for (arg, _), value in zip(inputs, arguments)}
        for (_, param), value in zip(params, arguments[len(inputs):]):
            param._expr = value
        with calling(exporter.root):
            result = method(**tensors)
        return [_output(exporter, result, "gv")]

    build_function(mlir_module, name, input_types + param_types, body, num_input=len(inputs))


def _output(exporter, result, name):
    """The relax value of what a method returned: a Tensor, or a tuple (or
    list) of them, nested as wanted."""
    if isinstance(result, Tensor):
        return result._expr
    if isinstance(result, (tuple, list)):
        fields = [_output(exporter, r, None) for r in result]
        return exporter.emit(rx.tuple, fields, name=name)
    raise TVMLIRError(f"{exporter.where()}: returned {type(result).__name__}; "
                      "a method returns a Tensor or a tuple of Tensors")


def _param_type(name, param):
    what = f"parameter '{name}'"
    return tensor_type(check_shape(param.shape, what), element_type(check_dtype(param.dtype, what)))


def _method_inputs(module, name, method_spec):
    """``(method, [(argument, nn.spec.Tensor), ...])`` in the method's order,
    each spec checked; errors name the method and the argument."""
    where = f"{type(module).__name__}.{name}"
    method = getattr(module, name, None)
    if not callable(method):
        raise TVMLIRError(f"export_tvm: {type(module).__name__} has no method {name!r}")
    if not isinstance(method_spec, dict):
        raise TVMLIRError(f"{where}: the spec must be a dict {{argument: nn.spec.Tensor(...)}}, "
                          f"got {method_spec!r}")
    specs = dict(method_spec)
    config = specs.pop("$", {})
    for key in ("param_mode", "effect_mode"):
        if config.get(key, "plain") != "plain":
            raise TVMLIRError(f"{where}: {key}={config[key]!r} is not supported yet (only 'plain')")
    signature = inspect.signature(method).parameters
    arguments = [a for a, p in signature.items() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    for arg in specs:
        if arg not in arguments:
            raise TVMLIRError(f"{where}: the spec names {arg!r}, which is not an argument of "
                              f"{name}({', '.join(arguments)})")
    inputs = []
    for arg in arguments:
        if arg not in specs:
            if signature[arg].default is inspect.Parameter.empty:
                raise TVMLIRError(f"{where}: argument {arg!r} has no spec (expected "
                                  f"nn.spec.Tensor(shape, dtype) for each of: {', '.join(arguments)})")
            continue  # it keeps its default value
        inputs.append((arg, _check_spec(f"{where}: argument {arg!r}", specs[arg])))
    return method, inputs


def _check_spec(what, arg_spec):
    if isinstance(arg_spec, _spec.Int) or arg_spec in (int, "int"):
        raise TVMLIRError(f"{what}: integer inputs (nn.spec.Int) are not supported yet")
    if not isinstance(arg_spec, _spec.Tensor):
        raise TVMLIRError(f"{what}: expected nn.spec.Tensor(shape, dtype), got {arg_spec!r}")
    return _spec.Tensor(check_shape(arg_spec.shape, what), check_dtype(arg_spec.dtype, what))
