"""The TVMScript parser: the seed's printed modules parse to the Seed MLIR,
every construct of docs/tvmscript.md builds the IR the conventions give, and
values carry their names and places as locations."""

import inspect
import pathlib
import re
import textwrap

import pytest
from mlir import ir

from tvmlir.dialects import relax, tensorir
from tvmlir.ir import Function, IRModule, assert_structural_equal, format_location
from tvmlir.script import from_source
from tvmlir.script import ir as I
from tvmlir.script import relax as R
from tvmlir.script import tir as T
from tvmlir.script.parser import parse_source, script_type

SEED = pathlib.Path(__file__).parents[1] / "Seed"
GOLDEN = pathlib.Path(__file__).parent / "golden"


def seed_block(name):
    """A printed block of the seed tutorial, with `tvm` in its header comments as
    TVM prints it (comments are not TVMScript)."""
    return (GOLDEN / f"{name}.txt").read_text().replace("tvmlir.script", "tvm.script")


def seed_mlir(name):
    return IRModule.from_mlir((SEED / f"{name}.mlir").read_text(), f"{name}.mlir")


def parse(text, name="test.py"):
    return from_source(textwrap.dedent(text), name)


def asm(module):
    return module.mlir.operation.get_asm(use_name_loc_as_prefix=True)


def ops_of(block):
    return [op.operation.name for op in block.operations]


def name_and_place(location):
    """("name", "file:line:col") of a NameLoc."""
    assert location.is_a_name(), location
    return location.name_str, format_location(location)


# -- the seed ------------------------------------------------------------------


@pytest.mark.parametrize("block, mlir", [
    ("seed_torch_import", "seed_graph"),
    ("seed_legalized", "seed_legalized"),
    ("seed_zero", "seed_fused"),
])
def test_seed_modules_parse_to_the_seed_mlir(block, mlir):
    parsed = from_source(seed_block(block), f"{block}.py")
    assert_structural_equal(parsed, seed_mlir(mlir))
    parsed.verify()


def test_seed_modules_keep_source_order():
    parsed = from_source(seed_block("seed_zero"))
    names = [op.sym_name.value for op in parsed.mlir.body.operations]
    assert names == ["fused_matmul1_add1", "fused_matmul_add_relu", "transpose", "transpose1", "main"]
    assert all(isinstance(op, tensorir.PrimFuncOp) for op in list(parsed.mlir.body.operations)[:4])


def test_seed_single_function_parses():
    parsed = from_source(seed_block("seed_main_function"))
    assert [gv.name_hint for gv in parsed.get_global_vars()] == ["main"]
    assert_structural_equal(parsed, seed_mlir("seed_graph"))


def test_seed_nn_module_parses():
    parsed = from_source(seed_block("seed_nn_module"))
    forward = parsed["forward"].op
    assert ir.IntegerAttr(forward.attributes["num_input"]).value == 1
    assert "out_dtype" not in asm(parsed)


# The tutorial's "Create via TVMScript" class, as the tutorial writes it.
@I.ir_module
class TVMScriptModule:
    @R.function
    def main(
        x: R.Tensor((1, 784), dtype="float32"),
        fc1_weight: R.Tensor((256, 784), dtype="float32"),
        fc1_bias: R.Tensor((256,), dtype="float32"),
        fc2_weight: R.Tensor((10, 256), dtype="float32"),
        fc2_bias: R.Tensor((10,), dtype="float32"),
    ) -> R.Tensor((1, 10), dtype="float32"):
        R.func_attr({"num_input": 1})
        with R.dataflow():
            permute_dims = R.permute_dims(fc1_weight, axes=None)
            matmul = R.matmul(x, permute_dims, out_dtype="void")
            add = R.add(matmul, fc1_bias)
            relu = R.nn.relu(add)
            permute_dims1 = R.permute_dims(fc2_weight, axes=None)
            matmul1 = R.matmul(relu, permute_dims1, out_dtype="void")
            add1 = R.add(matmul1, fc2_bias)
            gv = add1
            R.output(gv)
        return gv


