"""torch.export programs into relax: a translator with one small converter per
ATen op in a name -> function table, as TVM's frontend is built.

Parameters become function parameters after the user inputs (with
``num_input``) when ``keep_params_as_input``, else constants. Every ATen op of
the graph without a converter is reported at once, with the line of the
user's model that made it.
"""

import numpy as np
from mlir import ir

from ....base import TVMLIRError
from ....dialects import relax as rx
from ....ir.context import default_context
from ....ir.module import IRModule
from ....script.printer import dtype_of
from ..common import BlockBuilder

_DTYPES = {"torch.float32": "f32", "torch.float16": "f16", "torch.float64": "f64", "torch.bfloat16": "bf16",
           "torch.int64": "i64", "torch.int32": "i32", "torch.bool": "i1", "torch.int8": "i8"}


def _element_type(dtype):
    text = _DTYPES.get(str(dtype))
    if text is None:
        raise TVMLIRError(f"torch dtype {dtype} is not supported")
    return ir.Type.parse(text)


def _tensor_type(fake):
    """The relax type of a torch (fake) tensor; symbolic sizes keep their names."""
    dims, names = [], []
    for size in fake.shape:
        if isinstance(size, int):
            dims.append(size)
        else:
            dims.append(ir.ShapedType.get_dynamic_size())
            names.append(str(size))
    element = _element_type(fake.dtype)
    if not names:
        return ir.RankedTensorType.get(dims, element)
    encoding = ir.Attribute.parse("#relax.sym<[" + ", ".join(f'"{n}"' for n in names) + "]>")
    return ir.RankedTensorType.get(dims, element, encoding)


class Translator:
    def __init__(self, program, keep_params_as_input, unwrap_unit_return_tuple):
        self.program = program
        self.keep_params = keep_params_as_input
        self.unwrap = unwrap_unit_return_tuple
        self.values = {}
        self.bb = BlockBuilder()
        self.params = []

    # -- conversion helpers, used by the converters -------------------------

    def arg(self, node):
        return self.values[node.name] if hasattr(node, "name") else node

    def emit(self, build, *args, **kwargs):
        return self.bb.emit(build, *args, **kwargs)

    # -- the program --------------------------------------------------------

    def check_supported(self, graph):
        missing = {}
        for node in graph.nodes:
            if node.op == "call_function" and str(node.target) not in CONVERTERS:
                trace = (node.meta.get("stack_trace") or "").strip().splitlines()
                # The last frame of the trace: its "File ..., line N" and its code.
                where = f"{trace[-2].strip()}: {trace[-1].strip()}" if len(trace) >= 2 else "(no source line)"
                missing.setdefault(str(node.target), where)
        if missing:
            lines = "\n".join(f"  {op}: {where}" for op, where in sorted(missing.items()))
            raise TVMLIRError(f"the program uses {len(missing)} ATen op(s) tvmlir cannot import yet:\n{lines}")

    def translate(self):
        program = self.program
        graph = program.graph_module.graph
        self.check_supported(graph)
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
            arg_types = [_tensor_type(n.meta["val"]) for n in params]
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
                            self.values[node.name] = CONVERTERS[str(node.target)](self, node)
                    rx.OutputOp(self.output_values(outputs))
                rx.ReturnOp(list(dataflow.results))
        mod = IRModule(module)
        if self.keep_params:
            mod.params = {"main": self.params}
        return mod

    def result_types(self, outputs):
        if isinstance(outputs, (tuple, list)):
            return [ir.TupleType.get_tuple([_tensor_type(o.meta["val"]) for o in outputs])]
        return [_tensor_type(outputs.meta["val"])]

    def output_values(self, outputs):
        if isinstance(outputs, (tuple, list)):
            return [self.emit(rx.tuple, [self.arg(o) for o in outputs])]
        return [self.arg(outputs)]

    def constant(self, array):
        dense = ir.DenseElementsAttr.get(np.ascontiguousarray(array))
        return self.emit(rx.constant, dense)


def from_exported_program(exported_program, keep_params_as_input=False, unwrap_unit_return_tuple=False):
    """An IRModule with ``main`` computing ``exported_program``."""
    return Translator(exported_program, keep_params_as_input, unwrap_unit_return_tuple).translate()


