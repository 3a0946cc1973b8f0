"""tvmlir.ir: the IR containers (IRModule over an MLIR ModuleOp) and MLIR helpers."""

# The generated enum bindings of our dialects import this from `..ir`.
from mlir.ir import register_attribute_builder

from .metadata import load_json
from .context import default_context, format_location, make_context, parse_module, verify
from .module import Function, GlobalVar, IRModule
from .structural_equal import assert_structural_equal, structural_equal

__all__ = [
    "IRModule", "GlobalVar", "Function", "structural_equal", "assert_structural_equal",
    "default_context", "format_location", "make_context", "parse_module", "verify",
    "register_attribute_builder", "load_json",
]
