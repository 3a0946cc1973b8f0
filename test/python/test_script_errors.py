"""Bad TVMScript: every problem is a TVMScriptError naming the user's file,
line and column and what was expected; never another exception, never a crash."""

import inspect
import textwrap

import pytest

from tvmlir import TVMLIRError
from tvmlir.base import TVMScriptError
from tvmlir.script import from_source
from tvmlir.script import ir as I
from tvmlir.script import relax as R
from tvmlir.script import tir as T


def error_of(source, name="bad.py"):
    """The TVMScriptError that parsing ``source`` raises."""
    with pytest.raises(TVMScriptError) as info:
        from_source(textwrap.dedent(source).lstrip("\n"), name)
    error = info.value
    assert isinstance(error, TVMLIRError)
    assert str(error) == f"{name}:{error.line}:{error.column}: {error.message}"
    return error


def assert_error(source, line, column, *fragments):
    error = error_of(source)
    for fragment in fragments:
        assert fragment in error.message, error.message
    assert (error.line, error.column) == (line, column), str(error)
    return error


def relax_main(*body, params='x: R.Tensor((1, 784), dtype="float32"), b: R.Tensor((256,), dtype="float32")',
               returns='R.Tensor((1, 784), dtype="float32")'):
    """A module whose main has ``body`` in a dataflow block (lines 6 on)."""
    lines = ["@I.ir_module", "class Module:", "    @R.function",
             f"    def main({params}) -> {returns}:", "        with R.dataflow():"]
    # `return` ends the function, after the dataflow block.
    lines += [("        " if line.startswith("return") else "            ") + line for line in body]
    return "\n".join(lines) + "\n"


def line_of(function, text):
    """The line of this file where ``text`` is, inside ``function``."""
    lines, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(lines) if text in line)


def prim_func(*body):
    """A module whose prim_func has ``body`` in a T.block (lines 10 on)."""
    lines = ["@I.ir_module", "class Module:", "    @T.prim_func(private=True)",
             '    def f(a: T.Buffer((4,), "float32"), b: T.Buffer((4,), "float32"), c: T.Buffer((4,), "float32")):',
             "        for i in T.serial(4):", '            with T.block("T_add"):',
             '                vi = T.axis.remap("S", [i])', "                T.reads(a[vi])",
             "                T.writes(b[vi])"]
    lines += ["                " + line for line in body]
    return "\n".join(lines) + "\n"


# -- relax ---------------------------------------------------------------------


def test_unknown_operator_suggests_close_names():
    error = assert_error(relax_main("lv = R.nn.reluu(x)", "R.output(lv)", "return lv"), 6, 18,
                         "unknown relax operator R.nn.reluu")
    assert "did you mean 'R.nn.relu'" in error.message


def test_shapes_that_do_not_broadcast():
    assert_error(relax_main("lv = R.add(x, b)", "R.output(lv)", "return lv"), 6, 18,
                 "'relax.add' op cannot broadcast shapes (1, 784) and (256,)")


def test_shapes_that_do_not_multiply():
    assert_error('''
        @R.function
        def f(x: R.Tensor((1, 784), dtype="float32"), w: R.Tensor((256, 784), dtype="float32")):
            y = R.matmul(x, w, out_dtype="float32")
            return y
        ''', 3, 9, "cannot multiply shapes (1, 784) and (256, 784)")


def test_undefined_variable():
    error = assert_error(relax_main("lv = R.add(x, bb)", "R.output(lv)", "return lv"), 6, 27,
                         "undefined variable 'bb'")
    assert "did you mean 'b'?" in error.message


def test_annotation_does_not_match_the_inferred_type():
    assert_error(relax_main('lv: R.Tensor((1, 256), dtype="float32") = R.nn.relu(x)', "R.output(lv)", "return lv"),
                 6, 13, "'lv' has type R.Tensor((1, 784), dtype=\"float32\"), "
                        "but its annotation says R.Tensor((1, 256), dtype=\"float32\")")


def test_declared_return_type_is_not_what_is_returned():
    assert_error(relax_main("lv = R.permute_dims(x)", "R.output(lv)", "return lv"), 8, 9,
                 "function 'main' is declared to return R.Tensor((1, 784), dtype=\"float32\"), "
                 "but this returns R.Tensor((784, 1), dtype=\"float32\")")


