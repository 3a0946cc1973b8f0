"""The seed tutorial's MLP (784 -> 256 -> ReLU -> 10), built through the raw
bindings of the relax dialect, exactly as the seed's PyTorch import prints it:

    lv = R.permute_dims(p_fc1_weight, axes=None)
    lv1 = R.matmul(x, lv, out_dtype="float32")
    lv2 = R.add(lv1, p_fc1_bias)
    lv3 = R.nn.relu(lv2)
    lv4 = R.permute_dims(p_fc2_weight, axes=None)
    lv5 = R.matmul(lv3, lv4, out_dtype="float32")
    lv6 = R.add(lv5, p_fc2_bias)
"""

from mlir import ir

from ..dialects import relax

# Parameter names and shapes, in argument order (the seed's torch import).
MLP_SHAPES = {
    "x": (1, 784),
    "p_fc1_weight": (256, 784),
    "p_fc1_bias": (256,),
    "p_fc2_weight": (10, 256),
    "p_fc2_bias": (10,),
}


def build_mlp_module(context, batch=1, source="mlp.py"):
    """Returns an ``mlir.ir.Module`` holding the seed's ``main``.

    Values carry their TVMScript names as ``NameLoc``s (``x``, ``lv1``, ...),
    each fused with a file location in ``source``. ``batch`` may be an int or a
    symbolic name such as ``"n"``.
    """
    with context, ir.Location.unknown():
        f32 = ir.F32Type.get()
        shapes = dict(MLP_SHAPES, x=(batch, 784))

        def tensor(*shape):
            if any(isinstance(d, str) for d in shape):
                names = [d for d in shape if isinstance(d, str)]
                dims = [ir.ShapedType.get_dynamic_size() if isinstance(d, str) else d for d in shape]
                encoding = ir.Attribute.parse("#relax.sym<[" + ", ".join(f'"{n}"' for n in names) + "]>")
                return ir.RankedTensorType.get(dims, f32, encoding)
            return ir.RankedTensorType.get(list(shape), f32)

        def loc(name, line):
            return ir.Location.name(name, childLoc=ir.Location.file(source, line, 1))

        module = ir.Module.create(loc=ir.Location.file(source, 1, 1))
        arg_types = [tensor(*shape) for shape in shapes.values()]
        out_type = tensor(batch, 10)
        with ir.InsertionPoint(module.body):
            func = relax.FuncOp(
                "main", ir.TypeAttr.get(ir.FunctionType.get(arg_types, [out_type])), loc=loc("main", 1)
            )
            func.attributes["num_input"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), 1)
            entry = func.body.blocks.append(*arg_types, arg_locs=[loc(n, 1) for n in shapes])
            x, w1, b1, w2, b2 = entry.arguments
            with ir.InsertionPoint(entry):
                dataflow = relax.DataflowOp([out_type], loc=loc("gv", 9))
                with ir.InsertionPoint(dataflow.body.blocks.append()):
                    out_dtype = ir.TypeAttr.get(f32)
                    lv = relax.permute_dims(w1, loc=loc("lv", 2))
                    lv1 = relax.matmul(x, lv, out_dtype=out_dtype, loc=loc("lv1", 3))
                    lv2 = relax.add(lv1, b1, loc=loc("lv2", 4))
                    lv3 = relax.nn_relu(lv2, loc=loc("lv3", 5))
                    lv4 = relax.permute_dims(w2, loc=loc("lv4", 6))
                    lv5 = relax.matmul(lv3, lv4, out_dtype=out_dtype, loc=loc("lv5", 7))
                    lv6 = relax.add(lv5, b2, loc=loc("lv6", 8))
                    relax.OutputOp([lv6], loc=loc("gv", 9))
                relax.ReturnOp([dataflow.result], loc=loc("gv", 10))
    return module