def test_tutorial_class_decorator_gives_an_irmodule():
    assert isinstance(TVMScriptModule, IRModule)
    assert [gv.name_hint for gv in TVMScriptModule.get_global_vars()] == ["main"]
    # Unannotated bindings print, once inferred, as the tutorial's printed module.
    assert_structural_equal(TVMScriptModule, from_source(seed_block("seed_tvmscript")))
    text = asm(TVMScriptModule)
    assert ("%matmul = relax.matmul %x, %permute_dims : tensor<1x784xf32>, tensor<784x256xf32> "
            "-> tensor<1x256xf32>") in text


def test_decorated_class_locations_name_the_test_file():
    main = TVMScriptModule["main"].op
    this_file = pathlib.Path(__file__).read_text().splitlines()
    def_line = next(i + 1 for i, line in enumerate(this_file) if line.strip() == "def main(" and
                    this_file[i - 1].strip() == "@R.function")
    assert name_and_place(main.location) == ("main", f"{__file__}:{def_line}:5")
    x = main.body.blocks[0].arguments[0]
    assert name_and_place(x.location) == ("x", f"{__file__}:{def_line + 1}:9")
    gv_line = next(i + 1 for i, line in enumerate(this_file) if line.strip() == "gv = add1")
    dataflow = main.body.blocks[0].operations[0]
    assert name_and_place(dataflow.location) == ("gv", f"{__file__}:{gv_line}:13")


# -- relax ---------------------------------------------------------------------


def test_binding_names_and_locations():
    module = parse('''
        @R.function
        def f(x: R.Tensor((2, 3), dtype="float32")) -> R.Tensor((3, 2), dtype="float32"):
            with R.dataflow():
                lv: R.Tensor((3, 2), dtype="float32") = R.permute_dims(x, axes=None)
                lv1 = R.nn.relu(R.permute_dims(x))
                gv = R.add(lv, lv1)
                R.output(gv)
            return gv
        ''', "names.py")
    f = module["f"].op
    dataflow = f.body.blocks[0].operations[0]
    lv, inner, lv1, gv, output = dataflow.body.blocks[0].operations
    assert name_and_place(lv.location) == ("lv", "names.py:5:9")
    # A nested call has no name: a plain file location at the call.
    assert not inner.location.is_a_name() and format_location(inner.location) == "names.py:6:25"
    assert name_and_place(lv1.location) == ("lv1", "names.py:6:9")
    # gv is the yielded value itself and the dataflow result.
    assert name_and_place(gv.location) == ("gv", "names.py:7:9")
    assert name_and_place(dataflow.location) == ("gv", "names.py:7:9")
    assert format_location(output.location) == "names.py:8:9"
    assert format_location(f.body.blocks[0].operations[1].location) == "names.py:9:5"


def test_alias_names_the_dataflow_result():
    module = parse('''
        @R.function
        def f(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
            with R.dataflow():
                lv6 = R.nn.relu(x)
                gv: R.Tensor((4,), dtype="float32") = lv6
                R.output(gv)
            return gv
        ''')
    dataflow = module["f"].op.body.blocks[0].operations[0]
    relu, output = dataflow.body.blocks[0].operations
    assert name_and_place(relu.location)[0] == "lv6"
    assert name_and_place(dataflow.location)[0] == "gv"
    assert output.operands[0] == relu.result  # no op for the alias


def test_several_outputs_have_a_fused_location():
    module = parse('''
        @R.function
        def f(x: R.Tensor((4,), dtype="float32")) -> R.Tuple(R.Tensor((4,), "float32"), R.Tensor((4,), "float32")):
            with R.dataflow():
                a = R.nn.relu(x)
                b = R.add(a, x)
                R.output(a, b)
            t = (a, b)
            return t
        ''', "fused.py")
    dataflow = module["f"].op.body.blocks[0].operations[0]
    assert len(dataflow.results) == 2
    assert dataflow.location.is_a_fused()
    assert [name_and_place(loc) for loc in dataflow.location.locations] == [
        ("a", "fused.py:5:9"), ("b", "fused.py:6:9")]
    # MLIR names the results of one op after its (fused) location's first name.
    assert "%t = relax.tuple %a#0, %a#1" in asm(module)


