"""ONNX models into relax (TVM's ``relax.frontend.onnx.from_onnx``)."""

from .converters import CONVERTERS
from .translator import from_onnx

__all__ = ["CONVERTERS", "from_onnx"]
