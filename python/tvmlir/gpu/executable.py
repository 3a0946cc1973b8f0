"""CUDA executables: host code (LLVM) with PTX kernels embedded.

Run in this process through MLIR's ExecutionEngine with the runtime library
(``runtime.py``), or exported by :meth:`CUDAExecutable.export_library` as one
self-contained shared library: the host code, the PTX, the runtime compiled
in, and ``tvmlir_cuda_init`` to load the kernels. Its only dependencies are
the C library and, at run time, the CUDA driver (``libcuda.so.1``). The
arguments and results of the functions are host (NumPy) arrays.
"""

import os
import tempfile

from mlir import ir as _mlir

from ..relax.vm import Executable, export_sources, object_file
from ..runtime import native
from ..transform import Pass
from . import runtime
from .pipeline import lower_to_cuda

# The ORC initializer of the host object: it runs the module's global
# constructors, which load each PTX module (MLIR's gpu.binary lowering).
_KERNEL_LOADER = "__orc_init_func.LLVMDialectModule"

_GLUE = """\
extern void tvmlir_load_kernels(void) __asm__("{loader}") __attribute__((weak));
int tvmlir_cuda_ready(void);
const char *tvmlir_cuda_last_error(void);

/* Opens the driver and loads the kernels once; 0 on success, else -1 with
   the reason in tvmlir_cuda_last_error(). */
int tvmlir_cuda_init(void) {{
  static int loaded = 0;
  if (tvmlir_cuda_ready() != 0)
    return -1;
  if (!loaded) {{
    loaded = 1;
    if (tvmlir_load_kernels)
      tvmlir_load_kernels();
  }}
  return tvmlir_cuda_last_error() ? -1 : 0;
}}
"""


def compile_cuda(mod, specs, target):
    """The CUDAExecutable of a legalized module."""
    lowered = Pass(lower_to_cuda(target.arch), "lowering to CUDA")(mod)
    return CUDAExecutable(lowered, specs, target)


class CUDAExecutable(Executable):
    """An Executable whose kernels run on a CUDA GPU."""

    def __init__(self, lowered, specs, target):
        super().__init__(lowered, specs, target)
        self._errors = None  # the runtime's CUDAErrors once it is up

    def ptx(self):
        """The PTX text of each kernel module, by module name."""
        from mlir.dialects import gpu

        modules = {}
        for op in self.mod.mlir.body.operations:
            if op.operation.name != "gpu.binary":
                continue
            name = _mlir.StringAttr(op.attributes["sym_name"]).value
            for attr in _mlir.ArrayAttr(op.attributes["objects"]):
                modules[name] = gpu.ObjectAttr(attr).object.decode().rstrip("\0")
        return modules

    def _make_engine(self, **options):
        from mlir.execution_engine import ExecutionEngine

        _, self._errors = runtime.load()  # a TVMLIRError without a driver or device
        engine = ExecutionEngine(self.mod.mlir, opt_level=3, shared_libs=[runtime.library_path()], **options)
        engine.initialize()  # loads the PTX modules
        self._errors.check("loading the kernels")
        return engine

    def prepare(self):
        self.engine  # noqa: B018 - opens the driver (a TVMLIRError without one) and loads the kernels

    def check_errors(self, name):
        self._errors.check(name)

    def export_library(self, path):
        """Writes one shared library: host code, PTX and the CUDA runtime."""
        from mlir.execution_engine import ExecutionEngine

        # The runtime resolves the mgpu* symbols while the object is made;
        # nothing runs on a GPU here.
        engine = ExecutionEngine(self.mod.mlir, opt_level=3, shared_libs=[runtime.library_path()],
                                 enable_object_dump=True, enable_pic=True)
        with tempfile.TemporaryDirectory() as tmp:
            obj = object_file(engine, self.specs, tmp)
            glue = os.path.join(tmp, "glue.c")
            with open(glue, "w") as f:
                f.write(_GLUE.format(loader=_KERNEL_LOADER))
            # -Bsymbolic: the library calls its own runtime even where another
            # copy (a JIT's) is loaded in the same process.
            sources = [obj, glue, *export_sources(self.specs, tmp), runtime.SOURCE]
            command = runtime.compile_command(path, sources, ["-Wl,-Bsymbolic", *native.compile_flags()])
            runtime.run_compiler(command, os.fspath(path))
