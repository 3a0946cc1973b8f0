"""``T``: the tensorir namespace of TVMScript (``from tvmlir.script import tir as T``).

Only what Python evaluates when a function is defined lives here:
``T.prim_func``, ``T.Buffer`` and the dtypes (``T.int64(256)`` in a buffer
shape, ``n: T.int64``). Everything used inside bodies is read by the parser.
"""

from .ir import function_decorator

__all__ = ["prim_func", "Buffer", "handle", "bool", "float16", "float32", "float64", "bfloat16",
           "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


def prim_func(func=None, *, private=False):
    """``@T.prim_func`` / ``@T.prim_func(private=True)``, as ``R.function``."""
    return function_decorator("tir", func, private)


class _Buffer:
    """The placeholder value of ``T.Buffer(shape, dtype)`` in an annotation."""

    def __init__(self, shape, dtype="float32", **kwargs):
        self.shape, self.dtype, self.kwargs = shape, dtype, kwargs

    def __repr__(self):
        return f"T.Buffer({self.shape!r}, {self.dtype!r})"


def Buffer(shape, dtype="float32", **kwargs):  # noqa: N802 (TVMScript's spelling)
    return _Buffer(shape, dtype, **kwargs)


class _DType:
    """``T.int64``: an annotation by itself, a value when called (``T.int64(1)``)."""

    def __init__(self, name):
        self.name = name

    def __call__(self, value=None):
        return value

    def __repr__(self):
        return f"T.{self.name}"


handle = _DType("handle")
bool = _DType("bool")  # noqa: A001 (TVMScript's spelling)
float16, float32, float64, bfloat16 = (_DType(n) for n in ("float16", "float32", "float64", "bfloat16"))
int8, int16, int32, int64 = (_DType(n) for n in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (_DType(n) for n in ("uint8", "uint16", "uint32", "uint64"))
