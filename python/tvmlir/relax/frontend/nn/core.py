"""The core of ``nn`` (TVM's ``relax.frontend.nn.core``):

- ``Tensor``: a relax value traced while a module is exported, with its shape
  and dtype (known at once: every op infers its result type when built);
- ``Parameter``: a weight, a function parameter of the exported functions;
- ``Module``: a container of parameters and sub-modules, found in the order
  the attributes were set (``fc1.weight``, ``layers.0.bias``, ...);
- ``ModuleList`` / ``Sequential``.

Ops are emitted into the function being exported (``exporter.current()``).
"""

import numpy as np
from mlir import ir

from ....base import TVMLIRError
from ....ir.context import default_context
from ....script.parser import element_type
from ....script.printer import dtype_of, relax_shape

_DEFAULT_DTYPE = "float32"


def get_default_dtype():
    """The dtype of a Parameter made without one (TVM's default: float32)."""
    return _DEFAULT_DTYPE


def set_default_dtype(dtype):
    global _DEFAULT_DTYPE
    check_dtype(dtype, "set_default_dtype")
    _DEFAULT_DTYPE = dtype


def check_dtype(dtype, what):
    """``dtype`` if tvmlir has an element type for it, else a TVMLIRError naming ``what``."""
    with default_context():
        known = element_type(dtype) is not None
    if not known:
        raise TVMLIRError(f"{what}: unknown dtype {dtype!r} (expected one of float16, float32, "
                          "float64, bfloat16, bool, int8/16/32/64, uint8/16/32/64)")
    return dtype


def check_shape(shape, what):
    """A shape as a list: ints >= 0, and names (identifiers) for symbolic dimensions."""
    if isinstance(shape, int):
        shape = [shape]
    try:
        dims = list(shape)
    except TypeError:
        raise TVMLIRError(f"{what}: shape must be a sequence of ints and names, got {shape!r}") from None
    for dim in dims:
        ok = (isinstance(dim, int) and not isinstance(dim, bool) and dim >= 0) or \
             (isinstance(dim, str) and (dim.isidentifier() or dim == "?"))
        if not ok:
            raise TVMLIRError(f"{what}: shape {tuple(dims)} has {dim!r}; each dimension must be an "
                              "int >= 0 or a name such as \"n\"")
    return dims


class Tensor:
    """A relax value of tensor type, traced while a module is exported.

    Never made by users: inputs come from ``nn.spec.Tensor``, others from ops.
    The arithmetic operators are ``nn.op`` functions.
    """

    def __init__(self, *, _expr):
        self._expr = _expr

    @property
    def _type(self):
        return ir.RankedTensorType(self._expr.type)

    @property
    def shape(self):
        """The dimensions: ints, and names (strings) for symbolic ones."""
        return relax_shape(self._type)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def dtype(self):
        return dtype_of(self._type.element_type)

    def __repr__(self):
        return f'Tensor({self.shape}, "{self.dtype}")'

    # Operators (TVM's _TensorOp): scalars become constants of this dtype.
    def __add__(self, other):
        return _op().add(self, other)

    def __radd__(self, other):
        return _op().add(other, self)

    def __sub__(self, other):
        return _op().subtract(self, other)

    def __rsub__(self, other):
        return _op().subtract(other, self)

    def __mul__(self, other):
        return _op().multiply(self, other)

    def __rmul__(self, other):
        return _op().multiply(other, self)

    def __truediv__(self, other):
        return _op().divide(self, other)

    def __rtruediv__(self, other):
        return _op().divide(other, self)

    def __matmul__(self, other):
        return _op().matmul(self, other)

    def __neg__(self):
        return _op().negative(self)

    def __lt__(self, other):
        return _op().less(self, other)

    def __gt__(self, other):
        return _op().greater(self, other)

    def __le__(self, other):
        return _op().less_equal(self, other)

    def __ge__(self, other):
        return _op().greater_equal(self, other)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        return _op().reshape(self, shape)

    def permute_dims(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = axes[0]
        return _op().permute_dims(self, list(axes) if axes else None)

    def astype(self, dtype):
        return _op().astype(self, dtype)

    def maximum(self, other):
        return _op().maximum(self, other)

    def minimum(self, other):
        return _op().minimum(self, other)


def _op():
    from . import op  # op builds on Tensor: imported when first used

    return op


class Parameter(Tensor):
    """A weight of a module: ``Parameter(shape, dtype)``. While a module is
    exported it is one of the function's parameters; ``data`` may hold its
    value (a NumPy array)."""

    def __init__(self, shape, dtype=None):
        dtype = get_default_dtype() if dtype is None else dtype
        self._shape = check_shape(shape, "Parameter")
        self._dtype = check_dtype(dtype, "Parameter")
        self._data = None
        super().__init__(_expr=None)

    @property
    def shape(self):
        return list(self._shape)

    @property
    def dtype(self):
        return self._dtype

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, value):
        if value is None:
            self._data = None
            return
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        expected = tuple(self._shape)
        if array.shape != expected or str(array.dtype) != self._dtype:
            raise TVMLIRError(f"Parameter.data: expected {expected} {self._dtype}, "
                              f"got {array.shape} {array.dtype}")
        self._data = array

    def to(self, dtype=None):
        if dtype is not None:
            if self._data is not None:
                raise TVMLIRError("Parameter.to: the parameter holds data; its dtype stays")
            self._dtype = check_dtype(dtype, "Parameter.to")

    def __repr__(self):
        return f'Parameter({self.shape}, "{self.dtype}")'