def test_function_attributes_and_visibility():
    module = parse('''
        @I.ir_module
        class Module:
            @R.function(private=True)
            def f(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                R.func_attr({"num_input": 1, "flag": True, "name": "f", "scale": 0.5})
                return x
        ''')
    f = module["f"].op
    assert f.sym_visibility.value == "private"
    assert str(f.attributes["num_input"]) == "1 : i64"
    assert str(f.attributes["flag"]) == "true"
    assert str(f.attributes["name"]) == '"f"'
    assert str(f.attributes["scale"]) == "5.000000e-01 : f64"


def test_symbolic_dimensions():
    module = parse('''
        @R.function
        def f(x: R.Tensor(("n", 784), "float32"), w: R.Tensor((784, 10), "float32")) -> R.Tensor(("n", 10), "float32"):
            n = T.int64()
            with R.dataflow():
                lv: R.Tensor((n, 10), dtype="float32") = R.matmul(x, w, out_dtype="float32")
                gv = R.nn.relu(lv)
                R.output(gv)
            return gv
        ''')
    function_type = ir.FunctionType(module["f"].op.function_type.value)
    assert str(function_type.inputs[0]) == 'tensor<?x784xf32, #relax.sym<["n"]>>'
    assert str(function_type.results[0]) == 'tensor<?x10xf32, #relax.sym<["n"]>>'
    assert script_type(function_type.results[0]) == 'R.Tensor((n, 10), dtype="float32")'


def test_operators_and_their_attributes():
    module = parse('''
        @R.function
        def f(x: R.Tensor((2, 3, 4), dtype="float32"), y: R.Tensor((4, 5), dtype="float16")):
            a = R.permute_dims(x, axes=[0, 2, 1])
            b = R.permute_dims(x)
            c = R.matmul(x, R.const([[1.0], [2.0], [3.0], [4.0]], "float32"), out_dtype="float32")
            d = R.matmul(y, R.permute_dims(y), out_dtype="void")
            e = R.add(c, R.const(1.5, "float32"))
            t = (a, b, e)
            g = t[2]
            return (g, d)
        ''')
    text = asm(module)
    assert "%a = relax.permute_dims %x axes [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>" in text
    assert "%b = relax.permute_dims %x : tensor<2x3x4xf32> -> tensor<4x3x2xf32>" in text
    assert "dense<[[1.000000e+00], [2.000000e+00], [3.000000e+00], [4.000000e+00]]> : tensor<4x1xf32>" in text
    assert "out_dtype(f32) : tensor<2x3x4xf32>, tensor<4x1xf32> -> tensor<2x3x1xf32>" in text
    assert re.search(r"%d = relax.matmul %y, %\w+ : tensor<4x5xf16>, tensor<5x4xf16> -> tensor<4x4xf16>", text)
    assert "relax.constant dense<1.500000e+00> : tensor<f32>" in text
    assert "%g = relax.tuple_get_item %t[2]" in text
    # Without a return annotation the function returns what `return` returns.
    assert str(ir.FunctionType(module["f"].op.function_type.value).results[0]) == \
        "tuple<tensor<2x3x1xf32>, tensor<4x4xf16>>"


