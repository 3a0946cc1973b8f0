"""Runs exported CUDA libraries with Python and NumPy only (no tvmlir):

    python3 scripts/gpu_run.py DIR [DIR ...]

Each DIR holds module.so (from CUDAExecutable.export_library), in<i>.npy and
expected.npy. The library's function `main` is called through its C
interface: one memref descriptor per input, then one per result buffer.
Prints PASS/FAIL per DIR; exits 1 if any fails.
"""

import ctypes
import json
import os
import sys

import numpy as np


def descriptor(array):
    """A memref descriptor (allocated, aligned, offset, sizes, strides) of a
    C-contiguous array."""
    rank = array.ndim
    fields = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p), ("offset", ctypes.c_int64)]
    if rank:
        fields += [("sizes", ctypes.c_int64 * rank), ("strides", ctypes.c_int64 * rank)]
    struct = type(f"MemRef{rank}D", (ctypes.Structure,), {"_fields_": fields})()
    struct.allocated = struct.aligned = array.ctypes.data
    struct.offset = 0
    if rank:
        struct.sizes[:] = array.shape
        struct.strides[:] = [s // array.itemsize for s in array.strides]
    return struct


def result_shapes(spec, inputs):
    """The result shapes of a function spec, symbolic sizes read from the inputs."""
    symbols = {}
    for param, array in zip(spec["params"], inputs):
        for dim, size in zip(param["shape"], array.shape):
            if isinstance(dim, str):
                symbols[dim] = size
    return [tuple(symbols.get(d, d) for d in result["shape"]) for result in spec["results"]]


def run(folder):
    library = ctypes.CDLL(os.path.abspath(os.path.join(folder, "module.so")))
    library.tvmlir_cuda_last_error.restype = ctypes.c_char_p
    library.tvmlir_executable_specs.restype = ctypes.c_char_p
    if library.tvmlir_cuda_init() != 0:
        raise RuntimeError(f"init: {library.tvmlir_cuda_last_error().decode()}")
    spec = json.loads(library.tvmlir_executable_specs().decode())["main"]
    count = len([n for n in os.listdir(folder) if n.startswith("in") and n.endswith(".npy")])
    inputs = [np.ascontiguousarray(np.load(os.path.join(folder, f"in{i}.npy"))) for i in range(count)]
    outputs = [np.empty(shape, dtype=result["dtype"])
               for shape, result in zip(result_shapes(spec, inputs), spec["results"])]
    descriptors = [descriptor(a.view(np.uint8) if a.dtype == bool else a) for a in inputs + outputs]
    library._mlir_ciface_main(*[ctypes.byref(d) for d in descriptors])
    error = library.tvmlir_cuda_last_error()
    if error:
        raise RuntimeError(error.decode())
    expected = np.load(os.path.join(folder, "expected.npy"))
    np.testing.assert_allclose(outputs[0], expected, rtol=1e-4, atol=1e-5)


def main(folders):
    failed = 0
    for folder in folders:
        try:
            run(folder)
            print(f"PASS {folder}")
        except Exception as error:  # noqa: BLE001 - every failure is reported per case
            failed += 1
            print(f"FAIL {folder}: {type(error).__name__}: {error}")
    print(f"{len(folders) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 scripts/gpu_run.py DIR [DIR ...]")
    sys.exit(main(sys.argv[1:]))
