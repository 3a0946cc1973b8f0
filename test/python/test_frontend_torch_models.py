"""Whole models through the torch importer: a CNN, a ResNet block, torch's
transformer encoder layer, GPT-style and LLaMA-style blocks written in plain
torch, each with
the weights as constants and as parameters (detach_params), and an MLP
exported with a dynamic batch that compiles once and runs at several batch
sizes."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import TVMLIRError, relax  # noqa: E402
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


class BasicBlock(nn.Module):
    """ResNet's block: in-place ReLUs and ``+=`` (relu_ and add_ in the graph)."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8)
        self.conv2, self.bn2 = nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += x
        return self.relu(out)


class RMSNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(dim) + 0.5)

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.weight


def _rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class LlamaBlock(nn.Module):
    """A LLaMA-style block: RMSNorm, rotary embeddings from buffers, grouped
    key/value heads (repeat_interleave), an additive causal mask from
    ``full(-inf).triu(1)``, a written-out softmax attention, SwiGLU."""

    def __init__(self, dim=32, heads=4, kv_heads=2, context=16):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
        self.embed = nn.Embedding(64, dim)
        self.norm1, self.norm2 = RMSNorm(dim), RMSNorm(dim)
        self.q = nn.Linear(dim, dim, bias=False)
        self.kv = nn.Linear(dim, 2 * kv_heads * self.head_dim, bias=False)
        self.o = nn.Linear(dim, dim, bias=False)
        self.gate, self.up, self.down = nn.Linear(dim, 64, bias=False), nn.Linear(dim, 64, bias=False), \
            nn.Linear(64, dim, bias=False)
        inverse = 1.0 / (10000 ** (torch.arange(0, self.head_dim, 2).float() / self.head_dim))
        angles = torch.outer(torch.arange(context).float(), inverse)
        angles = torch.cat((angles, angles), -1)
        self.register_buffer("cos", angles.cos())
        self.register_buffer("sin", angles.sin())

    def heads_first(self, x, heads):
        batch, length = x.shape[:2]
        return x.view(batch, length, heads, self.head_dim).transpose(1, 2)

    def forward(self, tokens):
        batch, length = tokens.shape
        x = self.embed(tokens)
        h = self.norm1(x)
        q = self.heads_first(self.q(h), self.heads)
        k, v = (self.heads_first(t, self.kv_heads) for t in self.kv(h).chunk(2, dim=-1))
        cos, sin = self.cos[:length], self.sin[:length]
        q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
        k, v = (t.repeat_interleave(self.heads // self.kv_heads, dim=1) for t in (k, v))
        mask = torch.full((length, length), float("-inf")).triu(1)
        scores = (q @ k.transpose(-2, -1)) / self.head_dim ** 0.5 + mask
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, -1)
        x = x + self.o(y)
        h = self.norm2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


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
            with torch.no_grad():
                module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(module.num_features, generator=generator) + 0.5)
    return model


def _model(name):
    torch.manual_seed(0)
    if name == "cnn":
        return _randomized_batch_norms(CNN()).eval(), torch.randn(2, 3, 12, 12)
    if name == "resnet_block":
        return _randomized_batch_norms(BasicBlock()).eval(), torch.randn(2, 8, 6, 6)
    if name == "llama_block":
        return LlamaBlock().eval(), torch.randint(0, 64, (2, 9))
    if name == "transformer_encoder":
        layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
        return layer.eval(), torch.randn(2, 7, 32)
    return DecoderBlock().eval(), torch.randint(0, 50, (2, 9))


def _run(mod, *args):
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    return vm["main"](*args)


@pytest.mark.parametrize("params_as_input", [False, True], ids=["constants", "params"])
@pytest.mark.parametrize("name", ["cnn", "resnet_block", "transformer_encoder", "gpt_block", "llama_block"])
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


@pytest.mark.parametrize("name", ["mlp", "cnn", "gpt_block"])
def test_dynamic_batch_compiles_once_and_runs_at_several_sizes(name):
    """Exported with torch.export.Dim("batch"): one compiled module for every
    batch size (views of the batch become relax reshapes with -1)."""
    if name == "mlp":
        torch.manual_seed(0)
        model, x = MLP().eval(), torch.randn(4, 12)
    else:
        model, x = _model(name)
    batch = torch.export.Dim("batch")
    with torch.no_grad():
        program = torch.export.export(model, (x,), dynamic_shapes=({0: batch},))
    mod = from_exported_program(program, unwrap_unit_return_tuple=True)
    assert "#relax.sym" in str(mod.mlir)  # the batch stays a symbol
    vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
    for size in (1, 3, 5):
        xs = x[:1].repeat(size, *[1] * (x.dim() - 1))
        xs = torch.randn_like(xs) if xs.is_floating_point() else torch.randint_like(xs, 0, 50)
        with torch.no_grad():
            expected = model(xs).numpy()
        got = vm["main"](xs.numpy())
        assert got.shape == expected.shape
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name, op", [("llama_block", "aten.repeat_interleave.self_int"),
                                      ("transformer_encoder", "aten.view.default")])
def test_dynamic_batch_limits_name_the_op_and_line(name, op):
    """A symbolic size relax cannot state yet (a broadcast to it, or a
    product like 4*batch) is an error naming the ATen op and the model's line."""
    model, x = _model(name)
    with torch.no_grad():
        program = torch.export.export(model, (x,), dynamic_shapes=({0: torch.export.Dim("batch")},))
    with pytest.raises(TVMLIRError, match=op) as info:
        from_exported_program(program)
    assert "line" in str(info.value)


@pytest.mark.parametrize("name", ["cnn", "llama_block"])
def test_core_aten_model_matches_torch(name):
    """The same models after run_decompositions(): convolution, addmm,
    native norms, _softmax, bmm, ... instead of the high-level ops."""
    model, x = _model(name)
    with torch.no_grad():
        program = torch.export.export(model, (x,)).run_decompositions()
        expected = model(x).numpy()
    got = _run(from_exported_program(program), x.numpy())
    got = got[0] if isinstance(got, tuple) else got
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-4, atol=1e-4)