def test_call_tir_with_several_outputs():
    module = parse('''
        @I.ir_module
        class Module:
            @T.prim_func(private=True)
            def split(a: T.Buffer((4,), "float32"), lo: T.Buffer((4,), "float32"), hi: T.Buffer((4,), "float32")):
                for i in T.serial(4):
                    with T.block("split"):
                        vi = T.axis.remap("S", [i])
                        lo[vi] = T.min(a[vi], T.float32(0))
                        hi[vi] = T.max(a[vi], T.float32(0))

            @R.function
            def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                with R.dataflow():
                    lv = R.call_tir(Module.split, (x,),
                                    out_sinfo=[R.Tensor((4,), "float32"), R.Tensor((4,), "float32")])
                    lv1 = lv[0]
                    gv = R.add(lv1, lv[1])
                    R.output(gv)
                return gv
        ''')
    text = asm(module)
    assert "relax.call_tir @split(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)" in text
    assert "tuple_get_item" not in text  # lv[i] is the i-th result itself
    # No T.reads/T.writes: inferred from the body.
    assert 'kinds "S" reads(%a[%vi] : memref<4xf32>) writes(%lo[%vi] : memref<4xf32>, %hi[%vi] : memref<4xf32>)' in text


def test_bindings_outside_dataflow_and_cls():
    module = parse('''
        @I.ir_module
        class Module:
            @T.prim_func
            def copy(a: T.Buffer((T.int64(4),), "float32"), b: T.Buffer((T.int64(4),), "float32")):
                for i in T.serial(T.int64(4)):
                    with T.block("copy"):
                        vi = T.axis.remap("S", [i])
                        T.reads(a[vi])
                        T.writes(b[vi])
                        b[vi] = a[vi]

            @R.function
            def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                cls = Module
                y = R.call_tir(cls.copy, (x,), out_sinfo=R.Tensor((4,), dtype="float32"))
                return y
        ''')
    main = module["main"].op
    assert ops_of(main.body.blocks[0]) == ["relax.call_tir", "relax.return"]
    assert "sym_visibility" not in module["copy"].op.attributes


def test_calls_between_relax_functions():
    module = parse('''
        @I.ir_module
        class Module:
            @R.function
            def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                cls = Module
                y: R.Tensor((4,), dtype="float32") = cls.helper(x)
                z = Module.main2(y)
                return z

            @R.function(private=True)
            def helper(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                R.func_attr({"Primitive": 1})
                return R.nn.relu(x)

            @R.function
            def main2(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                return Module.helper(x)
        ''')
    text = asm(module)
    assert "%y = relax.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>" in text
    assert "%z = relax.call @main2(%y) : (tensor<4xf32>) -> tensor<4xf32>" in text


def test_empty_prim_func_body():
    module = parse('''
        @T.prim_func(private=True)
        def nothing(a: T.Buffer((T.int64(4),), "float32")):
            # with T.block("root"):
            T.evaluate(0)
        ''')
    assert ops_of(module["nothing"].op.body.blocks[0]) == []


@R.function
def top_level(x: R.Tensor(("n", 4), dtype="float32")) -> R.Tensor(("n", 4), dtype="float32"):
    y = R.nn.relu(x)
    return y


@T.prim_func(private=True)
def top_level_kernel(a: T.Buffer((T.int64(4),), "float32")):
    for i in T.serial(T.int64(4)):
        with T.block("zero"):
            vi = T.axis.remap("S", [i])
            a[vi] = T.float32(0)


def test_top_level_function_decorators():
    assert isinstance(top_level, Function) and top_level.name == "top_level"
    assert not top_level.is_prim_func
    assert str(ir.FunctionType(top_level.op.function_type.value).inputs[0]) == 'tensor<?x4xf32, #relax.sym<["n"]>>'
    assert isinstance(top_level_kernel, Function) and top_level_kernel.is_prim_func
    assert top_level_kernel.op.sym_visibility.value == "private"
    this_file = pathlib.Path(__file__).read_text().splitlines()
    def_line = this_file.index("def top_level(x: R.Tensor((\"n\", 4), dtype=\"float32\")) -> "
                               "R.Tensor((\"n\", 4), dtype=\"float32\"):") + 1
    assert format_location(top_level.op.location) == f"{__file__}:{def_line}:1"


def test_methods_of_a_class_in_definition_are_markers():
    def method(x):
        return x

    method.__qualname__ = "Module.method"
    marker = R.function(method)
    assert "parsed by @I.ir_module" in repr(marker)
    assert T.int64(3) == 3 and repr(T.int64) == "T.int64"


