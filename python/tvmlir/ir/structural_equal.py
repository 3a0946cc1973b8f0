"""Structural equality of modules and functions, up to SSA and variable names."""

import difflib
import re

from mlir import ir as _mlir

from ..base import TVMLIRError


def _functions_text(obj):
    """``{name: text}`` of each function, printed without locations (so names,
    which are locations, do not count) and in MLIR's canonical SSA numbering."""
    from .module import Function, IRModule

    if isinstance(obj, IRModule):
        obj = obj.mlir
    if isinstance(obj, _mlir.Module):
        return {_mlir.StringAttr(op.attributes["sym_name"]).value: _generic_text(op)
                for op in obj.body.operations}
    # A single function (or op) compares without its symbol name.
    op = obj.op if isinstance(obj, Function) else obj
    return {"<function>": _SYM_NAME.sub('sym_name = ""', _generic_text(op))}


_SYM_NAME = re.compile(r'sym_name = "[^"]*"')


def _generic_text(op):
    return op.operation.get_asm(enable_debug_info=False, print_generic_op_form=True,
                                use_local_scope=True)


def _first_difference(lhs, rhs):
    """A message naming the first place where two modules differ, or None."""
    left, right = _functions_text(lhs), _functions_text(rhs)
    if sorted(left) != sorted(right):
        return f"the functions differ: {sorted(left)} vs {sorted(right)}"
    for name in sorted(left):
        if left[name] == right[name]:
            continue
        a, b = left[name].splitlines(), right[name].splitlines()
        for index, (line_a, line_b) in enumerate(zip(a, b)):
            if line_a != line_b:
                break
        else:
            index = min(len(a), len(b))
        diff = "\n".join(difflib.unified_diff(a, b, "lhs", "rhs", n=1, lineterm=""))
        return (f"function '{name}' differs at line {index + 1} of its generic form:\n"
                f"  lhs: {a[index].strip() if index < len(a) else '<end>'}\n"
                f"  rhs: {b[index].strip() if index < len(b) else '<end>'}\n{diff}")
    return None


def structural_equal(lhs, rhs):
    """True when two modules (or functions) are the same up to SSA and
    variable names and the order of functions."""
    return _first_difference(lhs, rhs) is None


def assert_structural_equal(lhs, rhs):
    """Raises :class:`tvmlir.TVMLIRError` pointing at the first difference."""
    difference = _first_difference(lhs, rhs)
    if difference is not None:
        raise TVMLIRError("modules are not structurally equal: " + difference)
