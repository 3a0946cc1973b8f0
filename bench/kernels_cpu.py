"""CPU kernels: tvmlir against PyTorch eager (and NumPy's BLAS for GEMM), in one run.

    .venv/bin/python bench/kernels_cpu.py [--repeats N] [--only NAME ...]

Each kernel is a small relax module (the zero pipeline fuses bias and
activation into the matmul's kernel, as for the tutorial's MLP), compiled
once per thread count (1 and 2: tvmlir.runtime.set_num_threads before
compile), checked against PyTorch, then timed. The variants (tvmlir, PyTorch,
NumPy at 1 and 2 threads) are interleaved: every repeat times each once, in
turn, so that the machine's noise falls on all of them. Figures are GFLOP/s
(GB/s for pooling, softmax and layer norm: bytes read and written once),
min and median over the repeats (each variant starts 20 ms after the last,
so that spinning OpenMP threads of a peer have gone to sleep); ratios are tvmlir's speed over the peer's
(> 1: tvmlir faster), from the best times. Results go to
bench/results/kernels_cpu.md.
"""

import argparse
import ctypes
import glob
import os
import pathlib
import platform
import statistics
import time
from dataclasses import dataclass

for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # let OpenBLAS pick its own kernel
    os.environ.pop(_var, None)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import relax  # noqa: E402
from tvmlir.script import from_source  # noqa: E402

RESULTS = pathlib.Path(__file__).parent / "results" / "kernels_cpu.md"
THREADS = (1, 2)


@dataclass
class Kernel:
    name: str
    params: dict  # name -> shape
    body: str  # the dataflow block's bindings, ending in `gv = ...`
    torch_fn: object  # takes torch tensors in params' order
    work: float  # flops, or bytes when unit is GB/s
    unit: str = "GFLOP/s"
    numpy_fn: object = None
    rtol: float = 1e-4


def _module(kernel):
    params = ", ".join(f'{n}: R.Tensor({tuple(s)}, dtype="float32")' for n, s in kernel.params.items())
    lines = "\n".join(f"            {line}" for line in kernel.body.strip().splitlines())
    return from_source(f"""
from tvmlir.script import ir as I, relax as R
@I.ir_module
class Module:
    @R.function
    def main({params}):
        with R.dataflow():
{lines}
            R.output(gv)
        return gv
""")


def _gemm(n):
    return Kernel(f"GEMM {n}x{n}x{n}", {"a": (n, n), "b": (n, n)}, "gv = R.matmul(a, b)",
                  torch.mm, 2 * n**3, numpy_fn=np.matmul)


def _dense(m, k, n, relu):
    act = "gv = R.nn.relu(lv1)" if relu else "gv = lv1"
    return Kernel(f"dense {m}x{k}x{n} + bias{' + relu' if relu else ''}",
                  {"x": (m, k), "w": (k, n), "b": (n,)},
                  f"lv = R.matmul(x, w)\nlv1 = R.add(lv, b)\n{act}",
                  (lambda x, w, b: torch.relu(torch.addmm(b, x, w))) if relu else
                  (lambda x, w, b: torch.addmm(b, x, w)), 2 * m * k * n)


def _f32_bytes(*shapes):
    return 4 * sum(int(np.prod(s)) for s in shapes)


KERNELS = [
    _gemm(1024),
    _gemm(512),
    _dense(1, 784, 256, relu=True),
    _dense(64, 784, 256, relu=True),
    _dense(64, 256, 10, relu=False),
    Kernel("batch matmul 32x128x64x128", {"a": (32, 128, 64), "b": (32, 64, 128)},
           "gv = R.matmul(a, b)", torch.bmm, 2 * 32 * 128 * 64 * 128),
    Kernel("conv2d 3x3 64->64 56x56 (NCHW)", {"x": (1, 64, 56, 56), "w": (64, 64, 3, 3)},
           "gv = R.nn.conv2d(x, w, padding=[1, 1, 1, 1])",
           lambda x, w: F.conv2d(x, w, padding=1), 2 * 64 * 56 * 56 * 64 * 9),
    Kernel("depthwise conv2d 3x3 64ch 56x56", {"x": (1, 64, 56, 56), "w": (64, 1, 3, 3)},
           "gv = R.nn.conv2d(x, w, padding=[1, 1, 1, 1], groups=64)",
           lambda x, w: F.conv2d(x, w, padding=1, groups=64), 2 * 64 * 56 * 56 * 9),
    Kernel("max pool 3x3/2 64ch 112x112", {"x": (1, 64, 112, 112)},
           "gv = R.nn.max_pool2d(x, pool_size=[3, 3], strides=[2, 2], padding=[1, 1, 1, 1])",
           lambda x: F.max_pool2d(x, 3, 2, 1), _f32_bytes((1, 64, 112, 112), (1, 64, 56, 56)), "GB/s"),
    Kernel("softmax 8x4x128x128", {"x": (8, 4, 128, 128)}, "gv = R.nn.softmax(x, axis=-1)",
           lambda x: torch.softmax(x, -1), _f32_bytes((8, 4, 128, 128)) * 2, "GB/s"),
    Kernel("layer norm 1024x256", {"x": (1024, 256), "g": (256,), "b": (256,)},
           "gv = R.nn.layer_norm(x, g, b, axes=[-1])",
           lambda x, g, b: F.layer_norm(x, (256,), g, b), _f32_bytes((1024, 256)) * 2, "GB/s"),
]


