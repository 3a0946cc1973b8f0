"""torch dtypes and (fake) tensors as relax types, and what the converters ask
of a relax value's type."""

from mlir import ir

from ....base import TVMLIRError
from ..common import element_of as element
from ..common import is_float_type as is_float
from ..common import rank_of as rank
from ..common import shape_of as shape
from ..common import tensor_type as _relax_tensor_type

_DTYPES = {"torch.float32": "f32", "torch.float16": "f16", "torch.float64": "f64", "torch.bfloat16": "bf16",
           "torch.int64": "i64", "torch.int32": "i32", "torch.int16": "i16", "torch.int8": "i8",
           "torch.bool": "i1"}


def element_type(dtype):
    """The MLIR element type of a torch dtype."""
    text = _DTYPES.get(str(dtype))
    if text is None:
        raise TVMLIRError(f"torch dtype {dtype} is not supported")
    return ir.Type.parse(text)


class SymbolicExpressionError(TVMLIRError):
    """A torch size that is an expression of symbols (``4*s0``)."""


def tensor_type(fake):
    """The relax type of a torch (fake) tensor; symbolic sizes keep their names."""
    for size in fake.shape:
        if not isinstance(size, int) and not str(size).isidentifier():
            raise SymbolicExpressionError(
                f"the symbolic size {size} of shape {tuple(fake.shape)} is an expression: relax names "
                "a symbolic dimension by one symbol (products such as 4*batch are not supported yet)")
    return _relax_tensor_type([size if isinstance(size, int) else str(size) for size in fake.shape],
                              element_type(fake.dtype))


def i64s(numbers):
    """A DenseI64ArrayAttr (for attributes that take one of several kinds)."""
    return ir.DenseI64ArrayAttr.get([int(n) for n in numbers])


def normalize_axis(axis, rank_):
    """A non-negative axis (torch counts negative ones from the end)."""
    return axis + rank_ if axis < 0 else axis
