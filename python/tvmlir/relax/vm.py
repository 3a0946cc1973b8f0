"""Executable and VirtualMachine (TVM's ``relax.VirtualMachine``).

The Executable holds the module lowered to the LLVM dialect; the VM JIT-
compiles it with MLIR's ExecutionEngine and calls each function's C interface
in destination-passing style (inputs, then the result buffers it fills).
Every argument is checked against the function's signature before any kernel
runs.
"""

import ctypes
import functools
import importlib.util
import json
import os
import subprocess
import tempfile
from dataclasses import asdict

import numpy as np

from ..base import TVMLIRError
from ..runtime.tensor import Device, Tensor, cpu


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


@functools.lru_cache(maxsize=None)
def _load_async_runtime():
    """Loads MLIR's async runtime (the thread pool that runs parallel loops)
    once, for the whole process. It is not given to the ExecutionEngine as a
    shared library: an engine calls such a library's destroy hook when it is
    freed, which resets the process-wide runtime under every other engine."""
    path = _mlir_library("libmlir_async_runtime.so")
    if path is None:
        raise TVMLIRError("the MLIR async runtime (libmlir_async_runtime.so) is missing from the SDK")
    ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
    return path


_SPECS_SYMBOL = "tvmlir_executable_specs"


@functools.lru_cache(maxsize=None)
def _descriptor_class(rank, dtype):
    """The ctypes struct of a memref descriptor, one class per (rank, dtype):
    ctypes caches pointer types by class forever, so a class per call (as
    mlir.runtime makes them) would grow memory without bound."""
    from mlir.runtime import make_nd_memref_descriptor, make_zero_d_memref_descriptor
    from mlir.runtime.np_to_memref import as_ctype

    ctype = as_ctype(np.dtype(dtype))
    return (make_nd_memref_descriptor(rank, ctype) if rank else make_zero_d_memref_descriptor(ctype)), ctype


