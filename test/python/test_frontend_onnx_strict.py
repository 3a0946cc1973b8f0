"""Invalid ONNX models: each is refused at import with a TVMLIRError that
names the file (when loaded from one), the node (its name and index) and
its op type; none imports. The cases of issue 12, plus what the checks
around them cover (arity of outputs, required inputs, attributes a schema
does not have, initializer sizes, values no node produces)."""

import re

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from tvmlir import TVMLIRError  # noqa: E402
from tvmlir.relax.frontend.onnx import from_onnx  # noqa: E402
from tvmlir.relax.frontend.onnx.checks import MAX_OPSET  # noqa: E402

F = TensorProto.FLOAT


def _model(nodes, inputs, outputs, initializers=(), opset=18):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid("", opset)] if opset is not None else []
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 10
    return model


def _input(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def _output(name, elem=F):
    return helper.make_tensor_value_info(name, elem, None)


def _refused(model, message):
    """from_onnx refuses ``model`` with ``message`` (a literal), from a
    ModelProto and from a file, whose name then starts the message."""
    with pytest.raises(TVMLIRError, match=re.escape(message)):
        from_onnx(model)
    return message


def _refused_from_file(model, message, tmp_path):
    path = tmp_path / "bad.onnx"
    onnx.save(model, str(path))
    with pytest.raises(TVMLIRError, match=re.escape(f"{path}: {message}")):
        from_onnx(str(path))


def _ort_refuses(model):
    """ONNX Runtime refuses the model too (at load or at run): the importer is
    not stricter than the reference."""
    with pytest.raises(Exception):
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        feeds = {i.name: np.ones([d.dim_value for d in i.type.tensor_type.shape.dim], np.float32)
                 for i in model.graph.input}
        session.run(None, feeds)


def test_add_with_three_inputs(tmp_path):
    model = _model([helper.make_node("Add", ["x", "x", "x"], ["y"], name="add3")], [_input("x", [2, 3])],
                   [_output("y")])
    message = "Add node 'add3' (index 0): Add (opset 14) takes 2 input(s), the node has 3"
    _refused(model, message)
    _refused_from_file(model, message, tmp_path)
    _ort_refuses(model)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.onnx"
    path.write_bytes(b"")
    with pytest.raises(TVMLIRError, match=re.escape(f"{path}: the file is empty (0 bytes), not an ONNX model")):
        from_onnx(str(path))


def test_model_without_graph():
    with pytest.raises(TVMLIRError, match=re.escape("the model holds no graph (no nodes and no outputs)")):
        from_onnx(_model([], [], []))


def test_truncated_file(tmp_path):
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [_input("x", [2, 3])], [_output("y")],
                   [numpy_helper.from_array(np.ones((8, 8), np.float32), "w")])
    data = model.SerializeToString()
    path = tmp_path / "cut.onnx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(TVMLIRError, match=re.escape(f"{path}: not an ONNX model, or a truncated one "
                                                    f"({len(data) // 2} bytes): protobuf cannot decode it")):
        from_onnx(str(path))


def test_missing_file(tmp_path):
    path = tmp_path / "absent.onnx"
    with pytest.raises(TVMLIRError, match=re.escape(f"{path}: cannot read the ONNX model: No such file")):
        from_onnx(str(path))


def test_softmax_with_a_float_axis():
    model = _model([helper.make_node("Softmax", ["x"], ["y"], axis=1.5, name="soft")], [_input("x", [2, 3])],
                   [_output("y")])
    _refused(model, "Softmax node 'soft' (index 0): attribute 'axis' is FLOAT 1.5, Softmax (opset 13) takes INT")
    _ort_refuses(model)


@pytest.mark.parametrize("opset", [13, 18])
def test_split_sizes_that_do_not_add_up(opset):
    node = helper.make_node("Split", ["x", "sizes"], ["a", "b"], axis=1, name="split")
    model = _model([node], [_input("x", [2, 6])], [_output("a"), _output("b")],
                   [numpy_helper.from_array(np.array([2, 3], np.int64), "sizes")], opset=opset)
    _refused(model, "Split node 'split' (index 0): ONNX shape inference rejects the model: [ShapeInferenceError] "
                    "Inference error(s): (op_type:Split, node name: split): [ShapeInferenceError] Mismatch between "
                    "the sum of 'split' (5) and the split dimension of the input (6)")
    _ort_refuses(model)


