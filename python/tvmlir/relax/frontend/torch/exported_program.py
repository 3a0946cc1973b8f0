"""torch.export programs into relax: a translator with one small converter per
ATen op in a name -> function table (``ops.CONVERTERS``), as TVM's frontend
is built.

Parameters become function parameters after the user inputs (with
``num_input``) when ``keep_params_as_input``, else constants. Every ATen op of
the graph without a converter is reported at once, with the line of the
user's model that made it; a converter that meets an argument it cannot
handle raises an error naming the op, the argument and that line.
"""

import operator

import numpy as np
from mlir import ir

from ....base import TVMLIRError
from ....dialects import relax as rx
from ....ir.context import default_context
from ....ir.module import IRModule
from ....script.printer import dtype_of
from ..common import BlockBuilder, dense_attr
from .ops import CONVERTERS
from .types import SymbolicExpressionError, element_type, tensor_type

# The target of nodes that pick one result of a multi-output op (a Python
# function, not an ATen op).
_GETITEM = str(operator.getitem)


def source_line(node):
    """'File ..., line N: code' of the user's model line that made ``node``."""
    trace = (node.meta.get("stack_trace") or "").strip().splitlines()
    # The last frame of the trace: its "File ..., line N" and its code.
    return f"{trace[-2].strip()}: {trace[-1].strip()}" if len(trace) >= 2 else "(no source line)"


class Arguments:
    """A node's arguments bound to its ATen schema by name, defaults filled in:
    ``args.self``, ``args.dim``, ... (tensors as relax values)."""

    def __init__(self, translator, node):
        schema = node.target._schema
        given = dict(node.kwargs)
        for spec, arg in zip(schema.arguments, node.args):
            given[spec.name] = arg
        self.raw = {}
        for spec in schema.arguments:
            if spec.name in given:
                self.raw[spec.name] = given[spec.name]
            else:
                self.raw[spec.name] = spec.default_value if spec.has_default_value() else None
        self._translator = translator

    def __getattr__(self, name):
        raw = self.__dict__["raw"]
        if name not in raw:
            raise AttributeError(name)
        return self._translator.value(raw[name])


