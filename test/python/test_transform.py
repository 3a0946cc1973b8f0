"""Passes from Python: the seed's LegalizeOps and zero pipeline printouts, and
the legalized operators checked numerically (evaluated by FoldConstant's
interpreter of tensorir until the CPU backend lands)."""


import numpy as np
import pytest
from mlir import ir

from tvmlir import TVMLIRError, relax, transform
from tvmlir.ir import IRModule, assert_structural_equal, default_context, structural_equal
from tvmlir.testing import build_mlp_module
from tvmlir.testing.evaluate import dense as _dense
from tvmlir.testing.evaluate import evaluate
from tvmlir.testing.evaluate import tensor_type as _tensor_type

@pytest.fixture
def mlp():
    return IRModule(build_mlp_module(default_context()))


def test_legalize_ops_prints_as_seed(mlp, golden):
    mod = relax.transform.LegalizeOps()(mlp)
    assert mod.script() == golden("seed_legalized")
    assert str(mod.get_global_vars()) == golden("seed_global_vars_legalized")


def test_zero_pipeline_prints_as_seed(mlp, golden):
    mod = relax.transform.LegalizeOps()(mlp)
    mod = relax.get_pipeline("zero")(mod)
    assert mod.script() == golden("seed_zero")


def test_legalize_twice_is_harmless(mlp):
    once = relax.transform.LegalizeOps()(mlp)
    twice = relax.transform.LegalizeOps()(once)
    assert_structural_equal(once, twice)
    assert twice.script() == once.script()


def test_passes_do_not_change_their_input(mlp):
    before = mlp.script()
    relax.get_pipeline("zero")(mlp)
    assert mlp.script() == before and len(mlp) == 1


def test_unknown_pipeline_lists_the_names():
    with pytest.raises(TVMLIRError, match="unknown pipeline 'nonexistent'; the pipelines are: default, zero"):
        relax.get_pipeline("nonexistent")


def test_sequential_is_the_pipeline(mlp):
    seq = transform.Sequential([relax.transform.LegalizeOps(), relax.transform.AnnotateTIROpPattern(),
                                relax.transform.FoldConstant(), relax.transform.FuseOps(),
                                relax.transform.FuseTIR()])
    assert "LegalizeOps" in repr(seq)
    assert structural_equal(seq(mlp), relax.get_pipeline("zero")(mlp))


def test_pass_needs_a_module():
    with pytest.raises(TypeError, match="LegalizeOps transforms an IRModule"):
        relax.transform.LegalizeOps()("main")


def test_failing_pass_raises_located_error():
    text = """
    relax.function private @fused_bad(%x: tensor<4xf32>) -> tensor<4xf32> attributes {Primitive = 1 : i64} {
      relax.return %x : tensor<4xf32>
    }
    relax.function @main(%x: tensor<4xf32>) -> tensor<4xf32> {
      %0 = relax.call @fused_bad(%x) : (tensor<4xf32>) -> tensor<4xf32>
      relax.return %0 : tensor<4xf32>
    }
    """
    with pytest.raises(TVMLIRError, match=r"FuseTIR failed:\n<string>:2:5: .*FuseTIR expects a fused function"):
        relax.transform.FuseTIR()(IRModule.from_mlir(text))


