"""relax.frontend.nn: the seed's module prints as the seed, each module and
operator compiles and matches PyTorch, symbolic batches, and spec errors."""

import numpy as np
import pytest

import tvmlir
from tvmlir import TVMLIRError, relax
from tvmlir.relax.frontend import nn

torch = pytest.importorskip("torch")
F = torch.nn.functional

RNG = np.random.default_rng(0)


def _random(shape, dtype="float32"):
    return RNG.standard_normal(shape).astype(dtype)


def _export_and_run(model, inputs, method="forward", **spec_shapes):
    """Exports ``model`` with one input spec per array of ``inputs`` (a dict;
    ``spec_shapes`` may make a dimension symbolic), compiles it, runs it with
    random weights (small: sums over hundreds of terms stay well within
    float32's precision at the 1e-5 tolerance); returns (outputs, {param name: weight array}, mod)."""
    spec = {name: nn.spec.Tensor(spec_shapes.get(name, array.shape), str(array.dtype))
            for name, array in inputs.items()}
    mod, params = model.export_tvm({method: spec})
    weights = {name: _random(p.shape, p.dtype) * 0.1 for name, p in params}
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    out = vm[method](*inputs.values(), *weights.values())
    return out, weights, mod


def _t(array):
    return torch.from_numpy(np.ascontiguousarray(array))


def _close(got, expected):
    got = got.numpy() if hasattr(got, "numpy") else got
    np.testing.assert_allclose(got, expected.numpy() if hasattr(expected, "numpy") else expected,
                               rtol=1e-5, atol=1e-5)


class RelaxModel(nn.Module):
    def __init__(self):
        super(RelaxModel, self).__init__()
        self.fc1 = nn.Linear(784, 256)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.fc1(x)
        x = self.relu1(x)
        x = self.fc2(x)
        return x


def test_seed_module_prints_as_seed_and_matches_torch(golden):
    mod, params = RelaxModel().export_tvm({"forward": {"x": nn.spec.Tensor((1, 784), "float32")}})
    assert mod.script() == golden("seed_nn_module")
    assert [(name, p.shape, p.dtype) for name, p in params] == [
        ("fc1.weight", [256, 784], "float32"), ("fc1.bias", [256], "float32"),
        ("fc2.weight", [10, 256], "float32"), ("fc2.bias", [10], "float32")]
    x = _random((1, 784))
    out, w, _ = _export_and_run(RelaxModel(), {"x": x})
    hidden = F.relu(F.linear(_t(x), _t(w["fc1.weight"]), _t(w["fc1.bias"])))
    _close(out, F.linear(hidden, _t(w["fc2.weight"]), _t(w["fc2.bias"])))


def test_parameters_in_definition_order():
    model = RelaxModel()
    assert [name for name, _ in model.named_parameters()] == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert list(model.parameters()) == [model.fc1.weight, model.fc1.bias, model.fc2.weight, model.fc2.bias]
    assert model.fc1.weight.shape == [256, 784] and model.fc1.weight.dtype == "float32"
    assert [name for name, _ in nn.Linear(3, 4, bias=False, dtype="float16").named_parameters()] == ["weight"]
    assert nn.Linear(3, 4, dtype="float16").weight.dtype == "float16"


@pytest.mark.parametrize("bias", [True, False])
def test_linear(bias):
    x = _random((2, 3, 8))
    out, w, _ = _export_and_run(nn.Linear(8, 5, bias=bias), {"x": x})
    _close(out, F.linear(_t(x), _t(w["weight"]), _t(w["bias"]) if bias else None))


class GeluTanh(nn.Module):
    def forward(self, x):
        return nn.op.gelu(x, approximate="tanh")


@pytest.mark.parametrize("module, reference", [
    (nn.ReLU(), F.relu), (nn.SiLU(), F.silu), (nn.GELU(), F.gelu),
    (GeluTanh(), lambda x: F.gelu(x, approximate="tanh")),
])
def test_activations(module, reference):
    x = _random((4, 16))
    out, _, mod = _export_and_run(module, {"x": x})
    assert mod.script().count("R.nn.") == 1
    _close(out, reference(_t(x)))


@pytest.mark.parametrize("options", [
    dict(),
    dict(stride=2, padding=1, bias=False),
    dict(padding=2, dilation=2, groups=2),
])
def test_conv2d(options):
    x = _random((2, 4, 9, 9))
    module = nn.Conv2D(4, 6, 3, **options)
    out, w, _ = _export_and_run(module, {"x": x})
    bias = _t(w["bias"]) if "bias" in w else None
    torch_options = {k: v for k, v in options.items() if k != "bias"}
    _close(out, F.conv2d(_t(x), _t(w["weight"]), bias, **torch_options))


