"""tvmlir.runtime: devices and tensors (TVM's ``tvm.runtime``)."""

from .tensor import Device, Tensor, cpu, device, tensor

__all__ = ["Device", "Tensor", "cpu", "device", "tensor"]
