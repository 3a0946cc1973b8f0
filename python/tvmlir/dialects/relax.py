"""Op builders of the graph-level ``relax`` dialect (generated from ODS)."""

from ._relax_ops_gen import *  # noqa: F401,F403
from ._relax_ops_gen import _Dialect  # noqa: F401
from ._relax_enum_gen import *  # noqa: F401,F403

from mlir.ir import TypeAttr as _TypeAttr
from mlir.ir import register_attribute_builder as _register_attribute_builder


# `dtype`/`out_dtype` are Relax_DtypeAttr in ODS (a TypeAttr constrained to
# element types): the builders take a Type, as for a plain TypeAttr.
@_register_attribute_builder("Relax_DtypeAttr", replace=True)
def _dtype_attr(value, context):
    return _TypeAttr.get(value, context=context)
