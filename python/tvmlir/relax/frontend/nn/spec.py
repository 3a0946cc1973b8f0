"""Input specifications of ``Module.export_tvm`` (TVM's ``relax.frontend.nn.spec``).

A module spec maps each method to export to the specs of its arguments::

    {"forward": {"x": nn.spec.Tensor(("n", 784), "float32")}}

A string dimension is symbolic: it is named in the function's signature, and
every input that uses the same name shares the dimension.
"""


class Tensor:
    """A tensor input: its shape (ints, and names for symbolic dimensions) and dtype.
    Checked when the module is exported, where errors can name the argument."""

    def __init__(self, shape, dtype):
        self.shape = list(shape) if isinstance(shape, (list, tuple)) else shape
        self.dtype = dtype

    def __repr__(self):
        shape = ", ".join(str(d) for d in self.shape) if isinstance(self.shape, list) else repr(self.shape)
        return f"Tensor([{shape}], '{self.dtype}')"


class Int:
    """An integer input (TVM's ``nn.spec.Int``): tvmlir has no relax shape
    values yet, so exporting a method with one is an error."""

    def __repr__(self):
        return "int"
