"""Building IR through the generated bindings of the relax and tensorir dialects."""

import subprocess

import pytest
from mlir import ir

from tvmlir.dialects import relax, tensorir
from tvmlir.ir import parse_module, verify
from tvmlir.testing import build_mlp_module


def test_seed_main_builds_and_verifies(context):
    module = build_mlp_module(context)
    assert verify(module)
    text = str(module)
    main = module.body.operations[0]
    assert isinstance(main, relax.FuncOp)
    assert main.sym_name.value == "main"
    assert ir.IntegerAttr(main.attributes["num_input"]).value == 1
    dataflow = main.body.blocks[0].operations[0]
    assert isinstance(dataflow, relax.DataflowOp)
    ops = [op.operation.name for op in dataflow.body.blocks[0].operations]
    assert ops == [
        "relax.permute_dims", "relax.matmul", "relax.add", "relax.nn.relu",
        "relax.permute_dims", "relax.matmul", "relax.add", "relax.output",
    ]
    assert "relax.matmul %arg0, %1 out_dtype(f32) : tensor<1x784xf32>, tensor<784x256xf32> -> tensor<1x256xf32>" in text


def test_inferred_result_types(context):
    module = build_mlp_module(context)
    dataflow = module.body.operations[0].body.blocks[0].operations[0]
    types = [str(op.results[0].type) for op in list(dataflow.body.blocks[0].operations)[:-1]]
    assert types == [
        "tensor<784x256xf32>", "tensor<1x256xf32>", "tensor<1x256xf32>", "tensor<1x256xf32>",
        "tensor<256x10xf32>", "tensor<1x10xf32>", "tensor<1x10xf32>",
    ]


def test_symbolic_batch_flows_through(context):
    module = build_mlp_module(context, batch="n")
    verify(module)
    main = module.body.operations[0]
    result = ir.FunctionType(main.function_type.value).results[0]
    assert str(result) == 'tensor<?x10xf32, #relax.sym<["n"]>>'


def test_value_names_are_name_locations(context):
    module = build_mlp_module(context)
    text = module.operation.get_asm(use_name_loc_as_prefix=True)
    assert "relax.function @main(%x: tensor<1x784xf32>, %p_fc1_weight: tensor<256x784xf32>" in text
    assert "%lv1 = relax.matmul %x, %lv out_dtype(f32)" in text
    assert "%lv3 = relax.nn.relu %lv2" in text


def test_parse_gives_typed_op_views(context):
    module = build_mlp_module(context)
    reparsed = parse_module(str(module), context)
    main = reparsed.body.operations[0]
    assert isinstance(main, relax.FuncOp)
    assert isinstance(main.body.blocks[0].operations[0], relax.DataflowOp)
    assert str(reparsed) == str(module)


def test_relax_opt_round_trips_python_ir(context, relax_opt, tmp_path):
    module = build_mlp_module(context)
    path = tmp_path / "mlp.mlir"
    path.write_text(str(module))
    out = subprocess.run([relax_opt, str(path)], capture_output=True, text=True, check=True).stdout
    assert parse_module(out, context).operation.get_asm() == module.operation.get_asm()


def test_tensorir_builders(context):
    with context, ir.Location.unknown():
        f32 = ir.F32Type.get()
        index = ir.IndexType.get()
        buf = ir.MemRefType.get([4], f32)
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):
            func = tensorir.PrimFuncOp("relu", ir.TypeAttr.get(ir.FunctionType.get([buf, buf], [])))
            func.attributes["sym_visibility"] = ir.StringAttr.get("private")
            entry = func.body.blocks.append(buf, buf)
            a, out = entry.arguments
            with ir.InsertionPoint(entry):
                from mlir.dialects import arith

                c0 = arith.constant(index, 0)
                c4 = arith.constant(index, 4)
                loop = tensorir.ForOp(c0, c4, kind=ir.Attribute.parse("#tensorir.for_kind<parallel>"))
                with ir.InsertionPoint(loop.body.blocks.append(index)):
                    i = loop.body.blocks[0].arguments[0]
                    identity = ir.AffineMapAttr.get(ir.AffineMap.get_identity(1))
                    block = tensorir.BlockOp(
                        "compute", [i], [c4], [a], [out], "S",
                        ir.ArrayAttr.get([identity]), ir.ArrayAttr.get([identity]))
                    with ir.InsertionPoint(block.body.blocks.append(index)):
                        v = block.body.blocks[0].arguments[0]
                        x = tensorir.load(a, [v])
                        assert str(x.type) == "f32"
                        zero = arith.constant(f32, 0.0)
                        tensorir.store(arith.maximumf(x, zero), out, [v])
    verify(module)
    text = str(module)
    assert "tensorir.for %arg2 = %c0 to %c4 parallel {" in text
    assert 'tensorir.block "compute"(%arg3) = (%arg2) in (%c4) kinds "S" reads(%arg0[%arg3] : memref<4xf32>) writes(%arg1[%arg3] : memref<4xf32>)' in text


def test_parsed_seed_prim_funcs_are_typed(context):
    import pathlib

    text = (pathlib.Path(__file__).parents[1] / "Seed" / "seed_fused.mlir").read_text()
    module = parse_module(text, context, source_name="seed_fused.mlir")
    names = [op.sym_name.value for op in module.body.operations]
    assert names == ["fused_matmul1_add1", "fused_matmul_add_relu", "transpose", "transpose1", "main"]
    assert all(isinstance(op, tensorir.PrimFuncOp) for op in list(module.body.operations)[:4])
