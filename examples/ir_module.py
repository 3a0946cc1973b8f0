"""The seed tutorial (TVM's "IRModule") with `tvm` renamed to `tvmlir`, as far
as tvmlir implements it today: create IRModules (from PyTorch with
torch.export, and in TVMScript), index them, transform them with LegalizeOps
and the "zero"
pipeline; compile it for the CPU and run it; schedule it with dlight and
compile it for a CUDA GPU (run where a CUDA driver is).
"""

import numpy as np
import torch
from torch import nn
from torch.export import export

import tvmlir
from tvmlir import dlight as dl
from tvmlir import relax
from tvmlir.relax.frontend.torch import from_exported_program
from tvmlir.script import ir as I
from tvmlir.script import relax as R


# Import from existing models ---------------------------------------------------
class TorchModel(nn.Module):
    def __init__(self):
        super(TorchModel, self).__init__()
        self.fc1 = nn.Linear(784, 256)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.fc1(x)
        x = self.relu1(x)
        x = self.fc2(x)
        return x


# Create via TVMScript ---------------------------------------------------------
@I.ir_module
class TVMScriptModule:
    @R.function
    def main(
        x: R.Tensor((1, 784), dtype="float32"),
        fc1_weight: R.Tensor((256, 784), dtype="float32"),
        fc1_bias: R.Tensor((256,), dtype="float32"),
        fc2_weight: R.Tensor((10, 256), dtype="float32"),
        fc2_bias: R.Tensor((10,), dtype="float32"),
    ) -> R.Tensor((1, 10), dtype="float32"):
        R.func_attr({"num_input": 1})
        with R.dataflow():
            permute_dims = R.permute_dims(fc1_weight, axes=None)
            matmul = R.matmul(x, permute_dims, out_dtype="void")
            add = R.add(matmul, fc1_bias)
            relu = R.nn.relu(add)
            permute_dims1 = R.permute_dims(fc2_weight, axes=None)
            matmul1 = R.matmul(relu, permute_dims1, out_dtype="void")
            add1 = R.add(matmul1, fc2_bias)
            gv = add1
            R.output(gv)
        return gv


def section(title):
    print(f"\n{'=' * 8} {title} {'=' * 8}")


def main():
    section("Create via TVMScript")
    mod_from_script = TVMScriptModule
    mod_from_script.show()

    section("Import from existing models (PyTorch)")
    example_args = (torch.randn(1, 784, dtype=torch.float32),)
    with torch.no_grad():
        exported_program = export(TorchModel().eval(), example_args)
        mod_from_torch = from_exported_program(
            exported_program, keep_params_as_input=True, unwrap_unit_return_tuple=True
        )
    mod_from_torch, params_from_torch = relax.frontend.detach_params(mod_from_torch)
    mod_from_torch.show()

    section("Attributes of an IRModule")
    mod = mod_from_torch
    print(mod.get_global_vars())
    print(mod["main"])
    (gv,) = mod.get_global_vars()
    assert mod[gv] == mod["main"]

    section("Transformations: LegalizeOps")
    mod = relax.transform.LegalizeOps()(mod)
    mod.show()
    print(mod.get_global_vars())

    section('Transformations: relax.get_pipeline("zero")')
    mod = relax.get_pipeline("zero")(mod)
    mod.show()

    section("Deploy on CPU")
    executable = tvmlir.compile(mod, target="llvm")
    dev = tvmlir.cpu()
    vm = relax.VirtualMachine(executable, dev)
    raw_data = np.random.rand(1, 784).astype("float32")
    data = tvmlir.runtime.tensor(raw_data, dev)
    cpu_out = vm["main"](data, *params_from_torch["main"]).numpy()
    print(cpu_out)
    w1, b1, w2, b2 = (p.numpy() for p in params_from_torch["main"])
    expected = np.maximum(raw_data @ w1.T + b1, 0) @ w2.T + b2
    assert np.allclose(cpu_out, expected, atol=1e-5)
    print(f"matches NumPy (max difference {np.abs(cpu_out - expected).max():.2e})")

    section("Deploy on GPU")
    with tvmlir.target.Target("cuda"):
        gpu_mod = dl.ApplyDefaultSchedule(dl.gpu.Matmul(), dl.gpu.Fallback())(mod)
    gpu_exec = tvmlir.compile(gpu_mod, target="cuda")
    ptx = gpu_exec.ptx()
    print(f"{len(ptx)} PTX kernel module(s) for sm_80, e.g.:")
    print("\n".join(next(iter(ptx.values())).splitlines()[:8]))
    # The VM's arguments stay host arrays: each call copies them to the GPU.
    gpu_vm = relax.VirtualMachine(gpu_exec, dev)
    try:
        gpu_out = gpu_vm["main"](data, *params_from_torch["main"]).numpy()
    except tvmlir.TVMLIRError as error:
        print(f"not run here: {error}")
    else:
        print(gpu_out)
        assert np.allclose(gpu_out, expected, atol=1e-4)


if __name__ == "__main__":
    main()
