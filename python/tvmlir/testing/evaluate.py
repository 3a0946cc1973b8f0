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
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        # NaN and infinities have no decimal literal in MLIR: the raw bytes.
        return f'dense<"0x{array.astype(array.dtype.newbyteorder("<")).tobytes().hex().upper()}"> : {tensor_type(array)}'
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


def _function_text(op_text, inputs, types, as_constants):
    """``@f`` computing ``%r = op_text`` over ``%a0, %a1, ...``: constants in
    the body, or the function's parameters."""
    several = len(types) > 1
    target = f"%r:{len(types)}" if several else "%r"
    results = ", ".join(f"%r#{i}" for i in range(len(types))) if several else "%r"
    if as_constants:
        params, body = "", "\n".join(f"  %a{i} = relax.constant {dense(x)}" for i, x in enumerate(inputs))
    else:
        params, body = ", ".join(f"%a{i}: {tensor_type(x)}" for i, x in enumerate(inputs)), ""
    return (f"relax.function @f({params}) -> ({', '.join(types)}) {{\n{body}\n  {target} = {op_text}\n"
            f"  relax.return {results} : {', '.join(types)}\n}}")


def _compiled(text, inputs):
    """The results of the function compiled for the CPU and run."""
    from .. import compile as compile_module
    from ..ir import IRModule
    from ..relax import VirtualMachine

    vm = VirtualMachine(compile_module(IRModule.from_mlir(text), target="llvm"))
    results = vm["f"](*[np.require(x, requirements="C") for x in inputs])
    return [r.numpy() for r in (results if isinstance(results, tuple) else (results,))]


def _assert_agree(compiled, folded):
    for c, f in zip(compiled, folded):
        if f.dtype.kind == "f":
            np.testing.assert_allclose(c, f, rtol=1e-4, atol=1e-5, equal_nan=True,
                                       err_msg="compiled and folded results differ")
        else:
            np.testing.assert_array_equal(c, f.astype(c.dtype), err_msg="compiled and folded results differ")


def evaluate(op_text, inputs, result_types):
    """Legalizes ``%r = op_text`` over ``%a0, %a1, ...`` bound to ``inputs``
    (constants) and folds it; returns the result(s) as NumPy arrays. The same
    operator is also compiled for the CPU and run on ``inputs``, and the two
    must agree.

    ``result_types``: the MLIR type of ``%r``, or a list of them for an op with
    several results (``%r:2 = ...``).
    """
    several = isinstance(result_types, (list, tuple))
    types = list(result_types) if several else [result_types]
    folded = _folded(_function_text(op_text, inputs, types, as_constants=True))
    if not os.environ.get("RELAX_OPT"):
        _assert_agree(_compiled(_function_text(op_text, inputs, types, as_constants=False), inputs), folded)
    return folded if several else folded[0]


def _folded(text):
    mod = _run_passes(text)
    if len(mod) != 1:
        raise AssertionError("the operator's call was not folded:\n" + str(mod.mlir))
    ret = list(mod["f"].op.regions[0].blocks[0].operations)[-1]
    arrays = []
    for operand in ret.operands:
        constant = operand.owner
        assert constant.name == "relax.constant", f"result is not a constant: {constant}"
        arrays.append(_to_numpy(constant.attributes["value"]))
    return arrays


def _to_numpy(attr):
    """A dense elements attribute as an array. A splat stores one element, which
    the buffer protocol does not repeat: expand it here."""
    from mlir import ir

    attr = ir.DenseElementsAttr(attr)
    if not attr.is_splat:
        return np.array(attr)
    shape = ir.RankedTensorType(attr.type).shape
    splat = attr.get_splat_value()
    value = splat.value if isinstance(splat, (ir.IntegerAttr, ir.FloatAttr)) else splat
    element = np.array([value])
    if str(attr.type.element_type) == "i1":
        element = element.astype(bool)
    return np.full(shape, element[0], dtype=element.dtype)
