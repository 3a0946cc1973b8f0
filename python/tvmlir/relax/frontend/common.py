"""What the frontends share: building relax functions with TVM's binding
names, and the parameters kept beside a module."""

import numpy as np
from mlir import ir

from ...dialects import relax as rx
from ...runtime.tensor import cpu, tensor


def detach_params(mod):
    """``(mod_without_params, {"main": [tensors...]})``: the weights that an
    importer kept as function parameters (TVM's ``relax.frontend.detach_params``)."""
    params = {name: [tensor(array, cpu()) for array in arrays] for name, arrays in mod.params.items()}
    detached = mod.copy()
    detached.params = {}
    return detached, params


def name_loc(name):
    """The location that names a value (docs/tvmscript.md: names live in locations)."""
    return ir.Location.name(name, childLoc=ir.Location.unknown())


class BlockBuilder:
    """Emits relax ops, naming each binding as TVM's block builder does: the
    name hint (``default`` when none is given) the first time, then the hint
    with a counter: ``lv``, ``lv1``, ``lv2``; ``add``, ``add1``."""

    def __init__(self, default="lv"):
        self.default = default
        self.counts = {}

    def name(self, hint=None):
        # TVM's NameTable::GetUniqueName; a name it hands out is also taken,
        # so that a later hint "add1" does not repeat it.
        base = (hint or self.default).replace(".", "_")
        if base not in self.counts:
            self.counts[base] = 0
            return base
        while True:
            self.counts[base] += 1
            name = f"{base}{self.counts[base]}"
            if name not in self.counts:
                self.counts[name] = 0
                return name

    def loc(self, name=None):
        return name_loc(name or self.name())

    def emit(self, build, *args, name=None, **kwargs):
        """Calls a relax op builder with the next binding name for ``name``
        (the default hint when None)."""
        return build(*args, loc=name_loc(self.name(name)), **kwargs)


def tensor_type(shape, element_type):
    """``tensor<...>`` of ``shape`` (ints, and strings for symbolic dimensions:
    each becomes a ``?`` named in a ``#relax.sym`` encoding, ``"?"`` for one
    known by no name)."""
    dims = [d if isinstance(d, int) else ir.ShapedType.get_dynamic_size() for d in shape]
    names = [d for d in shape if not isinstance(d, int)]
    if not names:
        return ir.RankedTensorType.get(dims, element_type)
    encoding = ir.Attribute.parse("#relax.sym<[" + ", ".join(f'"{n}"' for n in names) + "]>")
    return ir.RankedTensorType.get(dims, element_type, encoding)


def build_function(module, name, params, body, num_input=None):
    """Appends ``relax.function @name`` to ``module`` (an ``mlir.ir.Module``).

    params: ``(name, type)`` pairs. ``body(arguments)`` emits the bindings at
    the current insertion point and returns the values to output; they become
    the function's results (their types are known only once traced, so the
    bindings are moved into the ``relax.dataflow`` afterwards, and the
    function type is set last).
    """
    arg_types = [t for _, t in params]
    with ir.InsertionPoint(module.body):
        func = rx.FuncOp(name, ir.TypeAttr.get(ir.FunctionType.get(arg_types, [])), loc=name_loc(name))
        if num_input is not None:
            func.attributes["num_input"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), num_input)
        entry = func.body.blocks.append(*arg_types, arg_locs=[name_loc(n) for n, _ in params])
    with ir.InsertionPoint(entry):
        outputs = list(body(list(entry.arguments)))
        bindings = list(entry.operations)
        dataflow = rx.DataflowOp([v.type for v in outputs], loc=name_loc("gv"))
        with ir.InsertionPoint(dataflow.body.blocks.append()):
            output = rx.OutputOp(outputs)
        for binding in bindings:
            binding.move_before(output)
        rx.ReturnOp(list(dataflow.results))
    func.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(arg_types, [v.type for v in outputs]))
    return func


def dense_attr(array):
    """A NumPy array as the DenseElementsAttr of a ``relax.constant`` (0-D
    kept; bools as i1, which DenseElementsAttr packs one bit per element)."""
    array = np.array(array, order="C", copy=None)
    if array.dtype == np.bool_:
        return ir.DenseElementsAttr.get(np.packbits(array.ravel(), bitorder="little"),
                                        type=ir.IntegerType.get_signless(1), shape=list(array.shape))
    return ir.DenseElementsAttr.get(array)


def shape_of(value):
    """The extents of a relax tensor value (dynamic ones as MLIR's marker)."""
    return list(ir.RankedTensorType(value.type).shape)


def rank_of(value):
    return ir.RankedTensorType(value.type).rank


def element_of(value):
    return ir.RankedTensorType(value.type).element_type


def is_float_type(element):
    return isinstance(element, (ir.F16Type, ir.F32Type, ir.F64Type, ir.BF16Type))
