"""Whole models on the CPU: tvmlir against PyTorch eager and ONNX Runtime.

    .venv/bin/python bench/models_cpu.py [--rounds N] [--threads 1 2] [--models mlp_b1 cnn ...]

Each model is written in PyTorch, imported with from_exported_program
(weights as constants), put through relax's zero pipeline and compiled with
tvmlir.compile; every peer's output is checked against eager PyTorch. At each
thread count the peers are timed interleaved: N rounds, each a timed loop of
about 20 ms per peer, so drift in the machine hits all of them alike; the
table gives the minimum and the median per call. It also measures the
per-call overhead alone (a 2-argument add of 4 floats) and writes
bench/results/models_cpu.md, with a plot of the ratios (models_cpu.png)
where matplotlib is installed. Optional peers that are not installed (ONNX
Runtime, Apache TVM) are skipped with a note.
"""

import argparse
import importlib.util
import io
import os
import pathlib
import platform
import statistics
import subprocess
import time
import warnings

# Before PyTorch starts OpenMP: idle threads sleep instead of spinning, so
# that the peers, timed in turns, do not steal each other's cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import tvmlir  # noqa: E402
from tvmlir import relax  # noqa: E402
from tvmlir.ir import IRModule  # noqa: E402
from tvmlir.relax.frontend.torch import from_exported_program  # noqa: E402

RESULTS = pathlib.Path(__file__).parent / "results" / "models_cpu.md"
PLOT = RESULTS.with_suffix(".png")
LOOP_SECONDS = 0.02


class CNN(nn.Module):
    """Three convolutions with ReLU and pooling, then a linear classifier."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(64, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class DecoderBlock(nn.Module):
    """A GPT-2 style block: causal self-attention from one qkv projection,
    a GELU MLP, pre-norm residuals."""

    def __init__(self, dim=256, heads=4):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.fc, self.out = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)

    def forward(self, x):
        batch, length, dim = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(dim, dim=2)
        q, k, v = (t.view(batch, length, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(attended.transpose(1, 2).contiguous().view(batch, length, dim))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class Encoder(nn.Module):
    """nn.TransformerEncoderLayer(256, 4, batch_first=True), called with
    is_causal=False: the TorchScript ONNX exporter cannot trace its default
    (a tensor reaches sdpa's bool argument)."""

    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(256, 4, batch_first=True)

    def forward(self, x):
        return self.layer(x, is_causal=False)


def models():
    """name -> (module, input) of every model of the bench."""
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    return {
        "mlp_b1": (mlp, torch.rand(1, 784)),
        "mlp_b64": (mlp, torch.rand(64, 784)),
        "mlp_b1024": (mlp, torch.rand(1024, 784)),
        "cnn_1x3x96x96": (CNN(), torch.randn(1, 3, 96, 96)),
        "encoder_8x128": (Encoder(), torch.randn(8, 128, 256)),
        "gpt_block_4x64": (DecoderBlock(), torch.randn(4, 64, 256)),
    }


def tvmlir_runner(model, x):
    """The compiled model's call on ``x``, and the seconds to get there."""
    start = time.perf_counter()
    with torch.no_grad():
        program = torch.export.export(model, (x,))
    mod = relax.get_pipeline("zero")(from_exported_program(program, unwrap_unit_return_tuple=True))
    function = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())["main"]
    array = x.numpy()
    function(array)  # the JIT compiles on the first call
    return (lambda: function(array)), time.perf_counter() - start


def onnxruntime_session(model, x, threads):
    """An ONNX Runtime session of ``model`` (exported by torch.onnx) and the
    seconds export and session creation took."""
    import onnxruntime

    start = time.perf_counter()
    buffer = io.BytesIO()
    # With gradients on: under no_grad the encoder layer exports as its fused
    # fast path, which ONNX has no operator for.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the TorchScript exporter, which from_onnx's tests use
        torch.onnx.export(model, (x,), buffer, dynamo=False, input_names=["x"])
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    # Idle workers sleep rather than spin, so they do not take the cores
    # from the peer timed next (OMP_WAIT_POLICY does the same for PyTorch).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(buffer.getvalue(), options, providers=["CPUExecutionProvider"])
    return session, time.perf_counter() - start


def per_call(fn, rounds_of):
    """Seconds per call of ``fn`` in each round (``rounds_of`` loops)."""
    fn()
    start = time.perf_counter()
    fn()
    inner = max(1, int(LOOP_SECONDS / max(time.perf_counter() - start, 1e-7)))
    times = []
    for _ in range(rounds_of):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) / inner)
    return times