def test_dataflow_values_are_local_to_their_block():
    assert_error(relax_main("lv = R.nn.relu(x)", "gv = R.nn.relu(lv)", "R.output(gv)", "return lv"), 9, 16,
                 "'lv' is local to the dataflow block at line 5")


def test_output_must_end_the_dataflow_block():
    assert_error(relax_main("R.output(x)", "lv = R.nn.relu(x)", "return x"), 6, 13,
                 "R.output(...) must be the last statement of the dataflow block")


def test_missing_return():
    assert_error(relax_main("lv = R.nn.relu(x)", "R.output(lv)"), 4, 5, "relax function 'main' must end with `return`")


def test_unknown_dtype():
    error = assert_error(relax_main('lv: R.Tensor((1, 784), dtype="flaot32") = R.nn.relu(x)', "R.output(lv)",
                                    "return lv"), 6, 42, "unknown dtype 'flaot32'")
    assert "did you mean 'float32'?" in error.message


def test_unexpected_keyword_argument():
    assert_error(relax_main('lv = R.matmul(x, x, out_dtyp="float32")', "R.output(lv)", "return lv"), 6, 42,
                 "R.matmul got an unexpected keyword argument 'out_dtyp'; did you mean 'out_dtype'?")


def test_numbers_are_not_relax_values():
    assert_error(relax_main("lv = R.add(x, 1)", "R.output(lv)", "return lv"), 6, 27,
                 'relax values are tensors: write R.const(1, "float32")')


def test_call_tir_to_a_missing_function():
    assert_error(relax_main('lv = R.call_tir(Module.transpose, (x,), out_sinfo=R.Tensor((1, 784), dtype="float32"))',
                            "R.output(lv)", "return lv"), 6, 29, "the module has no function 'transpose'")


def test_cls_needs_its_binding():
    assert_error(relax_main('lv = R.call_tir(cls.f, (x,), out_sinfo=R.Tensor((1, 784), dtype="float32"))',
                            "R.output(lv)", "return lv"), 6, 29, "undefined variable 'cls'")


def test_call_tir_arguments_against_the_callee():
    assert_error('''
        @I.ir_module
        class Module:
            @T.prim_func(private=True)
            def copy(a: T.Buffer((4,), "float32"), b: T.Buffer((4,), "float32")):
                for i in T.serial(4):
                    with T.block("copy"):
                        vi = T.axis.remap("S", [i])
                        b[vi] = a[vi]

            @R.function
            def main(x: R.Tensor((8,), dtype="float32")) -> R.Tensor((8,), dtype="float32"):
                cls = Module
                with R.dataflow():
                    lv = R.call_tir(cls.copy, (x,), out_sinfo=R.Tensor((8,), dtype="float32"))
                    R.output(lv)
                return lv
        ''', 14, 13, "callee @copy parameter #0 is 'memref<4xf32>' but the call passes argument 0 as 'tensor<8xf32>'")


def test_prim_func_called_as_a_relax_function():
    assert_error('''
        @I.ir_module
        class Module:
            @T.prim_func
            def k(a: T.Buffer((4,), "float32")):
                T.evaluate(0)

            @R.function
            def main(x: R.Tensor((4,), dtype="float32")):
                y = Module.k(x)
                return y
        ''', 9, 13, "'k' is a T.prim_func: call it with R.call_tir(cls.k, (args,), out_sinfo=...)")


def test_call_with_the_wrong_argument_type():
    assert_error('''
        @I.ir_module
        class Module:
            @R.function
            def helper(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):
                return x

            @R.function
            def main(x: R.Tensor((2,), dtype="float32")):
                y = Module.helper(x)
                return y
        ''', 9, 27, "argument 0 of 'helper' is R.Tensor((4,), dtype=\"float32\"), "
                   "not R.Tensor((2,), dtype=\"float32\")")


def test_tuple_index_out_of_range():
    assert_error(relax_main("t = (x, b)", "lv = t[2]", "R.output(lv)", "return lv"), 7, 20,
                 "index 2 is out of range for a tuple of 2 field(s)")


