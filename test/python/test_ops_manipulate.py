"""The shape-manipulation operators: each legalized and folded on constants
(tvmlir.testing.evaluate) and compared with NumPy on several shapes, and each
printed as TVMScript and parsed back."""

import numpy as np
import pytest

from tvmlir.testing.evaluate import evaluate
from tvmlir.testing.evaluate import tensor_type as _tensor_type

RNG = np.random.default_rng(7)


def _data(shape, dtype="float32"):
    if dtype == "bool":
        return RNG.random(shape) < 0.5
    if dtype.startswith("int"):
        return RNG.integers(-50, 50, shape).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


def _ints(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def _unary(op_text, x, expected):
    """``%r = relax.<op_text>`` on ``x``; checks the result against ``expected``."""
    got = evaluate(f"relax.{op_text} : {_tensor_type(x)} -> {_tensor_type(expected)}", [x], _tensor_type(expected))
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


# --- reshaping ---------------------------------------------------------------

@pytest.mark.parametrize("shape, new_shape", [
    ((2, 3, 4), (4, 6)), ((2, 3, 4), (2, -1)), ((2, 3, 4), (3, 8)), ((6,), (2, 1, 3)), ((2, 3, 4), (-1,)),
    ((1, 6), (3, 2)), ((4, 1, 3), (2, 6, 1)), ((2, 3, 4), (2, 3, 4)), ((5,), (1, 5, 1)), ((1,), ())])
def test_reshape_matches_numpy(shape, new_shape):
    x = _data(shape)
    _unary(f"reshape %a0 shape {_ints(new_shape)}", x, x.reshape(new_shape))


@pytest.mark.parametrize("shape", [(2, 3, 4), (5,), (), (1, 3, 1), (2, 1, 2, 3)])
def test_flatten_matches_numpy(shape):
    x = _data(shape)
    _unary("flatten %a0", x, x.reshape(-1))


@pytest.mark.parametrize("shape, axis", [((2, 3), [0]), ((2, 3), [-1]), ((2, 3), [1, 3]), ((4,), [0, 2, -1]), ((), [0])])
def test_expand_dims_matches_numpy(shape, axis):
    x = _data(shape)
    _unary(f"expand_dims %a0 axis {_ints(axis)}", x, np.expand_dims(x, tuple(axis)))


@pytest.mark.parametrize("shape, axis", [((1, 3, 1), None), ((1, 3, 1), [0]), ((1, 3, 1), [-1]), ((2, 1, 4), [1]),
                                         ((1, 1), None), ((3, 4), None)])
def test_squeeze_matches_numpy(shape, axis):
    x = _data(shape)
    text = "squeeze %a0" + (f" axis {_ints(axis)}" if axis is not None else "")
    _unary(text, x, np.squeeze(x, None if axis is None else tuple(axis)))


# --- joining and slicing -------------------------------------------------------

@pytest.mark.parametrize("shapes, axis", [
    ([(2, 3), (4, 3)], 0), ([(2, 3), (2, 5)], 1), ([(2, 1, 4), (2, 3, 4), (2, 2, 4)], -2), ([(3,)], 0),
    ([(1,), (2,), (3,)], 0)])
def test_concat_matches_numpy(shapes, axis):
    xs = [_data(shape) for shape in shapes]
    out = np.concatenate(xs, axis)
    types = ", ".join(_tensor_type(x) for x in xs)
    operands = ", ".join(f"%a{i}" for i in range(len(xs)))
    got = evaluate(f"relax.concat {operands} axis {axis} : {types} -> {_tensor_type(out)}", xs, _tensor_type(out))
    np.testing.assert_array_equal(got, out)


def _split(x, form, axis, pieces):
    types = [_tensor_type(p) for p in pieces]
    target = f"relax.split %a0 {form} axis {axis} : {_tensor_type(x)} -> {', '.join(types)}"
    return evaluate(target, [x], types if len(types) > 1 else types[0])


@pytest.mark.parametrize("shape, sections, axis", [((6, 2), 3, 0), ((2, 8), 2, 1), ((2, 3, 4), 2, -1), ((5,), 1, 0)])
def test_split_into_sections_matches_numpy(shape, sections, axis):
    x = _data(shape)
    pieces = np.split(x, sections, axis)
    got = _split(x, f"sections({sections})", axis, pieces)
    for piece, expected in zip(got if sections > 1 else [got], pieces):
        np.testing.assert_array_equal(piece, expected)


@pytest.mark.parametrize("shape, indices, axis", [((8,), [2, 5], 0), ((3, 7), [1, 4, 6], 1), ((4, 5), [3], -2),
                                                  ((2, 6), [2, 2, 9], 1)])
def test_split_at_indices_matches_numpy(shape, indices, axis):
    x = _data(shape)
    pieces = np.split(x, indices, axis)  # empty pieces included; 9 is clamped
    got = _split(x, f"indices {_ints(indices)}", axis, pieces)
    for piece, expected in zip(got, pieces):
        assert piece.shape == expected.shape
        np.testing.assert_array_equal(piece, expected)


@pytest.mark.parametrize("shape, axes, begin, end, strides", [
    ((4, 5), [0], [1], [3], None),
    ((4, 5), [0, 1], [1, -1], [3, -100], [1, -2]),
    ((4, 5), [1], [-3], [2**63 - 1], None),
    ((6,), [0], [5], [0], [-2]),
    ((6,), [0], [-100], [100], [4]),
    ((2, 3, 4), [2, 0], [3, 1], [0, 2], [-1, 1]),
    ((5, 4), [-1], [3], [-1 - 2**62], [-1]),
])
def test_strided_slice_matches_numpy(shape, axes, begin, end, strides):
    x = _data(shape)
    index = [slice(None)] * len(shape)
    for i, axis in enumerate(axes):
        # Python's slices clamp out-of-range bounds, as strided_slice does.
        index[axis] = slice(begin[i], end[i], strides[i] if strides else None)
    expected = x[tuple(index)]
    text = f"strided_slice %a0 axes {_ints(axes)} begin {_ints(begin)} end {_ints(end)}"
    if strides:
        text += f" strides {_ints(strides)}"
    _unary(text, x, expected)


@pytest.mark.parametrize("shape, index_shape, axis, index_dtype", [
    ((5, 3), (4,), 0, "int64"), ((3, 5), (2, 2), 1, "int32"), ((2, 3, 4), (), -1, "int64"),
    ((2, 3, 4), (3, 1), 1, "int32"), ((7,), (3, 2), None, "int64")])
def test_take_matches_numpy(shape, index_shape, axis, index_dtype):
    x = _data(shape)
    extent = shape[axis if axis is not None else 0]
    indices = RNG.integers(0, extent, index_shape).astype(index_dtype)
    expected = np.take(x, indices, axis if axis is not None else 0)
    axis_text = f" axis {axis}" if axis is not None else ""
    got = evaluate(f"relax.take %a0, %a1{axis_text} : {_tensor_type(x)}, {_tensor_type(indices)} -> "
                   f"{_tensor_type(expected)}", [x, indices], _tensor_type(expected))
    np.testing.assert_array_equal(got, expected)


def test_take_out_of_range_is_not_folded():
    # TVM's mode "fast": indices are not checked, so the interpreter refuses.
    x, indices = _data((3,)), np.array([3], dtype="int64")
    with pytest.raises(AssertionError, match="not folded"):
        evaluate(f"relax.take %a0, %a1 : {_tensor_type(x)}, {_tensor_type(indices)} -> tensor<1xf32>",
                 [x, indices], "tensor<1xf32>")


# --- broadcasting and creation -------------------------------------------------

@pytest.mark.parametrize("shape, target", [((3,), (2, 3)), ((3, 1), (2, 3, 4)), ((1,), (5,)), ((), (2, 2)),
                                           ((2, 3), (2, 3))])
def test_broadcast_to_matches_numpy(shape, target):
    x = _data(shape)
    _unary(f"broadcast_to %a0 shape {_ints(target)}", x, np.broadcast_to(x, target))


_MLIR_DTYPE = {"float32": "f32", "float16": "f16", "int32": "i32", "int64": "i64", "bool": "i1"}


@pytest.mark.parametrize("shape, value, dtype", [((2, 3), 1.5, "float32"), ((4,), -7.0, "int32"), ((), 2.0, "int64"),
                                                 ((2, 2), 1.0, "bool"), ((3,), 0.1, "float16")])
def test_full_matches_numpy(shape, value, dtype):
    expected = np.full(shape, value, dtype)
    result_type = _tensor_type(expected)
    got = evaluate(f"relax.full shape {_ints(shape)} fill_value({value!r}) dtype({_MLIR_DTYPE[dtype]}) : {result_type}",
                   [], result_type)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("name, fn", [("zeros", np.zeros), ("ones", np.ones)])
@pytest.mark.parametrize("shape, dtype", [((2, 3), "float32"), ((4,), "int32"), ((3,), "bool")])
def test_zeros_ones_match_numpy(name, fn, shape, dtype):
    expected = fn(shape, dtype)
    result_type = _tensor_type(expected)
    got = evaluate(f"relax.{name} shape {_ints(shape)} dtype({_MLIR_DTYPE[dtype]}) : {result_type}", [], result_type)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("cond_shape, x1_shape, x2_shape, dtype", [
    ((2, 3), (2, 3), (2, 3), "float32"), ((3,), (2, 1), (1,), "float32"), ((2, 1, 4), (3, 1), (4,), "int32"),
    ((), (2,), (2,), "float32")])
def test_where_matches_numpy(cond_shape, x1_shape, x2_shape, dtype):
    cond, x1, x2 = _data(cond_shape, "bool"), _data(x1_shape, dtype), _data(x2_shape, dtype)
    expected = np.where(cond, x1, x2)
    types = f"{_tensor_type(cond)}, {_tensor_type(x1)}, {_tensor_type(x2)}"
    got = evaluate(f"relax.where %a0, %a1, %a2 : {types} -> {_tensor_type(expected)}", [cond, x1, x2],
                   _tensor_type(expected))
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("source, target", [
    ("float32", "int32"), ("float32", "float16"), ("int32", "float32"), ("int64", "int32"), ("bool", "float32"),
    ("bool", "int32"), ("float32", "bool"), ("int32", "bool"), ("float16", "float32")])
def test_astype_matches_numpy(source, target):
    x = (_data((3, 4), source) * (5 if source.startswith("float") else 1)).astype(source)
    if source != "bool":
        x.flat[0] = 0  # a zero, for the conversions to bool
    if source == "int64":
        x.flat[1] = 2**40 + 3  # wraps around in int32, as NumPy's astype does
    if target == "float16":
        # FoldConstant folds arith.truncf only when it is exact: quarters are.
        x = np.round(x * 4) / 4
    _unary(f"astype %a0 dtype({_MLIR_DTYPE[target]})", x, x.astype(target))


# --- tril, triu, cumsum, arange, flip ----------------------------------------------


@pytest.mark.parametrize("name, fn", [("tril", np.tril), ("triu", np.triu)])
@pytest.mark.parametrize("shape, k", [((4, 4), 0), ((3, 5), 1), ((2, 4, 3), -1), ((3, 3), 5)])
def test_triangle_matches_numpy(name, fn, shape, k):
    x = _data(shape)
    np.testing.assert_array_equal(evaluate(f"relax.{name} %a0 k({k}) : {_tensor_type(x)}", [x], _tensor_type(x)),
                                  fn(x, k))


@pytest.mark.parametrize("shape, axis, dtype, exclusive", [
    ((2, 5), 1, None, False), ((4, 3), 0, None, True), ((2, 3, 4), -1, "int64", False), ((2, 3), None, None, False),
    ((5,), 0, "float64", True)])
@pytest.mark.parametrize("in_dtype", ["float32", "int32"])
def test_cumsum_matches_numpy(shape, axis, dtype, exclusive, in_dtype):
    x = _data(shape, in_dtype)
    out_dtype = dtype or in_dtype
    expected = np.cumsum(x.astype(out_dtype), axis=axis).astype(out_dtype)
    if exclusive:
        expected = expected - (x.astype(out_dtype) if axis is not None else x.astype(out_dtype).reshape(-1))
    attrs = (f" axis {axis}" if axis is not None else "") + (f" dtype({_tensor_type(np.zeros(1, out_dtype))[9:-1]})"
                                                             if dtype else "")
    attrs += " exclusive(true)" if exclusive else ""
    got = evaluate(f"relax.cumsum %a0{attrs} : {_tensor_type(x)} -> {_tensor_type(expected)}", [x],
                   _tensor_type(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("start, end, step, dtype", [
    (0, 5, 1, "int64"), (2, -7, -3, "int32"), (0.5, 2.0, 0.25, "float32"), (3, 3, 1, "int64"), (-1.0, 1.0, 0.3, "float32")])
def test_arange_matches_numpy(start, end, step, dtype):
    expected = np.arange(start, end, step).astype(dtype)
    mlir_dtype = _tensor_type(np.zeros(1, dtype))[9:-1]
    got = evaluate(f"relax.arange start({float(start)}) end({float(end)}) step({float(step)}) dtype({mlir_dtype}) : "
                   f"{_tensor_type(expected)}", [], _tensor_type(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape, axis", [((4,), 0), ((2, 3), 1), ((2, 3, 4), -3), ((3, 2), -1)])
def test_flip_matches_numpy(shape, axis):
    x = _data(shape)
    np.testing.assert_array_equal(evaluate(f"relax.flip %a0 axis({axis}) : {_tensor_type(x)}", [x], _tensor_type(x)),
                                  np.flip(x, axis))


# --- TVMScript: printed, parsed back, structurally equal ------------------------
#
# These need the Python extension built with the manipulate ops (pip install
# -e .); with an older one they are skipped, saying so.

ROUND_TRIP = {
    "reshape": ("%x: tensor<2x3x4xf32>", "relax.reshape %x shape [4, -1] : tensor<2x3x4xf32> -> tensor<4x6xf32>",
                "tensor<4x6xf32>"),
    "expand_dims": ("%x: tensor<2x3xf32>", "relax.expand_dims %x axis [0, -1] : tensor<2x3xf32> -> tensor<1x2x3x1xf32>",
                    "tensor<1x2x3x1xf32>"),
    "squeeze_all": ("%x: tensor<1x3x1xf32>", "relax.squeeze %x : tensor<1x3x1xf32> -> tensor<3xf32>", "tensor<3xf32>"),
    "squeeze_axis": ("%x: tensor<1x3x1xf32>", "relax.squeeze %x axis [2] : tensor<1x3x1xf32> -> tensor<1x3xf32>",
                     "tensor<1x3xf32>"),
    "flatten": ('%x: tensor<?x3xf32, #relax.sym<["n"]>>',
                'relax.flatten %x : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?xf32>', "tensor<?xf32>"),
    "concat": ("%x: tensor<2x3xf32>, %y: tensor<2x5xf32>",
               "relax.concat %x, %y axis 1 : tensor<2x3xf32>, tensor<2x5xf32> -> tensor<2x8xf32>", "tensor<2x8xf32>"),
    "concat_one": ("%x: tensor<2x3xf32>", "relax.concat %x : tensor<2x3xf32> -> tensor<2x3xf32>", "tensor<2x3xf32>"),
    "split_sections": ("%x: tensor<4x6xf32>",
                       "relax.split %x sections(2) axis 1 : tensor<4x6xf32> -> tensor<4x3xf32>, tensor<4x3xf32>",
                       "tensor<4x3xf32>, tensor<4x3xf32>"),
    "split_indices": ("%x: tensor<8xf32>",
                      "relax.split %x indices [2, 5] : tensor<8xf32> -> tensor<2xf32>, tensor<3xf32>, tensor<3xf32>",
                      "tensor<2xf32>, tensor<3xf32>, tensor<3xf32>"),
    "strided_slice": ("%x: tensor<4x5xf32>",
                      "relax.strided_slice %x axes [0, 1] begin [1, -1] end [3, -100] strides [1, -2] "
                      ": tensor<4x5xf32> -> tensor<2x3xf32>", "tensor<2x3xf32>"),
    "strided_slice_unit": ("%x: tensor<4x5xf32>",
                           "relax.strided_slice %x axes [1] begin [1] end [3] : tensor<4x5xf32> -> tensor<4x2xf32>",
                           "tensor<4x2xf32>"),
    "take": ("%x: tensor<3x4xf32>, %i: tensor<2xi64>",
             "relax.take %x, %i axis 1 : tensor<3x4xf32>, tensor<2xi64> -> tensor<3x2xf32>", "tensor<3x2xf32>"),
    "take_flat": ("%x: tensor<4xf32>, %i: tensor<2x2xi32>",
                  "relax.take %x, %i : tensor<4xf32>, tensor<2x2xi32> -> tensor<2x2xf32>", "tensor<2x2xf32>"),
    "broadcast_to": ("%x: tensor<3x1xf32>",
                     "relax.broadcast_to %x shape [2, 3, 4] : tensor<3x1xf32> -> tensor<2x3x4xf32>",
                     "tensor<2x3x4xf32>"),
    "full": ("", "relax.full shape [2, 3] fill_value(-1.5) dtype(f32) : tensor<2x3xf32>", "tensor<2x3xf32>"),
    "zeros": ("", "relax.zeros shape [2] dtype(i32) : tensor<2xi32>", "tensor<2xi32>"),
    "ones": ("", "relax.ones shape [] dtype(f16) : tensor<f16>", "tensor<f16>"),
    "where": ("%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<2x3xf32>",
              "relax.where %c, %x, %y : tensor<2x1xi1>, tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>",
              "tensor<2x3xf32>"),
    "astype": ("%x: tensor<2x3xf32>", "relax.astype %x dtype(f16) : tensor<2x3xf32> -> tensor<2x3xf16>",
               "tensor<2x3xf16>"),
    "tril": ("%x: tensor<3x3xf32>", "relax.tril %x k(-1) : tensor<3x3xf32>", "tensor<3x3xf32>"),
    "triu": ("%x: tensor<3x3xf32>", "relax.triu %x : tensor<3x3xf32>", "tensor<3x3xf32>"),
    "cumsum": ("%x: tensor<2x3xi32>", "relax.cumsum %x axis 1 dtype(i64) exclusive(true) : tensor<2x3xi32> -> "
               "tensor<2x3xi64>", "tensor<2x3xi64>"),
    "cumsum_flat": ("%x: tensor<2x3xf32>", "relax.cumsum %x : tensor<2x3xf32> -> tensor<6xf32>", "tensor<6xf32>"),
    "arange": ("", "relax.arange start(1.0) end(2.0) step(0.25) dtype(f32) : tensor<4xf32>", "tensor<4xf32>"),
    "flip": ("%x: tensor<2x3xf32>", "relax.flip %x axis(-1) : tensor<2x3xf32>", "tensor<2x3xf32>"),
}


def _extension_has_manipulate_ops():
    from tvmlir.dialects import _relax_ops_gen

    return hasattr(_relax_ops_gen, "ReshapeOp") and hasattr(_relax_ops_gen, "AstypeOp")


needs_extension = pytest.mark.skipif(
    not _extension_has_manipulate_ops(),
    reason="the installed tvmlir extension predates the manipulate ops: reinstall it (pip install -e .)")


def _module(params, op_text, result_types):
    """``@main`` applying the op; it returns the op's (first) result."""
    count = result_types.count("tensor<")
    target = "%r" if count == 1 else f"%r:{count}"
    result = "%r" if count == 1 else "%r#0"
    first = result_types.split(", tensor<")[0]
    return (f"relax.function @main({params}) -> {first} {{\n  {target} = {op_text}\n"
            f"  relax.return {result} : {first}\n}}")


@needs_extension
@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_tvmscript_round_trip(name):
    from tvmlir.ir import IRModule, assert_structural_equal
    from tvmlir.script import from_source

    mod = IRModule.from_mlir(_module(*ROUND_TRIP[name]))
    text = mod.script()
    assert_structural_equal(from_source(text), mod)


@needs_extension
@pytest.mark.parametrize("source, ret, mlir_name", [
    ("R.reshape(x, R.shape([6]))", "R.Tensor((6,), dtype=\"float32\")", "relax.reshape"),
    ("R.split(x, indices_or_sections=2, axis=0)",
     "R.Tuple(R.Tensor((1, 3), dtype=\"float32\"), R.Tensor((1, 3), dtype=\"float32\"))", "relax.split"),
    ("R.split(x, [1, 2], axis=1)",
     "R.Tuple(R.Tensor((2, 1), dtype=\"float32\"), R.Tensor((2, 1), dtype=\"float32\"), "
     "R.Tensor((2, 1), dtype=\"float32\"))", "relax.split"),
    ("R.full(R.shape([2, 3]), 1.0, dtype=\"float32\")", "R.Tensor((2, 3), dtype=\"float32\")", "relax.full"),
    ("R.concat((x, x))", "R.Tensor((4, 3), dtype=\"float32\")", "relax.concat"),
    ("R.take(x, R.const([1, 0], \"int64\"), axis=0)", "R.Tensor((2, 3), dtype=\"float32\")", "relax.take"),
])
def test_tvmscript_spellings_parse(source, ret, mlir_name):
    """TVM's spellings: positional shape and indices_or_sections, omitted
    defaults (concat's axis=0)."""
    from tvmlir.script import from_source

    text = ("# from tvmlir.script import relax as R\n\n@R.function\n"
            f"def main(x: R.Tensor((2, 3), dtype=\"float32\")) -> {ret}:\n"
            f"    lv: {ret} = {source}\n    return lv\n")
    mod = from_source(text)
    names = [op.operation.name for op in mod["main"].op.regions[0].blocks[0].operations]
    assert mlir_name in names
