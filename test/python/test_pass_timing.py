"""Pass timing: compile(timing=True) and PassContext(instruments=[PassTimingInstrument()])."""

import numpy as np
import pytest

import tvmlir
from tvmlir import relax
from tvmlir.ir import IRModule, default_context
from tvmlir.testing import build_mlp_module
from tvmlir.transform import PassContext, PassTimingInstrument


def _mlp():
    return IRModule(build_mlp_module(default_context()))


def test_compile_with_timing_reports_each_pass_and_the_llvm_step(capsys):
    ex = tvmlir.compile(_mlp(), target="llvm", timing=True)
    printed = capsys.readouterr()
    steps = {(step, name.strip()) for step, name, _ in ex.timing.entries}
    for expected in [("LegalizeOps", "LegalizeOps"), ("lowering to LLVM", "ConvertRelaxToFunc"),
                     ("lowering to LLVM", "ConvertFuncToLLVMPass"),
                     ("LLVM", "ExecutionEngine: LLVM IR, -O3, machine code")]:
        assert expected in steps, expected
        assert expected[1] in printed.out
    assert "Execution time report" not in printed.err  # MLIR's own report is taken in, not printed
    assert all(seconds >= 0 for _, _, seconds in ex.timing.entries)
    llvm = [seconds for step, _, seconds in ex.timing.entries if step == "LLVM"]
    assert llvm[0] > 0 and ex.timing.total() >= llvm[0]
    # The executable still runs (its code was made while timing).
    rng = np.random.default_rng(0)
    args = [rng.standard_normal(s).astype("float32") for s in [(1, 784), (256, 784), (256,), (10, 256), (10,)]]
    x, w1, b1, w2, b2 = args
    out = relax.VirtualMachine(ex, tvmlir.cpu())["main"](*args).numpy()
    np.testing.assert_allclose(out, np.maximum(x @ w1.T + b1, 0) @ w2.T + b2, rtol=1e-5, atol=1e-5)


def test_pass_context_times_the_zero_pipeline():
    timing = PassTimingInstrument()
    with PassContext(instruments=[timing]):
        relax.get_pipeline("zero")(_mlp())
    names = [name for _, name, _ in timing.entries]
    assert names[:5] == ["LegalizeOps", "AnnotateTIROpPattern", "FoldConstant", "FuseOps", "FuseTIR"]
    assert "FuseTIR" in timing.render()
    relax.transform.LegalizeOps()(_mlp())  # outside the context: nothing more is recorded
    assert len(timing.entries) == len(names)


def test_pass_context_rejects_other_instruments():
    with pytest.raises(TypeError, match="PassContext takes PassTimingInstrument instruments, not str"):
        PassContext(instruments=["timing"])
