"""The project-wide error type."""


class TVMLIRError(Exception):
    """Raised for every error tvmlir reports: bad IR, bad input, failed passes.

    Errors that MLIR reports carry its diagnostics (each with its location) in
    ``diagnostics``, as ``(location, message)`` pairs.
    """

    def __init__(self, message, diagnostics=()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)
