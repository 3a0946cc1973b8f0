"""The torch.export importer: the seed's import, numbers against PyTorch,
and the error for unsupported ops."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402
from torch.export import export  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import TVMLIRError, relax  # noqa: E402
from tvmlir.relax.frontend.torch import from_exported_program  # noqa: E402


class TorchModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc2(self.relu1(self.fc1(x)))


def _import(model, *example, **options):
    with torch.no_grad():
        return from_exported_program(export(model.eval(), example), **options)


def test_seed_import_prints_as_seed_and_runs(golden):
    model = TorchModel()
    mod = _import(model, torch.randn(1, 784), keep_params_as_input=True, unwrap_unit_return_tuple=True)
    mod, params = relax.frontend.detach_params(mod)
    assert mod.script() == golden("seed_torch_import")
    assert str(mod["main"]) == golden("seed_main_function")
    assert [p.shape for p in params["main"]] == [(256, 784), (256,), (10, 256), (10,)]
    assert relax.transform.LegalizeOps()(mod).script() == golden("seed_legalized")
    mod = relax.get_pipeline("zero")(relax.transform.LegalizeOps()(mod))
    assert mod.script() == golden("seed_zero")
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    x = np.random.rand(1, 784).astype("float32")
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(vm["main"](tvmlir.runtime.tensor(x), *params["main"]).numpy(), expected,
                               rtol=1e-5, atol=1e-5)


class Activations(nn.Module):
    def forward(self, x, y):
        a = torch.nn.functional.gelu(x) * torch.sigmoid(x) - torch.tanh(x) / 2.0
        b = torch.softmax(a @ y.t(), dim=-1)
        return torch.log_softmax(b.transpose(0, 1), dim=1), torch.exp(-x).abs()


def test_ops_match_torch_with_params_as_constants():
    x, y = torch.randn(4, 6), torch.randn(5, 6)
    mod = _import(Activations(), x, y)
    assert "params" not in vars(mod) or mod.params == {}
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    got = vm["main"](x.numpy(), y.numpy())
    with torch.no_grad():
        expected = Activations()(x, y)
    assert isinstance(got, tuple) and len(got) == 2
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-5, atol=1e-5)


class Unsupported(nn.Module):
    def forward(self, x):
        y = torch.sort(x, dim=0).values
        return torch.lgamma(y)


def test_unsupported_ops_are_listed_at_once_with_source_lines():
    with pytest.raises(TVMLIRError) as info:
        _import(Unsupported(), torch.randn(3, 4))
    message = str(info.value)
    assert "2 ATen op(s) tvmlir cannot import yet" in message
    assert "aten.sort.default" in message and "aten.lgamma.default" in message
    assert "torch.sort(x, dim=0).values" in message
