"""Modules that exercise the CUDA path, with inputs and NumPy references:
shared by the tests (which compile them) and scripts/gpu_export.py (which
exports them for a GPU machine)."""

import numpy as np

from ..ir import IRModule

_ELEMENTWISE = """
relax.function @main(%x: tensor<1000x33xf32>, %y: tensor<33xf32>) -> tensor<1000x33xf32> {
  %0 = relax.add %x, %y : tensor<1000x33xf32>, tensor<33xf32> -> tensor<1000x33xf32>
  %1 = relax.nn.relu %0 : tensor<1000x33xf32>
  relax.return %1 : tensor<1000x33xf32>
}"""

_SUM = """
relax.function @main(%x: tensor<64x300x5xf32>) -> tensor<64x5xf32> {
  %0 = relax.sum %x axis [1] : tensor<64x300x5xf32> -> tensor<64x5xf32>
  relax.return %0 : tensor<64x5xf32>
}"""

_SOFTMAX = """
relax.function @main(%x: tensor<37x129xf32>) -> tensor<37x129xf32> {
  %0 = relax.nn.softmax %x : tensor<37x129xf32>
  relax.return %0 : tensor<37x129xf32>
}"""

_SYMBOLIC = """
relax.function @main(%x: tensor<?x40xf32, #relax.sym<["n"]>>, %y: tensor<?x40xf32, #relax.sym<["n"]>>) -> tensor<?x40xf32, #relax.sym<["n"]>> {
  %0 = relax.multiply %x, %y : tensor<?x40xf32, #relax.sym<["n"]>>, tensor<?x40xf32, #relax.sym<["n"]>> -> tensor<?x40xf32, #relax.sym<["n"]>>
  %1 = relax.exp %0 : tensor<?x40xf32, #relax.sym<["n"]>>
  relax.return %1 : tensor<?x40xf32, #relax.sym<["n"]>>
}"""


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _mlp_module():
    from .. import relax
    from ..ir.context import default_context
    from ..testing import build_mlp_module

    return relax.get_pipeline("zero")(IRModule(build_mlp_module(default_context())))


def _mlp_reference(x, w1, b1, w2, b2):
    return np.maximum(x @ w1.T + b1, 0) @ w2.T + b2


def cases():
    """name -> (module builder, inputs, reference function of the inputs)."""
    rng = np.random.default_rng(0)

    def rand(*shape):
        return rng.standard_normal(shape).astype("float32")

    return {
        "elementwise": (lambda: IRModule.from_mlir(_ELEMENTWISE), [rand(1000, 33), rand(33)],
                        lambda x, y: np.maximum(x + y, 0)),
        "sum": (lambda: IRModule.from_mlir(_SUM), [rand(64, 300, 5)], lambda x: x.sum(axis=1)),
        "softmax": (lambda: IRModule.from_mlir(_SOFTMAX), [rand(37, 129)], _softmax),
        "symbolic": (lambda: IRModule.from_mlir(_SYMBOLIC), [rand(77, 40), rand(77, 40)],
                     lambda x, y: np.exp(x * y)),
        "mlp": (_mlp_module, [rand(1, 784), rand(256, 784), rand(256), rand(10, 256), rand(10)],
                _mlp_reference),
    }