# -- tensorir ------------------------------------------------------------------

KERNEL = '''
@T.prim_func(private=True)
def kernel(A: T.Buffer((T.int64(8), T.int64(4)), "float32"), B: T.Buffer((8,), "float32"), n: T.int64):
    T.func_attr({"tir.noalias": True, "op_pattern": 4})
    tmp = T.alloc_buffer((T.int64(8),), "float32", scope="shared")
    for i in T.parallel(T.int64(8)):
        for j in T.serial(0, 4):
            with T.block("sum"):
                vi = T.axis.spatial(T.int64(8), i)
                vj = T.axis.reduce(T.int64(4), j)
                T.where(i * 4 + j < 32)
                T.reads(A[vi, vj])
                T.writes(tmp[vi])
                with T.init():
                    tmp[vi] = T.float32(0)
                tmp[vi] = tmp[vi] + T.exp(A[vi, vj]) * 2.0
    for k in T.thread_binding(8, thread="threadIdx.x"):
        for u in T.unroll(1):
            for v in T.vectorized(T.int64(1)):
                with T.block("out"):
                    vk = T.axis.spatial(8, k + u + v)
                    B[vk] = T.Select(tmp[vk] > 0.0, T.sigmoid(tmp[vk]), T.max(tmp[vk], -1.0))
    for i2, j2 in T.grid(2, 4):
        with T.block("flat"):
            v = T.axis.S(8, i2 * 4 + j2)
            B[v] = T.Cast("float32", v) + T.float32(n)
    for i3 in range(n):
        with T.block("scalar"):
            v3 = T.axis.remap("S", [i3])
            x: T.float32 = A[v3 // 4, v3 % 4] / 3.0
            B[v3] = -x
'''


@pytest.fixture(scope="module")
def kernel():
    return from_source(KERNEL, "kernel.py")


def test_prim_func_signature_and_attributes(kernel):
    f = kernel["kernel"].op
    assert str(f.function_type.value) == "(memref<8x4xf32>, memref<8xf32>, index) -> ()"
    assert str(f.attributes["op_pattern"]) == "4 : i64" and str(f.attributes["tir.noalias"]) == "true"
    assert f.sym_visibility.value == "private"


def test_index_constants_at_the_start_in_order(kernel):
    body = kernel["kernel"].op.body.blocks[0]
    operations = list(body.operations)
    constants = [ir.IntegerAttr(op.attributes["value"]).value for op in operations[:6]]
    assert constants == [0, 1, 2, 4, 8, 32]
    assert all(str(op.result.type) == "index" for op in operations[:6])
    assert operations[6].operation.name == "tensorir.alloc_buffer"
    assert 'tensorir.alloc_buffer scope("shared") : memref<8xf32>' in asm(kernel)


def test_loops_blocks_and_expressions(kernel):
    text = asm(kernel)
    assert "tensorir.for %i = %c0 to %c8 parallel {" in text
    assert "tensorir.for %j = %c0 to %c4 {" in text
    assert 'tensorir.for %k = %c0 to %c8 thread_binding("threadIdx.x") {' in text
    assert "tensorir.for %u = %c0 to %c1 unrolled {" in text
    assert "tensorir.for %v = %c0 to %c1 vectorized {" in text
    assert "tensorir.for %i3 = %c0 to %n {" in text
    # T.where is computed before the block from the loop variables.
    assert "%2 = arith.cmpi slt, %1, %c32 : index" in text
    assert ('tensorir.block "sum"(%vi, %vj) = (%i, %j) in (%c8, %c4) kinds "SR" where(%2) '
            'reads(%A[%vi, %vj] : memref<8x4xf32>) writes(%tmp[%vi] : memref<8xf32>)') in text
    assert 'tensorir.block "out"(%vk) = (%1) in (%c8) kinds "S"' in text
    assert 'reads(%A[%v3 floordiv 4, %v3 mod 4] : memref<8x4xf32>)' in text
    assert "%x = arith.divf %2, %cst : f32" in text
    assert "arith.negf %x : f32" in text
    assert "arith.select" in text and "arith.maximumf" in text and "math.exp" in text
    assert "arith.sitofp" in text and "arith.index_cast %n : index to i64" in text


