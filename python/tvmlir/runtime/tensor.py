"""Devices and tensors. A CPU tensor is a NumPy array with its device;
``.numpy()`` gives the data back. ``tensor(data)`` copies the data, as TVM's
does; ``from_dlpack(data)`` is the zero-copy view."""

import numpy as np

from ..base import TVMLIRError

_DEVICE_TYPES = {"cpu": 1, "llvm": 1, "cuda": 2, "gpu": 2}


class Device:
    """A device: ``Device("cpu", 0)`` (TVM's ``tvm.cpu()`` / ``tvm.device``)."""

    def __init__(self, kind, index=0):
        kind = "cpu" if kind == "llvm" else ("cuda" if kind == "gpu" else kind)
        if kind not in _DEVICE_TYPES:
            raise TVMLIRError(f"unknown device '{kind}'; the devices are cpu and cuda")
        self.kind, self.index = kind, index

    @property
    def device_type(self):
        return _DEVICE_TYPES[self.kind]

    def __eq__(self, other):
        return isinstance(other, Device) and (self.kind, self.index) == (other.kind, other.index)

    def __hash__(self):
        return hash((self.kind, self.index))

    def __repr__(self):
        return f"{self.kind}({self.index})"


def cpu(index=0):
    return Device("cpu", index)


def device(kind, index=0):
    return Device(kind, index)


class Tensor:
    """An n-dimensional array on a device."""

    def __init__(self, array, dev):
        if dev.kind != "cpu":
            raise TVMLIRError(f"tensors on {dev} are not supported yet: tvmlir runs on the CPU for now")
        self._array = np.require(array, requirements="C")  # keeps 0-d arrays 0-d
        self.device = dev

    @property
    def shape(self):
        return tuple(self._array.shape)

    @property
    def dtype(self):
        return str(self._array.dtype)

    def numpy(self):
        return self._array

    def __dlpack__(self, *args, **kwargs):
        return self._array.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._array.__dlpack_device__()

    def __repr__(self):
        return f"<tvmlir.runtime.Tensor shape={self.shape}, {self.dtype}, {self.device}>\n{self._array}"


def tensor(data, dev=None):
    """A tensor holding a copy of ``data`` (a NumPy array, a list, a tvmlir
    Tensor or a DLPack-capable tensor such as PyTorch's) on ``dev`` (the CPU
    by default): changing ``data`` afterwards does not change the tensor."""
    dev = dev or cpu()
    if isinstance(data, Tensor):
        data = data.numpy()
    elif hasattr(data, "__dlpack__") and not isinstance(data, np.ndarray):
        data = dlpack_array(data, "tensor")
    return Tensor(np.array(data, order="C", copy=True), dev)


def from_dlpack(data, dev=None):
    """A tensor that views ``data`` (any object with ``__dlpack__``: a PyTorch
    tensor, a NumPy array, ...) without copying: writes to either are seen by
    both. The data must be C-contiguous, since a copy would not be a view."""
    if not hasattr(data, "__dlpack__"):
        raise TVMLIRError(f"from_dlpack takes an object with __dlpack__ (a PyTorch tensor, a NumPy array), "
                          f"not {type(data).__name__}; tvmlir.runtime.tensor copies other data")
    array = dlpack_array(data, "from_dlpack")
    if not array.flags["C_CONTIGUOUS"]:
        raise TVMLIRError(f"from_dlpack: the tensor of shape {tuple(array.shape)} is not C-contiguous, so it "
                          "has no zero-copy view (make it contiguous first, e.g. .contiguous(), or copy it with "
                          "tvmlir.runtime.tensor)")
    return wrap_contiguous(array, dev or cpu())


def dlpack_array(data, what):
    """``np.from_dlpack(data)``; a tensor NumPy cannot view is a TVMLIRError
    for ``what`` (the function or argument it was given to)."""
    try:
        return np.from_dlpack(data)
    except (BufferError, RuntimeError, TypeError, ValueError) as error:
        raise TVMLIRError(f"{what}: got {dlpack_refusal(data, error)}") from None


def dlpack_refusal(data, error):
    """Why a DLPack tensor (PyTorch's, mostly) cannot be viewed as a CPU NumPy
    array, and what to pass instead. Read from the tensor's own attributes:
    the runtime does not import torch."""
    kind = type(data).__name__
    if getattr(data, "requires_grad", False):
        return f"a {kind} that requires grad; pass x.detach() (the runtime does not track gradients)"
    if _called(data, "is_conj"):
        return f"a {kind} with its conjugate bit set (a lazy conj() view); pass x.resolve_conj()"
    if _called(data, "is_neg"):
        return f"a {kind} with its negative bit set (a lazy view); pass x.resolve_neg()"
    device = getattr(data, "device", None)
    device_type = getattr(device, "type", None)
    if device_type == "meta":
        return f"a {kind} on the meta device, which holds no data; pass a tensor with data on the CPU"
    if device_type not in (None, "cpu"):
        return f"a {kind} on {device}; pass a CPU tensor (x.cpu())"
    return f"a {kind} NumPy cannot view ({type(error).__name__}: {error})"


def _called(data, method):
    try:
        return bool(getattr(data, method)())
    except Exception:  # not torch's method of that name
        return False


def wrap_contiguous(array, dev):
    """The Tensor of a C-contiguous NumPy array the runtime just made, without
    the checks of ``Tensor()`` (the call path makes one per result)."""
    result = Tensor.__new__(Tensor)
    result._array, result.device = array, dev
    return result
