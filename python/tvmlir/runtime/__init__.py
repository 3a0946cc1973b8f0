"""tvmlir.runtime: devices, tensors, executables and the VM that runs them
(TVM's ``tvm.runtime``). It needs only NumPy: neither the MLIR bindings nor
tvmlir's compiled extension, so an exported library deploys with it alone."""

from .executable import Executable, load_module
from .signature import FunctionSpec, TensorSpec
from .tensor import Device, Tensor, cpu, device, from_dlpack, tensor
from .threads import num_threads, set_num_threads
from .vm import VirtualMachine

__all__ = ["Device", "Tensor", "cpu", "device", "tensor", "from_dlpack", "load_module", "Executable", "FunctionSpec",
           "TensorSpec", "VirtualMachine", "num_threads", "set_num_threads"]
