"""Op builders of the graph-level ``relax`` dialect (generated from ODS)."""

from ._relax_ops_gen import *  # noqa: F401,F403
from ._relax_ops_gen import _Dialect  # noqa: F401
from ._relax_enum_gen import *  # noqa: F401,F403