class Module:
    """Base class of models: set ``Parameter``s and sub-modules as attributes
    in ``__init__``, compute in ``forward``; ``export_tvm`` makes an IRModule."""

    def named_parameters(self, prefix=""):
        """``(name, Parameter)`` pairs in definition order: ``fc1.weight``, ..."""
        for name, item in _walk(self, prefix):
            if isinstance(item, Parameter):
                yield name, item

    def parameters(self):
        for _, param in self.named_parameters():
            yield param

    def named_modules(self, prefix=""):
        """``(name, Module)`` pairs of this module (``prefix``) and every sub-module."""
        yield prefix, self
        for name, item in _walk(self, prefix):
            if isinstance(item, Module):
                yield name, item

    def state_dict(self, prefix=""):
        return dict(self.named_parameters(prefix))

    def __call__(self, *args, **kwargs):
        if not hasattr(self, "forward"):
            raise TVMLIRError(f"{type(self).__name__} has no forward method")
        from .exporter import calling

        with calling(self):
            return self.forward(*args, **kwargs)

    def to(self, dtype=None):
        """Changes the dtype of every parameter (that holds no data)."""
        for param in self.parameters():
            param.to(dtype)

    def export_tvm(self, spec, debug=False):
        """``(IRModule, [(name, Parameter), ...])``: one relax function per
        method of ``spec`` (``{"forward": {"x": nn.spec.Tensor((1, 784), "float32")}}``),
        taking the method's inputs, then every parameter (``num_input`` says how
        many are inputs)."""
        from .exporter import export

        return export(self, spec, debug)


class ModuleList(Module):
    """Sub-modules in a list; their parameters are named ``<attr>.<index>.<name>``.
    Called, it applies each in turn."""

    def __init__(self, modules):
        self.modules = list(modules)

    def __iter__(self):
        return iter(self.modules)

    def __getitem__(self, index):
        return self.modules[index]

    def __setitem__(self, index, module):
        self.modules[index] = module

    def __len__(self):
        return len(self.modules)

    def append(self, module):
        self.modules.append(module)

    def forward(self, x):
        for module in self.modules:
            x = module(x)
        return x


class Sequential(ModuleList):
    """``Sequential(m0, m1, ...)``: applies the modules in order (named as a ModuleList)."""

    def __init__(self, *modules):
        super().__init__(modules)


def _walk(root, prefix):
    """Every parameter and sub-module under ``root``, depth first in attribute
    order, with its dotted name (TVM's _attribute_finder)."""
    if isinstance(root, ModuleList):
        items = [(str(i), m) for i, m in enumerate(root.modules)]
    else:
        items = list(vars(root).items())
    for name, item in items:
        path = prefix + name
        if isinstance(item, Parameter):
            yield path, item
        elif isinstance(item, Module):
            yield path, item
            yield from _walk(item, path + ".")
