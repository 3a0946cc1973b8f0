"""ONNX element types as MLIR and NumPy types, and ONNX value types as relax
tensor types."""

import re

import numpy as np
from mlir import ir
from onnx import TensorProto, helper

from ....base import TVMLIRError
from ..common import tensor_type

_ELEMENTS = {TensorProto.FLOAT: "f32", TensorProto.DOUBLE: "f64", TensorProto.FLOAT16: "f16",
             TensorProto.BFLOAT16: "bf16", TensorProto.INT64: "i64", TensorProto.INT32: "i32",
             TensorProto.INT16: "i16", TensorProto.INT8: "i8", TensorProto.BOOL: "i1"}

_DTYPE_NAMES = {"float32": TensorProto.FLOAT, "float64": TensorProto.DOUBLE, "float16": TensorProto.FLOAT16,
                "int64": TensorProto.INT64, "int32": TensorProto.INT32, "int16": TensorProto.INT16,
                "int8": TensorProto.INT8, "bool": TensorProto.BOOL}


def element_type(onnx_type):
    """The MLIR element type of an ONNX ``TensorProto`` data type."""
    text = _ELEMENTS.get(onnx_type)
    if text is None:
        raise TVMLIRError(f"ONNX element type {TensorProto.DataType.Name(onnx_type)} is not supported")
    return ir.Type.parse(text)


def numpy_dtype(onnx_type):
    return np.dtype(helper.tensor_dtype_to_np_dtype(onnx_type))


def onnx_type_of_name(dtype):
    """A dtype_dict entry ("float32", a NumPy dtype) as an ONNX data type."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name not in _DTYPE_NAMES:
        raise TVMLIRError(f"dtype {dtype!r} is not supported")
    return _DTYPE_NAMES[name]


def symbol_name(dim_param):
    """A ``dim_param`` as a relax symbol: an identifier (``batch_size``);
    other characters become ``_``."""
    name = re.sub(r"\W", "_", dim_param)
    return name if name and not name[0].isdigit() else f"d_{name}"


def dims_of(type_proto):
    """The extents of an ONNX tensor type: ints, symbol names for
    ``dim_param``, ``"?"`` for a dimension known by no name; None if the
    rank is unknown."""
    tensor = type_proto.tensor_type
    if not tensor.HasField("shape"):
        return None
    dims = []
    for dim in tensor.shape.dim:
        if dim.HasField("dim_value"):
            dims.append(dim.dim_value)
        else:
            dims.append(symbol_name(dim.dim_param) if dim.dim_param else "?")
    return dims


def relax_type(dims, onnx_type):
    return tensor_type(dims, element_type(onnx_type))
