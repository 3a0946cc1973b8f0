"""The ONNX importer against onnxruntime: small models built with
``onnx.helper`` (several nodes each, since compiling dominates), imported,
compiled for the CPU and run; a check that the cases exercise every op type
of ``CONVERTERS``; models exported from PyTorch (an MLP, a CNN with batch
norm and pooling, a transformer encoder layer) against onnxruntime and eager
PyTorch; a dynamic batch; the errors."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import TVMLIRError, relax  # noqa: E402
from tvmlir.relax.frontend import detach_params  # noqa: E402
from tvmlir.relax.frontend.onnx import CONVERTERS, from_onnx  # noqa: E402

F, I64, I32, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.INT32, TensorProto.BOOL


class Case:
    """A graph of ``nodes`` over ``inputs`` (name -> array) and
    ``initializers`` (name -> array), with typed ``outputs`` (name -> ONNX
    element type) at ``opset``."""

    def __init__(self, name, nodes, inputs, outputs, initializers=None, opset=18, tol=1e-5):
        self.name, self.nodes, self.inputs, self.outputs = name, nodes, inputs, outputs
        self.initializers, self.opset, self.tol = initializers or {}, opset, tol

    def model(self):
        graph = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype), a.shape)
             for n, a in self.inputs.items()],
            [helper.make_tensor_value_info(n, t, None) for n, t in self.outputs.items()],
            [numpy_helper.from_array(a, n) for n, a in self.initializers.items()])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        model.ir_version = 10
        return model


def node(op, inputs, outputs, **attrs):
    return helper.make_node(op, inputs, outputs if isinstance(outputs, list) else [outputs], **attrs)


_rng = np.random.default_rng(0)


def randn(*shape):
    return _rng.standard_normal(shape).astype(np.float32)


def positive(*shape):
    return (_rng.random(shape) + 0.5).astype(np.float32)


def ints(*values):
    return np.array(values, dtype=np.int64)


def _floats(names, **kw):
    return {n: F for n in names}


CASES = [
    Case("arithmetic", [
        node("Add", ["x", "y"], "add"), node("Sub", ["x", "y"], "sub"), node("Mul", ["x", "y"], "mul"),
        node("Div", ["x", "p"], "div"), node("Pow", ["p", "y"], "pow"), node("Sqrt", ["p"], "sqrt"),
        node("Exp", ["x"], "exp"), node("Log", ["p"], "log"), node("Neg", ["x"], "neg"),
        node("Abs", ["x"], "abs"), node("Reciprocal", ["p"], "reciprocal"),
        node("Max", ["x", "y", "p"], "max"), node("Min", ["x", "y"], "min"), node("Sum", ["x", "y", "p"], "sum"),
        node("Mean", ["x", "y"], "mean"), node("Mod", ["x", "p"], "fmod", fmod=1)],
        {"x": randn(2, 3, 4), "y": randn(3, 4), "p": positive(2, 3, 4)},
        _floats(["add", "sub", "mul", "div", "pow", "sqrt", "exp", "log", "neg", "abs", "reciprocal", "max",
                 "min", "sum", "mean", "fmod"])),
    Case("activations", [
        node("Erf", ["x"], "erf"), node("Tanh", ["x"], "tanh"), node("Sigmoid", ["x"], "sigmoid"),
        node("Relu", ["x"], "relu"), node("LeakyRelu", ["x"], "leaky", alpha=0.2), node("Elu", ["x"], "elu"),
        node("Selu", ["x"], "selu"), node("Gelu", ["x"], "gelu"), node("Gelu", ["x"], "gelu_tanh", approximate="tanh"),
        node("HardSigmoid", ["x"], "hard_sigmoid", alpha=0.3), node("HardSwish", ["x"], "hard_swish"),
        node("Softplus", ["x"], "softplus"), node("Softsign", ["x"], "softsign"), node("PRelu", ["x", "slope"], "prelu"),
        node("Clip", ["x", "low", "high"], "clip"), node("Clip", ["x", "", "high"], "clip_high")],
        {"x": randn(2, 3, 4) * 3}, _floats(["erf", "tanh", "sigmoid", "relu", "leaky", "elu", "selu", "gelu",
                                            "gelu_tanh", "hard_sigmoid", "hard_swish", "softplus", "softsign",
                                            "prelu", "clip", "clip_high"]),
        {"slope": positive(3, 1), "low": np.array(-0.5, np.float32), "high": np.array(0.7, np.float32)}, opset=20),
    Case("clip_attributes", [node("Clip", ["x"], "clip", min=-0.5, max=0.5)], {"x": randn(3, 4)}, {"clip": F},
         opset=6),
    Case("unary_math", [
        node("Floor", ["x"], "floor"), node("Ceil", ["x"], "ceil"), node("Round", ["x"], "round"),
        node("Sin", ["x"], "sin"), node("Cos", ["x"], "cos"), node("Tan", ["u"], "tan"), node("Asin", ["u"], "asin"),
        node("Acos", ["u"], "acos"), node("Atan", ["x"], "atan"), node("Sinh", ["x"], "sinh"),
        node("Cosh", ["x"], "cosh"), node("Asinh", ["x"], "asinh"), node("Acosh", ["p"], "acosh"),
        node("Atanh", ["u"], "atanh"), node("Sign", ["x"], "sign"), node("IsNaN", ["x"], "isnan")],
        {"x": randn(3, 5) * 2, "u": (_rng.random((3, 5)) * 1.8 - 0.9).astype(np.float32),
         "p": positive(3, 5) + 1}, {**_floats(["floor", "ceil", "round", "sin", "cos", "tan", "asin", "acos", "atan",
                                               "sinh", "cosh", "asinh", "acosh", "atanh", "sign"]), "isnan": B}),
    Case("logic", [
        node("Equal", ["i", "j"], "eq"), node("Less", ["x", "y"], "lt"), node("LessOrEqual", ["i", "j"], "le"),
        node("Greater", ["x", "y"], "gt"), node("GreaterOrEqual", ["i", "j"], "ge"),
        node("And", ["lt", "le"], "and"), node("Or", ["lt", "ge"], "or"), node("Xor", ["eq", "gt"], "xor"),
        node("Not", ["and"], "not"), node("Where", ["or", "x", "y"], "where"), node("Cast", ["xor"], "cast", to=F),
        node("CastLike", ["i", "x"], "cast_like"), node("Div", ["i", "k"], "int_div"), node("Mod", ["i", "k"], "int_mod"),
        node("BitwiseAnd", ["i", "j"], "band"), node("BitwiseOr", ["i", "j"], "bor"), node("BitwiseXor", ["i", "j"], "bxor"),
        node("BitwiseNot", ["i"], "bnot")],
        {"x": randn(4, 5), "y": randn(4, 5), "i": _rng.integers(-9, 9, (4, 5)).astype(np.int32),
         "j": _rng.integers(-9, 9, (4, 5)).astype(np.int32)},
        {"eq": B, "lt": B, "le": B, "gt": B, "ge": B, "and": B, "or": B, "xor": B, "not": B, "where": F, "cast": F,
         "cast_like": F, "int_div": I32, "int_mod": I32, "band": I32, "bor": I32, "bxor": I32, "bnot": I32},
        {"k": np.array([3, -4, 5, -2, 7], np.int32)}),
    Case("products", [
        node("MatMul", ["a", "b"], "matmul"), node("Gemm", ["x", "w", "c"], "gemm", transB=1, alpha=0.5, beta=2.0),
        node("Gemm", ["xt", "w2"], "gemm_t", transA=1),
        node("Einsum", ["a", "b"], "einsum_bmm", equation="bij,bjk->bik"),
        node("Einsum", ["x", "w"], "einsum_nt", equation="ij,kj->ik"),
        node("Einsum", ["a", "a2"], "einsum_mixed", equation="bij,bkj->kbi")],
        {"a": randn(2, 3, 4), "b": randn(2, 4, 5), "x": randn(3, 4), "xt": randn(4, 3), "a2": randn(2, 6, 4)},
        _floats(["matmul", "gemm", "gemm_t", "einsum_bmm", "einsum_nt", "einsum_mixed"]),
        {"w": randn(6, 4), "c": randn(6), "w2": randn(4, 2)}, tol=1e-4),
    Case("conv_pool", [
        node("Conv", ["x", "w", "bias"], "conv", pads=[1, 2, 0, 1], strides=[2, 1], dilations=[1, 2], group=2),
        node("Conv", ["x", "w3"], "conv_same", auto_pad="SAME_UPPER", strides=[2, 2]),
        node("Conv", ["s", "w1", "b1"], "conv1d", pads=[1, 1], strides=[2]),
        node("MaxPool", ["x"], "max_pool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1),
        node("AveragePool", ["x"], "avg_pool", kernel_shape=[2, 3], strides=[2, 1], pads=[0, 1, 0, 1]),
        node("AveragePool", ["x"], "avg_pool_pad", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1),
        node("MaxPool", ["s"], "max_pool1d", kernel_shape=[2], strides=[2]),
        node("GlobalAveragePool", ["x"], "gap"), node("GlobalMaxPool", ["x"], "gmp")],
        {"x": randn(2, 4, 7, 8), "s": randn(2, 3, 9)},
        _floats(["conv", "conv_same", "conv1d", "max_pool", "avg_pool", "avg_pool_pad", "max_pool1d", "gap", "gmp"]),
        {"w": randn(6, 2, 3, 3), "bias": randn(6), "w3": randn(5, 4, 3, 3), "w1": randn(4, 3, 3), "b1": randn(4)},
        tol=1e-4),
    Case("normalization", [
        node("BatchNormalization", ["x", "gamma", "beta", "mean", "var"], "batch_norm", epsilon=1e-3),
        node("LayerNormalization", ["t", "scale", "shift"], "layer_norm"),
        node("LayerNormalization", ["t", "scale2"], "layer_norm2", axis=1, epsilon=1e-3),
        node("InstanceNormalization", ["x", "gamma", "beta"], "instance_norm"),
        node("Softmax", ["t"], "softmax", axis=1), node("LogSoftmax", ["t"], "log_softmax"),
        node("Dropout", ["t"], "dropout")],
        {"x": randn(2, 3, 4, 5), "t": randn(2, 6, 8)},
        _floats(["batch_norm", "layer_norm", "layer_norm2", "instance_norm", "softmax", "log_softmax", "dropout"]),
        {"gamma": positive(3), "beta": randn(3), "mean": randn(3), "var": positive(3), "scale": positive(8),
         "shift": randn(8), "scale2": positive(6, 8)}, tol=1e-4),
    Case("softmax_opset11", [node("Softmax", ["t"], "softmax", axis=1), node("LogSoftmax", ["t"], "log_softmax")],
         {"t": randn(2, 3, 4)}, _floats(["softmax", "log_softmax"]), opset=11),
    Case("manipulate", [
        node("Reshape", ["x", "shape"], "reshape"), node("Flatten", ["x"], "flatten", axis=2),
        node("Transpose", ["x"], "transpose", perm=[2, 0, 1]), node("Transpose", ["x"], "reversed"),
        node("Unsqueeze", ["x", "axes"], "unsqueeze"), node("Squeeze", ["unsqueeze", "axes"], "squeeze"),
        node("Concat", ["x", "x"], "concat", axis=-1), node("Split", ["x", "sizes"], ["s0", "s1"], axis=2),
        node("Split", ["x"], ["e0", "e1", "e2"], axis=1, num_outputs=3),
        node("Slice", ["x", "starts", "ends", "slice_axes", "steps"], "slice"),
        node("Slice", ["x", "rstart", "rend", "raxis", "rstep"], "slice_back"),
        node("Gather", ["x", "indices"], "gather", axis=1), node("Gather", ["x", "index"], "gather_scalar", axis=2),
        node("Expand", ["column", "expand_shape"], "expand"), node("Tile", ["x", "repeats"], "tile"),
        node("Identity", ["x"], "identity")],
        {"x": randn(2, 3, 4), "column": randn(3, 1)},
        _floats(["reshape", "flatten", "transpose", "reversed", "unsqueeze", "squeeze", "concat", "s0", "s1", "e0",
                 "e1", "e2", "slice", "slice_back", "gather", "gather_scalar", "expand", "tile", "identity"]),
        {"shape": ints(0, -1, 2), "axes": ints(0, -1), "sizes": ints(1, 3), "starts": ints(1, 0),
         "ends": ints(2**62, -1), "slice_axes": ints(2, 1), "steps": ints(2, 1), "rstart": ints(-1),
         "rend": ints(-2**62), "raxis": ints(2), "rstep": ints(-2), "indices": ints(2, -1, 0),
         "index": np.array(-2, np.int64), "expand_shape": ints(2, 1, 5), "repeats": ints(1, 2, 3)}),
    Case("opset11_attributes", [
        node("Unsqueeze", ["x"], "unsqueeze", axes=[1]), node("Squeeze", ["unsqueeze"], "squeeze", axes=[1]),
        node("Split", ["x"], ["s0", "s1"], axis=1, split=[1, 2]),
        node("ReduceMean", ["x"], "mean", axes=[1], keepdims=0), node("ReduceMax", ["x"], "max"),
        node("Reshape", ["x", "shape"], "reshape")],
        {"x": randn(2, 3, 4)}, _floats(["unsqueeze", "squeeze", "s0", "s1", "mean", "max", "reshape"]),
        {"shape": ints(-1, 4)}, opset=11),
    Case("slice_opset9", [node("Slice", ["x"], "slice", starts=[1, -3], ends=[3, 100], axes=[0, 1])],
         {"x": randn(4, 5)}, {"slice": F}, opset=9),
    Case("shape_folding", [
        node("Shape", ["x"], "shape"), node("Gather", ["shape", "zero"], "batch"),
        node("Unsqueeze", ["batch", "zero_axes"], "batch1"), node("Concat", ["batch1", "minus_one"], "target", axis=0),
        node("Reshape", ["x", "target"], "flat"), node("Size", ["x"], "size"), node("Cast", ["size"], "size_f", to=F),
        node("ConstantOfShape", ["shape"], "zeros", value=numpy_helper.from_array(np.array([2.0], np.float32))),
        node("Constant", [], "start", value_int=1), node("Constant", [], "step", value=numpy_helper.from_array(ints(2)[0])),
        node("Range", ["start", "batch", "step"], "range"), node("Cast", ["range"], "range_f", to=F),
        node("Add", ["flat", "size_f"], "flat_plus"), node("Mul", ["x", "zeros"], "doubled"),
        node("Add", ["doubled", "range_f"], "shifted")],
        {"x": randn(5, 3, 2)}, _floats(["flat_plus", "shifted"]),
        {"zero": np.array(0, np.int64), "zero_axes": ints(0), "minus_one": ints(-1)}),
    Case("reductions", [
        node("ReduceMean", ["x", "axes"], "mean"), node("ReduceSum", ["x", "axes"], "sum", keepdims=0),
        node("ReduceMax", ["x"], "max", keepdims=0), node("ReduceMin", ["x", "axis0"], "min"),
        node("ReduceProd", ["x", "axis0"], "prod"), node("ReduceL1", ["x", "axes"], "l1"),
        node("ReduceL2", ["x", "axes"], "l2"), node("ReduceSumSquare", ["x", "axis0"], "sum_square"),
        node("ReduceLogSum", ["p", "axes"], "log_sum"), node("ReduceLogSumExp", ["x", "axes"], "log_sum_exp", keepdims=0),
        node("ArgMax", ["x"], "argmax", axis=1), node("ArgMin", ["x"], "argmin", axis=-1, keepdims=0),
        node("ArgMax", ["t"], "argmax_last", axis=1, select_last_index=1)],
        {"x": randn(3, 4, 5), "p": positive(3, 4, 5), "t": np.array([[1, 3, 3, 0], [2, 2, 1, 2]], np.float32)},
        {**_floats(["mean", "sum", "max", "min", "prod", "l1", "l2", "sum_square", "log_sum", "log_sum_exp"]),
         "argmax": I64, "argmin": I64, "argmax_last": I64},
        {"axes": ints(1, -1), "axis0": ints(0)}, tol=1e-4),
]


def _run_onnxruntime(model, inputs):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, inputs)


def _run_tvmlir(mod, *args):
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    result = vm["main"](*args)
    return [r.numpy() for r in result] if isinstance(result, (tuple, list)) else [result.numpy()]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_converter_matches_onnxruntime(case):
    model = case.model()
    expected = _run_onnxruntime(model, case.inputs)
    got = _run_tvmlir(from_onnx(model), *case.inputs.values())
    assert len(got) == len(expected)
    for name, g, e in zip(case.outputs, got, expected):
        assert g.dtype == e.dtype, name
        np.testing.assert_allclose(g, e, rtol=case.tol, atol=case.tol, err_msg=name)


def test_shape_subgraph_folds_to_constants():
    """Shape -> Gather -> Unsqueeze -> Concat -> Reshape and the Size/Range
    arithmetic leave no shape ops in the module: a reshape to a constant shape."""
    case = next(c for c in CASES if c.name == "shape_folding")
    text = from_onnx(case.model()).script()
    assert "R.reshape(x, shape=R.shape([5, 6]))" in text
    assert "R.take" not in text and "R.concat" not in text and "R.arange" not in text


def test_every_converter_is_exercised():
    used = {n.op_type for case in CASES for n in case.nodes}
    assert sorted(set(CONVERTERS) - used) == []


# -- models exported from PyTorch -----------------------------------------------------------

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402



class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(12, 32), nn.Linear(32, 5)

    def forward(self, x):
        return torch.softmax(self.fc2(torch.nn.functional.gelu(self.fc1(x))), dim=-1)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.AvgPool2d(2), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class Encoder(nn.Module):
    """nn.TransformerEncoderLayer called with is_causal=False: the legacy
    exporter cannot trace its default (a tensor reaches sdpa's bool)."""

    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)

    def forward(self, x):
        return self.layer(x, is_causal=False)


