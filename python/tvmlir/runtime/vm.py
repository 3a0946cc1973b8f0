"""The VirtualMachine (TVM's ``relax.VirtualMachine``): ``vm["main"](*args)``.

A call goes through the native shim first (``call.c``: one ctypes call that
checks every NumPy array against the signature and runs the function). When
the shim turns an argument down, because it is not a NumPy array (a tvmlir
Tensor, a DLPack tensor such as PyTorch's) or does not match, the Python
checks here convert it or raise the error that says what is wrong, and the
converted arrays go through the shim again.
"""

import numpy as np

from ..base import TVMLIRError
from .executable import Executable
from .tensor import Device, Tensor, cpu, dlpack_refusal, wrap_contiguous

_RAN = -1  # what the shim returns when every tensor matched and the function ran
_FAILED = -2  # ... and a kernel's run-time check (an index read from data) failed


def _flatten(args):
    """``args`` with every list or tuple replaced by its items, in order: the
    compiled signature takes a tuple parameter's fields one by one."""
    if not any(isinstance(a, (list, tuple)) for a in args):
        return args
    flat = []
    for arg in args:
        flat.extend(_flatten(tuple(arg)) if isinstance(arg, (list, tuple)) else (arg,))
    return tuple(flat)


class Function:
    """``vm["main"]``: checks its arguments, runs, returns tvmlir Tensors
    (or fills ``out``, a NumPy array or a sequence of them, one per result)."""

    def __init__(self, vm, spec):
        self.vm, self.spec = vm, spec
        self._executable = vm.executable
        self._native = None  # resolved at the first call (a CUDA executable opens the driver first)
        self._device = vm.device
        self._results = [(r.shape, np.dtype(r.dtype)) for r in spec.results] \
            if all(_has_numpy_dtype(r) for r in spec.results) else None

    def __call__(self, *args, out=None):
        self._executable.prepare()
        if self._native is None:
            self._native = self._executable.native_function(self.spec.name)
        outputs = self._outputs_given(out) if out is not None else self._new_outputs(args)
        if not self._ran(args, outputs):
            outputs = self._run_converted(args, outputs if out is not None else None)
        self._executable.check_errors(self.spec.name)
        if out is not None:
            return out
        device = self._device
        if self.spec.returns_tuple:
            return tuple([wrap_contiguous(o, device) for o in outputs])
        return wrap_contiguous(outputs[0], device)

    def _new_outputs(self, args):
        """Fresh result arrays, symbolic sizes read from ``args`` by the shim;
        None where the shim turns ``args`` down (or NumPy lacks a dtype)."""
        if self._results is None:
            return None
        if not self._native.symbols:
            return tuple([np.empty(shape, dtype) for shape, dtype in self._results])
        extents = self._native.symbol_extents(args)
        if extents is None or min(extents.values()) < 0:
            return None
        return tuple([np.empty(tuple([extents[d] if isinstance(d, str) else d for d in shape]), dtype)
                      for shape, dtype in self._results])

    def _outputs_given(self, out):
        outputs = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        if len(outputs) != len(self.spec.results):
            raise TVMLIRError(f"{self.spec.name}: out= takes {len(self.spec.results)} array(s), "
                              f"one per result, got {len(outputs)}")
        return outputs

    def _run_converted(self, args, outputs):
        """The arguments the shim turned down: Tensors and DLPack tensors
        become NumPy arrays and the shim tries again; if it still refuses,
        the checks say why."""
        spec = self.spec
        if len(args) != len(spec.params):  # a tuple parameter (TVM's params tuple) takes a sequence
            flat = _flatten(args)
            args = flat if len(flat) == len(spec.params) else args
        if len(args) != len(spec.params):
            raise TVMLIRError(f"{spec.name}: expects {len(spec.params)} argument(s) "
                              f"({', '.join(p.name for p in spec.params)}), got {len(args)}")
        arrays = tuple([self._as_array(i, arg) for i, arg in enumerate(args)])
        if outputs is not None:
            outputs = tuple([self._as_array(i, o, "out") for i, o in enumerate(outputs)])
        else:
            outputs = self._new_outputs(arrays)
        if not self._ran(arrays, outputs):
            self._explain_mismatch(arrays, outputs)
        return outputs

    def _ran(self, args, outputs):
        """Runs the shim (when there are result buffers): True if the function
        ran, False if the shim turned a tensor down; a failed run-time check
        is raised."""
        if outputs is None:
            return False
        status = self._native.call(args, outputs)
        if status == _FAILED:
            raise TVMLIRError(f"{self.spec.name}: {self._native.take_failure()}")
        return status == _RAN

    def _explain_mismatch(self, arrays, outputs):
        """Raises the TVMLIRError that names the first argument (or out=
        array) that does not match the signature."""
        spec = self.spec
        unsupported = [t for t in spec.params + spec.results if not _has_numpy_dtype(t)]
        if unsupported:
            raise TVMLIRError(f"{spec.name}: '{unsupported[0].name}' is {unsupported[0].script()}, and the "
                              f"runtime's tensors (NumPy arrays) have no {unsupported[0].dtype} yet")
        symbols = {}
        for i, (param, array) in enumerate(zip(spec.params, arrays)):
            self._check(f"argument {i}", param, array, symbols)
        missing = [(d, r) for r in spec.results for d in r.shape if isinstance(d, str) and d not in symbols]
        if outputs is None and missing:
            raise TVMLIRError(f"{spec.name}: the size {missing[0][0]} of result '{missing[0][1].name}' is not "
                              "the size of any argument; pass the result buffers with out=")
        for i, (result, array) in enumerate(zip(spec.results, outputs or ())):
            self._check(f"out[{i}]", result, array, symbols, writable=True)
        raise TVMLIRError(f"{spec.name}: the native call did not accept the arguments' buffers")

    def _check(self, what, param, array, symbols, writable=False):
        """Raises a TVMLIRError if NumPy ``array`` does not match ``param``."""
        where = f"{self.spec.name}: {what} '{param.name}' expects {param.script()}"
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
        if writable and not array.flags["WRITEABLE"]:
            raise TVMLIRError(f"{where}, got a read-only array")

    def _as_array(self, index, arg, kind="argument"):
        """``arg`` (a NumPy array, tvmlir Tensor or CPU DLPack tensor) as a
        NumPy array, without copying."""
        if isinstance(arg, np.ndarray):
            return arg
        if isinstance(arg, Tensor):
            if arg.device == self._device:
                return arg.numpy()
            where, got = self._where(index, kind), f"a tensor on {arg.device}"
        elif hasattr(arg, "__dlpack__"):
            try:
                return np.from_dlpack(arg)
            except (BufferError, RuntimeError, TypeError, ValueError) as error:
                where, got = self._where(index, kind), dlpack_refusal(arg, error)
        else:
            raise TVMLIRError(f"{self._where(index, kind, on_device=False)}, got {type(arg).__name__}")
        raise TVMLIRError(f"{where}, got {got}")

    def _where(self, index, kind, on_device=True):
        tensors = self.spec.params if kind == "argument" else self.spec.results
        name = f"argument {index}" if kind == "argument" else f"out[{index}]"
        where = f"{self.spec.name}: {name} '{tensors[index].name}' expects {tensors[index].script()}"
        return f"{where} on {self._device}" if on_device else where


def _has_numpy_dtype(tensor):
    """NumPy has every element type but bfloat16 (and the float8s)."""
    return tensor.dtype in {"bool", "int8", "int16", "int32", "int64", "uint8", "float16", "float32", "float64"}


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
        self._functions = {}

    def __getitem__(self, name):
        if name not in self.executable.specs:
            raise TVMLIRError(f"the executable has no function '{name}'; it has "
                              f"{self.executable.function_names()}")
        if name not in self._functions:
            self._functions[name] = Function(self, self.executable.specs[name])
        return self._functions[name]
