"""The tutorial's MLP on an NVIDIA GPU: tvmlir's CUDA backend against PyTorch, in one run.

    python bench/gpu_mlp.py export DIR          # here: compile and export for sm_90
    python3 bench/gpu_mlp.py run DIR RESULT.md  # on the GPU machine (NumPy, torch with CUDA)

tvmlir's VM takes host arrays: each call copies the inputs to the device, runs
the kernels (the DLight-style fallback schedule, no tuning) and copies the
result back. PyTorch eager is timed the same way (host tensors in, host
tensor out) and, for reference, on tensors already on the device. The table
(milliseconds per call, minimum over repeats, and the ratios) is written to
RESULT.md; bench/results/gpu_mlp.md holds the last run's.
"""

import os
import sys
import time

import numpy as np

BATCHES = (1, 64, 1024)


def export(folder):
    import tvmlir
    from tvmlir import relax
    from tvmlir.ir import IRModule, default_context
    from tvmlir.testing import build_mlp_module

    rng = np.random.default_rng(0)
    weights = [rng.standard_normal(s).astype("float32") * 0.05 for s in ((256, 784), (256,), (10, 256), (10,))]
    for batch in BATCHES:
        out = os.path.join(folder, f"batch{batch}")
        os.makedirs(out, exist_ok=True)
        mod = relax.get_pipeline("zero")(IRModule(build_mlp_module(default_context(), batch=batch)))
        tvmlir.compile(mod, target={"kind": "cuda", "arch": "sm_90"}).export_library(os.path.join(out, "module.so"))
        for index, array in enumerate([rng.standard_normal((batch, 784)).astype("float32"), *weights]):
            np.save(os.path.join(out, f"in{index}.npy"), array)
        print(f"exported {out}")


def best_ms(fn, repeats=5, inner=20):
    fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - start) / inner)
    return best * 1e3


def run(folder, result_path):
    import ctypes
    import importlib.util

    import torch

    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("gpu_run", os.path.join(here, "..", "scripts", "gpu_run.py"))
    gpu_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gpu_run)

    rows = []
    for batch in BATCHES:
        case = os.path.join(folder, f"batch{batch}")
        library = ctypes.CDLL(os.path.abspath(os.path.join(case, "module.so")))
        library.tvmlir_cuda_last_error.restype = ctypes.c_char_p
        assert library.tvmlir_cuda_init() == 0, library.tvmlir_cuda_last_error()
        inputs = [np.ascontiguousarray(np.load(os.path.join(case, f"in{i}.npy"))) for i in range(5)]
        output = np.empty((batch, 10), "float32")
        descriptors = [ctypes.byref(gpu_run.descriptor(a)) for a in inputs + [output]]

        def tvmlir_call():
            library._mlir_ciface_main(*descriptors)

        x, w1, b1, w2, b2 = (torch.from_numpy(a) for a in inputs)
        dev = [t.cuda() for t in (x, w1, b1, w2, b2)]

        def mlp(x, w1, b1, w2, b2):
            return torch.nn.functional.linear(torch.relu(torch.nn.functional.linear(x, w1, b1)), w2, b2)

        def torch_from_host():
            return mlp(*(t.cuda() for t in (x, w1, b1, w2, b2))).cpu()

        def torch_on_device():
            mlp(*dev)
            torch.cuda.synchronize()

        tvmlir_call()
        error = library.tvmlir_cuda_last_error()
        assert not error, error
        with torch.no_grad():
            expected = mlp(x, w1, b1, w2, b2).numpy()
            np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
            ours, host, device = best_ms(tvmlir_call), best_ms(torch_from_host), best_ms(torch_on_device)
        rows.append((batch, ours, host, device))
        print(f"batch {batch:5d}: tvmlir {ours:8.3f} ms  torch (host arrays) {host:8.3f} ms  "
              f"torch (on device) {device:8.3f} ms")

    name = torch.cuda.get_device_name()
    lines = ["# The tutorial's MLP on an NVIDIA GPU: tvmlir vs PyTorch", "",
             f"Measured by `bench/gpu_mlp.py` in one run on {name}, PyTorch {torch.__version__}. "
             "Milliseconds per call, minimum over 5 timed loops of 20 calls; ratio > 1 means tvmlir is slower.", "",
             "tvmlir's VM takes host arrays, so each call copies the inputs (weights included) to the device and "
             "the result back; its kernels use the fallback schedule (one thread per output element, no tiling "
             "or shared memory). PyTorch is timed the same way (host tensors in and out) and on tensors already "
             "on the device.", "",
             "| batch | tvmlir (ms) | torch, host arrays (ms) | torch, on device (ms) | tvmlir / torch host | tvmlir / torch device |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for batch, ours, host, device in rows:
        lines.append(f"| {batch} | {ours:.3f} | {host:.3f} | {device:.3f} | {ours / host:.2f} | {ours / device:.2f} |")
    with open(result_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {result_path}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "export":
        export(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