def _openblas():
    """NumPy's OpenBLAS (its thread setter and the kernel it runs), if found."""
    import numpy

    for path in glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "*openblas*.so*")):
        lib = ctypes.CDLL(path)
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                corename = getattr(lib, f"{prefix}_get_corename{suffix}", None)
                if setter and corename:
                    corename.restype = ctypes.c_char_p
                    return setter, corename().decode()
    return None, "unknown"


def _compile(kernel, threads):
    tvmlir.runtime.set_num_threads(threads)
    try:
        mod = relax.get_pipeline("zero")(_module(kernel))
        return relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())["main"]
    finally:
        tvmlir.runtime.set_num_threads(None)


def _time(fn, inner):
    start = time.perf_counter()
    for _ in range(inner):
        fn()
    return (time.perf_counter() - start) / inner


def _inner_count(fn):
    fn()
    once = _time(fn, 1)
    return max(1, int(0.05 / max(once, 1e-7)))


def bench(kernel, repeats, set_blas_threads):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s).astype("float32") for s in kernel.params.values()]
    tensors = [torch.from_numpy(a) for a in arrays]
    with torch.no_grad():
        expected = kernel.torch_fn(*tensors).numpy()
    variants = {}
    for threads in THREADS:
        fn = _compile(kernel, threads)
        got = fn(*arrays).numpy()
        scale = float(np.abs(expected).max()) or 1.0
        err = float(np.abs(got - expected).max()) / scale
        if err > kernel.rtol:
            raise AssertionError(f"{kernel.name}: tvmlir differs from PyTorch by {err:.2e} (relative to max)")

        def run_torch(threads=threads):
            torch.set_num_threads(threads)
            with torch.no_grad():
                kernel.torch_fn(*tensors)

        variants[("tvmlir", threads)] = (lambda fn=fn: fn(*arrays)), None
        variants[("PyTorch", threads)] = run_torch, lambda threads=threads: torch.set_num_threads(threads)
        if kernel.numpy_fn is not None and set_blas_threads is not None:
            variants[("NumPy", threads)] = ((lambda: kernel.numpy_fn(*arrays)),
                                            lambda threads=threads: set_blas_threads(threads))
    inner = {}
    for key, (fn, setup) in variants.items():
        if setup:
            setup()
        inner[key] = _inner_count(fn)
    samples = {key: [] for key in variants}
    for _ in range(repeats):
        for key, (fn, setup) in variants.items():
            if setup:
                setup()
            # Let the previous variant's spinning OpenMP/BLAS threads go back
            # to sleep, so that they do not hold the cores this one needs.
            time.sleep(0.02)
            samples[key].append(_time(fn, inner[key]))
    return {key: (min(ts), statistics.median(ts)) for key, ts in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="kernels whose name contains one of these")
    args = parser.parse_args()
    set_blas_threads, corename = _openblas()
    kernels = [k for k in KERNELS if not args.only or any(o in k.name for o in args.only)]
    rows = []
    for kernel in kernels:
        result = bench(kernel, args.repeats, set_blas_threads)
        for threads in THREADS:
            speed = {peer: kernel.work / result[(peer, threads)][0] / 1e9
                     for peer in ("tvmlir", "PyTorch", "NumPy") if (peer, threads) in result}
            median = {peer: kernel.work / result[(peer, threads)][1] / 1e9 for peer in speed}
            row = [kernel.name, str(threads), kernel.unit]
            for peer in ("tvmlir", "PyTorch", "NumPy"):
                row.append(f"{speed[peer]:.1f} / {median[peer]:.1f}" if peer in speed else "")
            for peer in ("PyTorch", "NumPy"):
                row.append(f"{speed['tvmlir'] / speed[peer]:.2f}" if peer in speed else "")
            rows.append(row)
            print(" | ".join(row), flush=True)
    header = ["kernel", "threads", "unit", "tvmlir (best / median)", "PyTorch eager", "NumPy",
              "tvmlir / PyTorch", "tvmlir / NumPy"]
    lines = [
        "# CPU kernels: tvmlir against PyTorch eager and NumPy",
        "",
        f"Written by `bench/kernels_cpu.py` on {platform.machine()}, {os.cpu_count()} logical CPUs, "
        f"{time.strftime('%Y-%m-%d')}: {args.repeats} interleaved repeats, each variant at 1 and 2 "
        f"threads (tvmlir compiled per thread count, `torch.set_num_threads`, OpenBLAS's "
        f"`set_num_threads`). NumPy's BLAS: OpenBLAS, kernel `{corename}` "
        "(`OPENBLAS_CORETYPE` / `OPENBLAS_L2_SIZE` unset). Speeds are best / median over the "
        "repeats; ratios are tvmlir's speed over the peer's from the best times (> 1: tvmlir is "
        f"faster). PyTorch {torch.__version__}.",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---"] * 3 + ["---:"] * (len(header) - 3)) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    if not args.only:
        RESULTS.write_text("\n".join(lines))
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
