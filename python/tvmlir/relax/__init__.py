"""tvmlir.relax: the graph-level IR's Python API (TVM's ``tvm.relax``)."""

from . import frontend, transform
from .pipeline import get_pipeline
from .vm import Executable, VirtualMachine

__all__ = ["frontend", "transform", "get_pipeline", "Executable", "VirtualMachine"]
