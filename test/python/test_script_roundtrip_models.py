"""Every model of the frontend tests round-trips through TVMScript:
``from_source(mod.script(show_meta=True))`` is structurally equal to the
imported module (weights as metadata constants, causal masks' -inf as
TVM's "-inf"), and a causal-mask model compiled from the text matches
eager PyTorch."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import relax  # noqa: E402
from tvmlir.ir import assert_structural_equal  # noqa: E402
from tvmlir.relax.frontend.torch import from_exported_program  # noqa: E402
from tvmlir.script import from_source  # noqa: E402

import test_frontend_torch_models as torch_models  # noqa: E402
import test_frontend_torch_ops as torch_ops  # noqa: E402


def _round_trips(mod, name):
    text = mod.script(show_meta=True)
    reparsed = from_source(text, f"{name}.py")
    assert_structural_equal(reparsed, mod)
    return reparsed


class CausalMask(nn.Module):
    """Attention scores masked as GPT code writes it: a -inf upper triangle
    made in forward, and the same mask as a registered buffer."""

    def __init__(self, length=6):
        super().__init__()
        self.register_buffer("mask", torch.full((length, length), float("-inf")).triu(1))

    def forward(self, scores):
        length = scores.shape[-1]
        made = torch.full((length, length), float("-inf")).triu(1)
        return torch.softmax(scores + made, dim=-1) + torch.softmax(scores + self.mask, dim=-1)


def _import(model, *args):
    with torch.no_grad():
        return from_exported_program(torch.export.export(model, args))


def test_causal_mask_model_round_trips_and_matches_torch():
    model, scores = CausalMask().eval(), torch.randn(2, 6, 6)
    mod = _import(model, scores)
    text = mod.script()
    assert '"-inf"' in text and "-inf," not in text.replace('"-inf",', "")
    reparsed = _round_trips(mod, "causal_mask")
    vm = relax.VirtualMachine(tvmlir.compile(reparsed, target="llvm"), tvmlir.cpu())
    with torch.no_grad():
        expected = model(scores).numpy()
    (got,) = vm["main"](scores.numpy())  # torch.export returns a tuple
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_large_causal_mask_prints_as_a_splat_or_metadata_and_round_trips():
    model, scores = CausalMask(length=64).eval(), torch.randn(1, 64, 64)
    mod = _import(model, scores)
    text = mod.script()
    assert len(text) < 20_000
    _round_trips(mod, "causal_mask_64")


@pytest.mark.parametrize("name", ["cnn", "resnet_block", "transformer_encoder", "gpt_block", "llama_block"])
def test_torch_model_round_trips(name):
    model, x = torch_models._model(name)
    _round_trips(_import(model, x), name)


@pytest.mark.filterwarnings("ignore")  # torch.export's deprecations on some ops
@pytest.mark.parametrize("case", torch_ops.CASES, ids=[c.name for c in torch_ops.CASES])
def test_torch_op_case_round_trips(case):
    program = torch_ops._exported(case)
    with torch.no_grad():
        mod = from_exported_program(program)
    _round_trips(mod, case.name)


onnx = pytest.importorskip("onnx")
import test_frontend_onnx as onnx_tests  # noqa: E402
from tvmlir.relax.frontend.onnx import from_onnx  # noqa: E402


@pytest.mark.parametrize("case", onnx_tests.CASES, ids=[c.name for c in onnx_tests.CASES])
def test_onnx_case_round_trips(case):
    _round_trips(from_onnx(case.model()), case.name)


@pytest.mark.filterwarnings("ignore")  # the legacy exporter's deprecation and tracer warnings
@pytest.mark.parametrize("name", ["mlp", "cnn", "transformer_encoder"])
def test_onnx_exported_model_round_trips(name, tmp_path):
    model, x = onnx_tests._torch_model(name)
    _round_trips(from_onnx(onnx_tests._exported(model, x, tmp_path)), name)