def test_split_sizes_are_checked_by_the_converter_too():
    """Sizes that shape inference does not see (they come from a Concat of
    constants, folded at import) are checked where the converter reads them."""
    nodes = [helper.make_node("Concat", ["s0", "s1"], ["sizes"], axis=0),
             helper.make_node("Split", ["x", "sizes"], ["a", "b"], axis=0, name="split")]
    model = _model(nodes, [_input("x", [4])], [_output("a"), _output("b")],
                   [numpy_helper.from_array(np.array([1], np.int64), "s0"),
                    numpy_helper.from_array(np.array([4], np.int64), "s1")])
    _refused(model, "Split node 'split' (index 1): the split sizes [1, 4] must be 2 non-negative extents (one per "
                    "output) adding up to the axis' extent 4")


@pytest.mark.parametrize("opset, message", [
    (0, "ONNX opset 0 is not supported: tvmlir imports opsets 1 to"),
    (99, "ONNX opset 99 is not supported: tvmlir imports opsets 1 to"),
    (None, "the model imports no ONNX opset (opset_import has no entry for the default domain '')"),
], ids=["0", "99", "none"])
def test_opset_out_of_range_or_absent(opset, message, tmp_path):
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [_input("x", [2])], [_output("y")], opset=opset)
    _refused(model, message)
    _refused_from_file(model, message, tmp_path)


def test_the_supported_opsets_are_those_onnx_defines():
    assert MAX_OPSET == onnx.defs.onnx_opset_version()


def test_duplicated_graph_input():
    model = _model([helper.make_node("Add", ["x", "x"], ["y"])], [_input("x", [2]), _input("x", [2])],
                   [_output("y")])
    _refused(model, "graph input 'x' (index 1) is declared twice")
    _ort_refuses(model)


def test_graph_output_no_node_produces(tmp_path):
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [_input("x", [2])], [_output("z")])
    message = "graph output 'z' (index 0) is produced by no node, graph input or initializer"
    _refused(model, message)
    _refused_from_file(model, message, tmp_path)


def test_node_input_no_node_produces():
    model = _model([helper.make_node("Relu", ["x"], ["y"], name="r"), helper.make_node("Add", ["y", "w"], ["z"])],
                   [_input("x", [2])], [_output("z")])
    _refused(model, "Add node 'Add_1' (index 1): input 'w' is no graph input, initializer or output of an "
                    "earlier node")


def test_axis_out_of_range_is_refused_at_import():
    model = _model([helper.make_node("Softmax", ["x"], ["y"], axis=7, name="soft")], [_input("x", [2, 3])],
                   [_output("y")])
    _refused(model, "Softmax node 'soft' (index 0): ONNX shape inference rejects the model: [ShapeInferenceError] "
                    "Inference error(s): (op_type:Softmax, node name: soft): [ShapeInferenceError] 'axis' must be "
                    "in [-2 , 1]. Its actual value is: 7")
    _ort_refuses(model)


def test_axis_out_of_range_is_checked_by_the_converter_too():
    """An axis that shape inference does not check (ReduceMax's from its
    input, folded at import) is refused where the converter reads it."""
    nodes = [helper.make_node("Identity", ["a"], ["axes"]),
             helper.make_node("ReduceMax", ["x", "axes"], ["y"], name="max")]
    model = _model(nodes, [_input("x", [2, 3])], [_output("y")], [numpy_helper.from_array(np.array([5], np.int64), "a")])
    _refused(model, "ReduceMax node 'max' (index 1): axis 5 is out of range for a rank-2 input (ONNX takes -2 to 1)")


def test_flatten_takes_the_rank_itself_as_axis():
    """Flatten's axis runs to the rank (all dimensions on the left)."""
    model = _model([helper.make_node("Flatten", ["x"], ["y"], axis=2)], [_input("x", [2, 3])], [_output("y")])
    assert "R.reshape(x, shape=R.shape([6, 1]))" in from_onnx(model).script()
    model = _model([helper.make_node("Flatten", ["x"], ["y"], axis=3, name="flat")], [_input("x", [2, 3])],
                   [_output("y")])
    _refused(model, "Flatten node 'flat' (index 0): ONNX shape inference rejects the model: [ShapeInferenceError] "
                    "Inference error(s): (op_type:Flatten, node name: flat): [ShapeInferenceError] Invalid value(3) "
                    "for attribute 'axis'")