def _randomized_batch_norms(model):
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(module.num_features, generator=generator) + 0.5)
    return model


def _exported(model, x, tmp_path, dynamic=False):
    """The ONNX model of ``model`` (the legacy TorchScript exporter; batch
    norms kept as BatchNormalization rather than folded into the convolutions)."""
    path = tmp_path / "model.onnx"
    torch.onnx.export(model, (x,), str(path), dynamo=False, input_names=["x"], do_constant_folding=False,
                      dynamic_axes={"x": {0: "batch"}} if dynamic else None)
    return onnx.load(str(path))


def _torch_model(name):
    torch.manual_seed(0)
    if name == "mlp":
        return MLP().eval(), torch.randn(4, 12)
    if name == "cnn":
        return _randomized_batch_norms(CNN()).eval(), torch.randn(2, 3, 12, 12)
    return Encoder().eval(), torch.randn(2, 7, 32)


@pytest.mark.filterwarnings("ignore")  # the legacy exporter's deprecation and tracer warnings
@pytest.mark.parametrize("name, keep_params", [("mlp", False), ("cnn", False), ("cnn", True),
                                               ("transformer_encoder", False)],
                         ids=["mlp", "cnn", "cnn-params", "transformer_encoder"])
def test_exported_model_matches_onnxruntime_and_torch(name, keep_params, tmp_path):
    model, x = _torch_model(name)
    exported = _exported(model, x, tmp_path)
    with torch.no_grad():
        eager = model(x).numpy()
    reference = _run_onnxruntime(exported, {"x": x.numpy()})[0]
    mod = from_onnx(exported, keep_params_in_input=keep_params)
    if keep_params:
        mod, params = detach_params(mod)
        assert len(params["main"]) == sum(1 for i in exported.graph.initializer
                                          if numpy_helper.to_array(i).dtype.kind == "f")
        got = _run_tvmlir(mod, x.numpy(), *params["main"])[0]
    else:
        got = _run_tvmlir(mod, x.numpy())[0]
    np.testing.assert_allclose(got, reference, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got, eager, rtol=1e-4, atol=1e-4)


