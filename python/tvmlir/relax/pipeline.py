"""Named pass pipelines (TVM's ``relax.get_pipeline``)."""

from ..base import TVMLIRError
from ..transform import Sequential
from . import transform


def _zero_passes():
    return [
        transform.LegalizeOps(),
        transform.AnnotateTIROpPattern(),
        transform.FoldConstant(),
        transform.FuseOps(),
        transform.FuseTIR(),
    ]


def zero_pipeline():
    """TVM's "zero" pipeline: the fundamental lowering and fusion."""
    return Sequential(_zero_passes(), name="zero")


def default_pipeline():
    """TVM's "default" build pipeline, what ``tvmlir.compile`` runs unless
    told otherwise: the zero pipeline, then dead-code elimination."""
    return Sequential(_zero_passes() + [transform.DeadCodeElimination()], name="default")


PIPELINES = {"zero": zero_pipeline, "default": default_pipeline}


def get_pipeline(name="zero"):
    """The pass pipeline called ``name``."""
    if name not in PIPELINES:
        raise TVMLIRError(f"unknown pipeline '{name}'; the pipelines are: {', '.join(sorted(PIPELINES))}")
    return PIPELINES[name]()
