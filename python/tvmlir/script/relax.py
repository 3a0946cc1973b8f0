"""``R``: the relax namespace of TVMScript (``from tvmlir.script import relax as R``).

Python evaluates decorators and annotations when a function is defined, so
``R.function``, ``R.Tensor`` and ``R.Tuple`` exist here and do nothing harmful;
the names used only inside bodies (``R.add``, ``R.dataflow``...) are read by the
parser from the source and need not exist at runtime.
"""

from .ir import function_decorator

__all__ = ["function", "Tensor", "Tuple"]


def function(func=None, *, private=False):
    """``@R.function`` / ``@R.function(private=True)``.

    On a method of an ``@I.ir_module`` class it returns a marker (the class's
    source defines the module); on a function it returns the parsed
    :class:`tvmlir.ir.Function` of a one-function module.
    """
    return function_decorator("relax", func, private)


class _Annotation:
    """The placeholder value of an annotation such as ``R.Tensor((1, 784), "float32")``."""

    def __init__(self, kind, *args, **kwargs):
        self.kind, self.args, self.kwargs = kind, args, kwargs

    def __repr__(self):
        arguments = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.kind}({', '.join(arguments)})"


def Tensor(shape=None, dtype=None, ndim=-1):  # noqa: N802 (TVMScript's spelling)
    return _Annotation("R.Tensor", shape, dtype=dtype)


def Tuple(*fields):  # noqa: N802
    return _Annotation("R.Tuple", *fields)
