"""Executables as the runtime sees them: functions with signatures, each
reached through the native call path, and the loader of exported libraries
(which needs neither the compiler nor the MLIR bindings)."""

import ctypes
import os

from ..base import TVMLIRError
from ..target import Target
from . import native
from .signature import SPECS_SYMBOL, specs_from_json


class Executable:
    """Compiled functions (``specs``: name -> FunctionSpec) for ``target``.
    Subclasses say where the code is: :meth:`packed_address` and
    :meth:`call_entry`."""

    def __init__(self, specs, target):
        self.specs = specs
        self.target = target
        self._native = {}

    def function_names(self):
        return sorted(self.specs)

    def packed_address(self, name):
        """The address of ``name``'s packed C interface."""
        raise NotImplementedError

    def call_entry(self):
        """The shim's ``tvmlir_call`` that serves this executable."""
        raise NotImplementedError

    def native_function(self, name):
        """``name`` for the native call path, made once."""
        if name not in self._native:
            self._native[name] = native.NativeFunction(self.call_entry(), self.packed_address(name),
                                                       self.specs[name])
        return self._native[name]

    def prepare(self):
        """Runs before each call (a CUDA executable opens the driver)."""

    def check_errors(self, name):
        """Runs after each call of ``name`` (a CUDA executable raises what
        its runtime recorded)."""


class CUDAErrors:
    """Reads and clears the error a CUDA runtime library recorded."""

    def __init__(self, library):
        self.library = library
        library.tvmlir_cuda_last_error.restype = ctypes.c_char_p

    def check(self, what):
        message = self.library.tvmlir_cuda_last_error()
        if message:
            self.library.tvmlir_cuda_clear_error()
            raise TVMLIRError(f"{what}: {message.decode()}")


class LibraryExecutable(Executable):
    """An Executable loaded from a library written by ``export_library``:
    the library carries the functions, their signatures and the call shim."""

    def __init__(self, library, specs, target):
        super().__init__(specs, target)
        self.mod = None  # the lowered module stays with the compiler
        self._library = library
        self._cuda_errors = None  # CUDAErrors once a CUDA library is initialized

    def packed_address(self, name):
        return ctypes.cast(getattr(self._library, "_mlir__mlir_ciface_" + name), ctypes.c_void_p).value

    def call_entry(self):
        return native.CallEntry(self._library)

    def prepare(self):
        if self.target.kind == "cuda" and self._cuda_errors is None:
            errors = CUDAErrors(self._library)
            if self._library.tvmlir_cuda_init() != 0:
                errors.check("cannot run CUDA code")
            self._cuda_errors = errors

    def check_errors(self, name):
        if self._cuda_errors is not None:
            self._cuda_errors.check(name)

    def export_library(self, path):
        raise TVMLIRError("this executable was loaded from a library; export the original")


def load_module(path):
    """The Executable in a library written by ``Executable.export_library``:
    run it with ``relax.VirtualMachine(load_module(path), cpu())``."""
    try:
        # PyDLL: the call shim in the library reads Python objects under the GIL.
        library = ctypes.PyDLL(os.path.abspath(os.fspath(path)))
        specs_of = getattr(library, SPECS_SYMBOL)
        library.tvmlir_call  # noqa: B018 - libraries from before the shim cannot be run
    except (OSError, AttributeError) as error:
        raise TVMLIRError(f"cannot load {path}: not a library written by export_library ({error})") from None
    specs_of.restype = ctypes.c_char_p
    specs = specs_from_json(specs_of().decode())
    kind = "cuda" if hasattr(library, "tvmlir_cuda_init") else "llvm"
    return LibraryExecutable(library, specs, Target(kind))
