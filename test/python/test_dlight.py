"""tvmlir.dlight as the tutorial uses it: ApplyDefaultSchedule(Matmul(),
Fallback()) under a cuda target, then compile for CUDA."""

import shutil
import subprocess

import pytest

import tvmlir
from tvmlir import TVMLIRError, relax
from tvmlir import dlight as dl
from tvmlir.ir import IRModule, make_context
from tvmlir.script import from_source
from tvmlir.testing import build_mlp_module


def _zero_mlp():
    return relax.get_pipeline("zero")(IRModule(build_mlp_module(make_context(), batch=1)))


def test_default_schedule_binds_threads_and_reads_back():
    with tvmlir.target.Target("cuda"):
        gpu_mod = dl.ApplyDefaultSchedule(dl.gpu.Matmul(), dl.gpu.Fallback())(_zero_mlp())
    script = gpu_mod.script()
    assert 'T.thread_binding(T.int64(256), thread="threadIdx.x")' in script
    assert "T.where(bx * T.int64(256) + tx < T.int64(256))" in script
    assert from_source(script).script() == script


@pytest.mark.skipif(shutil.which("ptxas") is None, reason="ptxas not on PATH")
def test_scheduled_module_compiles_to_ptx_that_ptxas_assembles(tmp_path):
    with tvmlir.target.Target("cuda"):
        gpu_mod = dl.ApplyDefaultSchedule(dl.gpu.Matmul(), dl.gpu.Fallback())(_zero_mlp())
    ptx = tvmlir.compile(gpu_mod, target={"kind": "cuda", "arch": "sm_90"}).ptx()
    assert ptx
    for index, text in enumerate(ptx.values()):
        source = tmp_path / f"kernels{index}.ptx"
        source.write_text(text)
        subprocess.run(["ptxas", "-arch=sm_90", str(source), "-o", str(tmp_path / "out.cubin")], check=True)


def test_schedule_needs_a_gpu_target_and_rules():
    with pytest.raises(TVMLIRError, match="inside `with tvmlir.target.Target"):
        dl.ApplyDefaultSchedule(dl.gpu.Fallback())(_zero_mlp())
    with tvmlir.target.Target("llvm"), pytest.raises(TVMLIRError, match="the target in scope is Target"):
        dl.ApplyDefaultSchedule(dl.gpu.Fallback())(_zero_mlp())
    with pytest.raises(TVMLIRError, match="takes dlight rules"):
        dl.ApplyDefaultSchedule("fallback")
