"""Frontends: models from other frameworks into relax (TVM's ``relax.frontend``)."""

from . import nn
from .common import detach_params

__all__ = ["detach_params", "nn"]
