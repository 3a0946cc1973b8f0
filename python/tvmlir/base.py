"""The project-wide error type."""


class TVMLIRError(Exception):
    """Raised for every error tvmlir reports: bad IR, bad input, failed passes.

    Errors that MLIR reports carry its diagnostics (each with its location) in
    ``diagnostics``, as ``(location, message)`` pairs.
    """

    def __init__(self, message, diagnostics=()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class TVMScriptError(TVMLIRError):
    """An error in TVMScript source: names the file, line and column.

    ``filename``, ``line`` and ``column`` locate it; the message reads
    ``file:line:col: what was expected``.
    """

    def __init__(self, message, filename="<string>", line=0, column=0):
        self.filename, self.line, self.column = filename, line, column
        super().__init__(f"{filename}:{line}:{column}: {message}",
                         [(f"{filename}:{line}:{column}", message)])
        self.message = message