# -- converters: ATen op -> relax ---------------------------------------------

def _linear(t, node):
    x, weight = t.arg(node.args[0]), t.arg(node.args[1])
    bias = node.args[2] if len(node.args) > 2 else None
    transposed = t.emit(rx.permute_dims, weight)
    out_dtype = ir.TypeAttr.get(ir.RankedTensorType(x.type).element_type)
    y = t.emit(rx.matmul, x, transposed, out_dtype=out_dtype)
    return t.emit(rx.add, y, t.arg(bias)) if bias is not None else y


def _unary(build):
    return lambda t, node: t.emit(build, t.arg(node.args[0]))


def _binary(build):
    def convert(t, node):
        lhs, rhs = node.args[0], node.args[1]
        if not hasattr(rhs, "name"):  # a Python scalar: a constant of lhs's dtype
            element = ir.RankedTensorType(t.arg(lhs).type).element_type
            rhs_value = t.constant(np.array(rhs, dtype=dtype_of(element)))
        else:
            rhs_value = t.arg(rhs)
        return t.emit(build, t.arg(lhs), rhs_value)
    return convert


def _matmul(t, node):
    return t.emit(rx.matmul, t.arg(node.args[0]), t.arg(node.args[1]))


def _permute(t, node):
    return t.emit(rx.permute_dims, t.arg(node.args[0]), axes=ir.DenseI64ArrayAttr.get(list(node.args[1])))


def _transpose(t, node):
    x = t.arg(node.args[0])
    rank = ir.RankedTensorType(x.type).rank
    axes = list(range(rank))
    d0, d1 = (a % rank for a in node.args[1:3])
    axes[d0], axes[d1] = axes[d1], axes[d0]
    return t.emit(rx.permute_dims, x, axes=ir.DenseI64ArrayAttr.get(axes))


def _t(t, node):
    return t.emit(rx.permute_dims, t.arg(node.args[0]))


def _softmax(build):
    def convert(t, node):
        return t.emit(build, t.arg(node.args[0]), axis=ir.IntegerAttr.get(ir.IntegerType.get_signless(64),
                                                                          node.args[1]))
    return convert


CONVERTERS = {
    "aten.linear.default": _linear,
    "aten.relu.default": _unary(rx.nn_relu),
    "aten.gelu.default": _unary(rx.nn_gelu),
    "aten.silu.default": _unary(rx.nn_silu),
    "aten.sigmoid.default": _unary(rx.sigmoid),
    "aten.tanh.default": _unary(rx.tanh),
    "aten.exp.default": _unary(rx.exp),
    "aten.log.default": _unary(rx.log),
    "aten.sqrt.default": _unary(rx.sqrt),
    "aten.rsqrt.default": _unary(rx.rsqrt),
    "aten.neg.default": _unary(rx.negative),
    "aten.abs.default": _unary(rx.abs),
    "aten.sin.default": _unary(rx.sin),
    "aten.cos.default": _unary(rx.cos),
    "aten.erf.default": _unary(rx.erf),
    "aten.floor.default": _unary(rx.floor),
    "aten.ceil.default": _unary(rx.ceil),
    "aten.add.Tensor": _binary(rx.add),
    "aten.sub.Tensor": _binary(rx.subtract),
    "aten.mul.Tensor": _binary(rx.multiply),
    "aten.div.Tensor": _binary(rx.divide),
    "aten.pow.Tensor_Tensor": _binary(rx.power),
    "aten.maximum.default": _binary(rx.maximum),
    "aten.minimum.default": _binary(rx.minimum),
    "aten.matmul.default": _matmul,
    "aten.mm.default": _matmul,
    "aten.bmm.default": _matmul,
    "aten.permute.default": _permute,
    "aten.transpose.int": _transpose,
    "aten.t.default": _t,
    "aten.softmax.int": _softmax(rx.nn_softmax),
    "aten._softmax.default": _softmax(rx.nn_softmax),
    "aten.log_softmax.int": _softmax(rx.nn_log_softmax),
}
