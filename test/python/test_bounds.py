"""Issue 12's unsafe inputs: out-of-bounds prim_funcs are located compile-time
errors, and types no op accepts are errors, never an abort of the process."""

import subprocess
import sys
import textwrap

import pytest

from tvmlir import TVMLIRError
from tvmlir.base import TVMScriptError
from tvmlir.script import from_source


def _kernel(access, writes="b[vi]", b_extent=8, extent="T.int64(8)"):
    """A module whose prim_func `f` makes `access` (line 10) in block "b"."""
    return textwrap.dedent(f'''\
        from tvmlir.script import ir as I, tir as T

        @I.ir_module
        class Module:
            @T.prim_func(private=True)
            def f(a: T.Buffer((T.int64(8),), "float32"), b: T.Buffer((T.int64({b_extent}),), "float32")):
                for i in T.serial({extent}):
                    with T.block("b"):
                        vi = T.axis.remap("S", [i])
                        {access}
        ''')


def _error(source):
    with pytest.raises(TVMScriptError) as info:
        from_source(source, "kernel.py")
    assert isinstance(info.value, TVMLIRError)
    return info.value


@pytest.mark.parametrize("access, message", [
    # Aborted with "double free or corruption" at run time.
    ("b[vi + T.int64(4)] = a[vi]",
     "'tensorir.store' op index #0 of buffer argument #1 of @f (memref<8xf32>) takes values in "
     "[4, 11], outside its extent 8 (valid: [0, 7])"),
    # Returned garbage.
    ("b[vi] = a[vi + T.int64(1000)]",
     "'tensorir.load' op index #0 of buffer argument #0 of @f (memref<8xf32>) takes values in "
     "[1000, 1007], outside its extent 8"),
    ("b[vi] = a[vi - T.int64(1)]",
     "'tensorir.load' op index #0 of buffer argument #0 of @f (memref<8xf32>) takes values in "
     "[-1, 6], outside its extent 8"),
])
def test_access_out_of_the_buffer(access, message):
    error = _error(_kernel(access))
    assert message in error.message, error.message
    assert (error.filename, error.line) == ("kernel.py", 10), str(error)


def test_store_outside_the_declared_writes():
    error = _error(_kernel("T.reads(a[vi])\nT.writes(b[vi])\nb[vi + T.int64(1)] = a[vi]"
                           .replace("\n", "\n" + " " * 24), b_extent=9))
    assert ("index #0 of buffer argument #1 of @f (memref<9xf32>) takes values in [1, 8], "
            "outside [0, 7] that block \"b\" declares in its writes") in error.message, error.message
    assert error.line == 12, str(error)


def test_negative_loop_extent():
    error = _error(_kernel("b[vi] = a[vi]", extent="T.int64(-5)"))
    assert "negative extent -5" in error.message, error.message
    assert error.line == 7, str(error)


def test_in_bounds_kernels_still_parse():
    from_source(_kernel("b[vi] = a[T.int64(7) - vi]"), "kernel.py")
    # Clamped, as LegalizeOps' pad_temp reads: in bounds though the region is not.
    from_source(_kernel("T.reads(a[vi - T.int64(1)])\nT.writes(b[vi])\n"
                        "b[vi] = a[T.max(vi - T.int64(1), T.int64(0))]".replace("\n", "\n" + " " * 24)),
                "kernel.py")


# -- types no op accepts -------------------------------------------------------

_MATMUL = '''
relax.function @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "relax.matmul"(%a, %b) <{out_dtype = TYPE}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}
'''


@pytest.mark.parametrize("dtype", ["none", "tensor<f32>", "memref<2xf32>", "tuple<>", "() -> ()"])
def test_from_mlir_with_a_non_element_out_dtype(dtype):
    """Killed the interpreter (an assertion in RankedTensorType::get); in a
    subprocess, so that a regression fails this test rather than the run."""
    script = textwrap.dedent(f'''
        from tvmlir import TVMLIRError
        from tvmlir.ir import IRModule
        try:
            IRModule.from_mlir({_MATMUL.replace("TYPE", dtype)!r}, "model.mlir")
        except TVMLIRError as error:
            print("ERROR", error)
        ''')
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "model.mlir:3:8" in result.stdout, result.stdout
    assert "'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute " \
           "of float or signless integer" in result.stdout, result.stdout


def test_builder_infers_with_a_non_element_out_dtype():
    """The bindings infer result types before any verifier runs."""
    script = textwrap.dedent('''
        from mlir import ir
        from tvmlir.dialects import relax
        from tvmlir.ir import make_context
        with make_context(), ir.Location.file("model.py", 7, 5):
            f32 = ir.F32Type.get()
            module = ir.Module.create()
            with ir.InsertionPoint(module.body):
                types = [ir.RankedTensorType.get([2, 3], f32), ir.RankedTensorType.get([3, 4], f32)]
                func = relax.FuncOp("f", ir.TypeAttr.get(ir.FunctionType.get(types, [])))
                entry = func.body.blocks.append(*types)
                with ir.InsertionPoint(entry):
                    try:
                        relax.matmul(entry.arguments[0], entry.arguments[1],
                                     out_dtype=ir.TypeAttr.get(ir.NoneType.get()))
                    except ir.MLIRError as error:
                        print("ERROR", error)
        ''')
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'relax.matmul' op out_dtype must be a float or signless integer type, got 'none'" \
        in result.stdout, result.stdout


def test_builder_takes_a_type_for_dtype():
    """Relax_DtypeAttr has an attribute builder: a Type is enough, as for TypeAttr."""
    from mlir import ir

    from tvmlir.dialects import relax
    from tvmlir.ir import make_context

    with make_context(), ir.Location.unknown():
        f32 = ir.F32Type.get()
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):
            t = ir.RankedTensorType.get([2], f32)
            func = relax.FuncOp("f", ir.TypeAttr.get(ir.FunctionType.get([t], [])))
            entry = func.body.blocks.append(t)
            with ir.InsertionPoint(entry):
                cast = relax.astype(entry.arguments[0], dtype=ir.F16Type.get())
        assert str(cast.type) == "tensor<2xf16>"


def test_reshape_of_an_empty_tensor_compiles_and_runs():
    """A reshape of a tensor with a zero extent reads at constant indices
    inside a loop of extent 0: the bounds proof must accept it (it never
    runs), and the result is the empty tensor NumPy gives."""
    import numpy as np

    import tvmlir
    from tvmlir import relax
    from tvmlir.script import from_source

    mod = from_source('''
from tvmlir.script import ir as I, relax as R
@I.ir_module
class Module:
    @R.function
    def main(x: R.Tensor((1, 0, 1, 1), dtype="float32")):
        with R.dataflow():
            gv = R.reshape(x, R.shape([0, 1]))
            R.output(gv)
        return gv
''')
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    x = np.zeros((1, 0, 1, 1), "float32")
    result = vm["main"](x).numpy()
    assert result.shape == (0, 1) and result.dtype == np.float32
