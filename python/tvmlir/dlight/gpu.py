"""dlight's GPU rules (TVM's ``tvm.dlight.gpu``)."""


class ScheduleRule:
    """A rule: the pass pipeline that schedules the prim_funcs it applies to
    (None: it applies to none yet)."""

    pipeline = None


class Fallback(ScheduleRule):
    """Each stage's spatial loops fused and split onto blockIdx.x x
    threadIdx.x (256 threads), reductions inside each thread, a bound check
    on each block (`tensorir-gpu-default-schedule`)."""

    pipeline = "tensorir-gpu-default-schedule"


class Matmul(ScheduleRule):
    """TVM's tiled matmul schedule (shared memory, register tiles): not
    written yet, so it schedules no function and matmuls fall to a later
    rule."""
