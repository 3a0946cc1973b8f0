"""Whole models through the torch importer: a CNN, torch's transformer
encoder layer, a GPT-style decoder block written in plain torch, each with
the weights as constants and as parameters (detach_params), and an MLP
exported with a dynamic batch that compiles once and runs at several batch
sizes."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import relax  # noqa: E402
from tvmlir.relax.frontend import detach_params  # noqa: E402
from tvmlir.relax.frontend.torch import from_exported_program  # noqa: E402


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class DecoderBlock(nn.Module):
    """A GPT-2 style block with its embeddings and head: causal self-attention
    from one qkv projection, a GELU MLP, pre-norm residuals."""

    def __init__(self, vocab=50, context=16, dim=32, heads=4):
        super().__init__()
        self.heads = heads
        self.token = nn.Embedding(vocab, dim)
        self.position = nn.Embedding(context, dim)
        self.ln1, self.ln2, self.ln_f = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.fc = nn.Linear(dim, 4 * dim)
        self.out = nn.Linear(4 * dim, dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens):
        batch, length = tokens.shape
        x = self.token(tokens) + self.position(torch.arange(length))
        q, k, v = self.qkv(self.ln1(x)).split(x.shape[-1], dim=2)
        q, k, v = (t.view(batch, length, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(attended.transpose(1, 2).contiguous().view(batch, length, -1))
        x = x + self.out(F.gelu(self.fc(self.ln2(x))))
        return self.head(self.ln_f(x))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(12, 32), nn.Linear(32, 5)

    def forward(self, x):
        return torch.sigmoid(self.fc2(torch.tanh(self.fc1(x)) * 0.5 + 1))


def _randomized_batch_norms(model):
    """Running statistics other than 0 and 1, so that batch norm matters."""
    generator = torch.Generator().manual_seed(1)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.1)
            module.running_var.copy_(torch.rand(module.num_features, generator=generator) + 0.5)
    return model


def _model(name):
    torch.manual_seed(0)
    if name == "cnn":
        return _randomized_batch_norms(CNN()).eval(), torch.randn(2, 3, 12, 12)
    if name == "transformer_encoder":
        layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
        return layer.eval(), torch.randn(2, 7, 32)
    return DecoderBlock().eval(), torch.randint(0, 50, (2, 9))


def _run(mod, *args):
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    return vm["main"](*args)


@pytest.mark.parametrize("params_as_input", [False, True], ids=["constants", "params"])
@pytest.mark.parametrize("name", ["cnn", "transformer_encoder", "gpt_block"])
def test_model_matches_torch(name, params_as_input):
    model, x = _model(name)
    with torch.no_grad():
        program = torch.export.export(model, (x,))
        expected = model(x).numpy()
    mod = from_exported_program(program, keep_params_as_input=params_as_input)
    if params_as_input:
        mod, params = detach_params(mod)
        assert len(params["main"]) == len(program.graph_signature.inputs_to_parameters) + \
            len(program.graph_signature.inputs_to_buffers)
        got = _run(mod, x.numpy(), *params["main"])
    else:
        got = _run(mod, x.numpy())
    got = got[0] if isinstance(got, tuple) else got
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-4, atol=1e-4)


def test_dynamic_batch_compiles_once_and_runs_at_several_sizes():
    torch.manual_seed(0)
    model = MLP().eval()
    batch = torch.export.Dim("batch")
    program = torch.export.export(model, (torch.randn(4, 12),), dynamic_shapes=({0: batch},))
    mod = from_exported_program(program)
    assert "tensor<?x12xf32" in str(mod.mlir)  # the batch stays a symbol
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    for size in (1, 3, 8):
        x = torch.randn(size, 12)
        with torch.no_grad():
            expected = model(x).numpy()
        got = vm["main"](x.numpy())
        got = got[0] if isinstance(got, tuple) else got
        assert got.shape == (size, 5)
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-5)
