"""GPU schedules of prim_funcs (TVM's ``tvm.dlight``).

    from tvmlir import dlight as dl
    with tvmlir.target.Target("cuda"):
        gpu_mod = dl.ApplyDefaultSchedule(dl.gpu.Matmul(), dl.gpu.Fallback())(mod)

``ApplyDefaultSchedule`` tries its rules in order on every prim_func not yet
scheduled (without thread bindings). The rules written so far: ``Fallback``,
TVM's fallback (each stage's spatial loops fused onto blockIdx.x x
threadIdx.x, reductions in each thread). ``Matmul`` (TVM's tiled matmul with
shared memory) is not written yet: it schedules no function, so a later rule
schedules matmuls. ``tvmlir.compile(mod, target="cuda")`` applies the
fallback to what is left.
"""

from ..base import TVMLIRError
from ..target import Target
from ..transform import Pass
from . import gpu


class ApplyDefaultSchedule:
    """A pass that schedules each unscheduled prim_func with the first rule
    that applies to it; needs a GPU target in scope."""

    def __init__(self, *rules):
        for rule in rules:
            if not isinstance(rule, gpu.ScheduleRule):
                raise TVMLIRError(f"ApplyDefaultSchedule takes dlight rules, not {type(rule).__name__}")
        self.rules = rules

    def __call__(self, mod):
        target = Target.current()
        if target is None or target.kind not in ("cuda", "nvptx"):
            raise TVMLIRError("dlight schedules for a GPU: apply them inside `with tvmlir.target.Target(\"cuda\"):`"
                              f" (the target in scope is {target})")
        for rule in self.rules:
            if rule.pipeline:
                mod = Pass(rule.pipeline, f"dlight.gpu.{type(rule).__name__}")(mod)
        return mod


__all__ = ["ApplyDefaultSchedule", "gpu"]