@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm(affine):
    x = _random((3, 5, 16))
    out, w, _ = _export_and_run(nn.LayerNorm(16, eps=1e-6, elementwise_affine=affine), {"x": x})
    assert list(w) == (["weight", "bias"] if affine else [])
    weight, bias = (_t(w["weight"]), _t(w["bias"])) if affine else (None, None)
    _close(out, F.layer_norm(_t(x), (16,), weight, bias, eps=1e-6))


@pytest.mark.parametrize("bias", [False, True])
def test_rms_norm(bias):
    x = _random((2, 6, 32))
    out, w, _ = _export_and_run(nn.RMSNorm(32, axes=-1, epsilon=1e-6, bias=bias), {"x": x})
    expected = F.rms_norm(_t(x), (32,), _t(w["weight"]), eps=1e-6)
    _close(out, expected + _t(w["bias"]) if bias else expected)


def test_embedding():
    indices = RNG.integers(0, 50, size=(3, 7)).astype("int64")
    out, w, _ = _export_and_run(nn.Embedding(50, 12), {"x": indices})
    assert out.shape == (3, 7, 12)
    _close(out, F.embedding(_t(indices), _t(w["weight"])))


@pytest.mark.parametrize("affine", [True, False])
def test_group_norm(affine):
    x = _random((2, 6, 5, 4))
    out, w, _ = _export_and_run(nn.GroupNorm(3, 6, eps=1e-5, affine=affine), {"x": x})
    weight, bias = (_t(w["weight"]), _t(w["bias"])) if affine else (None, None)
    _close(out, F.group_norm(_t(x), 3, weight, bias, eps=1e-5))


class Stack(nn.Module):
    def __init__(self):
        self.layers = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 8)])
        self.head = nn.Sequential(nn.SiLU(), nn.Linear(8, 4))

    def forward(self, x):
        for layer in self.layers:
            x = nn.op.relu(layer(x))
        return self.head(x)


def test_module_list_and_sequential():
    x = _random((5, 8))
    out, w, _ = _export_and_run(Stack(), {"x": x})
    assert list(w) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                       "head.1.weight", "head.1.bias"]
    y = _t(x)
    for i in range(2):
        y = F.relu(F.linear(y, _t(w[f"layers.{i}.weight"]), _t(w[f"layers.{i}.bias"])))
    _close(out, F.linear(F.silu(y), _t(w["head.1.weight"]), _t(w["head.1.bias"])))


class TensorOps(nn.Module):
    def __init__(self):
        self.w = nn.Parameter((6, 4))

    def forward(self, x, y):
        assert x.shape == [2, 3, 4] and x.dtype == "float32" and x.ndim == 3
        a = (x + y) * 2.0 - y / 4.0
        b = 1.0 - a @ nn.op.permute_dims(self.w)                 # (2, 3, 6)
        c = b.permute_dims(0, 2, 1).reshape(2, 18)               # (2, 18)
        d = nn.op.softmax(c, axis=-1)
        first, second = nn.op.split(d, 2, axis=1)
        return nn.op.concat([second, first], dim=0), nn.op.sum(a, axis=[1, 2], keepdims=True)


def test_tensor_operators():
    x, y = _random((2, 3, 4)), _random((2, 3, 4))
    (out, total), w, mod = _export_and_run(TensorOps(), {"x": x, "y": y})
    a = (_t(x) + _t(y)) * 2.0 - _t(y) / 4.0
    b = 1.0 - a @ _t(w["w"]).T
    d = torch.softmax(b.permute(0, 2, 1).reshape(2, 18), dim=-1)
    _close(out, torch.cat([d[:, 9:], d[:, :9]], dim=0))
    _close(total, a.sum(dim=(1, 2), keepdim=True))
    # Bindings are named after their ops, with TVM's counters.
    script = mod.script()
    for binding in ["add: ", "multiply: ", "divide: ", "subtract: ", "matmul: ", "subtract1: ", "softmax: ",
                    "split = ", "concat: ", "sum: "]:
        assert binding in script, binding


class TwoMethods(nn.Module):
    def __init__(self):
        self.embed = nn.Embedding(10, 4)
        self.fc = nn.Linear(4, 2)

    def embed_tokens(self, ids):
        return self.embed(ids)

    def forward(self, h):
        return self.fc(h)


def test_one_function_per_method_each_with_every_parameter():
    mod, params = TwoMethods().export_tvm({"embed_tokens": {"ids": nn.spec.Tensor((3,), "int64")},
                                           "forward": {"h": nn.spec.Tensor((3, 4), "float32")}})
    assert [gv.name_hint for gv in mod.get_global_vars()] == ["embed_tokens", "forward"]
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    weights = [_random(p.shape) for _, p in params]
    ids = np.array([3, 0, 9], "int64")
    hidden = vm["embed_tokens"](ids, *weights).numpy()
    _close(hidden, weights[0][ids])
    _close(vm["forward"](hidden, *weights), hidden @ weights[1].T + weights[2])


