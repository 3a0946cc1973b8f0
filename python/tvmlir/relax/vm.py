"""Executable and VirtualMachine (TVM's ``relax.VirtualMachine``).

The Executable holds the module lowered to the LLVM dialect; the VM JIT-
compiles it with MLIR's ExecutionEngine and calls each function's C interface
in destination-passing style (inputs, then the result buffers it fills).
Every argument is checked against the function's signature before any kernel
runs.
"""

import ctypes
import importlib.util
import os

import numpy as np

from ..base import TVMLIRError
from ..runtime.tensor import Device, Tensor, cpu


def _runner_utils():
    """The MLIR C runner utilities (memref copies), from the tools wheel."""
    spec = importlib.util.find_spec("mlir")
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, "lib", "libmlir_c_runner_utils.so")
        if os.path.exists(path):
            return [path]
    return []


class Executable:
    """A compiled module."""

    def __init__(self, lowered, specs, target):
        self.mod = lowered  # IRModule of the LLVM dialect
        self.specs = specs
        self.target = target
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            from mlir.execution_engine import ExecutionEngine

            self._engine = ExecutionEngine(self.mod.mlir, opt_level=3, shared_libs=_runner_utils())
        return self._engine

    def function_names(self):
        return sorted(self.specs)


class _Function:
    """``vm["main"]``: checks its arguments, runs, returns tvmlir Tensors."""

    def __init__(self, vm, spec):
        self.vm, self.spec = vm, spec

    def __call__(self, *args):
        spec = self.spec
        if len(args) != len(spec.params):
            raise TVMLIRError(f"{spec.name}: expects {len(spec.params)} argument(s) "
                              f"({', '.join(p.name for p in spec.params)}), got {len(args)}")
        symbols = {}
        arrays = [self._check(index, param, arg, symbols) for index, (param, arg) in
                  enumerate(zip(spec.params, args))]
        outputs = [np.empty(tuple(symbols.get(d, d) for d in result.shape), dtype=result.dtype)
                   for result in spec.results]
        from mlir.runtime import get_ranked_memref_descriptor

        # Booleans travel as bytes (the compiled code stores them so).
        descriptors = [get_ranked_memref_descriptor(a.view(np.uint8) if a.dtype == bool else a)
                       for a in arrays + outputs]
        pointers = [ctypes.pointer(ctypes.pointer(d)) for d in descriptors]
        self.vm.executable.engine.invoke(spec.name, *pointers)
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
            raise TVMLIRError(f"the executable was compiled for the CPU, not for {device}")
        self.executable, self.device = executable, device

    def __getitem__(self, name):
        if name not in self.executable.specs:
            raise TVMLIRError(f"the executable has no function '{name}'; it has "
                              f"{self.executable.function_names()}")
        return _Function(self, self.executable.specs[name])
