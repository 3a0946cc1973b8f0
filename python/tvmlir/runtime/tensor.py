"""Devices and tensors. A CPU tensor is a NumPy array (zero-copy where
possible) with its device; ``.numpy()`` gives the data back."""

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
    """A tensor of ``data`` (a NumPy array, a list, or a DLPack-capable
    tensor such as PyTorch's) on ``dev`` (the CPU by default)."""
    dev = dev or cpu()
    if isinstance(data, Tensor):
        return Tensor(data.numpy(), dev)
    if hasattr(data, "__dlpack__") and not isinstance(data, np.ndarray):
        data = np.from_dlpack(data)
    return Tensor(np.asarray(data), dev)


def wrap_contiguous(array, dev):
    """The Tensor of a C-contiguous NumPy array the runtime just made, without
    the checks of ``Tensor()`` (the call path makes one per result)."""
    result = Tensor.__new__(Tensor)
    result._array, result.device = array, dev
    return result