@pytest.mark.parametrize("index", [1000, -785])
def test_gather_with_a_constant_index_out_of_range(index):
    node = helper.make_node("Gather", ["x", "i"], ["y"], axis=1, name="gather")
    model = _model([node], [_input("x", [1, 784])], [_output("y")],
                   [numpy_helper.from_array(np.array([3, index], np.int64), "i")])
    _refused(model, f"Gather node 'gather' (index 0): index {index} is out of range [-784, 784) for axis 1 of "
                    "extent 784")
    _ort_refuses(model)


def test_gather_folded_at_import_checks_its_indices_too():
    nodes = [helper.make_node("Shape", ["x"], ["shape"]),
             helper.make_node("Gather", ["shape", "i"], ["dim"], axis=0, name="pick"),
             helper.make_node("Cast", ["dim"], ["y"], to=F)]
    model = _model(nodes, [_input("x", [2, 3])], [_output("y")],
                   [numpy_helper.from_array(np.array(2, np.int64), "i")])
    _refused(model, "Gather node 'pick' (index 1): index 2 is out of range [-2, 2) for axis 0 of extent 2")


def test_too_many_outputs():
    model = _model([helper.make_node("Relu", ["x"], ["y", "z"], name="r")], [_input("x", [2])], [_output("y")])
    _refused(model, "Relu node 'r' (index 0): Relu (opset 14) takes 1 output(s), the node has 2")


def test_required_input_left_empty():
    model = _model([helper.make_node("Gemm", ["x", ""], ["y"], name="gemm")], [_input("x", [2, 2])], [_output("y")])
    _refused(model, "Gemm node 'gemm' (index 0): input 1 ('B') of Gemm (opset 13) is required, the node leaves "
                    "it empty")


def test_attribute_the_schema_does_not_have():
    model = _model([helper.make_node("Relu", ["x"], ["y"], name="r", frobnicate=3)], [_input("x", [2])],
                   [_output("y")])
    _refused(model, "Relu node 'r' (index 0): 'frobnicate' is not an attribute of Relu (opset 14) (it has none)")


def test_required_attribute_missing():
    model = _model([helper.make_node("Cast", ["x"], ["y"], name="c")], [_input("x", [2])], [_output("y")])
    _refused(model, "Cast node 'c' (index 0): Cast (opset 13) requires attribute 'to'")


def test_initializer_whose_data_does_not_fill_its_dims():
    weight = numpy_helper.from_array(np.zeros((2, 3), np.float32), "w")
    weight.dims[:] = [4, 3]
    model = _model([helper.make_node("Add", ["x", "w"], ["y"])], [_input("x", [4, 3])], [_output("y")], [weight])
    _refused(model, "initializer 'w': its dims [4, 3] make 12 element(s), its data holds 6")
    listed = numpy_helper.from_array(np.zeros(3, np.float32), "v")
    listed.ClearField("raw_data")
    listed.float_data.extend([1.0, 2.0])
    model = _model([helper.make_node("Add", ["x", "v"], ["y"])], [_input("x", [3])], [_output("y")], [listed])
    _refused(model, "initializer 'v': its dims [3] make 3 element(s), its data holds 2")


def test_op_type_that_is_not_in_the_models_opset():
    model = _model([helper.make_node("Gelu", ["x"], ["y"], name="g")], [_input("x", [2])], [_output("y")], opset=18)
    _refused(model, "Gelu node 'g' (index 0): ONNX has no op type Gelu in opset 18")


def test_shape_inference_refusal_is_reported():
    """What only ONNX's own shape inference knows (here: MatMul's inner
    extents) is still a TVMLIRError, with inference's text."""
    model = _model([helper.make_node("MatMul", ["a", "b"], ["y"], name="mm")], [_input("a", [2, 3]),
                                                                               _input("b", [4, 5])], [_output("y")])
    _refused(model, "ONNX shape inference rejects the model: [ShapeInferenceError]")
    _ort_refuses(model)


def test_a_valid_model_still_imports_and_matches_onnxruntime():
    model = _model([helper.make_node("Softmax", ["x"], ["y"], axis=-1),
                    helper.make_node("Gather", ["y", "i"], ["z"], axis=1)],
                   [_input("x", [2, 5])], [_output("z")], [numpy_helper.from_array(np.array([4, -5], np.int64), "i")])
    import tvmlir
    from tvmlir import relax

    x = np.random.default_rng(0).standard_normal((2, 5)).astype(np.float32)
    expected = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(
        None, {"x": x})[0]
    vm = relax.VirtualMachine(tvmlir.compile(from_onnx(model), target="llvm"), tvmlir.cpu())
    np.testing.assert_allclose(vm["main"](x).numpy(), expected, rtol=1e-6, atol=1e-6)
