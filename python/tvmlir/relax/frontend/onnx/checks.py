"""What an ONNX model must be before the translator walks it.

Two layers. The importer's own checks come first, because they name the node
(its name, its index in the graph and its op type) in words a user can act
on: the opset, each node's arity and attribute types against its schema
(``onnx.defs.get_schema`` at the model's opset), the graph's inputs, that
every value read is produced before, and the initializers' sizes. Then ONNX's
own checker with strict shape inference (``check_model(full_check=True)``),
which knows every op's type and shape rules; its refusal is reported with its
own text. Each failure is a ``TVMLIRError``; the caller adds the file name.
"""

import math
import re

import onnx
from onnx import TensorProto, defs

from ....base import TVMLIRError

# The default domain's opsets the importer reads: every released one up to the
# installed onnx package's (a later opset's new attributes would be refused
# as unread, but a new op type has no schema here to check it against).
MIN_OPSET = 1
MAX_OPSET = defs.onnx_opset_version()

_DEFAULT_DOMAINS = ("", "ai.onnx")
_VARIADIC = onnx.defs.OpSchema.FormalParameterOption.Variadic
_OPTIONAL = onnx.defs.OpSchema.FormalParameterOption.Optional

# The field each element type's values are stored in when not in raw_data,
# and how many stored numbers make one element (complex: two).
_FIELDS = {
    TensorProto.FLOAT: ("float_data", 1), TensorProto.COMPLEX64: ("float_data", 2),
    TensorProto.DOUBLE: ("double_data", 1), TensorProto.COMPLEX128: ("double_data", 2),
    TensorProto.INT64: ("int64_data", 1), TensorProto.UINT32: ("uint64_data", 1),
    TensorProto.UINT64: ("uint64_data", 1), TensorProto.STRING: ("string_data", 1),
}
for _type in (TensorProto.INT32, TensorProto.INT16, TensorProto.INT8, TensorProto.UINT16, TensorProto.UINT8,
              TensorProto.BOOL, TensorProto.FLOAT16, TensorProto.BFLOAT16):
    _FIELDS[_type] = ("int32_data", 1)


def node_label(proto, index):
    """How errors name a node: op type, name (or a made-up one) and index."""
    name = proto.name or f"{proto.op_type}_{index}"
    return f"{proto.op_type} node '{name}' (index {index})"


def default_opset(model):
    """The model's opset of the default domain; an error when it has none or
    one outside what the importer reads."""
    versions = [o.version for o in model.opset_import if o.domain in _DEFAULT_DOMAINS]
    if not versions:
        if model.ir_version and model.ir_version < 3:  # before opset_import existed: opset 1
            return 1
        raise TVMLIRError("the model imports no ONNX opset (opset_import has no entry for the default "
                          "domain '')")
    if not MIN_OPSET <= versions[0] <= MAX_OPSET:
        raise TVMLIRError(f"ONNX opset {versions[0]} is not supported: tvmlir imports opsets "
                          f"{MIN_OPSET} to {MAX_OPSET}")
    return versions[0]


def check_model(model, opset):
    """The importer's checks, then ONNX's checker (see the module's docstring)."""
    if not model.HasField("graph") or not (model.graph.node or model.graph.output):
        raise TVMLIRError("the model holds no graph (no nodes and no outputs)")
    graph = model.graph
    check_initializers(graph)
    check_graph_inputs(graph)
    for index, proto in enumerate(graph.node):
        if proto.domain in _DEFAULT_DOMAINS:
            check_node_schema(proto, index, opset)
    check_values_are_produced(graph)


def check_initializers(graph):
    """Each initializer holds as many elements as its dims say."""
    for init in graph.initializer:
        if init.data_location == TensorProto.EXTERNAL:
            continue  # external data not loaded: onnx.load checks what it reads
        expected = math.prod(init.dims)
        stored = _stored_elements(init)
        if stored is not None and stored != expected:
            raise TVMLIRError(f"initializer '{init.name}': its dims {list(init.dims)} make {expected} "
                              f"element(s), its data holds {stored}")


def _stored_elements(init):
    """How many elements an initializer's data holds; None for element types
    whose storage this does not count (4-bit packing, float8s, ...)."""
    if init.data_type not in _FIELDS:
        return None
    if init.HasField("raw_data"):
        if init.data_type == TensorProto.STRING:
            return None
        size = onnx.helper.tensor_dtype_to_np_dtype(init.data_type).itemsize
        if len(init.raw_data) % size:
            raise TVMLIRError(f"initializer '{init.name}': its {len(init.raw_data)} bytes of raw data are not "
                              f"whole elements of {size} bytes")
        return len(init.raw_data) // size
    field, per_element = _FIELDS[init.data_type]
    return len(getattr(init, field)) // per_element


