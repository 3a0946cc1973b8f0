"""tvmlir.relax: the graph-level IR's Python API (TVM's ``tvm.relax``).

``VirtualMachine`` is the runtime's (no MLIR); the compiler's parts are
imported on first use."""

import importlib

from ..runtime.vm import VirtualMachine

__all__ = ["frontend", "transform", "get_pipeline", "Executable", "VirtualMachine"]


def __getattr__(name):
    if name in ("frontend", "transform", "vm", "pipeline"):
        return importlib.import_module(f".{name}", __name__)
    if name == "get_pipeline":
        from .pipeline import get_pipeline

        return get_pipeline
    if name == "Executable":
        from .vm import Executable

        return Executable
    raise AttributeError(f"module 'tvmlir.relax' has no attribute '{name}'")