def test_while_loop_is_not_tvmscript():
    assert_error(relax_main("while True:", "    pass", "R.output(x)", "return x"), 6, 13,
                 "a `while` loop is not supported in relax functions")


def test_python_syntax_error():
    assert_error(relax_main("lv = R.nn.relu(x", "R.output(lv)", "return lv"), 6, 27,
                 "invalid syntax: '(' was never closed")


def test_parameters_need_annotations():
    assert_error('''
        @R.function
        def f(x: R.Tensor((4,), "float32"), y):
            return x
        ''', 2, 37, "parameter 'y' needs a type annotation")


# -- tensorir ------------------------------------------------------------------


def test_block_writes_a_buffer_it_does_not_declare():
    assert_error(prim_func("c[vi] = a[vi]"), 10, 17,
                 "'tensorir.store' op writes buffer argument #2 of @f (memref<4xf32>), which block \"T_add\" "
                 "does not declare in its writes", "note: block \"T_add\" is here (line 6)")


def test_stored_value_of_another_dtype():
    assert_error(prim_func('b[vi] = T.Cast("float16", a[vi])'), 10, 25,
                 "the value stored into 'b' must be T.float32, not T.float16; convert it with T.Cast")


def test_buffer_indexed_with_the_wrong_rank():
    assert_error(prim_func("b[vi, vi] = a[vi]"), 10, 17, "buffer 'b' has 1 dimension(s) but 2 index(es) are given")


def test_unknown_tensorir_function():
    assert_error(prim_func("b[vi] = T.maxx(a[vi], T.float32(0))"), 10, 25,
                 "unknown tensorir function T.maxx; did you mean 'T.max'?")


def test_region_index_of_a_loop_variable():
    source = prim_func("b[vi] = a[vi]").replace("T.reads(a[vi])", "T.reads(a[i])")
    assert_error(source, 8, 27, "a region index may use only the block's iteration variables; 'i' is not one")


def test_remap_kinds_and_variables_disagree():
    source = prim_func("b[vi] = a[vi]").replace('T.axis.remap("S"', 'T.axis.remap("SS"')
    assert_error(source, 7, 22, "T.axis.remap has 2 kind(s) and 1 loop variable(s) for 1 block variable(s)")


def test_header_after_the_body():
    assert_error(prim_func("b[vi] = a[vi]", "T.where(vi > 0)"), 11, 17,
                 "T.axis, T.where, T.reads and T.writes come first in a T.block")


def test_init_not_first():
    assert_error(prim_func("b[vi] = a[vi]", "with T.init():", "    b[vi] = T.float32(0)"), 11, 17,
                 "`with T.init():` must be the first statement of a T.block's body")


def test_if_statement_in_a_prim_func():
    assert_error(prim_func("if vi > 0:", "    b[vi] = a[vi]"), 10, 17,
                 "an `if` statement is not supported in T.prim_func")


def test_mixed_operand_types():
    assert_error(prim_func("b[vi] = a[vi] + i"), 10, 25,
                 "the operands have different types, T.float32 and T.int64; convert one with T.Cast")


def test_math_of_an_integer():
    assert_error(prim_func("b[vi] = T.exp(vi)"), 10, 25, "T.exp takes a float, not T.int64")


def test_symbolic_buffer_dimension():
    assert_error('''
        @T.prim_func
        def f(a: T.Buffer((n, 4), "float32")):
            pass
        ''', 2, 20, "a buffer dimension is an integer constant such as T.int64(256)")


def test_relax_operator_in_a_prim_func():
    assert_error(prim_func("b[vi] = R.add(a[vi], 1.0)"), 10, 25, "`R.add` is not a tensorir function")


# -- modules -----------------------------------------------------------------------


def test_class_without_ir_module():
    assert_error('''
        class Module:
            @R.function
            def f(x: R.Tensor((4,), "float32")):
                return x
        ''', 1, 1, "class 'Module' needs the @I.ir_module decorator")


def test_function_without_decorator():
    assert_error('''
        @I.ir_module
        class Module:
            def f(x: R.Tensor((4,), "float32")):
                return x
        ''', 3, 5, "function 'f' needs a @R.function or @T.prim_func decorator")


