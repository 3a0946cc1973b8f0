"""ONNX graphs into relax: a translator with one converter per ONNX op type
in a name -> function table (``converters.CONVERTERS``), as TVM's frontend is built.

A value of the graph is a relax value, or a NumPy array when it is known at
import: initializers, ``Constant``s, and what ops compute from them and from
static shapes (``Shape -> Gather -> Concat -> Reshape``), which the
converters evaluate in NumPy. A shape with symbolic dimensions is an object
array holding their names, so that a reshape of a dynamic batch still
imports. Graph inputs become parameters (``dim_param`` -> a ``#relax.sym``
name), initializers constants, or parameters after the inputs (``num_input``,
``mod.params``) with ``keep_params_in_input``.

Every op type without a converter is reported at once with its nodes; a
converter that meets an attribute or input it cannot handle raises an error
naming the node, the op type and the attribute, and an attribute no
converter read is such an error too.
"""

import os

import numpy as np
import onnx
from google.protobuf.message import DecodeError
from mlir import ir
from onnx import helper, numpy_helper

from ....base import TVMLIRError
from ....dialects import relax as rx
from ....ir.context import default_context
from ....ir.module import IRModule
from ....script.printer import dtype_of
from ..common import BlockBuilder, build_function, dense_attr, element_of, shape_of
from . import checks
from .converters import CONVERTERS
from .converters.common import InvalidInput
from .types import dims_of, element_type, numpy_dtype, onnx_type_of_name, relax_type


class Node:
    """An ONNX node, its attributes as Python values. The attributes a
    converter reads are recorded: one it never read is one it cannot honour."""

    def __init__(self, proto, index):
        self.proto = proto
        self.op_type = proto.op_type
        self.domain = proto.domain
        self.index = index
        self.name = proto.name or f"{proto.op_type}_{index}"
        self.inputs, self.outputs = list(proto.input), list(proto.output)
        self.attrs = {a.name: helper.get_attribute_value(a) for a in proto.attribute}
        self.read = set()

    def attr(self, name, default=None):
        self.read.add(name)
        value = self.attrs.get(name, default)
        if isinstance(value, bytes):
            return value.decode()
        if isinstance(value, onnx.TensorProto):
            return numpy_helper.to_array(value)
        if isinstance(value, list) and value and isinstance(value[0], bytes):
            return [v.decode() for v in value]
        return value

    def unread(self):
        return sorted(set(self.attrs) - self.read)

    def __str__(self):
        return checks.node_label(self.proto, self.index)


