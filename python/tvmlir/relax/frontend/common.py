"""What the frontends share: building relax functions with TVM's binding
names, and the parameters kept beside a module."""

from mlir import ir

from ...runtime.tensor import cpu, tensor


def detach_params(mod):
    """``(mod_without_params, {"main": [tensors...]})``: the weights that an
    importer kept as function parameters (TVM's ``relax.frontend.detach_params``)."""
    params = {name: [tensor(array, cpu()) for array in arrays] for name, arrays in mod.params.items()}
    detached = mod.copy()
    detached.params = {}
    return detached, params


class BlockBuilder:
    """Emits relax ops into a dataflow block, naming each binding as TVM's
    block builder does: ``lv``, ``lv1``, ``lv2``, ..."""

    def __init__(self):
        self.count = 0

    def name(self):
        name = "lv" if self.count == 0 else f"lv{self.count}"
        self.count += 1
        return name

    def loc(self, name=None):
        return ir.Location.name(name or self.name(), childLoc=ir.Location.unknown())

    def emit(self, build, *args, **kwargs):
        """Calls a relax op builder with the next binding name."""
        return build(*args, loc=self.loc(), **kwargs)