def test_init_and_float_constants_inline(kernel):
    text = asm(kernel)
    init = text[text.index("tensorir.init {"):].splitlines()
    assert "arith.constant 0.000000e+00 : f32" in init[1] and "tensorir.store" in init[2]
    # `x * 2.0`: the literal takes the type of the other operand, in place.
    sum_block = text[text.index('tensorir.block "sum"'):text.index('tensorir.block "out"')]
    lines = [line.strip() for line in sum_block.splitlines()]
    exp = next(i for i, line in enumerate(lines) if "math.exp" in line)
    assert "arith.constant 2.000000e+00 : f32" in lines[exp + 1]
    assert "arith.mulf" in lines[exp + 2]


def test_sigmoid_is_spelled_out_as_its_formula():
    spelled = from_source(KERNEL.replace("T.sigmoid(tmp[vk])", "T.float32(1.0) / (T.float32(1.0) + T.exp(-tmp[vk]))"))
    assert_structural_equal(from_source(KERNEL), spelled)


def test_explicit_root_block_is_the_function_body(kernel):
    rooted = KERNEL.replace('    tmp = T.alloc_buffer', '    with T.block("root"):\n        tmp = T.alloc_buffer')
    lines = rooted.splitlines()
    start = next(i for i, line in enumerate(lines) if "with T.block(\"root\")" in line)
    lines = lines[:start + 2] + ["    " + line for line in lines[start + 2:]]
    assert_structural_equal(from_source("\n".join(lines)), kernel)


def test_scalar_expressions():
    module = parse('''
        @T.prim_func
        def f(a: T.Buffer((4,), "float32"), b: T.Buffer((4,), "int32"), c: T.Buffer((4,), "float16")):
            for i in T.serial(4):
                with T.block("e"):
                    vi = T.axis.remap("S", [i])
                    a[vi] = T.if_then_else(vi < 2 and vi != 0, T.sqrt(a[vi]) - T.log(a[vi]), T.pow(T.tanh(a[vi]), 2.0))
                    b[vi] = T.Cast("int32", vi) * 3 // 2 % 5 + T.min(b[vi], T.int32(7))
                    c[vi] = T.Cast("float16", a[vi] / T.float32(2))
        ''')
    text = asm(module)
    for op in ["arith.andi", "arith.cmpi ne", "math.sqrt", "math.log", "math.powf",
               "arith.index_cast %vi : index to i32", "arith.muli", "arith.floordivsi", "arith.remsi",
               "arith.minsi", "arith.truncf", "arith.divf"]:
        assert op in text, op
    assert "arith.constant 3 : i32" in text and "arith.constant 7 : i32" in text


def test_line_and_column_offsets():
    text = '@R.function\ndef f(x: R.Tensor((4,), dtype="float32")):\n    return x\n'
    module = parse_source(text, "big.py", line_offset=40, col_offset=4)
    f = module.body.operations[0]
    assert format_location(f.location) == "big.py:42:5"
    assert format_location(f.body.blocks[0].arguments[0].location) == "big.py:42:11"


# -- print -> parse round trips ----------------------------------------------------


def printer():
    try:
        from tvmlir.script.printer import print_module
    except ImportError:  # the printer is not there yet
        pytest.skip("tvmlir.script.printer is not available")
    return print_module


@pytest.mark.parametrize("mlir", ["seed_graph", "seed_legalized", "seed_fused"])
def test_printed_seed_parses_back(mlir):
    module = seed_mlir(mlir)
    assert_structural_equal(from_source(printer()(module.mlir)), module)


def test_printed_kernel_parses_back(kernel):
    text = printer()(kernel.mlir)
    again = from_source(text, "printed.py")
    assert_structural_equal(again, kernel)
    assert printer()(again.mlir) == text
