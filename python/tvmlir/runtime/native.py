"""The native call path (``call.c``) and the thread pool of parallel loops
(``pool.c``): their build, and each function's signature in the C
structures the call path reads.

A JIT-compiled executable uses the shim built once per source version into
the temporary folder; an exported library has it compiled in (so a deployed
library needs no compiler). The shim is reached through ``ctypes.PyDLL``:
it reads Python objects, so the GIL is held when it is entered.
"""

import ctypes
import functools
import hashlib
import os
import subprocess
import sysconfig
import tempfile

import numpy as np

from ..base import TVMLIRError

# The runtime's C sources: the call path, and the thread pool that compiled
# kernels call (tvmlir_parallel_for).
SOURCES = [os.path.join(os.path.dirname(__file__), name) for name in ("call.c", "pool.c")]

# The struct-module characters NumPy exports a dtype's buffers with: int64 is
# 'l' or 'q' (long, long long), both the same type on an LP64 machine.
_FORMAT_CHARACTERS = "?bBhHiIlLqQefdg"


class _TensorSignature(ctypes.Structure):
    _fields_ = [("rank", ctypes.c_int64), ("dims", ctypes.POINTER(ctypes.c_int64)), ("formats", ctypes.c_char_p)]


class _FunctionSignature(ctypes.Structure):
    _fields_ = [("packed", ctypes.c_void_p), ("num_inputs", ctypes.c_int64), ("num_outputs", ctypes.c_int64),
                ("num_symbols", ctypes.c_int64), ("tensors", ctypes.POINTER(_TensorSignature))]


def compile_flags():
    """C compiler flags for ``call.c``: CPython's headers (the limited API,
    so the object serves every CPython >= 3.11)."""
    return ["-O2", "-pthread", f"-I{sysconfig.get_paths()['include']}"]


def run_compiler(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise TVMLIRError(f"building {what} failed:\n{' '.join(command)}\n{result.stderr}")


@functools.lru_cache(maxsize=None)
def jit_library_path():
    """The runtime's sources as a shared library for JIT-compiled
    executables (built once per source version, header folder and user)."""
    digest = hashlib.sha256(" ".join(compile_flags()).encode())
    for source in SOURCES:
        with open(source, "rb") as f:
            digest.update(f.read())
    digest = digest.hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"tvmlir-call-{os.getuid()}-{digest}.so")
    if not os.path.exists(path):
        partial = f"{path}.{os.getpid()}.tmp"
        command = [os.environ.get("CC", "cc"), "-shared", "-fPIC", *compile_flags(), "-o", partial, *SOURCES]
        run_compiler(command, "the native call path")
        os.replace(partial, path)  # atomic: concurrent builders write the same file
    return path


class CallEntry:
    """The shim of one library (loaded with ``ctypes.PyDLL``): ``call``, its
    ``tvmlir_call``, and ``take_failure()``, the message of the run-time
    check that failed in the last call that returned -2."""

    def __init__(self, library):
        self.call = library.tvmlir_call
        self.call.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object, ctypes.c_void_p, ctypes.c_int]
        self.call.restype = ctypes.c_int64
        self._take_failure = library.tvmlir_take_failure
        self._take_failure.restype = ctypes.c_char_p

    def take_failure(self):
        return self._take_failure().decode(errors="replace")


@functools.lru_cache(maxsize=None)
def jit_call_entry():
    # Global: JIT-compiled kernels call its tvmlir_bounds_failed and
    # tvmlir_parallel_for.
    return CallEntry(ctypes.PyDLL(jit_library_path(), mode=ctypes.RTLD_GLOBAL))


@functools.lru_cache(maxsize=None)
def buffer_formats(dtype):
    """The buffer format characters of ``dtype`` ('' for a dtype NumPy lacks,
    which then never matches)."""
    try:
        target = np.dtype(dtype)
    except TypeError:
        return ""
    return "".join(c for c in _FORMAT_CHARACTERS if np.dtype(c) == target)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>


@functools.lru_cache(maxsize=None)  # once per process
def keep_freed_memory():
    """Lets glibc keep freed memory for the next call instead of handing it
    back to the kernel. A compiled function allocates its intermediates and
    frees them before it returns; with glibc's defaults, buffers of a few
    hundred KiB are unmapped (or trimmed off the heap) on free, so every call
    page-faults them in again, which took half of a 3x3 convolution's time.
    Process-wide; a no-op where the C library has no ``mallopt``."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        mallopt(_M_MMAP_THRESHOLD, 1 << 30)
        mallopt(_M_TRIM_THRESHOLD, 1 << 30)


class NativeFunction:
    """One compiled function as the shim sees it: ``call(inputs, outputs)``
    returns -1 when it ran, -2 when it ran and a run-time check failed
    (``take_failure()`` says which), else the index of the tensor that did not
    match."""

    def __init__(self, entry, packed_address, spec):
        keep_freed_memory()
        self.symbols = sorted({d for t in spec.params + spec.results for d in t.shape if isinstance(d, str)})
        index = {name: i for i, name in enumerate(self.symbols)}
        tensors = spec.params + spec.results
        self._dims = [(ctypes.c_int64 * max(len(t.shape), 1))(*[-index[d] - 1 if isinstance(d, str) else d
                                                               for d in t.shape]) for t in tensors]
        self._formats = [buffer_formats(t.dtype).encode() for t in tensors]
        self._tensors = (_TensorSignature * max(len(tensors), 1))(*[
            _TensorSignature(len(t.shape), dims, formats)
            for t, dims, formats in zip(tensors, self._dims, self._formats)])
        self._signature = _FunctionSignature(packed_address, len(spec.params), len(spec.results),
                                             len(self.symbols), self._tensors)
        self._address = ctypes.addressof(self._signature)
        self._entry = entry.call
        self.take_failure = entry.take_failure

    def call(self, inputs, outputs):
        return self._entry(self._address, inputs, outputs, None, 1)

    def symbol_extents(self, inputs):
        """name -> extent of each symbolic dimension, read from ``inputs``;
        None if an input does not match."""
        extents = (ctypes.c_int64 * max(len(self.symbols), 1))()
        if self._entry(self._address, inputs, inputs, extents, 0) != -1:
            return None
        return dict(zip(self.symbols, extents))
