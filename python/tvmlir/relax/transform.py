"""Relax passes (TVM's ``tvm.relax.transform``); each is a C++ MLIR pass."""

from ..transform import Pass


def LegalizeOps():
    """Operators -> private tensorir prim_funcs + ``R.call_tir``."""
    return Pass("relax-legalize-ops", "LegalizeOps")


def AnnotateTIROpPattern():
    """Sets each prim_func's ``op_pattern`` (TVM's OpPatternKind)."""
    return Pass("relax-annotate-tir-op-pattern", "AnnotateTIROpPattern")


def FoldConstant(max_elements=1 << 20):
    """Evaluates ``R.call_tir`` of constants at compile time."""
    return Pass(f"relax-fold-constant{{max-elements={max_elements}}}", "FoldConstant")


def FuseOps():
    """Groups calls by op pattern into ``fused_*`` relax functions."""
    return Pass("relax-fuse-ops", "FuseOps")


def FuseTIR():
    """Merges each fused function's prim_funcs into one prim_func."""
    return Pass("relax-fuse-tir", "FuseTIR")


def DeadCodeElimination(entry_functions=None):
    """Removes unused bindings, and the functions no entry function reaches.

    Public functions are always entries; ``entry_functions`` names private
    ones to keep too (TVM's argument)."""
    entries = list(entry_functions or [])
    for name in entries:
        if not isinstance(name, str) or not name or any(c in name for c in ",{} "):
            raise TypeError(f"DeadCodeElimination: entry_functions holds function names, not {name!r}")
    options = f"{{entry-functions={','.join(entries)}}}" if entries else ""
    return Pass(f"relax-dead-code-elimination{options}", "DeadCodeElimination")


def LiftTransformParams():
    """Moves what depends on parameters only into ``<func>_transform_params``
    (TVM's pass): run it once on the weights, pass its results to ``func``."""
    return Pass("relax-lift-transform-params", "LiftTransformParams")
