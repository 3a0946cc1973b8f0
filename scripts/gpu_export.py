"""Exports the CUDA test cases for a GPU machine: python scripts/gpu_export.py OUTDIR

For each case of tvmlir.gpu.cases and each arch, OUTDIR/<case>-<arch>/ holds
module.so (host code, PTX and the CUDA runtime in one library), inputs
(in<i>.npy) and the NumPy reference (expected.npy). scripts/gpu_check.sh
OUTDIR runs them there with Python and NumPy only (scripts/gpu_run.py).
"""

import os
import sys

import numpy as np

import tvmlir
from tvmlir.gpu.cases import cases

ARCHS = ("sm_80", "sm_90")


def export(outdir):
    for name, (build, inputs, reference) in cases().items():
        mod = build()
        expected = reference(*inputs)
        for arch in ARCHS:
            folder = os.path.join(outdir, f"{name}-{arch}")
            os.makedirs(folder, exist_ok=True)
            tvmlir.compile(mod, target={"kind": "cuda", "arch": arch}).export_library(
                os.path.join(folder, "module.so"))
            for index, array in enumerate(inputs):
                np.save(os.path.join(folder, f"in{index}.npy"), array)
            np.save(os.path.join(folder, "expected.npy"), expected)
            print(f"exported {folder}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/gpu_export.py OUTDIR")
    export(sys.argv[1])