class Translator:
    def __init__(self, model, shape_dict, dtype_dict, keep_params):
        self.model = model
        self.graph = model.graph
        self.opset = checks.default_opset(model)
        self.shape_dict = shape_dict or {}
        self.dtype_dict = dtype_dict
        self.keep_params = keep_params
        self.values = {}
        self.bb = BlockBuilder()
        self.constants = {}  # id(array) -> (array, its relax constant): each array emitted once
        self.nodes = []  # made once the model passed the checks (attributes of a bad type would not read)

    # -- used by the converters ----------------------------------------------

    def input(self, node, index):
        """Input ``index`` of ``node``: a relax value, a NumPy array, or None
        when the (optional) input is absent."""
        if index >= len(node.inputs) or not node.inputs[index]:
            return None
        return self.values[node.inputs[index]]

    def inputs(self, node):
        return [self.input(node, i) for i in range(len(node.inputs))]

    def tensor(self, node, index):
        """Input ``index`` as a relax value (a static one as a constant)."""
        value = self.input(node, index)
        return None if value is None else self.relax(node, value)

    def relax(self, node, value):
        if not isinstance(value, np.ndarray):
            return value
        if value.dtype == object:
            raise self.error(node, "a shape with symbolic dimensions is used as a tensor (only reshapes, "
                                   "expands and shape arithmetic that keeps the symbols import)")
        if id(value) not in self.constants:
            self.constants[id(value)] = (value, self.emit(rx.constant, dense_attr(value)))
        return self.constants[id(value)][1]

    def static(self, node, index, what=None):
        """Input ``index``, which must be known at import (a NumPy array)."""
        value = self.input(node, index)
        if value is not None and not isinstance(value, np.ndarray):
            what = what or f"input {index} ('{node.inputs[index]}')"
            raise self.error(node, f"{what} must be known at import (a constant or a static shape)")
        return value

    def emit(self, build, *args, **kwargs):
        return self.bb.emit(build, *args, **kwargs)

    def scalar(self, number, element):
        """A 0-D constant of ``number`` with the MLIR element type ``element``."""
        return self.relax(None, np.array(number, dtype=dtype_of(element)))

    def cast(self, value, element):
        return value if element_of(value) == element else self.emit(rx.astype, value, element)

    def error(self, node, message):
        return TVMLIRError(f"{node}: {message}" if node is not None else message)

    def unsupported(self, node, attribute, value, why=""):
        reason = f" ({why})" if why else ""
        return self.error(node, f"attribute '{attribute}'={value!r} is not supported{reason}")

    # -- the graph -----------------------------------------------------------

    def check_supported(self):
        missing = {}
        for node in self.nodes:
            key = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
            if key not in CONVERTERS:
                missing.setdefault(key, []).append(node.name)
        if missing:
            lines = "\n".join(f"  {op}: {', '.join(names)}" for op, names in sorted(missing.items()))
            raise TVMLIRError(f"the model uses {len(missing)} ONNX op type(s) tvmlir cannot import yet:\n{lines}")

    def convert(self, node):
        try:
            results = CONVERTERS[node.op_type](self, node)
        except TVMLIRError:
            raise
        except InvalidInput as failure:  # the model is wrong where the converter looked
            raise self.error(node, str(failure)) from None
        except Exception as failure:  # an op builder or NumPy refused: name the node
            raise self.error(node, f"cannot be converted: {failure}") from failure
        unread = node.unread()
        if unread:
            raise self.error(node, f"attribute '{unread[0]}'={node.attrs[unread[0]]!r} is not supported")
        results = list(results) if isinstance(results, (list, tuple)) else [results]
        results += [None] * (len(node.outputs) - len(results))
        for name, result in zip(node.outputs, results):
            if result is None:
                if name in self.used:  # optional outputs (statistics, masks) only when read
                    raise self.error(node, f"output '{name}' is not computed (only the first result is)")
                continue
            self.check_result(node, name, result)
            self.values[name] = result

    def check_result(self, node, name, result):
        """A converter's result has the element type and static extents that
        ONNX's shape inference gives, so that a converter's mistake is an
        error here, not a wrong answer."""
        declared = self.declared.get(name)
        if declared is None or isinstance(result, np.ndarray) or declared[1] is None:
            return
        onnx_type, dims = declared
        got_shape = shape_of(result)
        dynamic = ir.ShapedType.get_dynamic_size()
        agree = len(got_shape) == len(dims) and all(
            not isinstance(d, int) or g == dynamic or g == d for g, d in zip(got_shape, dims))
        if element_of(result) != element_type(onnx_type) or not agree:
            raise self.error(node, f"the converter made {result.type} for '{name}', where ONNX infers "
                                   f"{element_type(onnx_type)} {dims}")

    def declared_types(self, inputs):
        """name -> (ONNX element type, dims) of every value shape inference
        types, from the input types as ``shape_dict``/``dtype_dict`` set them."""
        model = onnx.ModelProto()
        model.CopyFrom(self.model)
        for info in model.graph.input:
            if info.name in inputs:
                dims, onnx_type = inputs[info.name]
                info.type.CopyFrom(helper.make_tensor_type_proto(onnx_type, [None if d == "?" else d for d in dims]))
        try:
            inferred = onnx.shape_inference.infer_shapes(model).graph
        except Exception:  # a model shape inference rejects: no checks
            inferred = self.graph
        declared = {}
        for info in list(inferred.value_info) + list(inferred.output):
            if info.type.HasField("tensor_type") and info.type.tensor_type.elem_type:
                declared[info.name] = (info.type.tensor_type.elem_type, dims_of(info.type))
        return declared

    def graph_inputs(self):
        """name -> (dims, ONNX element type) of each graph input that is not an
        initializer."""
        initialized = {init.name for init in self.graph.initializer}
        params = {}
        for info in self.graph.input:
            if info.name in initialized:
                continue
            dims = list(self.shape_dict.get(info.name, dims_of(info.type) or []))
            dims = [d if isinstance(d, int) and d >= 0 else (d if isinstance(d, str) else "?") for d in dims]
            onnx_type = info.type.tensor_type.elem_type
            if self.dtype_dict is not None:
                chosen = self.dtype_dict if isinstance(self.dtype_dict, str) else self.dtype_dict.get(info.name)
                onnx_type = onnx_type_of_name(chosen) if chosen is not None else onnx_type
            params[info.name] = (dims, onnx_type)
        return params

    def initializers(self):
        """name -> NumPy array of the initializers some node reads."""
        return {init.name: numpy_helper.to_array(init) for init in self.graph.initializer if init.name in self.used}

    def translate(self):
        with default_context(), ir.Location.unknown():
            return self.translate_graph()

    def translate_graph(self):
        checks.check_model(self.model, self.opset)
        self.nodes = [Node(proto, i) for i, proto in enumerate(self.graph.node)]
        self.check_supported()
        checks.run_onnx_checker(self.model)
        self.used = {name for node in self.nodes for name in node.inputs} | {o.name for o in self.graph.output}
        inputs = self.graph_inputs()
        self.declared = self.declared_types(inputs)
        weights = self.initializers()
        # Floating-point weights become parameters; integer ones are shapes,
        # axes and indices, which the converters need at import.
        kept = {n: a for n, a in weights.items() if self.keep_params and a.dtype.kind == "f"}
        for name, array in weights.items():
            if name not in kept:
                self.values[name] = array
        params = [(name, relax_type(*types)) for name, types in inputs.items()]
        params += [(name, relax_type(list(a.shape), _onnx_type(a))) for name, a in kept.items()]
        params = [(self.bb.name(name), t) for name, t in params]
        module = ir.Module.create()
        build_function(module, "main", params, lambda args: self.body(inputs, kept, args),
                       num_input=len(inputs) if self.keep_params else None)
        mod = IRModule(module)
        if self.keep_params:
            mod.params = {"main": list(kept.values())}
        return mod

    def body(self, inputs, kept, arguments):
        for name, argument in zip(list(inputs) + list(kept), arguments):
            self.values[name] = argument
        for node in self.nodes:
            self.convert(node)
        outputs = [self.relax(None, self.values[o.name]) for o in self.graph.output]
        return outputs if len(outputs) == 1 else [self.emit(rx.tuple, outputs)]


