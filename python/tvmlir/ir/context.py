"""MLIR contexts with the relax and tensorir dialects, parsing and verifying."""

from mlir import ir as _mlir

from ..base import TVMLIRError
from .._mlir_libs import _tvmlir
from ..dialects import register_dialects


def make_context():
    """A new ``mlir.ir.Context`` with every upstream dialect and ours loaded."""
    context = _mlir.Context()
    # Diagnostics raised by MLIR's worker threads (parallel verification of
    # isolated ops) would reach the Python diagnostic handler without the GIL
    # and abort the process; Python-side contexts stay single-threaded.
    context.enable_multithreading(False)
    register_dialects(context)
    return context


_default_context = None


def default_context():
    """The process-wide context that IRModules are parsed and built in (so
    that modules can be compared, combined and transformed together)."""
    global _default_context
    if _default_context is None:
        _default_context = make_context()
    return _default_context


def format_location(location, source_name=None):
    """``file:line:col`` of an MLIR location (the innermost file location of
    a name, call-site or fused location); ``source_name`` replaces the ``-``
    that MLIR uses for text parsed from a string."""
    if location.is_a_name():
        return format_location(location.child_loc, source_name)
    if location.is_a_callsite():
        return format_location(location.callee, source_name)
    if location.is_a_fused():
        for inner in location.locations:
            text = format_location(inner, source_name)
            if text != "<unknown>":
                return text
    if location.is_a_file():
        filename = location.filename
        if filename == "-":  # MLIR's name for text parsed from a string
            filename = source_name or "<string>"
        return f"{filename}:{location.start_line}:{location.start_col}"
    return "<unknown>"


def _raise_mlir_error(error, what, source_name=None):
    diagnostics = [(format_location(d.location, source_name), d.message) for d in error.error_diagnostics]
    lines = [f"{loc}: {message}" for loc, message in diagnostics] or [str(error)]
    raise TVMLIRError(f"{what}:\n" + "\n".join(lines), diagnostics) from None


def parse_module(text, context=None, source_name="<string>"):
    """Parses MLIR text into a verified ``mlir.ir.Module``.

    Raises :class:`tvmlir.TVMLIRError` naming the location of each problem.
    """
    context = context or make_context()
    problem = _tvmlir.find_oversized_result_number(text)
    if problem is not None:
        line, column, message = problem
        where = f"{source_name}:{line}:{column}"
        raise TVMLIRError(f"cannot parse {source_name}:\n{where}: {message}", [(where, message)])
    try:
        return _mlir.Module.parse(text, context=context)
    except _mlir.MLIRError as error:
        _raise_mlir_error(error, f"cannot parse {source_name}", source_name)


def verify(operation):
    """Verifies an operation (or module); raises :class:`tvmlir.TVMLIRError`."""
    operation = getattr(operation, "operation", operation)
    try:
        operation.verify()
    except _mlir.MLIRError as error:
        _raise_mlir_error(error, "IR does not verify")
    return True
