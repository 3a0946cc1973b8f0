"""``tvmlir.compile``: an IRModule to an Executable (TVM's ``tvm.compile``).

For ``llvm``: operators left in relax form are legalized, prim_funcs become
loops over memrefs, each relax function becomes host code that calls them
(``convert-relax-to-func``), and upstream MLIR lowers it all to LLVM, which is
JIT-compiled when the Executable is first run.

For ``cuda`` (``tvmlir.gpu``): each prim_func stage becomes a kernel (PTX for
the target's ``arch``) and the host code copies the arguments to the GPU and
the results back.
"""

from mlir import ir as _mlir

from .base import TVMLIRError
from .ir.module import IRModule
from .runtime.signature import FunctionSpec, TensorSpec
from .target import Target
from .transform import Pass, PassContext, PassTimingInstrument

def cpu_pipeline():
    """The whole CPU lowering: one pipeline registered in C++, so that
    ``relax-opt --tvmlir-cpu-pipeline=num-threads=N`` reproduces any compile."""
    from .runtime.threads import num_threads

    return f"tvmlir-cpu-pipeline{{num-threads={num_threads()}}}"


def _tensor_specs(type_, name):
    from .script.printer import dtype_of, relax_shape

    if isinstance(type_, _mlir.TupleType):
        specs = []
        for i in range(type_.num_types):
            specs += _tensor_specs(type_.get_type(i), f"{name}[{i}]")
        return specs
    return [TensorSpec(name, tuple(relax_shape(type_)), dtype_of(type_.element_type))]


def _function_specs(mod):
    from .script.printer import value_name

    specs = {}
    for gv, func in mod.functions.items():
        op = func.op
        if func.is_prim_func or "Primitive" in op.attributes:
            continue
        entry = op.regions[0].blocks[0]
        params = []
        for index, arg in enumerate(entry.arguments):
            params += _tensor_specs(arg.type, value_name(arg) or f"arg{index}")
        function_type = _mlir.FunctionType(op.attributes["function_type"].value)
        results = []
        for index, type_ in enumerate(function_type.results):
            results += _tensor_specs(type_, f"result{index}")
        returns_tuple = len(function_type.results) != 1 or isinstance(function_type.results[0], _mlir.TupleType)
        specs[gv.name_hint] = FunctionSpec(gv.name_hint, params, results, returns_tuple)
    return specs


def compile(mod, target="llvm", relax_pipeline="default", timing=False):  # noqa: A001 - TVM's name
    """Compiles ``mod`` for ``target`` (a string, dict or Target).

    ``relax_pipeline`` runs first, as TVM's does: a pipeline's name
    (``"default"``: the zero pipeline and dead-code elimination; ``"zero"``),
    a ``Pass``, or ``None`` for none. Passes that ran already change nothing
    when run again, so a module the user put through the zero pipeline
    compiles to the same code.

    With ``timing=True`` (or a ``PassTimingInstrument`` in the current
    ``tvmlir.transform.PassContext``) every pass and the LLVM step (the
    ExecutionEngine's translation, optimization and machine code, done
    here rather than at the first call) are timed; ``timing=True`` prints
    the table and keeps the instrument as the executable's ``timing``."""
    if not timing:
        return _compile(mod, target, relax_pipeline, PassContext.current().timing())
    instrument = PassTimingInstrument()
    with PassContext(instruments=[instrument]):
        executable = _compile(mod, target, relax_pipeline, instrument)
    executable.timing = instrument
    print(instrument.render())
    return executable


def _relax_pipeline(relax_pipeline):
    """The Pass that ``compile``'s ``relax_pipeline`` argument names."""
    from .relax.pipeline import get_pipeline

    if relax_pipeline is None:
        return None
    if isinstance(relax_pipeline, str):
        return get_pipeline(relax_pipeline)
    if isinstance(relax_pipeline, Pass):
        return relax_pipeline
    raise TypeError("compile: relax_pipeline is a pipeline's name ('default', 'zero'), a Pass "
                    f"or None, not {type(relax_pipeline).__name__}")


def _compile(mod, target, relax_pipeline, timing):
    from .relax import transform
    from .relax.vm import Executable

    if not isinstance(mod, IRModule):
        raise TypeError(f"compile takes an IRModule, not {type(mod).__name__}")
    target = Target(target)
    if target.kind not in ("llvm", "cuda"):
        raise TVMLIRError(f"compiling for '{target.kind}' is not supported yet; use target='llvm' or 'cuda'")
    pipeline = _relax_pipeline(relax_pipeline)
    if pipeline is not None:
        mod = pipeline(mod)
    mod = transform.LegalizeOps()(mod)  # what a custom pipeline left
    specs = _function_specs(mod)
    if target.kind == "cuda":
        from .gpu.executable import compile_cuda

        return compile_cuda(mod, specs, target)  # its LLVM step needs the driver: at the first call
    lowered = Pass(cpu_pipeline(), "lowering to LLVM")(mod)
    executable = Executable(lowered, specs, target)
    if timing is not None:
        with timing.time("LLVM", "ExecutionEngine: LLVM IR, -O3, machine code"):
            for name in specs:
                executable.packed_address(name)
    return executable
