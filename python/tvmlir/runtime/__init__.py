"""tvmlir.runtime: devices and tensors (TVM's ``tvm.runtime``)."""

from .tensor import Device, Tensor, cpu, device, tensor


def load_module(path):
    """The Executable in a library written by ``Executable.export_library``:
    run it with ``relax.VirtualMachine(load_module(path), cpu())``."""
    from ..relax.vm import load_executable

    return load_executable(path)


__all__ = ["Device", "Tensor", "cpu", "device", "tensor", "load_module"]
