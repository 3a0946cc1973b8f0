"""The CUDA path: compile to PTX, assemble it, export; running needs a GPU
(scripts/gpu_check.sh runs the exported cases on one)."""

import ctypes.util
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.base import TVMLIRError
from tvmlir.gpu.cases import cases
from tvmlir.target import Target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = cases()


def _has_cuda_driver():
    try:
        ctypes.CDLL("libcuda.so.1")
        return True
    except OSError:
        return False


needs_no_driver = pytest.mark.skipif(_has_cuda_driver(), reason="a CUDA driver is present")
needs_ptxas = pytest.mark.skipif(shutil.which("ptxas") is None, reason="ptxas not on PATH")


@pytest.fixture(scope="module")
def compiled():
    """Each case compiled for each arch, once."""
    return {(name, arch): tvmlir.compile(build(), target={"kind": "cuda", "arch": arch})
            for name, (build, _, _) in CASES.items() for arch in ("sm_80", "sm_90")}


def test_cuda_targets():
    assert Target("cuda").arch == "sm_80"
    assert Target({"kind": "cuda", "arch": "sm_90"}).arch == "sm_90"
    assert Target("cuda -arch=sm_90").arch == "sm_90"
    with pytest.raises(TVMLIRError, match="arch is sm_<version>"):
        Target({"kind": "cuda", "arch": "hopper"})


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_ptx_targets_the_arch(compiled, name, arch):
    ptx = compiled[name, arch].ptx()
    assert ptx, "no kernel module"
    for module, text in ptx.items():
        assert f".target {arch}" in text, module
        assert ".entry" in text, module


@needs_ptxas
@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_ptx_assembles(compiled, tmp_path, name, arch):
    for module, text in compiled[name, arch].ptx().items():
        source = tmp_path / f"{module}.ptx"
        source.write_text(text)
        result = subprocess.run(["ptxas", f"-arch={arch}", str(source), "-o", str(tmp_path / "out.cubin")],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{module}: {result.stderr}"


def test_one_kernel_per_stage(compiled):
    """The MLP's prim_funcs have 7 stages (2 transposes; matmul, add, relu;
    matmul, add): 7 kernels, launched in order."""
    ex = compiled["mlp", "sm_80"]
    assert len(ex.ptx()) == 7
    text = str(ex.mod.mlir)
    launches = re.findall(r"gpu.launch_func.*?@(\w+)::", text)
    assert launches == ["transpose_kernel", "transpose1_kernel", "fused_matmul_add_relu_kernel",
                        "fused_matmul_add_relu_kernel_0", "fused_matmul_add_relu_kernel_1",
                        "fused_matmul1_add1_kernel", "fused_matmul1_add1_kernel_2"]


@pytest.mark.parametrize("name", CASES)
def test_cases_match_their_references_on_cpu(name):
    """The references the GPU check compares with are right (checked on the CPU)."""
    build, inputs, reference = CASES[name]
    vm = relax.VirtualMachine(tvmlir.compile(build(), target="llvm"), tvmlir.cpu())
    np.testing.assert_allclose(vm["main"](*inputs).numpy(), reference(*inputs), rtol=1e-4, atol=1e-5)


@needs_no_driver
def test_running_without_a_gpu_is_a_clear_error(compiled):
    build, inputs, _ = CASES["elementwise"]
    vm = relax.VirtualMachine(compiled["elementwise", "sm_80"], tvmlir.cpu())
    with pytest.raises(TVMLIRError, match="no CUDA driver"):
        vm["main"](*inputs)


def test_arguments_stay_on_the_host(compiled):
    with pytest.raises(TVMLIRError, match="takes and returns host arrays"):
        relax.VirtualMachine(compiled["sum", "sm_80"], tvmlir.device("cuda"))


def test_export_is_self_contained(compiled, tmp_path):
    """One library: host code, PTX and runtime; it needs only the C library
    (the driver is opened when it runs)."""
    path = tmp_path / "mlp.so"
    compiled["mlp", "sm_90"].export_library(path)
    needed = re.findall(r"\(NEEDED\).*\[(.*)\]", subprocess.run(["readelf", "-d", str(path)],
                                                               capture_output=True, text=True).stdout)
    assert all(re.match(r"lib(c|dl|m)\.so|ld-linux", lib) for lib in needed), needed  # ld-linux: thread-locals
    exported = subprocess.run(["nm", "-D", "--defined-only", str(path)], capture_output=True, text=True).stdout
    for symbol in ("tvmlir_cuda_init", "_mlir_ciface_main", "mgpuLaunchKernel"):
        assert symbol in exported
    # The kernel loader that tvmlir_cuda_init calls is linked in (a local symbol).
    assert re.search(r" t __orc_init_func\.LLVMDialectModule\n", subprocess.run(
        ["nm", "--defined-only", str(path)], capture_output=True, text=True).stdout)
    ex = tvmlir.runtime.load_module(path)
    assert ex.function_names() == ["main"] and ex.target.kind == "cuda"


@needs_no_driver
def test_loaded_library_without_a_gpu_is_a_clear_error(compiled, tmp_path):
    path = tmp_path / "sum.so"
    compiled["sum", "sm_80"].export_library(path)
    vm = relax.VirtualMachine(tvmlir.runtime.load_module(path), tvmlir.cpu())
    with pytest.raises(TVMLIRError, match="no CUDA driver"):
        vm["main"](CASES["sum"][1][0])


@needs_no_driver
def test_device_check_reports_failures(tmp_path):
    """scripts/gpu_export.py + the standalone loader of scripts/gpu_check.sh:
    without a GPU every case fails, with the reason, and the exit is 1."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    export = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gpu_export.py"), str(tmp_path)],
                            capture_output=True, text=True, env=env)
    assert export.returncode == 0, export.stderr
    size = sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())
    assert size < 30 << 20
    check = subprocess.run(["sh", os.path.join(ROOT, "scripts", "gpu_check.sh"), str(tmp_path), sys.executable],
                           capture_output=True, text=True,
                           env={**os.environ, "GPU_CHECK_RESULTS": str(tmp_path / "gpu_check.md")})
    assert check.returncode == 1
    assert check.stdout.count("FAIL") == 2 * len(CASES), check.stdout
    assert "no CUDA driver" in check.stdout