def interleaved(runners, rounds):
    """name -> per-call seconds of each round; the runners take turns."""
    times = {name: [] for name in runners}
    for _ in range(rounds):
        for name, fn in runners.items():
            times[name] += per_call(fn, 1)
    return times


def check(name, got, expected):
    np.testing.assert_allclose(got, expected, rtol=2e-3, atol=2e-3, err_msg=f"{name} differs from eager PyTorch")


def bench_model(name, model, x, thread_counts, rounds):
    """Rows (model, threads, peer -> (min, median) ms, compile seconds)."""
    model.eval()
    with torch.no_grad():
        expected = model(x).numpy()
    rows, tvmlir_call = [], None
    for threads in thread_counts:
        torch.set_num_threads(threads)
        compile_seconds = {}
        if tvmlir_call is None or THREADS_SETTABLE:  # the count is read at compile time
            set_tvmlir_threads(threads)
            tvmlir_call, compile_seconds["tvmlir"] = tvmlir_runner(model, x)
            check(f"{name}: tvmlir", tvmlir_call().numpy(), expected)

        def eager():
            with torch.no_grad():
                return model(x)

        runners = {"tvmlir": tvmlir_call, "eager": eager}
        if importlib.util.find_spec("onnxruntime"):
            session, compile_seconds["onnxruntime"] = onnxruntime_session(model, x, threads)
            feeds = {"x": x.numpy()}
            check(f"{name}: onnxruntime", session.run(None, feeds)[0], expected)
            runners["onnxruntime"] = lambda session=session, feeds=feeds: session.run(None, feeds)
        times = interleaved(runners, rounds)
        stats = {peer: (min(t) * 1e3, statistics.median(t) * 1e3) for peer, t in times.items()}
        rows.append((name, threads, stats, compile_seconds))
        line = "  ".join(f"{peer} {low:8.3f}/{mid:8.3f} ms" for peer, (low, mid) in stats.items())
        print(f"{name:16s} {threads} thread(s): {line}", flush=True)
    return rows


# tvmlir.runtime.set_num_threads, where this tvmlir has it.
THREADS_SETTABLE = hasattr(tvmlir.runtime, "set_num_threads")


def set_tvmlir_threads(count):
    if THREADS_SETTABLE:
        tvmlir.runtime.set_num_threads(count)


def overhead(rounds):
    """Per-call microseconds of a 2-argument add of 4 floats: tvmlir's VM
    call (fresh result, and out=), eager torch.add, and ONNX Runtime."""
    mod = IRModule.from_mlir("""relax.function @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.add %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}""")
    function = relax.VirtualMachine(tvmlir.compile(mod), tvmlir.cpu())["main"]
    x, y, out = np.ones(4, "float32"), np.ones(4, "float32"), np.empty(4, "float32")
    tx, ty = torch.ones(4), torch.ones(4)
    runners = {"tvmlir": lambda: function(x, y), "tvmlir out=": lambda: function(x, y, out=out),
               "tvmlir from torch": lambda: function(tx, ty), "eager torch.add": lambda: torch.add(tx, ty)}
    if importlib.util.find_spec("onnxruntime"):
        session, _ = onnxruntime_session(_Add(), tx, 1)
        runners["onnxruntime"] = lambda: session.run(None, {"x": x})
    times = interleaved(runners, rounds)
    return {name: (min(t) * 1e6, statistics.median(t) * 1e6) for name, t in times.items()}


class _Add(nn.Module):
    def forward(self, x):
        return x + x


