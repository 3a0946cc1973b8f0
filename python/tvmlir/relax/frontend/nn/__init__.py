"""PyTorch-like modules that write relax directly (TVM's ``relax.frontend.nn``)::

    from tvmlir.relax.frontend import nn

    class Model(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(784, 10)

        def forward(self, x):
            return nn.op.relu(self.fc(x))

    mod, params = Model().export_tvm({"forward": {"x": nn.spec.Tensor(("n", 784), "float32")}})
"""

from . import op, spec
from .core import (Module, ModuleList, Parameter, Sequential, Tensor, get_default_dtype,
                   set_default_dtype)
from .modules import GELU, Conv2D, Embedding, GroupNorm, Identity, LayerNorm, Linear, ReLU, RMSNorm, SiLU

__all__ = [
    "op", "spec", "Module", "ModuleList", "Parameter", "Sequential", "Tensor", "get_default_dtype",
    "set_default_dtype", "GELU", "Conv2D", "Embedding", "GroupNorm", "Identity", "LayerNorm", "Linear",
    "ReLU", "RMSNorm", "SiLU",
]
