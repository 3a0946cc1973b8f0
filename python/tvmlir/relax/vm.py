"""The JIT Executable of ``tvmlir.compile``, and its ``export_library``.

It holds the module lowered to the LLVM dialect; on first use MLIR's
ExecutionEngine compiles it, and the runtime (``tvmlir.runtime``: the
VirtualMachine, the native call path) calls each function's packed C
interface in destination-passing style (inputs, then the result buffers it
fills). ``export_library`` writes the same code, the signatures and the call
path into one shared library, which ``tvmlir.runtime.load_module`` runs
without the compiler.
"""

import importlib.util
import os
import tempfile
import threading

from ..base import TVMLIRError
from ..runtime import executable as _runtime
from ..runtime import native
from ..runtime.signature import specs_c_source
from ..runtime.vm import VirtualMachine

__all__ = ["Executable", "VirtualMachine", "object_file", "export_sources"]


def _mlir_library(name):
    """The path of one of the SDK's runtime libraries, or None."""
    spec = importlib.util.find_spec("mlir")
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, "lib", name)
        if os.path.exists(path):
            return path
    return None


def _runner_utils():
    """The MLIR C runner utilities (memref copies), from the tools wheel."""
    path = _mlir_library("libmlir_c_runner_utils.so")
    return [path] if path else []


def object_file(engine, specs, folder):
    """``folder/kernels.o``: the object code of an ExecutionEngine (made with
    ``enable_object_dump``), every function of ``specs`` compiled into it."""
    for name in specs:  # the engine compiles a function when it is looked up
        engine.lookup(name)
    path = os.path.join(folder, "kernels.o")
    engine.dump_to_object_file(path)
    return path


def export_sources(specs, folder):
    """The C sources every exported library links in: the signatures' JSON
    and the runtime's call path."""
    specs_c = os.path.join(folder, "specs.c")
    with open(specs_c, "w") as f:
        f.write(specs_c_source(specs))
    return [specs_c, *native.SOURCES]


class Executable(_runtime.Executable):
    """A compiled module, JIT-compiled on first use."""

    def __init__(self, lowered, specs, target):
        super().__init__(specs, target)
        self.mod = lowered  # IRModule of the LLVM dialect
        self._engine = None
        self._engine_lock = threading.Lock()  # threads that call first make one engine

    def _make_engine(self, **options):
        from mlir.execution_engine import ExecutionEngine

        native.jit_call_entry()  # its tvmlir_bounds_failed and thread pool, which kernels call
        return ExecutionEngine(self.mod.mlir, opt_level=3, shared_libs=_runner_utils(), **options)

    @property
    def engine(self):
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._make_engine()
        return self._engine

    def packed_address(self, name):
        # raw_lookup prefixes "_mlir_": this is _mlir__mlir_ciface_<name>,
        # the packed wrapper of the C interface.
        return self.engine.raw_lookup("_mlir_ciface_" + name)

    def call_entry(self):
        return native.jit_call_entry()

    def export_library(self, path):
        """Writes a shared library that :func:`tvmlir.runtime.load_module`
        loads in another process, without the compiler."""
        engine = self._make_engine(enable_object_dump=True, enable_pic=True)
        runner_dirs = [os.path.dirname(lib) for lib in _runner_utils()]
        with tempfile.TemporaryDirectory() as tmp:
            sources = [object_file(engine, self.specs, tmp), *export_sources(self.specs, tmp)]
            # -Bsymbolic: the kernels call the library's own runtime (its
            # failure record, its pool) even where the JIT's is loaded too.
            command = [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-Wl,-Bsymbolic", *native.compile_flags(),
                       "-o", os.fspath(path), *sources]
            command += [f"-L{d}" for d in runner_dirs] + [f"-Wl,-rpath,{d}" for d in runner_dirs]
            command += ["-lmlir_c_runner_utils", "-lm"]
            native.run_compiler(command, os.fspath(path))