# --- numbers: legalized operators evaluated by FoldConstant ------------------

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("lhs_shape, rhs_shape", [((3, 4), (3, 4)), ((3, 1), (4,)), ((2, 1, 4), (3, 1)), ((1,), (5,))])
def test_add_matches_numpy(lhs_shape, rhs_shape):
    a, b = RNG.standard_normal(lhs_shape).astype("float32"), RNG.standard_normal(rhs_shape).astype("float32")
    out = a + b
    got = evaluate(f"relax.add %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {_tensor_type(out)}", [a, b],
                   _tensor_type(out))
    np.testing.assert_allclose(got, out, rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_relu_matches_numpy(dtype):
    x = (RNG.standard_normal((4, 5)) * 10).astype(dtype)
    got = evaluate(f"relax.nn.relu %a0 : {_tensor_type(x)}", [x], _tensor_type(x))
    np.testing.assert_array_equal(got, np.maximum(x, 0))


@pytest.mark.parametrize("shape, axes", [((3, 4), None), ((2, 3, 4), (1, 2, 0)), ((2, 3, 4), (0, 2, 1)), ((5,), None)])
def test_permute_dims_matches_numpy(shape, axes):
    x = RNG.standard_normal(shape).astype("float32")
    out = np.transpose(x, axes)
    axes_text = f" axes [{', '.join(map(str, axes))}]" if axes else ""
    got = evaluate(f"relax.permute_dims %a0{axes_text} : {_tensor_type(x)} -> {_tensor_type(out)}", [x],
                   _tensor_type(out))
    np.testing.assert_array_equal(got, out)


@pytest.mark.parametrize("lhs_shape, rhs_shape", [
    ((1, 8), (8, 3)), ((4, 6), (6, 5)), ((2, 3, 4), (4, 5)), ((2, 1, 3, 4), (5, 4, 2)), ((6,), (6, 2)), ((3, 6), (6,))])
def test_matmul_matches_numpy(lhs_shape, rhs_shape):
    a, b = RNG.standard_normal(lhs_shape).astype("float32"), RNG.standard_normal(rhs_shape).astype("float32")
    out = np.matmul(a, b)
    got = evaluate(f"relax.matmul %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {_tensor_type(out)}", [a, b],
                   _tensor_type(out))
    np.testing.assert_allclose(got, out, rtol=1e-5, atol=1e-5)


def test_seed_mlp_folds_to_numpy():
    """The whole seed MLP on constant inputs, legalized and folded."""
    rng = np.random.default_rng(1)
    x = rng.random((1, 784), dtype=np.float32)
    w1 = (rng.standard_normal((256, 784)) * 0.05).astype("float32")
    b1 = (rng.standard_normal(256) * 0.05).astype("float32")
    w2 = (rng.standard_normal((10, 256)) * 0.05).astype("float32")
    b2 = (rng.standard_normal(10) * 0.05).astype("float32")
    expected = np.maximum(x @ w1.T + b1, 0) @ w2.T + b2
    consts = "\n".join(f"  %{n} = relax.constant {_dense(v)}" for n, v in
                       [("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)])
    text = f"""relax.function @f() -> tensor<1x10xf32> {{
{consts}
  %t1 = relax.permute_dims %w1 : tensor<256x784xf32> -> tensor<784x256xf32>
  %m1 = relax.matmul %x, %t1 : tensor<1x784xf32>, tensor<784x256xf32> -> tensor<1x256xf32>
  %a1 = relax.add %m1, %b1 : tensor<1x256xf32>, tensor<256xf32> -> tensor<1x256xf32>
  %r1 = relax.nn.relu %a1 : tensor<1x256xf32>
  %t2 = relax.permute_dims %w2 : tensor<10x256xf32> -> tensor<256x10xf32>
  %m2 = relax.matmul %r1, %t2 : tensor<1x256xf32>, tensor<256x10xf32> -> tensor<1x10xf32>
  %a2 = relax.add %m2, %b2 : tensor<1x10xf32>, tensor<10xf32> -> tensor<1x10xf32>
  relax.return %a2 : tensor<1x10xf32>
}}"""
    mod = relax.transform.FoldConstant()(relax.transform.LegalizeOps()(IRModule.from_mlir(text)))
    ret = list(mod["f"].op.regions[0].blocks[0].operations)[-1]
    got = np.array(ret.operands[0].owner.attributes["value"])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def _erf(x):
    import math

    return np.vectorize(math.erf)(x).astype(x.dtype)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


UNARY = {
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "rsqrt": lambda x: 1 / np.sqrt(x), "tanh": np.tanh,
    "sigmoid": _sigmoid, "erf": _erf, "negative": np.negative, "abs": np.abs, "floor": np.floor,
    "ceil": np.ceil, "round": np.round, "sin": np.sin, "cos": np.cos, "nn.relu": lambda x: np.maximum(x, 0),
    "nn.gelu": lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2).astype(x.dtype))),
    "nn.silu": lambda x: x * _sigmoid(x),
    "nn.gelu_tanh": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh,
    "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh, "trunc": np.trunc, "square": np.square,
    "sign": np.sign,
}
POSITIVE_ONLY = {"log", "sqrt", "rsqrt"}
# Inputs inside the function's domain.
DOMAIN = {"asin": lambda x: np.tanh(x), "acos": lambda x: np.tanh(x), "atanh": lambda x: np.tanh(x) * 0.9,
          "acosh": lambda x: np.abs(x) + 1.0, "tan": lambda x: np.clip(x, -1.4, 1.4)}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operator_matches_numpy(name):
    x = (RNG.standard_normal((3, 5)) * 3).astype("float32")
    if name in POSITIVE_ONLY:
        x = np.abs(x) + 0.1
    x = DOMAIN.get(name, lambda x: x)(x).astype("float32")
    if name == "sign":
        x[0, 0] = 0.0
    got = evaluate(f"relax.{name} %a0 : {_tensor_type(x)}", [x], _tensor_type(x))
    np.testing.assert_allclose(got, UNARY[name](x), rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("name, fn", [("isnan", np.isnan), ("isinf", np.isinf), ("isfinite", np.isfinite)])
def test_float_classification_matches_numpy(name, fn):
    x = np.array([[1.5, np.nan, -np.inf], [np.inf, 0.0, -2.0]], dtype="float32")
    out_type = _tensor_type(x).replace("f32", "i1")
    got = evaluate(f"relax.{name} %a0 : {_tensor_type(x)} -> {out_type}", [x], out_type)
    np.testing.assert_array_equal(got.astype(bool), fn(x))


@pytest.mark.parametrize("name, attrs, fn", [
    ("nn.leakyrelu", "alpha(0.2)", lambda x: np.where(x > 0, x, 0.2 * x)),
    ("nn.softplus", "beta(2.0) threshold(3.0)",
     lambda x: np.where(2 * x > 3.0, x, np.log1p(np.exp(2 * x)) / 2)),
])
def test_parameterized_activation_matches_numpy(name, attrs, fn):
    x = (RNG.standard_normal((3, 5)) * 3).astype("float32")
    got = evaluate(f"relax.{name} %a0 {attrs} : {_tensor_type(x)}", [x], _tensor_type(x))
    np.testing.assert_allclose(got, fn(x), rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("name, fn", [("negative", np.negative), ("abs", np.abs), ("nn.relu", lambda x: np.maximum(x, 0)),
                                      ("square", np.square), ("sign", np.sign), ("bitwise_not", np.invert)])
def test_integer_unary_operator_matches_numpy(name, fn):
    x = RNG.integers(-50, 50, (4, 3)).astype("int32")
    np.testing.assert_array_equal(evaluate(f"relax.{name} %a0 : {_tensor_type(x)}", [x], _tensor_type(x)), fn(x))


def test_clip_matches_numpy():
    x = (RNG.standard_normal((4, 4)) * 5).astype("float32")
    got = evaluate(f"relax.clip %a0 min(-1.5) max(2.0) : {_tensor_type(x)}", [x], _tensor_type(x))
    np.testing.assert_array_equal(got, np.clip(x, -1.5, 2.0))


BINARY = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "floor_divide": np.floor_divide, "power": np.power, "maximum": np.maximum, "minimum": np.minimum,
    "equal": np.equal, "not_equal": np.not_equal, "less": np.less, "less_equal": np.less_equal,
    "greater": np.greater, "greater_equal": np.greater_equal, "floor_mod": np.mod, "mod": np.fmod,
}


def _bool_type(array):
    return _tensor_type(array).replace("xf32>", "xi1>").replace("xi32>", "xi1>")


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_operator_matches_numpy(name):
    a = RNG.standard_normal((3, 1, 4)).astype("float32")
    b = RNG.standard_normal((5, 1)).astype("float32")
    if name == "power":
        a = np.abs(a) + 0.5
    if name in ("equal", "not_equal", "less_equal", "greater_equal"):
        b[0, 0] = a[0, 0, 0]  # an equal pair, so that equality is exercised
    expected = BINARY[name](a, b)
    out_type = _bool_type(expected.astype("float32")) if expected.dtype == bool else _tensor_type(expected)
    got = evaluate(f"relax.{name} %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {out_type}", [a, b], out_type)
    np.testing.assert_allclose(got.astype(expected.dtype), expected, rtol=2e-6, atol=2e-6)


INTEGER_BINARY = {**BINARY, "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or,
                  "bitwise_xor": np.bitwise_xor}


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "floor_divide", "maximum", "minimum", "less",
                                  "floor_mod", "mod", "bitwise_and", "bitwise_or", "bitwise_xor"])
