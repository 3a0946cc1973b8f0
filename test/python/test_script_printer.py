"""The TVMScript printer: the seed's printed blocks reproduced exactly, and
the constructs the seed does not show."""


import pytest

from tvmlir.ir import IRModule, default_context
from tvmlir.testing import build_mlp_module

@pytest.fixture
def mlp():
    return IRModule(build_mlp_module(default_context()))


def test_torch_import_prints_as_seed(mlp, golden):
    assert mlp.script() == golden("seed_torch_import")


def test_function_prints_as_seed(mlp, golden):
    assert str(mlp["main"]) == golden("seed_main_function")


def test_global_vars_print_as_seed(mlp, golden):
    assert str(mlp.get_global_vars()) == golden("seed_global_vars")


def print_mlir(text):
    return IRModule.from_mlir(text).script()


def test_symbolic_dims_and_tuples():
    text = '''
    relax.function @f(%x: tensor<?x4xf32, #relax.sym<["n"]>> loc("x"), %c: tensor<4xf32> loc("c"))
        -> tuple<tensor<?x4xf32, #relax.sym<["n"]>>, tensor<4xf32>> {
      %0 = relax.add %x, %c : tensor<?x4xf32, #relax.sym<["n"]>>, tensor<4xf32> -> tensor<?x4xf32, #relax.sym<["n"]>> loc("y")
      %1 = relax.tuple %0, %c : tensor<?x4xf32, #relax.sym<["n"]>>, tensor<4xf32> loc("t")
      %2 = relax.tuple_get_item %1[1] : tuple<tensor<?x4xf32, #relax.sym<["n"]>>, tensor<4xf32>> loc("second")
      relax.return %1 : tuple<tensor<?x4xf32, #relax.sym<["n"]>>, tensor<4xf32>>
    }
    '''
    assert print_mlir(text) == '''\
# from tvmlir.script import ir as I
# from tvmlir.script import tir as T
# from tvmlir.script import relax as R

@I.ir_module
class Module:
    @R.function
    def f(x: R.Tensor(("n", 4), dtype="float32"), c: R.Tensor((4,), dtype="float32")) -> R.Tuple(R.Tensor(("n", 4), dtype="float32"), R.Tensor((4,), dtype="float32")):
        n = T.int64()
        y: R.Tensor((n, 4), dtype="float32") = R.add(x, c)
        t: R.Tuple(R.Tensor((n, 4), dtype="float32"), R.Tensor((4,), dtype="float32")) = (y, c)
        second: R.Tensor((4,), dtype="float32") = t[1]
        return t'''


def test_constants_and_private_functions():
    text = '''
    relax.function private @g() -> tensor<2xf32> {
      %0 = relax.constant dense<[1.5, 2.0]> : tensor<2xf32> loc("c")
      %1 = relax.constant dense<0.0> : tensor<f32> loc("z")
      relax.return %0 : tensor<2xf32>
    }
    '''
    assert print_mlir(text).splitlines()[5:] == [
        "    @R.function(private=True)",
        '    def g() -> R.Tensor((2,), dtype="float32"):',
        '        c: R.Tensor((2,), dtype="float32") = R.const([1.5, 2.0], "float32")',
        '        z: R.Tensor((), dtype="float32") = R.const(0.0, "float32")',
        "        return c",
    ]


def test_multi_output_call_tir():
    text = '''
    tensorir.prim_func private @split(%a: memref<4xf32> loc("a"), %b: memref<2xf32> loc("b"), %c: memref<2xf32> loc("c")) {
    }
    relax.function @f(%x: tensor<4xf32> loc("x")) -> tensor<2xf32> {
      %0:2 = relax.call_tir @split(%x) : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) loc("lv")
      relax.return %0#1 : tensor<2xf32>
    }
    '''
    lines = print_mlir(text).splitlines()
    assert '            lv = R.call_tir(cls.split, (x,), out_sinfo=[R.Tensor((2,), dtype="float32"), R.Tensor((2,), dtype="float32")])' \
        .strip() in [line.strip() for line in lines]
    assert "        T.evaluate(0)" in lines


def test_loop_kinds_axes_and_predicates():
    text = '''
    tensorir.prim_func @k(%a: memref<8xf16> loc("A"), %b: memref<8xf16> loc("B")) {
      %c0 = arith.constant 0 : index
      %c2 = arith.constant 2 : index
      %c4 = arith.constant 4 : index
      %c8 = arith.constant 8 : index
      %s = tensorir.alloc_buffer scope("shared") : memref<8xf16> loc("S")
      tensorir.for %t = %c0 to %c2 thread_binding("threadIdx.x") {
        tensorir.for %j = %c0 to %c4 vectorized {
          %i = arith.muli %t, %c4 : index loc("idx")
          %idx = arith.addi %i, %j : index
          %p = arith.cmpi slt, %idx, %c8 : index
          tensorir.block "copy"(%v) = (%idx) in (%c8) kinds "S" where(%p)
              reads(%a[%v] : memref<8xf16>) writes(%b[%v] : memref<8xf16>) {
            %x = tensorir.load %a[%v] : memref<8xf16>
            %y = math.exp %x : f16
            %z = arith.negf %y : f16
            tensorir.store %z, %b[%v] : memref<8xf16>
          }
        } loc("j")
      } loc("tx")
      tensorir.for %u = %c2 to %c4 unrolled {
      } loc("u")
    }
    '''
    body = print_mlir(text).splitlines()[5:]
    assert body == [
        "    @T.prim_func",
        '    def k(A: T.Buffer((T.int64(8),), "float16"), B: T.Buffer((T.int64(8),), "float16")):',
        '        # with T.block("root"):',
        '        S = T.alloc_buffer((T.int64(8),), "float16", scope="shared")',
        '        for tx in T.thread_binding(T.int64(2), thread="threadIdx.x"):',
        "            for j in T.vectorized(T.int64(4)):",
        '                with T.block("copy"):',
        "                    v = T.axis.spatial(T.int64(8), tx * T.int64(4) + j)",
        "                    T.where(tx * T.int64(4) + j < T.int64(8))",
        "                    T.reads(A[v])",
        "                    T.writes(B[v])",
        "                    B[v] = -T.exp(A[v])",
        "        for u in T.unroll(T.int64(2), T.int64(4)):",
    ]


def test_relax_call_of_a_fused_function():
    text = '''
    relax.function private @fused_relu(%x: tensor<4xf32> loc("x")) -> tensor<4xf32> attributes {Primitive = 1 : i64} {
      %0 = relax.nn.relu %x : tensor<4xf32> loc("y")
      relax.return %0 : tensor<4xf32>
    }
    relax.function @main(%x: tensor<4xf32> loc("x")) -> tensor<4xf32> {
      %0 = relax.call @fused_relu(%x) : (tensor<4xf32>) -> tensor<4xf32> loc("lv")
      relax.return %0 : tensor<4xf32>
    }
    '''
    lines = print_mlir(text).splitlines()
    assert lines[5:] == [
        "    @R.function(private=True)",
        '    def fused_relu(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):',
        '        R.func_attr({"Primitive": 1})',
        '        y: R.Tensor((4,), dtype="float32") = R.nn.relu(x)',
        "        return y",
        "",
        "    @R.function",
        '    def main(x: R.Tensor((4,), dtype="float32")) -> R.Tensor((4,), dtype="float32"):',
        "        cls = Module",
        '        lv: R.Tensor((4,), dtype="float32") = cls.fused_relu(x)',
        "        return lv",
    ]
