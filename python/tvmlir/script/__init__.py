"""TVMScript for tvmlir: ``from tvmlir.script import ir as I, relax as R, tir as T``.

``from_source(text)`` parses TVMScript text (an ``@I.ir_module`` class or one
decorated function) into an :class:`tvmlir.ir.IRModule`; the conventions are
those of ``docs/tvmscript.md``.
"""

from . import ir, relax, tir
from .parser import parse_source

__all__ = ["ir", "relax", "tir", "from_source", "parse_source"]


def from_source(text, source_name="<string>"):
    """Parses TVMScript text into an :class:`tvmlir.ir.IRModule`.

    Raises :class:`tvmlir.base.TVMScriptError` naming ``source_name``, the line
    and the column of the first problem.
    """
    from ..ir import IRModule

    return IRModule(parse_source(text, source_name))