def test_integer_binary_operator_matches_numpy(name):
    a = RNG.integers(-20, 20, (4, 3)).astype("int32")
    b = RNG.integers(1, 7, (3,)).astype("int32") * RNG.choice([-1, 1], (3,)).astype("int32")
    expected = INTEGER_BINARY[name](a, b)
    out_type = _bool_type(expected.astype("int32")) if expected.dtype == bool else _tensor_type(expected)
    got = evaluate(f"relax.{name} %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {out_type}", [a, b], out_type)
    np.testing.assert_array_equal(got.astype(expected.dtype), expected)


@pytest.mark.parametrize("name, fn", [("logical_and", np.logical_and), ("logical_or", np.logical_or),
                                      ("logical_xor", np.logical_xor)])
def test_logical_operator_matches_numpy(name, fn):
    a, b = RNG.random((3, 4)) > 0.5, RNG.random((4,)) > 0.5
    out_type = _tensor_type(fn(a, b))
    got = evaluate(f"relax.{name} %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {out_type}", [a, b], out_type)
    np.testing.assert_array_equal(got.astype(bool), fn(a, b))


def test_logical_not_matches_numpy():
    a = RNG.random((5,)) > 0.5
    got = evaluate(f"relax.logical_not %a0 : {_tensor_type(a)}", [a], _tensor_type(a))
    np.testing.assert_array_equal(got.astype(bool), np.logical_not(a))



@pytest.mark.parametrize("dtype", ["int32", "int64"])
@pytest.mark.parametrize("name", ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"])
def test_integer_comparison_at_equality_matches_numpy(name, dtype):
    """Every ordered pair of -1, 0, 1 (equal pairs included, where `>=` and
    `>` differ), folded and compiled: random integers rarely meet."""
    a = np.repeat(np.array([-1, 0, 1], dtype), 3)
    b = np.tile(np.array([-1, 0, 1], dtype), 3)
    out_type = _tensor_type(a.astype(bool))
    got = evaluate(f"relax.{name} %a0, %a1 : {_tensor_type(a)}, {_tensor_type(b)} -> {out_type}", [a, b], out_type)
    np.testing.assert_array_equal(got.astype(bool), BINARY[name](a, b))
