"""Op builders of the loop-level ``tensorir`` dialect (generated from ODS)."""

from ._tensorir_ops_gen import *  # noqa: F401,F403
from ._tensorir_ops_gen import _Dialect  # noqa: F401
from ._tensorir_enum_gen import *  # noqa: F401,F403
