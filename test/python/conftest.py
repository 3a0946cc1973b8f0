import os
import pathlib
import shutil
import sys

import pytest

from tvmlir.ir import make_context


@pytest.fixture
def context():
    return make_context()


@pytest.fixture(scope="session")
def relax_opt():
    # The venv's bin folder first, so that an unactivated venv's python works.
    search = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    path = shutil.which("relax-opt", path=search)
    assert path, "relax-opt is not on PATH: install tvmlir (pip install -e .)"
    return path


GOLDEN = pathlib.Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def golden():
    """golden(name): a printed block of the seed tutorial (golden/<name>.txt)."""
    return lambda name: (GOLDEN / f"{name}.txt").read_text().rstrip("\n")


@pytest.fixture(scope="session")
def torch_mlp():
    """torch_mlp(batch): the seed's MLP written in PyTorch and imported with its
    parameters as inputs -> (IRModule, x, parameters, PyTorch's output), NumPy."""
    import torch

    from tvmlir.relax.frontend.torch import from_exported_program

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).eval()

    def imported(batch):
        x = torch.randn(batch, 784)
        mod = from_exported_program(torch.export.export(model, (x,)), keep_params_as_input=True)
        params = [p.detach().numpy() for p in model.parameters()]
        return mod, x.numpy(), params, model(x).detach().numpy()

    return imported
