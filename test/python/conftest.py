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