def _onnx_type(array):
    return helper.np_dtype_to_tensor_dtype(array.dtype)


def from_onnx(model, shape_dict=None, dtype_dict=None, keep_params_in_input=False):
    """An IRModule with ``main`` computing the ONNX ``model`` (a ModelProto or a
    path). shape_dict: input name -> shape (ints, strings for symbolic
    dimensions), overriding the model's; dtype_dict: input name -> dtype, or
    one dtype for every input."""
    path = None
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        model = _load(path)
    elif not isinstance(model, onnx.ModelProto):
        raise TVMLIRError(f"from_onnx takes an onnx.ModelProto or a path, not {type(model).__name__}")
    try:
        return Translator(model, shape_dict, dtype_dict, keep_params_in_input).translate()
    except TVMLIRError as error:
        if path is None:
            raise
        raise TVMLIRError(f"{path}: {error}", error.diagnostics) from None


def _load(path):
    """The ModelProto in the file at ``path``; every way the file can be
    unreadable is an error naming it (protobuf's own says neither which file
    nor that it may be cut short)."""
    try:
        size = os.path.getsize(path)
        if size == 0:
            raise TVMLIRError(f"{path}: the file is empty (0 bytes), not an ONNX model")
        return onnx.load(path)
    except DecodeError as error:
        raise TVMLIRError(f"{path}: not an ONNX model, or a truncated one ({size} bytes): protobuf cannot "
                          f"decode it ({error})") from None
    except OSError as error:
        raise TVMLIRError(f"{path}: cannot read the ONNX model: {error.strerror or error}") from None