def _memref_descriptor(array):
    """A memref descriptor viewing a C-contiguous NumPy array (no copy)."""
    cls, ctype = _descriptor_class(array.ndim, array.dtype.str)
    descriptor = cls()
    descriptor.allocated = array.ctypes.data
    descriptor.aligned = ctypes.cast(array.ctypes.data, ctypes.POINTER(ctype))
    descriptor.offset = 0
    if array.ndim:
        descriptor.shape = (ctypes.c_longlong * array.ndim)(*array.shape)
        descriptor.strides = (ctypes.c_longlong * array.ndim)(*[s // array.itemsize for s in array.strides])
    return descriptor


def object_file(engine, specs, folder):
    """``folder/kernels.o``: the object code of an ExecutionEngine (made with
    ``enable_object_dump``), every function of ``specs`` compiled into it."""
    for name in specs:  # the engine compiles a function when it is looked up
        engine.lookup(name)
    path = os.path.join(folder, "kernels.o")
    engine.dump_to_object_file(path)
    return path


def specs_json(specs):
    """The functions' signatures as the JSON an exported library returns."""
    return json.dumps({name: asdict(spec) for name, spec in specs.items()})


class Executable:
    """A compiled module: JIT-compiled on first use, or loaded from a shared
    library written by :meth:`export_library`."""

    def __init__(self, lowered, specs, target, library=None):
        self.mod = lowered  # IRModule of the LLVM dialect (None when loaded)
        self.specs = specs
        self.target = target
        self._library = library
        self._engine = None

    def _make_engine(self, **options):
        from mlir.execution_engine import ExecutionEngine

        _load_async_runtime()
        return ExecutionEngine(self.mod.mlir, opt_level=3, shared_libs=_runner_utils(), **options)

    @property
    def engine(self):
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def function_names(self):
        return sorted(self.specs)

    def invoke(self, name, arrays):
        """Calls ``name``'s C interface on NumPy arrays (inputs, then results)."""
        descriptors = [_memref_descriptor(a) for a in arrays]
        if self._library is not None:
            getattr(self._library, "_mlir_ciface_" + name)(*[ctypes.byref(d) for d in descriptors])
        else:
            self.engine.invoke(name, *[ctypes.pointer(ctypes.pointer(d)) for d in descriptors])

    def export_library(self, path):
        """Writes a shared library that :func:`tvmlir.runtime.load_module`
        loads in another process, without the compiler."""
        if self.mod is None:
            raise TVMLIRError("this executable was loaded from a library; export the original")
        engine = self._make_engine(enable_object_dump=True, enable_pic=True)
        runner_dirs = [os.path.dirname(lib) for lib in _runner_utils()]
        with tempfile.TemporaryDirectory() as tmp:
            obj = object_file(engine, self.specs, tmp)
            specs_c = os.path.join(tmp, "specs.c")
            with open(specs_c, "w") as f:
                f.write(f"const char *{_SPECS_SYMBOL}(void) {{ return {json.dumps(specs_json(self.specs))}; }}\n")
            command = [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-o", os.fspath(path), obj, specs_c]
            command += [f"-L{d}" for d in runner_dirs] + [f"-Wl,-rpath,{d}" for d in runner_dirs]
            command += ["-lmlir_c_runner_utils", "-lmlir_async_runtime", "-lm"]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                raise TVMLIRError(f"linking {path} failed:\n{result.stderr}")


def load_executable(path):
    """The Executable in a library written by ``export_library``."""
    from ..driver import FunctionSpec, TensorSpec

    try:
        library = ctypes.CDLL(os.path.abspath(os.fspath(path)))
        specs_of = getattr(library, _SPECS_SYMBOL)
    except (OSError, AttributeError) as error:
        raise TVMLIRError(f"cannot load {path}: not a library written by export_library ({error})") from None
    specs_of.restype = ctypes.c_char_p
    specs = {}
    for name, spec in json.loads(specs_of().decode()).items():
        params = [TensorSpec(p["name"], tuple(p["shape"]), p["dtype"]) for p in spec["params"]]
        results = [TensorSpec(r["name"], tuple(r["shape"]), r["dtype"]) for r in spec["results"]]
        specs[name] = FunctionSpec(name, params, results, spec["returns_tuple"])
    if hasattr(library, "tvmlir_cuda_init"):  # written by CUDAExecutable.export_library
        from ..gpu.executable import CUDAExecutable
        from ..target import Target

        return CUDAExecutable(None, specs, Target("cuda"), library=library)
    return Executable(None, specs, "llvm", library=library)


# The element types NumPy has (bfloat16 is not among them).
_NUMPY_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "float16", "float32", "float64"}


class _Function:
    """``vm["main"]``: checks its arguments, runs, returns tvmlir Tensors."""

    def __init__(self, vm, spec):
        self.vm, self.spec = vm, spec

    def __call__(self, *args):
        spec = self.spec
        if len(args) != len(spec.params):
            raise TVMLIRError(f"{spec.name}: expects {len(spec.params)} argument(s) "
                              f"({', '.join(p.name for p in spec.params)}), got {len(args)}")
        unsupported = [t for t in spec.params + spec.results if t.dtype not in _NUMPY_DTYPES]
        if unsupported:
            raise TVMLIRError(f"{spec.name}: '{unsupported[0].name}' is {unsupported[0].script()}, and the "
                              f"runtime's tensors (NumPy arrays) have no {unsupported[0].dtype} yet")
        symbols = {}
        arrays = [self._check(index, param, arg, symbols) for index, (param, arg) in
                  enumerate(zip(spec.params, args))]
        outputs = [np.empty(tuple(symbols.get(d, d) for d in result.shape), dtype=result.dtype)
                   for result in spec.results]
        # Booleans travel as bytes (the compiled code stores them so).
        self.vm.executable.invoke(spec.name, [a.view(np.uint8) if a.dtype == bool else a
                                              for a in arrays + outputs])
        results = [Tensor(out, self.vm.device) for out in outputs]
        return tuple(results) if spec.returns_tuple else results[0]

    def _check(self, index, param, arg, symbols):
        where = f"{self.spec.name}: argument {index} '{param.name}' expects {param.script()}"
        if isinstance(arg, Tensor):
            if arg.device != self.vm.device:
                raise TVMLIRError(f"{where} on {self.vm.device}, got a tensor on {arg.device}")
            array = arg.numpy()
        elif isinstance(arg, np.ndarray):
            array = arg
        elif hasattr(arg, "__dlpack__"):
            device_type, _ = arg.__dlpack_device__()
            if device_type != 1:
                raise TVMLIRError(f"{where} on {self.vm.device}, got a tensor on a non-CPU device")
            array = np.from_dlpack(arg)
        else:
            raise TVMLIRError(f"{where}, got {type(arg).__name__}")
        got = f"{tuple(array.shape)} {array.dtype}"
        if str(array.dtype) != param.dtype or array.ndim != len(param.shape):
            raise TVMLIRError(f"{where}, got {got}")
        for dim, extent in zip(param.shape, array.shape):
            if isinstance(dim, str):
                if symbols.setdefault(dim, extent) != extent:
                    raise TVMLIRError(f"{where}, got {got}: {dim} is {symbols[dim]} in an earlier argument")
            elif dim != extent:
                raise TVMLIRError(f"{where}, got {got}")
        if not array.flags["C_CONTIGUOUS"]:
            raise TVMLIRError(f"{where}, got a non-contiguous array (make it contiguous first)")
        return array


class VirtualMachine:
    """Runs an Executable's functions: ``vm["main"](*args)``."""

    def __init__(self, executable, device=None):
        if not isinstance(executable, Executable):
            raise TypeError(f"VirtualMachine takes an Executable, not {type(executable).__name__}")
        device = device or cpu()
        if not isinstance(device, Device) or device.kind != "cpu":
            if getattr(executable.target, "kind", None) == "cuda":
                raise TVMLIRError(f"tensors on {device} are not supported yet: a CUDA executable takes and "
                                  "returns host arrays, run it with relax.VirtualMachine(ex, tvmlir.cpu())")
            raise TVMLIRError(f"the executable was compiled for the CPU, not for {device}")
        self.executable, self.device = executable, device

    def __getitem__(self, name):
        if name not in self.executable.specs:
            raise TVMLIRError(f"the executable has no function '{name}'; it has "
                              f"{self.executable.function_names()}")
        return _Function(self, self.executable.specs[name])