def test_function_defined_twice():
    assert_error('''
        @I.ir_module
        class Module:
            @R.function
            def f(x: R.Tensor((4,), "float32")):
                return x

            @R.function
            def f(x: R.Tensor((4,), "float32")):
                return x
        ''', 8, 5, "the module already has a function named 'f'")


def test_not_tvmscript_at_all():
    assert_error("x = 1\n", 1, 1, "TVMScript source holds one @I.ir_module class")
    assert_error("", 1, 1, "no @I.ir_module class or @R.function / @T.prim_func function found")


def test_empty_attribute_name():
    assert_error('''
        @R.function
        def f(x: R.Tensor((4,), "float32")):
            R.func_attr({"": 1})
            return x
        ''', 3, 18, "attribute names are non-empty string literals")


def test_numbers_too_large_for_64_bits():
    assert_error('''
        @R.function
        def f(x: R.Tensor((99999999999999999999,), "float32")):
            return x
        ''', 2, 20, "the dimension 99999999999999999999 does not fit in 64 bits")


# -- the decorator: errors name the test file's own lines ---------------------------


def test_decorated_class_reports_lines_of_this_file():
    with pytest.raises(TVMScriptError) as info:
        @I.ir_module
        class Module:
            @R.function
            def main(x: R.Tensor((1, 784), dtype="float32"), b: R.Tensor((256,), dtype="float32")):
                with R.dataflow():
                    lv = R.add(x, b)
                    R.output(lv)
                return lv

    error = info.value
    bad_line = line_of(test_decorated_class_reports_lines_of_this_file, "lv = R.add(x, b)")
    assert error.filename == __file__
    assert (error.line, error.column) == (bad_line, 26)
    assert "cannot broadcast shapes (1, 784) and (256,)" in error.message
    assert str(error).startswith(f"{__file__}:{bad_line}:26: ")


def test_decorated_function_reports_lines_of_this_file():
    with pytest.raises(TVMScriptError) as info:
        @T.prim_func
        def kernel(a: T.Buffer((4,), "float32")):
            for i in T.serial(4):
                with T.block("b"):
                    vi = T.axis.remap("S", [i])
                    a[vi] = T.float16(0)

    bad_line = line_of(test_decorated_function_reports_lines_of_this_file, "a[vi] = T.float16(0)")
    assert (info.value.filename, info.value.line) == (__file__, bad_line)
    assert "the value stored into 'a' must be T.float32, not T.float16" in info.value.message


# -- malformed input: always a TVMScriptError ---------------------------------------

MALFORMED = [
    "@R.function\ndef f(x: R.Tensor((4,), 'float32')):\n    return x[",
    "@R.function\ndef f(x: R.Tensor):\n    return x\n",
    "@R.function\ndef f(x: R.Tensor((4,), 'float32')):\n    return lambda: x\n",
    "@R.function\ndef f(x: R.Tensor((4,), 'float32'), *rest):\n    return x\n",
    "@R.function(pure=False)\ndef f(x: R.Tensor((4,), 'float32')):\n    return x\n",
    "@T.prim_func\ndef f(a: T.handle):\n    pass\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    a[0:2] = 1.0\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    for i in T.grid():\n        pass\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    for i, j in T.serial(4):\n        pass\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    with T.block('b'):\n        v = T.axis.opaque(4, 0)\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    x = a\n",
    "@T.prim_func\ndef f(a: T.Buffer((4,), 'float32')):\n    a[0] = T.Cast('float7', a[0])\n",
    "@I.ir_module\nclass M(object):\n    pass\n",
    "\x00",
    "@R.function\ndef f(x: R.Tensor((4,), 'float32')):\n    y = R.const([[1.0], [2.0, 3.0]], 'float32')\n"
    "    return y\n",
    "@R.function\ndef f(x: R.Tensor((-4,), 'float32')):\n    return x\n",
]


@pytest.mark.parametrize("source", MALFORMED)
def test_malformed_input_raises_tvmscript_error(source):
    with pytest.raises(TVMScriptError) as info:
        from_source(source, "m.py")
    assert info.value.filename == "m.py" and info.value.line >= 1
