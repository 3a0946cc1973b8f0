"""Passes over IRModules (TVM's ``tvm.transform``).

A :class:`Pass` wraps an MLIR pass pipeline over ``builtin.module``; calling it
on an IRModule runs the pipeline on a copy and returns the copy, so the module
given is never changed. :class:`Sequential` runs passes in order.
"""

from mlir import ir as _mlir
from mlir.passmanager import PassManager

from ._mlir_libs import _tvmlir
from .base import TVMLIRError
from .ir.context import format_location
from .ir.module import IRModule

_tvmlir.register_passes()


class Pass:
    """A transformation of IRModules: ``new_mod = pass_(mod)``."""

    def __init__(self, pipeline, name=None):
        self.pipeline = pipeline
        self.name = name or pipeline

    def __call__(self, mod):
        if not isinstance(mod, IRModule):
            raise TypeError(f"{self.name} transforms an IRModule, not {type(mod).__name__}")
        result = mod.copy()
        try:
            manager = PassManager.parse(f"builtin.module({self.pipeline})", context=result.context)
            manager.run(result.mlir.operation)
        except _mlir.MLIRError as error:
            diagnostics = [(format_location(d.location), d.message) for d in error.error_diagnostics]
            lines = "\n".join(f"{where}: {message}" for where, message in diagnostics)
            raise TVMLIRError(f"{self.name} failed:\n{lines}", diagnostics) from None
        return result

    def __repr__(self):
        return f"Pass({self.name})"


class Sequential(Pass):
    """Runs ``passes`` in order, as one pass (TVM's ``tvm.transform.Sequential``)."""

    def __init__(self, passes, name="Sequential"):
        self.passes = list(passes)
        super().__init__(",".join(p.pipeline for p in self.passes), name)

    def __repr__(self):
        return f"Sequential({', '.join(p.name for p in self.passes)})"
