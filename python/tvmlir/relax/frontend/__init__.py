"""Frontends: models from other frameworks into relax (TVM's ``relax.frontend``)."""

import importlib

from . import nn
from .common import detach_params

__all__ = ["detach_params", "nn"]


def __getattr__(name):
    # relax.frontend.onnx imports the onnx package: only when asked for.
    if name == "onnx":
        return importlib.import_module(".onnx", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