@pytest.mark.filterwarnings("ignore")
def test_dynamic_batch_compiles_once_and_runs_at_two_sizes(tmp_path):
    model, x = _torch_model("cnn")
    exported = _exported(model, x, tmp_path, dynamic=True)
    mod = from_onnx(exported)
    assert "batch" in mod.script()
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    for batch in (1, 5):
        x = torch.randn(batch, 3, 12, 12)
        with torch.no_grad():
            expected = model(x).numpy()
        np.testing.assert_allclose(vm["main"](x.numpy()).numpy(), expected, rtol=1e-4, atol=1e-4)


def test_shape_dict_and_dtype_dict_override_the_inputs():
    case = Case("override", [node("Relu", ["x"], "y")], {"x": randn(2, 3)}, {"y": F})
    text = from_onnx(case.model(), shape_dict={"x": ["n", 3]}, dtype_dict={"x": "float64"}).script()
    assert 'x: R.Tensor(("n", 3), dtype="float64")' in text


# -- errors -------------------------------------------------------------------------------------

def test_unsupported_ops_are_listed_at_once():
    nodes = [node("Relu", ["x"], "a"), node("NonZero", ["a"], "b", name="nz1"), node("Det", ["x"], "c", name="det"),
             node("NonZero", ["x"], "d", name="nz2"), helper.make_node("Gelu", ["x"], ["e"], domain="com.microsoft",
                                                                        name="ms_gelu")]
    case = Case("unsupported", nodes, {"x": randn(3, 3)}, {"b": I64})
    with pytest.raises(TVMLIRError) as error:
        from_onnx(case.model())
    message = str(error.value)
    assert "3 ONNX op type(s)" in message
    assert "NonZero: nz1, nz2" in message and "Det: det" in message and "com.microsoft.Gelu: ms_gelu" in message


