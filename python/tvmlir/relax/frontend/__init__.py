"""Frontends: models from other frameworks into relax (TVM's ``relax.frontend``)."""

from .common import detach_params

__all__ = ["detach_params"]