def write_results(rows, overheads, rounds, notes):
    peers = [p for p in ("tvmlir", "eager", "onnxruntime") if any(p in stats for _, _, stats, _ in rows)]
    lines = [
        "# Whole models on the CPU: tvmlir vs PyTorch eager and ONNX Runtime",
        "",
        f"Measured by `bench/models_cpu.py` in one run at tvmlir {_revision()} on {platform.machine()} "
        f"({os.cpu_count()} cores), "
        f"PyTorch {torch.__version__}" + (f", ONNX Runtime {_version('onnxruntime')}" if "onnxruntime" in peers
                                         else "") + ". "
        f"Milliseconds per call, min / median over {rounds} interleaved rounds of about "
        f"{LOOP_SECONDS * 1e3:.0f} ms each; ratios of the minima (> 1: tvmlir is slower). Models imported "
        "with `from_exported_program` (weights as constants), then the zero pipeline and `tvmlir.compile`.",
        "",
        *[f"- {note}" for note in notes],
        "",
        "| model | threads | " + " | ".join(f"{p} (ms)" for p in peers) + " | "
        + " | ".join(f"tvmlir / {p}" for p in peers[1:]) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in peers) + " | " + " | ".join("---:" for _ in peers[1:]) + " |",
    ]
    for name, threads, stats, _ in rows:
        cells = [f"{stats[p][0]:.3f} / {stats[p][1]:.3f}" for p in peers]
        ratios = [f"{stats['tvmlir'][0] / stats[p][0]:.2f}" for p in peers[1:]]
        lines.append(f"| {name} | {threads} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    lines += ["", "Compile time (seconds: export, import, zero pipeline, compile and JIT for tvmlir; "
              "ONNX export and session creation for ONNX Runtime):", "",
              "| model (threads) | " + " | ".join(p for p in peers if p != "eager") + " |",
              "| --- | " + " | ".join("---:" for p in peers if p != "eager") + " |"]
    for name, threads, _, compile_seconds in rows:
        if compile_seconds:
            lines.append(f"| {name} ({threads} thread(s)) | "
                         + " | ".join(f"{compile_seconds[p]:.2f}" if p in compile_seconds else "" for p in peers
                                      if p != "eager") + " |")
    lines += ["", "Per-call overhead, a 2-argument add of 4 floats (µs, min / median):", "",
              "| call | µs |", "| --- | ---: |"]
    lines += [f"| {name} | {low:.2f} / {mid:.2f} |" for name, (low, mid) in overheads.items()]
    if write_plot(rows, peers):
        lines += ["", f"![tvmlir's time over each peer's]({PLOT.name})"]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS}")


def write_plot(rows, peers):
    """Bars of tvmlir's time over each peer's, per model and thread count, to
    bench/results/models_cpu.png; False where matplotlib (a bench-only
    dependency) is not installed."""
    if not importlib.util.find_spec("matplotlib"):
        return False
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels = [f"{name}\n{threads}T" for name, threads, _, _ in rows]
    figure, axes = pyplot.subplots(figsize=(max(6.0, 0.9 * len(rows)), 4.0))
    width = 0.8 / max(1, len(peers) - 1)
    for i, peer in enumerate(peers[1:]):
        ratios = [stats["tvmlir"][0] / stats[peer][0] for _, _, stats, _ in rows]
        axes.bar([x + i * width for x in range(len(rows))], ratios, width, label=f"tvmlir / {peer}")
    axes.axhline(1.0, color="black", linewidth=0.8)
    axes.axhline(1.5, color="grey", linewidth=0.8, linestyle="--")
    axes.set_xticks([x + width * (len(peers) - 2) / 2 for x in range(len(rows))], labels, fontsize=7)
    axes.set_ylabel("time ratio (< 1: tvmlir faster)")
    axes.set_title("Whole models on the CPU (min of interleaved rounds)")
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(PLOT, dpi=120)
    pyplot.close(figure)
    return True


def _revision():
    """The git revision of the tree measured (``-dirty`` with uncommitted changes)."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                              cwd=pathlib.Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"


def _version(module):
    return __import__(module).__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--models", nargs="+", default=list(models()))
    args = parser.parse_args()
    notes = ["Threads: torch.set_num_threads, ONNX Runtime's intra_op_num_threads, and for tvmlir "
             + ("tvmlir.runtime.set_num_threads before each compile." if THREADS_SETTABLE else
                "nothing (this tvmlir has no set_num_threads): its parallel loops run on MLIR's async runtime "
                "over all cores at every row.")]
    if not importlib.util.find_spec("onnxruntime"):
        notes.append("ONNX Runtime is not installed: skipped.")
    if not importlib.util.find_spec("tvm"):
        notes.append("Apache TVM is not installed: skipped.")
    notes.append("torch.compile (inductor) is not measured: its compile time does not fit a run of a few minutes.")
    rows, table = [], models()
    for name in args.models:
        rows += bench_model(name, *table[name], args.threads, args.rounds)
    torch.set_num_threads(1)
    overheads = overhead(args.rounds)
    for name, (low, mid) in overheads.items():
        print(f"overhead {name:18s} {low:7.2f} / {mid:7.2f} us")
    write_results(rows, overheads, args.rounds, notes)


if __name__ == "__main__":
    main()