def check_graph_inputs(graph):
    """No two graph inputs share a name (each is one parameter of main)."""
    seen = set()
    for index, info in enumerate(graph.input):
        if info.name in seen:
            raise TVMLIRError(f"graph input '{info.name}' (index {index}) is declared twice")
        seen.add(info.name)


def check_node_schema(proto, index, opset):
    """Arity and attribute types of a node of the default domain against the
    schema of its op type at ``opset``."""
    where = node_label(proto, index)
    try:
        schema = defs.get_schema(proto.op_type, opset, "")
    except defs.SchemaError:
        raise TVMLIRError(f"{where}: ONNX has no op type {proto.op_type} in opset {opset}") from None
    _check_arity(where, schema, "input", len(proto.input), schema.min_input, schema.max_input)
    _check_arity(where, schema, "output", len(proto.output), schema.min_output, schema.max_output)
    for i, name in enumerate(proto.input):
        if not name and i < len(schema.inputs) and schema.inputs[i].option not in (_OPTIONAL, _VARIADIC):
            raise TVMLIRError(f"{where}: input {i} ('{schema.inputs[i].name}') of "
                              f"{_schema_name(schema)} is required, the node leaves it empty")
    for attribute in proto.attribute:
        declared = schema.attributes.get(attribute.name)
        if declared is None:
            raise TVMLIRError(f"{where}: '{attribute.name}' is not an attribute of {_schema_name(schema)} "
                              f"(it has {', '.join(sorted(schema.attributes)) or 'none'})")
        if attribute.type != declared.type:
            got = onnx.AttributeProto.AttributeType.Name(attribute.type)
            value = onnx.helper.get_attribute_value(attribute) if attribute.type else None
            raise TVMLIRError(f"{where}: attribute '{attribute.name}' is {got} {value!r}, "
                              f"{_schema_name(schema)} takes {declared.type.name}")
    given = {a.name for a in proto.attribute}
    for name, declared in schema.attributes.items():
        if declared.required and name not in given:
            raise TVMLIRError(f"{where}: {_schema_name(schema)} requires attribute '{name}'")


def _check_arity(where, schema, kind, count, low, high):
    if low <= count <= high:
        return
    expected = f"{low}" if low == high else (f"at least {low}" if high >= 2**31 - 1 else f"{low} to {high}")
    raise TVMLIRError(f"{where}: {_schema_name(schema)} takes {expected} {kind}(s), the node has {count}")


def _schema_name(schema):
    return f"{schema.name} (opset {schema.since_version})"


def check_values_are_produced(graph):
    """Every value a node reads and every graph output is a graph input, an
    initializer or the output of an earlier node (ONNX graphs are sorted)."""
    known = {info.name for info in graph.input} | {init.name for init in graph.initializer}
    for index, proto in enumerate(graph.node):
        for name in proto.input:
            if name and name not in known:
                raise TVMLIRError(f"{node_label(proto, index)}: input '{name}' is no graph input, initializer "
                                  "or output of an earlier node")
        known.update(proto.output)
    for index, info in enumerate(graph.output):
        if info.name not in known:
            raise TVMLIRError(f"graph output '{info.name}' (index {index}) is produced by no node, graph input "
                              "or initializer")


def run_onnx_checker(model):
    """ONNX's checker and strict shape inference. The checker wants a shape on
    every graph output, which exporters and onnx.helper often leave out (and
    ONNX Runtime does not need), so it checks the model with the shapes
    inference gives; a model over protobuf's 2 GB limit is checked by the
    importer's checks only."""
    if model.ByteSize() >= onnx.checker.MAXIMUM_PROTOBUF:
        return
    try:
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    except onnx.shape_inference.InferenceError as error:
        text = _one_line(error)
        raise TVMLIRError(f"{_inferred_node(model.graph, text)}ONNX shape inference rejects the model: "
                          f"{text}") from None
    for info in inferred.graph.output:
        if info.type.HasField("tensor_type") and not info.type.tensor_type.HasField("shape"):
            info.type.tensor_type.shape.SetInParent()  # a rank inference does not know either
    try:
        onnx.checker.check_model(inferred)
    except onnx.checker.ValidationError as error:
        raise TVMLIRError(f"the ONNX checker rejects the model: {_one_line(error)}") from None


def _inferred_node(graph, text):
    """``"Add node 'a' (index 3): "`` for the node shape inference's message
    names (``(op_type:Add, node name: a)``), or "" when it names none, or an
    unnamed node of an op type several nodes have."""
    found = re.search(r"\(op_type:(\w+)(?:, node name: ([^)]*))?\)", text)
    if not found:
        return ""
    op_type, name = found.group(1), (found.group(2) or "").strip()
    matches = [i for i, node in enumerate(graph.node)
               if node.op_type == op_type and (node.name == name if name else True)]
    return f"{node_label(graph.node[matches[0]], matches[0])}: " if len(matches) == 1 else ""


def _one_line(error):
    return " ".join(line.strip() for line in str(error).splitlines() if line.strip())
