"""The seed tutorial (TVM's "IRModule") with `tvm` renamed to `tvmlir`, as far
as tvmlir implements it today: create IRModules (TVMScript; the PyTorch import
is stood in for by the same module built through the relax bindings until the
frontend lands), index them, transform them with LegalizeOps and the "zero"
pipeline; compile it for the CPU and run it. (GPU comes later.)
"""

import numpy as np

import tvmlir
from tvmlir import relax
from tvmlir.ir import IRModule, default_context
from tvmlir.script import ir as I
from tvmlir.script import relax as R
from tvmlir.testing import build_mlp_module


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

    section("The imported MLP (built through the relax bindings)")
    mod_from_torch = IRModule(build_mlp_module(default_context()))
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
    params = [np.random.default_rng(i).standard_normal(shape).astype("float32") * 0.05
              for i, shape in enumerate([(256, 784), (256,), (10, 256), (10,)])]
    cpu_out = vm["main"](data, *params).numpy()
    print(cpu_out)
    w1, b1, w2, b2 = params
    expected = np.maximum(raw_data @ w1.T + b1, 0) @ w2.T + b2
    assert np.allclose(cpu_out, expected, atol=1e-5)
    print(f"matches NumPy (max difference {np.abs(cpu_out - expected).max():.2e})")
    print("\n(GPU deployment is not implemented yet.)")


if __name__ == "__main__":
    main()
