"""Exports the CUDA test cases for a GPU machine: python scripts/gpu_export.py OUTDIR [--models]

For each case of tvmlir.gpu.cases (with --models also PyTorch models imported
with torch.export: a CNN and a transformer encoder layer, their references
computed by eager PyTorch) and each arch, OUTDIR/<case>-<arch>/ holds
module.so (host code, PTX and the CUDA runtime in one library), inputs
(in<i>.npy) and the NumPy reference (expected.npy). scripts/gpu_check.sh
OUTDIR runs them there with Python and NumPy only (scripts/gpu_run.py).
"""

import os
import sys

import numpy as np

import tvmlir
from tvmlir.gpu.cases import cases

ARCHS = ("sm_80", "sm_90")


def torch_cases():
    """name -> (module builder, inputs, reference) for PyTorch models."""
    import torch
    from torch import nn

    from tvmlir.relax.frontend.torch import from_exported_program

    torch.manual_seed(0)
    cnn = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Linear(32, 10)).eval()
    encoder = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128, batch_first=True).eval()
    models = {"torch_cnn": (cnn, torch.randn(4, 3, 32, 32)), "torch_encoder": (encoder, torch.randn(2, 16, 64))}
    result = {}
    for name, (model, x) in models.items():
        with torch.no_grad():
            program = torch.export.export(model, (x,))
            expected = model(x).numpy()
        result[name] = (lambda p=program: from_exported_program(p, unwrap_unit_return_tuple=True), [x.numpy()],
                        lambda *_, e=expected: e)
    return result


def export(outdir, models=False):
    every = {**cases(), **(torch_cases() if models else {})}
    for name, (build, inputs, reference) in every.items():
        mod = build()
        expected = reference(*inputs)
        for arch in ARCHS:
            folder = os.path.join(outdir, f"{name}-{arch}")
            os.makedirs(folder, exist_ok=True)
            tvmlir.compile(mod, target={"kind": "cuda", "arch": arch}).export_library(
                os.path.join(folder, "module.so"))
            for index, array in enumerate(inputs):
                np.save(os.path.join(folder, f"in{index}.npy"), array)
            np.save(os.path.join(folder, "expected.npy"), expected)
            print(f"exported {folder}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--models"):
        sys.exit("usage: python scripts/gpu_export.py OUTDIR [--models]")
    export(sys.argv[1], models=len(sys.argv) == 3)