def test_symbolic_batch_compiles_once_and_runs_at_two_sizes():
    mod, params = RelaxModel().export_tvm({"forward": {"x": nn.spec.Tensor(("n", 784), "float32")}})
    script = mod.script()
    assert 'def forward(x: R.Tensor(("n", 784), dtype="float32")' in script
    assert '-> R.Tensor(("n", 10), dtype="float32")' in script
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    weights = [_random(p.shape) * 0.05 for _, p in params]
    for batch in (1, 5):
        x = _random((batch, 784))
        expected = np.maximum(x @ weights[0].T + weights[1], 0) @ weights[2].T + weights[3]
        out = vm["forward"](x, *weights)
        assert out.shape == (batch, 10)
        _close(out, expected)


# -- errors -------------------------------------------------------------------

@pytest.mark.parametrize("spec, message", [
    ({"forward": {}}, r"RelaxModel.forward: argument 'x' has no spec \(expected nn.spec.Tensor"),
    ({"forward": {"x": nn.spec.Tensor((1, 784), "float32"), "y": nn.spec.Tensor((1,), "float32")}},
     r"RelaxModel.forward: the spec names 'y', which is not an argument of forward\(x\)"),
    ({"forward": {"x": nn.spec.Tensor((1, 784), "flaot32")}},
     r"RelaxModel.forward: argument 'x': unknown dtype 'flaot32' \(expected one of float16, float32"),
    ({"forward": {"x": (1, 784)}},
     r"RelaxModel.forward: argument 'x': expected nn.spec.Tensor\(shape, dtype\), got \(1, 784\)"),
    ({"forward": {"x": nn.spec.Tensor((1, "batch size"), "float32")}},
     r"argument 'x': shape \(1, 'batch size'\) has 'batch size'"),
    ({"fwd": {"x": nn.spec.Tensor((1, 784), "float32")}}, r"RelaxModel has no method 'fwd'"),
    ({"forward": {"x": nn.spec.Tensor((1, 100), "float32")}},
     r"RelaxModel.forward: in Linear 'fc1': .*relax.matmul.* \(1, 100\) and \(784, 256\)"),
    ({"forward": {"x": nn.spec.Tensor((1, 784), "float16")}},
     r"RelaxModel.forward: in Linear 'fc1': 'relax.matmul' op .* same element type, got 'f16' and 'f32'"),
])
def test_bad_spec_errors(spec, message):
    model = RelaxModel()
    with pytest.raises(TVMLIRError, match=message):
        model.export_tvm(spec)
    # A failed export leaves the module exportable.
    mod, _ = model.export_tvm({"forward": {"x": nn.spec.Tensor((1, 784), "float32")}})
    assert "def forward" in mod.script()


def test_other_errors():
    with pytest.raises(TVMLIRError, match=r"Parameter: unknown dtype 'float31'"):
        nn.Parameter((2, 2), "float31")
    with pytest.raises(TVMLIRError, match=r"Parameter: shape \(2, -1\) has -1"):
        nn.Linear(-1, 2)
    with pytest.raises(TVMLIRError, match=r"GroupNorm.forward: .*num_groups 4 does not divide the 6 channels"):
        nn.GroupNorm(4, 6).export_tvm({"forward": {"x": nn.spec.Tensor((2, 6, 5, 4), "float32")}})
    with pytest.raises(TVMLIRError, match="only while Module.export_tvm traces a method"):
        nn.op.relu(nn.Parameter((2,)))
    with pytest.raises(TVMLIRError, match=r"Stack.forward: in Linear 'layers.1': .*\(5, 8\) and \(7, 8\)"):
        stack = Stack()
        stack.layers[1] = nn.Linear(7, 8)
        stack.export_tvm({"forward": {"x": nn.spec.Tensor((5, 8), "float32")}})

    class Foreign(nn.Module):
        other = nn.Linear(2, 2)  # a class attribute: not one of the module's parameters

        def forward(self, x):
            return x @ self.other.weight

    with pytest.raises(TVMLIRError, match=r"Foreign.forward: Parameter\(\[2, 2\], \"float32\"\) is not a "
                                          "parameter of the exported module"):
        Foreign().export_tvm({"forward": {"x": nn.spec.Tensor((2, 2), "float32")}})

    class Returns(nn.Module):
        def forward(self, x):
            return 3

    with pytest.raises(TVMLIRError, match=r"Returns.forward: returned int; a method returns a Tensor"):
        Returns().export_tvm({"forward": {"x": nn.spec.Tensor((2,), "float32")}})
    with pytest.raises(TVMLIRError, match=r"Parameter.data: expected \(2, 3\) float32, got \(3, 2\) float32"):
        nn.Parameter((2, 3)).data = np.zeros((3, 2), "float32")
