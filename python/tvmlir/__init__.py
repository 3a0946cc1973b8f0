"""tvmlir: TVM Unity's IRModule workflow on upstream MLIR.

A TVM script ports by renaming ``tvm`` to ``tvmlir``. The IR lives in MLIR: the
graph-level ``relax`` dialect and the loop-level ``tensorir`` dialect, whose raw
bindings are :mod:`tvmlir.dialects.relax` and :mod:`tvmlir.dialects.tensorir`.
"""

from .base import TVMLIRError, TVMScriptError
from . import ir, relax, runtime, target, transform
from .driver import compile  # noqa: A004 - TVM's name
from .runtime import cpu, device

__version__ = "0.1.0"

__all__ = ["TVMLIRError", "TVMScriptError", "ir", "relax", "runtime", "target", "transform",
           "compile", "cpu", "device", "__version__"]
