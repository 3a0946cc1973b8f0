"""The CUDA runtime library: ``cuda_runtime.c`` built with the C compiler.

The host code of a CUDA executable calls the mgpu* functions (MLIR's GPU
runtime C API). ``cuda_runtime.c`` implements them on the CUDA driver API,
which it opens at first use, so the library builds wherever ``cuda.h`` is and
loads wherever there is a C library; a machine without a driver gets a
TVMLIRError saying so.
"""

import ctypes
import functools
import hashlib
import os
import tempfile

from ..base import TVMLIRError
from ..runtime.executable import CUDAErrors
from ..runtime.native import run_compiler

SOURCE = os.path.join(os.path.dirname(__file__), "cuda_runtime.c")


def cuda_include_dir():
    """The folder holding ``cuda.h``: $CUDA_HOME/include or /usr/local/cuda/include."""
    for root in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
        if root and os.path.exists(os.path.join(root, "include", "cuda.h")):
            return os.path.join(root, "include")
    raise TVMLIRError("cuda.h not found (looked in $CUDA_HOME/include and /usr/local/cuda/include): "
                      "the CUDA runtime wrapper is built against it")


def compile_command(output, sources, extra=()):
    """The C compiler command that builds ``sources`` with the runtime into ``output``."""
    return [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O2", f"-I{cuda_include_dir()}",
            "-o", os.fspath(output), *sources, *extra, "-ldl"]


@functools.lru_cache(maxsize=None)
def library_path():
    """The runtime as a shared library (built once per source version and user)."""
    with open(SOURCE, "rb") as f:
        digest = hashlib.sha256(f.read() + cuda_include_dir().encode()).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"tvmlir-cuda-runtime-{os.getuid()}-{digest}.so")
    if not os.path.exists(path):
        partial = f"{path}.{os.getpid()}.tmp"
        run_compiler(compile_command(partial, [SOURCE]), "the CUDA runtime library")
        os.replace(partial, path)  # atomic: concurrent builders write the same file
    return path


@functools.lru_cache(maxsize=None)
def load():
    """The runtime library, loaded, with a usable driver and device; else a
    TVMLIRError naming what is missing ("no CUDA driver: ...")."""
    library = ctypes.CDLL(library_path())
    errors = CUDAErrors(library)
    if library.tvmlir_cuda_ready() != 0:
        errors.check("cannot run CUDA code")
    return library, errors