class Translator:
    def __init__(self, program, keep_params_as_input, unwrap_unit_return_tuple):
        self.program = program
        self.keep_params = keep_params_as_input
        self.unwrap = unwrap_unit_return_tuple
        self.values = {}
        self.bb = BlockBuilder()
        self.params = []

    # -- conversion helpers, used by the converters -------------------------

    def value(self, arg):
        """The relax value of a node argument; lists element by element; other
        Python values (numbers, dtypes, None) as they are."""
        if hasattr(arg, "name") and hasattr(arg, "op"):
            return self.values[arg.name]
        if isinstance(arg, (list, tuple)):
            return [self.value(a) for a in arg]
        return arg

    def arg(self, node):  # the name TVM's frontend uses
        return self.value(node)

    def bind(self, node):
        return Arguments(self, node)

    def emit(self, build, *args, **kwargs):
        return self.bb.emit(build, *args, **kwargs)

    def constant(self, array):
        return self.emit(rx.constant, dense_attr(array))

    def scalar(self, number, element):
        """A 0-D constant of ``number`` in the MLIR element type ``element``
        (NumPy has no bfloat16: such a constant is a float32 one cast)."""
        if isinstance(element, ir.BF16Type):
            return self.cast(self.constant(np.array(number, dtype=np.float32)), element)
        return self.constant(np.array(number, dtype=dtype_of(element)))

    def cast(self, value, element):
        """``value`` with the element type ``element`` (astype when it differs)."""
        if ir.RankedTensorType(value.type).element_type == element:
            return value
        return self.emit(rx.astype, value, element)

    def fake(self, node):
        """The (fake) torch tensor that ``node`` computes, or its list."""
        return node.meta["val"]

    def out_element(self, node, index=None):
        fake = self.fake(node) if index is None else self.fake(node)[index]
        return element_type(fake.dtype)

    def static_shape(self, node, what="its result"):
        """The output shape of ``node`` as ints; symbolic sizes are an error
        (relax shape attributes hold static extents only)."""
        shape = self.fake(node).shape
        if not all(isinstance(s, int) for s in shape):
            raise self.error(node, f"{what} has the symbolic shape {tuple(shape)}, and relax shape "
                                   "attributes hold static extents only")
        return list(shape)

    def comes_after(self, node, other):
        """Whether ``node`` is later than ``other`` in the graph."""
        return self.order[node] > self.order[other]

    def used_outputs(self, node):
        """The indices of a multi-output node's results that the graph reads
        (torch.export leaves getitems of unread results in the graph)."""
        return {user.args[1] for user in node.users if str(user.target) == _GETITEM and user.users}

    def error(self, node, message):
        return TVMLIRError(f"{node.target}: {message}\n  at {source_line(node)}")

    def unsupported(self, node, argument, value, why=""):
        """The error for an argument value a converter cannot handle."""
        reason = f" ({why})" if why else ""
        return self.error(node, f"argument '{argument}'={value!r} is not supported{reason}")

    # -- the program --------------------------------------------------------

    def check_supported(self, graph):
        missing = {}
        for node in graph.nodes:
            if node.op == "call_function" and str(node.target) not in CONVERTERS:
                missing.setdefault(str(node.target), source_line(node))
        if missing:
            lines = "\n".join(f"  {op}: {where}" for op, where in sorted(missing.items()))
            raise TVMLIRError(f"the program uses {len(missing)} ATen op(s) tvmlir cannot import yet:\n{lines}")

    def convert(self, node):
        try:
            value = CONVERTERS[str(node.target)](self, node)
        except TVMLIRError:
            raise
        except Exception as failure:  # an op builder refused: name the ATen op and line
            raise self.error(node, f"cannot be converted: {failure}") from failure
        self.check_result(node, value)
        return value

    def check_result(self, node, value):
        """A converter's result has the dtype and static extents torch traced,
        so that a converter's mistake is an error here, not a wrong answer."""
        fakes, values = node.meta.get("val"), value
        if not isinstance(fakes, (tuple, list)):
            fakes, values = [fakes], [value]
        for fake, result in zip(fakes, values):
            if not hasattr(fake, "dtype") or not isinstance(result, ir.Value):
                continue  # sizes, unused results
            got = ir.RankedTensorType(result.type)
            expected = tensor_type(fake)
            dims_agree = all(a == b or ir.ShapedType.get_dynamic_size() in (a, b)
                             for a, b in zip(got.shape, expected.shape))
            if got.element_type != expected.element_type or got.rank != expected.rank or not dims_agree:
                raise self.error(node, f"the converter made {got}, where torch computes {expected}")

    def translate(self):
        program = self.program
        graph = program.graph_module.graph
        self.check_supported(graph)
        self.order = {node: index for index, node in enumerate(graph.nodes)}
        signature = program.graph_signature
        user_inputs = list(signature.user_inputs)
        parameter_names = {spec.arg.name: spec.target for spec in signature.input_specs
                           if spec.target is not None}
        placeholders = [n for n in graph.nodes if n.op == "placeholder"]
        inputs = [n for n in placeholders if n.name in user_inputs]
        weights = [n for n in placeholders if n.name not in user_inputs]
        state = {**program.state_dict, **getattr(program, "constants", {})}
        output_node = next(n for n in graph.nodes if n.op == "output")
        outputs = output_node.args[0]
        unwrap = self.unwrap and isinstance(outputs, (tuple, list)) and len(outputs) == 1
        if unwrap:
            outputs = outputs[0]

        context = default_context()
        with context, ir.Location.unknown():
            module = ir.Module.create()
            params = inputs + (weights if self.keep_params else [])
            arg_types = [tensor_type(n.meta["val"]) for n in params]
            result_types = self.result_types(outputs)
            with ir.InsertionPoint(module.body):
                func = rx.FuncOp("main", ir.TypeAttr.get(ir.FunctionType.get(arg_types, result_types)),
                                 loc=ir.Location.name("main"))
                func.attributes["num_input"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), len(inputs))
                entry = func.body.blocks.append(*arg_types, arg_locs=[ir.Location.name(n.name) for n in params])
            for node, value in zip(params, entry.arguments):
                self.values[node.name] = value
            if self.keep_params:
                self.params = [state[parameter_names[n.name]].detach().numpy() for n in weights]
            with ir.InsertionPoint(entry):
                dataflow = rx.DataflowOp(result_types, loc=ir.Location.name("gv"))
                with ir.InsertionPoint(dataflow.body.blocks.append()):
                    if not self.keep_params:
                        for node in weights:
                            data = state[parameter_names[node.name]].detach().numpy()
                            self.values[node.name] = self.constant(data)
                    for node in graph.nodes:
                        if node.op == "call_function":
                            self.values[node.name] = self.convert(node)
                    rx.OutputOp(self.output_values(outputs))
                rx.ReturnOp(list(dataflow.results))
        mod = IRModule(module)
        if self.keep_params:
            mod.params = {"main": self.params}
        return mod

    def result_types(self, outputs):
        if isinstance(outputs, (tuple, list)):
            return [ir.TupleType.get_tuple([self.output_type(o) for o in outputs])]
        return [self.output_type(outputs)]

    def output_type(self, node):
        try:
            return tensor_type(node.meta["val"])
        except SymbolicExpressionError as error:
            raise self.error(node, str(error)) from None

    def output_values(self, outputs):
        if isinstance(outputs, (tuple, list)):
            return [self.emit(rx.tuple, [self.output_value(o) for o in outputs])]
        return [self.output_value(outputs)]

    def output_value(self, node):
        """An output with the type torch declares; relax ops that lose the name
        of a symbolic dimension make a located error here rather than a
        module that does not verify."""
        value, declared = self.arg(node), tensor_type(node.meta["val"])
        if value.type != declared:
            raise self.error(node, f"the result has the relax type {value.type}, where the function "
                                   f"returns {declared} (a symbolic dimension lost its name)")
        return value


def from_exported_program(exported_program, keep_params_as_input=False, unwrap_unit_return_tuple=False):
    """An IRModule with ``main`` computing ``exported_program``."""
    return Translator(exported_program, keep_params_as_input, unwrap_unit_return_tuple).translate()
