"""Numbers from legalized operators before the CPU backend exists: an operator
applied to constants is legalized and folded (FoldConstant interprets the
prim_func), and the folded constant is read back as a NumPy array.

With ``$RELAX_OPT`` set, the passes run in that relax-opt binary (a build
tree's) instead of in this process.
"""

import os
import subprocess

import numpy as np

_ELEMENT = {"float16": "f16", "float32": "f32", "float64": "f64", "int8": "i8", "int32": "i32",
            "int64": "i64", "bool": "i1"}


def tensor_type(array):
    """``tensor<3x4xf32>`` of a NumPy array."""
    array = np.asarray(array)
    shape = "x".join(str(d) for d in array.shape)
    return f"tensor<{shape + 'x' if shape else ''}{_ELEMENT[str(array.dtype)]}>"


def dense(array):
    """``dense<...> : tensor<...>`` of a NumPy array."""
    array = np.asarray(array)
    if array.dtype == bool:
        body = np.array2string(array, separator=", ", threshold=10**9).replace("True", "true").replace("False", "false")
    else:
        body = np.array2string(array, separator=", ", threshold=10**9, floatmode="unique")
    return f"dense<{body}> : {tensor_type(array)}"


def _run_passes(text):
    from ..ir import IRModule
    from ..relax import transform

    relax_opt = os.environ.get("RELAX_OPT")
    if not relax_opt:
        return transform.FoldConstant()(transform.LegalizeOps()(IRModule.from_mlir(text)))
    out = subprocess.run([relax_opt, "--relax-legalize-ops", "--relax-fold-constant", "-"], input=text,
                         capture_output=True, text=True, check=True).stdout
    return IRModule.from_mlir(out)


def evaluate(op_text, inputs, result_types):
    """Legalizes ``%r = op_text`` over ``%a0, %a1, ...`` bound to ``inputs``
    (constants) and folds it; returns the result(s) as NumPy arrays.

    ``result_types``: the MLIR type of ``%r``, or a list of them for an op with
    several results (``%r:2 = ...``).
    """
    several = isinstance(result_types, (list, tuple))
    types = list(result_types) if several else [result_types]
    consts = "\n".join(f"  %a{i} = relax.constant {dense(x)}" for i, x in enumerate(inputs))
    target = f"%r:{len(types)}" if several else "%r"
    results = ", ".join(f"%r#{i}" for i in range(len(types))) if several else "%r"
    text = (f"relax.function @f() -> ({', '.join(types)}) {{\n{consts}\n  {target} = {op_text}\n"
            f"  relax.return {results} : {', '.join(types)}\n}}")
    mod = _run_passes(text)
    if len(mod) != 1:
        raise AssertionError("the operator's call was not folded:\n" + str(mod.mlir))
    ret = list(mod["f"].op.regions[0].blocks[0].operations)[-1]
    arrays = []
    for operand in ret.operands:
        constant = operand.owner
        assert constant.name == "relax.constant", f"result is not a constant: {constant}"
        arrays.append(np.array(constant.attributes["value"]))
    return arrays if several else arrays[0]
