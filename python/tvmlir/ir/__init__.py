"""tvmlir.ir: the IR containers (IRModule over an MLIR ModuleOp) and MLIR helpers."""

# The generated enum bindings of our dialects import this from `..ir`.
from mlir.ir import register_attribute_builder

from .context import format_location, make_context, parse_module, verify

__all__ = ["format_location", "make_context", "parse_module", "verify", "register_attribute_builder"]
