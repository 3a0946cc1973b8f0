"""tvmlir shares one MLIR with the `mlir` package and coexists with torch."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("order", ["torch, tvmlir", "tvmlir, torch"])
def test_import_beside_torch(order):
    pytest.importorskip("torch")
    code = f"import {order}; from tvmlir.testing import build_mlp_module; " \
           "from tvmlir.ir import make_context, verify; verify(build_mlp_module(make_context()))"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_mlir_in_process():
    # Our dialects register into contexts of the prebuilt `mlir` package: an
    # op built with mlir.dialects.arith and one of ours live in one module.
    from mlir import ir
    from mlir.dialects import arith

    from tvmlir.ir import make_context

    with make_context(), ir.Location.unknown():
        module = ir.Module.parse(
            "tensorir.prim_func @f(%a: memref<1xf32>) {\n  %c = arith.constant 1.0 : f32\n}")
        assert module.operation.verify()
        with ir.InsertionPoint(module.body):
            arith.constant(ir.IndexType.get(), 3)
        assert "arith.constant 3 : index" in str(module)
