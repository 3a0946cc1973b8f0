"""MLIR contexts with the relax and tensorir dialects, parsing and verifying."""

from mlir import ir as _mlir

from ..base import TVMLIRError
from ..dialects import register_dialects


def make_context():
    """A new ``mlir.ir.Context`` with every upstream dialect and ours loaded."""
    context = _mlir.Context()
    register_dialects(context)
    return context


def _raise_mlir_error(error, what):
    diagnostics = [(str(d.location), d.message) for d in error.error_diagnostics]
    lines = [f"{loc}: {message}" for loc, message in diagnostics] or [str(error)]
    raise TVMLIRError(f"{what}:\n" + "\n".join(lines), diagnostics) from None


def parse_module(text, context=None, source_name="<string>"):
    """Parses MLIR text into a verified ``mlir.ir.Module``.

    Raises :class:`tvmlir.TVMLIRError` naming the location of each problem.
    """
    context = context or make_context()
    try:
        return _mlir.Module.parse(text, context=context)
    except _mlir.MLIRError as error:
        _raise_mlir_error(error, f"cannot parse {source_name}")


def verify(operation):
    """Verifies an operation (or module); raises :class:`tvmlir.TVMLIRError`."""
    operation = getattr(operation, "operation", operation)
    try:
        operation.verify()
    except _mlir.MLIRError as error:
        _raise_mlir_error(error, "IR does not verify")
    return True