def test_an_attribute_a_converter_cannot_handle_names_node_and_attribute():
    case = Case("bad_attribute", [node("MaxPool", ["x"], "y", kernel_shape=[2, 2], storage_order=1, name="pool")],
                {"x": randn(1, 1, 4, 4)}, {"y": F})
    with pytest.raises(TVMLIRError, match=r"MaxPool node 'pool' \(index 0\): attribute 'storage_order'=1 is not "
                                          "supported"):
        from_onnx(case.model())


def test_an_attribute_the_schema_does_not_have_is_an_error():
    case = Case("unknown_attribute", [node("Relu", ["x"], "y", name="r", frobnicate=3)], {"x": randn(2)}, {"y": F})
    with pytest.raises(TVMLIRError, match=r"Relu node 'r' \(index 0\): 'frobnicate' is not an attribute of Relu"):
        from_onnx(case.model())


def test_a_shape_that_is_not_known_at_import_is_an_error():
    case = Case("runtime_shape", [node("Reshape", ["x", "shape"], "y", name="reshape")],
                {"x": randn(2, 3), "shape": ints(3, 2)}, {"y": F})
    with pytest.raises(TVMLIRError, match=r"Reshape node 'reshape' \(index 0\): the shape must be known at import"):
        from_onnx(case.model())
