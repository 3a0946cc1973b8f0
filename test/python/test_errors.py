"""Bad input to the bindings and to relax-opt: located diagnostics, never a crash."""

import subprocess

import pytest
from mlir import ir

from tvmlir import TVMLIRError
from tvmlir.dialects import relax
from tvmlir.ir import parse_module, verify


def _f32(*shape):
    return lambda: ir.RankedTensorType.get(list(shape), ir.F32Type.get())


def _build_in_function(context, arg_types, build):
    """Runs `build(args)` inside a relax function at model.py:7."""
    with context, ir.Location.file("model.py", 7, 5):
        arg_types = [make() for make in arg_types]
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):
            func = relax.FuncOp("f", ir.TypeAttr.get(ir.FunctionType.get(arg_types, [])))
            entry = func.body.blocks.append(*arg_types)
            with ir.InsertionPoint(entry):
                build(entry.arguments)
                relax.ReturnOp([])
    return module


def test_matmul_wrong_shapes(context):
    with pytest.raises(ir.MLIRError) as info:
        _build_in_function(context, [_f32(1, 784), _f32(256, 784)], lambda a: relax.matmul(a[0], a[1]))
    message = str(info.value)
    assert 'model.py":7:5' in message
    assert "'relax.matmul' op cannot multiply shapes (1, 784) and (256, 784): the reduction extents 784 and 256 differ" in message


def test_add_not_broadcastable(context):
    with pytest.raises(ir.MLIRError) as info:
        _build_in_function(context, [_f32(1, 784), _f32(256)], lambda a: relax.add(a[0], a[1]))
    assert "'relax.add' op cannot broadcast shapes (1, 784) and (256,)" in str(info.value)
    assert 'model.py":7:5' in str(info.value)


def test_permute_dims_bad_axes(context):
    with pytest.raises(ir.MLIRError, match="axis 5 is out of range for rank 2"):
        _build_in_function(
            context, [_f32(2, 3)],
            lambda a: relax.permute_dims(a[0], axes=ir.DenseI64ArrayAttr.get([5, 0])))


def test_call_tir_missing_symbol(context):
    module = _build_in_function(
        context, [_f32(4)], lambda a: relax.CallTIROp([_f32(4)()], "missing", [a[0]]))
    with pytest.raises(TVMLIRError) as info:
        verify(module)
    assert "model.py:7:5: 'relax.call_tir' op callee @missing does not exist" in str(info.value)
    assert info.value.diagnostics[0][0] == "model.py:7:5"


UNDECLARED_WRITE = """\
tensorir.prim_func @f(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.block "T_add"(%vi) = (%i) in (%c4) kinds "S" reads(%a[%vi] : memref<4xf32>) writes(%b[%vi] : memref<4xf32>) {
      %x = tensorir.load %a[%vi] : memref<4xf32>
      tensorir.store %x, %c[%vi] : memref<4xf32>
    }
  }
}
"""


def test_block_writing_undeclared_buffer(context):
    with pytest.raises(TVMLIRError) as info:
        parse_module(UNDECLARED_WRITE, context, source_name="kernel.mlir")
    message = str(info.value)
    assert "cannot parse kernel.mlir" in message
    assert "kernel.mlir:7:7: 'tensorir.store' op writes buffer argument #2 of @f (memref<4xf32>), which block \"T_add\" does not declare in its writes" in message


def test_syntax_error_is_located(context):
    with pytest.raises(TVMLIRError, match=r"<string>:1:40: expected non-function type"):
        parse_module("relax.function @f(%x: tensor<4xf32>) -> {", context)


@pytest.mark.parametrize(
    "text, message",
    [
        (UNDECLARED_WRITE, "does not declare in its writes"),
        ("relax.function @f(%x: tensor<1x784xf32>, %w: tensor<256x784xf32>) -> tensor<1x256xf32> {\n"
         "  %0 = relax.matmul %x, %w : tensor<1x784xf32>, tensor<256x784xf32> -> tensor<1x256xf32>\n"
         "  relax.return %0 : tensor<1x256xf32>\n}\n", "reduction extents 784 and 256 differ"),
        ("relax.function @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
         "  %0 = relax.call_tir @nowhere(%x) : (tensor<4xf32>) -> tensor<4xf32>\n"
         "  relax.return %0 : tensor<4xf32>\n}\n", "callee @nowhere does not exist"),
        ("relax.function @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n", "expected"),
        ("\x00\xff garbage", "error"),
    ],
)
def test_relax_opt_reports_and_exits_cleanly(relax_opt, tmp_path, text, message):
    path = tmp_path / "bad.mlir"
    path.write_text(text, encoding="latin-1")
    result = subprocess.run([relax_opt, str(path)], capture_output=True, text=True, errors="replace")
    assert result.returncode == 1, result.stderr  # an error, not a signal
    assert message in result.stderr
    assert f"{path}:" in result.stderr


def test_huge_result_number_is_an_error_not_an_abort(context):
    # MLIR's own parser would try to allocate 2**31 entries and abort.
    text = "relax.function @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n  relax.return %x#2147483648 : tensor<4xf32>\n}"
    with pytest.raises(TVMLIRError, match=r"<string>:2:16: result number 2147483648 is out of range"):
        parse_module(text, context)
