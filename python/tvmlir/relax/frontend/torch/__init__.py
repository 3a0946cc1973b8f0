"""PyTorch frontend: ``from_exported_program`` (TVM's ``relax.frontend.torch``)."""

from .exported_program import from_exported_program
from .ops import CONVERTERS

__all__ = ["from_exported_program", "CONVERTERS"]
