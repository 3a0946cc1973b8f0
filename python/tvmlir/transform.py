"""Passes over IRModules (TVM's ``tvm.transform``).

A :class:`Pass` wraps an MLIR pass pipeline over ``builtin.module``; calling it
on an IRModule runs the pipeline on a copy and returns the copy, so the module
given is never changed. :class:`Sequential` runs passes in order.
"""

import contextlib
import os
import re
import sys
import tempfile
import time

from mlir import ir as _mlir
from mlir.passmanager import PassManager

from ._mlir_libs import _tvmlir
from .base import TVMLIRError
from .ir.context import format_location
from .ir.module import IRModule

_tvmlir.register_passes()


class Pass:
    """A transformation of IRModules: ``new_mod = pass_(mod)``."""

    def __init__(self, pipeline, name=None):
        self.pipeline = pipeline
        self.name = name or pipeline

    def __call__(self, mod):
        if not isinstance(mod, IRModule):
            raise TypeError(f"{self.name} transforms an IRModule, not {type(mod).__name__}")
        result = mod.copy()
        timing = PassContext.current().timing()
        try:
            if timing is None:
                _run_pipeline(self.pipeline, result)
            else:
                with _captured_stderr() as report:
                    _run_pipeline(self.pipeline, result, timing=True)
                timing.add_mlir_report(self.name, report.text)
        except _mlir.MLIRError as error:
            diagnostics = [(format_location(d.location), d.message) for d in error.error_diagnostics]
            lines = "\n".join(f"{where}: {message}" for where, message in diagnostics)
            raise TVMLIRError(f"{self.name} failed:\n{lines}", diagnostics) from None
        return result

    def __repr__(self):
        return f"Pass({self.name})"


def _run_pipeline(pipeline, module, timing=False):
    manager = PassManager.parse(f"builtin.module({pipeline})", context=module.context)
    if timing:
        manager.enable_timing()
    try:
        manager.run(module.mlir.operation)
    finally:
        del manager  # MLIR prints the timing report when the manager is destroyed


class PassTimingInstrument:
    """Times every pass (MLIR's pass timing) and the LLVM step of
    ``tvmlir.compile`` (TVM's ``tvm.ir.instrument.PassTimingInstrument``):
    ``with PassContext(instruments=[timing]): ...``, then ``timing.render()``.

    ``entries`` holds ``(step, pass, seconds)``: step is the tvmlir pass
    (``LegalizeOps``, ``lowering to LLVM``, ``LLVM``), pass the MLIR pass
    inside it (nested pipelines indented as MLIR prints them)."""

    _LINE = re.compile(r"^(?:\s*\d+\.\d+ \(\s*[\d.]+%\))+(\s+)(\S.*?)\s*$")

    def __init__(self):
        self.entries = []

    def add_mlir_report(self, step, text):
        """Adds the passes of one MLIR timing report; its ``Rest`` (time in
        the pass manager and verifier, outside every pass) is one entry too,
        its ``Total`` none."""
        for line in text.splitlines():
            match = self._LINE.match(line)
            if match and match.group(2) != "Total":
                seconds = float(re.findall(r"(\d+\.\d+) \(", line)[-1])  # the wall time: the last column
                name = "(outside the passes)" if match.group(2) == "Rest" else match.group(2)
                self.entries.append((step, " " * (len(match.group(1)) - 2) + name, seconds))

    @contextlib.contextmanager
    def time(self, step, what):
        """Times the block as one entry."""
        start = time.perf_counter()
        yield
        self.entries.append((step, what, time.perf_counter() - start))

    def total(self):
        return sum(seconds for _, name, seconds in self.entries if not name.startswith(" "))

    def render(self):
        """The entries as a table, in the order they ran."""
        width = max([len(name) for _, name, _ in self.entries] + [4])
        lines = [f"{'step':<18}  {'pass':<{width}}  {'ms':>9}"]
        lines += [f"{step:<18}  {name:<{width}}  {seconds * 1e3:9.3f}" for step, name, seconds in self.entries]
        lines.append(f"{'total':<18}  {'':<{width}}  {self.total() * 1e3:9.3f}")
        return "\n".join(lines)


class PassContext:
    """The options passes run under (TVM's ``tvm.transform.PassContext``):
    ``with PassContext(instruments=[PassTimingInstrument()]):``."""

    _stack = []

    def __init__(self, instruments=()):
        for instrument in instruments:
            if not isinstance(instrument, PassTimingInstrument):
                raise TypeError(f"PassContext takes PassTimingInstrument instruments, not "
                                f"{type(instrument).__name__}")
        self.instruments = list(instruments)

    def timing(self):
        """The PassTimingInstrument in this context, or None."""
        return self.instruments[0] if self.instruments else None

    @staticmethod
    def current():
        return PassContext._stack[-1] if PassContext._stack else _DEFAULT_CONTEXT

    def __enter__(self):
        PassContext._stack.append(self)
        return self

    def __exit__(self, *exc):
        PassContext._stack.pop()


_DEFAULT_CONTEXT = PassContext()


class _Captured:
    text = ""


@contextlib.contextmanager
def _captured_stderr():
    """Captures what native code writes to file descriptor 2 (MLIR's timing
    report) for the block; anything that is not the report is written back."""
    sys.stderr.flush()
    captured = _Captured()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode(errors="replace")
            start = text.find("===---")
            before, captured.text = (text[:start], text[start:]) if start >= 0 else (text, "")
            if before:
                sys.stderr.write(before)


class Sequential(Pass):
    """Runs ``passes`` in order, as one pass (TVM's ``tvm.transform.Sequential``)."""

    def __init__(self, passes, name="Sequential"):
        self.passes = list(passes)
        super().__init__(",".join(p.pipeline for p in self.passes), name)

    def __repr__(self):
        return f"Sequential({', '.join(p.name for p in self.passes)})"
