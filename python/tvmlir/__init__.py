"""tvmlir: TVM Unity's IRModule workflow on upstream MLIR.

A TVM script ports by renaming ``tvm`` to ``tvmlir``. The IR lives in MLIR: the
graph-level ``relax`` dialect and the loop-level ``tensorir`` dialect, whose raw
bindings are :mod:`tvmlir.dialects.relax` and :mod:`tvmlir.dialects.tensorir`.

Submodules are imported on first use, so that ``tvmlir.runtime`` (which
runs exported libraries) loads without the MLIR bindings.
"""

import importlib

from .base import TVMLIRError, TVMScriptError
from .runtime import cpu, device

__version__ = "0.1.0"

_SUBMODULES = {"ir", "relax", "runtime", "target", "transform", "script", "dialects", "dlight", "gpu", "testing"}

__all__ = ["TVMLIRError", "TVMScriptError", "ir", "relax", "runtime", "target", "transform",
           "compile", "cpu", "device", "__version__"]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "compile":
        from .driver import compile  # noqa: A004 - TVM's name

        return compile
    raise AttributeError(f"module 'tvmlir' has no attribute '{name}'")
