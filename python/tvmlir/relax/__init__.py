"""tvmlir.relax: the graph-level IR's Python API (TVM's ``tvm.relax``)."""

from . import transform
from .pipeline import get_pipeline
from .vm import Executable, VirtualMachine

__all__ = ["transform", "get_pipeline", "Executable", "VirtualMachine"]
