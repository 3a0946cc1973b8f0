"""The seed tutorial (TVM's "IRModule") with `tvm` renamed to `tvmlir`, as far
as tvmlir implements it: the MLP of the tutorial, built in the relax dialect,
printed, verified, indexed and run through relax-opt.
"""

import shutil
import subprocess
import sys

from mlir import ir

from tvmlir.dialects import relax
from tvmlir.ir import make_context, parse_module, verify
from tvmlir.testing import build_mlp_module


def main():
    context = make_context()

    print("== The tutorial's MLP, built through the relax bindings ==")
    module = build_mlp_module(context)
    verify(module)
    print(module.operation.get_asm(use_name_loc_as_prefix=True))

    print("== Functions of the module (its symbol table) ==")
    symbols = sorted(ir.StringAttr(op.attributes["sym_name"]).value for op in module.body.operations)
    print(symbols)
    main_func = next(op for op in module.body.operations if isinstance(op, relax.FuncOp))
    print(f"main: {main_func.function_type.value}")

    print("== Round trip through relax-opt (generic form and back) ==")
    relax_opt = shutil.which("relax-opt") or f"{sys.prefix}/bin/relax-opt"
    generic = subprocess.run([relax_opt, "--mlir-print-op-generic", "-"], input=str(module),
                             capture_output=True, text=True, check=True).stdout
    back = parse_module(generic, context, source_name="<relax-opt>")
    assert str(back) == str(module)
    print(f"relax-opt round trip: identical ({len(generic.splitlines())} lines of generic IR)")

    print("== A symbolic batch: R.Tensor((\"n\", 784)) ==")
    dynamic = build_mlp_module(context, batch="n")
    verify(dynamic)
    print(ir.FunctionType(dynamic.body.operations[0].function_type.value))


if __name__ == "__main__":
    main()
