"""Raw MLIR bindings of the ``relax`` and ``tensorir`` dialects.

The op classes are generated from the dialects' ODS by ``mlir-tblgen`` and
register with the ``mlir`` Python package, so they mix freely with
``mlir.dialects.arith`` and friends in one context.
"""

from mlir import ir as _mlir
from mlir._mlir_libs import _mlir as _cext

from .._mlir_libs import _tvmlir

# Operations of the `relax` and `tensorir` namespaces found in a module (e.g.
# after parsing) come back as their typed OpView classes from this package.
_cext.globals.append_dialect_search_prefix(__name__)


def register_dialects(context, load=True):
    """Registers (and by default loads) relax and tensorir in ``context``."""
    _tvmlir.register_dialects(context, load)


def insert_dialects(registry: _mlir.DialectRegistry):
    """Adds relax and tensorir to an ``mlir.ir.DialectRegistry``."""
    _tvmlir.insert_dialects(registry)
