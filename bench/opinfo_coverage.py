"""PyTorch's OpInfo samples through torch.export -> tvmlir -> CPU, against eager.

    .venv/bin/python bench/opinfo_coverage.py [--ops add,nn.functional.relu] [--limit N]
        [--samples K] [--jobs J] [--timeout S] [--out bench/results/opinfo_coverage.md]

For every OpInfo of ``op_db`` that supports float32 on the CPU it takes the
first K samples of ``op.sample_inputs("cpu", torch.float32)``, wraps each in
an ``nn.Module`` (tensors become its inputs, everything else is baked in),
and runs ``torch.export.export`` -> ``from_exported_program`` ->
``tvmlir.compile(target="llvm")`` -> ``VirtualMachine(...)["main"]``, then
compares with eager PyTorch. Each (op, sample) gets one category:

    pass            tvmlir's outputs match eager's
    mismatch        they do not (values, shape or dtype)
    unsupported     the importer has no converter for some ATen op(s)
    import-error    the importer raised anything else
    compile-error   tvmlir.compile or the JIT failed
    run-error       the compiled function raised
    crash           the worker process died (segfault, abort)
    timeout         the op ran past --timeout seconds
    export-failed   torch.export itself failed        } not in the
    random          eager gives different results      } denominator,
                    twice (random ops, torch.empty)    } but counted
    skipped         outputs are not tensors, or eager  }
                    / sample generation failed         }

An op passes when all its counted samples pass; ops with no exportable sample
are left out of the per-op rate. The OpInfos run in --jobs worker processes
(default 1: the machine is shared), each op under a deadline and each worker
under a memory cap, so a crash, a hang or a runaway allocation costs one
sample or one op, not the run; after a crash the worker is restarted and
goes on with the op's next sample. A full run with 3 samples and --jobs 2
takes about a minute on 2 cores (compiling is ~0.05 s a sample).

Writes the Markdown report to --out and the raw results as JSON beside it.
"""

import argparse
import collections
import datetime
import itertools
import json
import os
import pathlib
import platform
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import torch
from torch.utils import _pytree as pytree

RESULTS = pathlib.Path(__file__).parent / "results" / "opinfo_coverage.md"

# torch.testing.assert_close's float32 defaults are rtol 1.3e-6, atol 1e-5;
# compiled math (libm, another summation order) differs from ATen's kernels
# by a few ulp, so rtol is scaled by RTOL_FACTOR. Non-float outputs compare
# exactly.
RTOL_FLOAT32 = 1.3e-6
ATOL = 1e-5
RTOL_FACTOR = 10

FAILURES = ["mismatch", "unsupported", "import-error", "compile-error", "run-error", "crash", "timeout"]
EXCLUDED = ["export-failed", "random", "skipped"]
CATEGORIES = ["pass"] + FAILURES + EXCLUDED

STARTUP_TIMEOUT = 300  # seconds for a worker to import torch, op_db and tvmlir
MEMORY_LIMIT_GIB = 4  # a worker growing past this is killed: the machine is shared
POLL_SECONDS = 0.5  # how often the parent looks at a worker's memory
IMPORT_RETRY_DELAY = 60  # the lead reinstalls the C++ extension now and then


# -- op_db -----------------------------------------------------------------

def load_op_db():
    """op_db, with a stand-in for ``expecttest`` when it is not installed:
    torch's testing internals import it only for their TestCase base class."""
    try:
        import expecttest  # noqa: F401
    except ImportError:
        import types
        import unittest

        stub = types.ModuleType("expecttest")
        stub.TestCase, stub.ACCEPT = unittest.TestCase, False
        sys.modules["expecttest"] = stub
    from torch.testing._internal.common_methods_invocations import op_db

    return op_db


def op_key(op):
    """The OpInfo's test name: ``name`` or ``name.variant``."""
    return f"{op.name}.{op.variant_test_name}" if op.variant_test_name else op.name


def float32_ops():
    """{key: OpInfo} of the OpInfos that support float32 on the CPU, in op_db order."""
    return {op_key(op): op for op in load_op_db() if torch.float32 in op.supported_dtypes("cpu")}


# -- one sample (runs in a worker, or in-process for tests) ----------------

def sample_module(fn, sample):
    """(module, tensors): a module whose forward takes the sample's tensors
    and calls ``fn(input, *args, **kwargs)`` with the rest baked in."""

    leaves, spec = pytree.tree_flatten((sample.input, sample.args, sample.kwargs))
    positions = [i for i, leaf in enumerate(leaves) if isinstance(leaf, torch.Tensor)]

    class Sample(torch.nn.Module):
        def forward(self, *tensors):
            filled = list(leaves)
            for position, tensor in zip(positions, tensors):
                filled[position] = tensor
            inp, args, kwargs = pytree.tree_unflatten(filled, spec)
            return fn(inp, *args, **kwargs)

    tensors = [leaves[i].detach() for i in positions]
    return Sample(), tensors


def describe(sample):
    """A short description of a sample, enough to rebuild a reproducer."""
    def show(value):
        if isinstance(value, torch.Tensor):
            return f"{str(value.dtype).replace('torch.', '')}{list(value.shape)}"
        if isinstance(value, (list, tuple)):
            inner = ", ".join(show(v) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        return repr(value)

    parts = [show(sample.input)] + [show(a) for a in sample.args]
    parts += [f"{k}={show(v)}" for k, v in sample.kwargs.items()]
    text = ", ".join(parts)
    return text if len(text) <= 300 else text[:297] + "..."


def flat_tensors(output):
    """The output's tensors in order, or None when it holds anything else."""
    leaves = pytree.tree_leaves(output)
    if not leaves or not all(isinstance(leaf, torch.Tensor) for leaf in leaves):
        return None
    return leaves


def first_line(error):
    """The error in one line: its first line, and, when that only introduces
    MLIR's diagnostics (``Unable to parse module assembly:``), the first line
    that says what went wrong."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = f"{type(error).__name__}: {lines[0] if lines else ''}"
    if lines and lines[0].endswith(":"):
        cause = next((line for line in lines[1:] if "error" in line.lower()), lines[1] if len(lines) > 1 else "")
        text += " " + cause
    return text if len(text) <= 300 else text[:297] + "..."


def missing_aten_ops(error):
    """The ATen ops listed by the importer's 'cannot import yet' error, or
    None when the error is another one."""
    message = str(error)
    if "cannot import yet" not in message:
        return None
    # Lines read "  aten.cumsum.default: File ..., line N: code".
    return sorted({m.group(1) for m in re.finditer(r"^\s+(\S+?):\s", message, re.MULTILINE)})


def assert_same(got, expected, rtol_factor):
    """Raises AssertionError when tvmlir's outputs differ from eager's."""
    if len(got) != len(expected):
        raise AssertionError(f"{len(got)} output(s), eager has {len(expected)}")
    for index, (g, e) in enumerate(zip(got, expected)):
        actual = torch.from_numpy(g.numpy().copy())
        exact = not (e.is_floating_point() or e.is_complex())
        try:
            torch.testing.assert_close(actual, e, rtol=0 if exact else RTOL_FLOAT32 * rtol_factor,
                                       atol=0 if exact else ATOL, equal_nan=True)
        except AssertionError as error:
            raise AssertionError(f"output {index}: {error}") from None


def eager_outputs(module, tensors):
    """Eager's outputs on copies of the inputs (some ops write into them)."""
    with torch.no_grad():
        return module(*[t.clone() for t in tensors])


def is_deterministic(first, second):
    """Whether two eager runs agree bit for bit (NaNs equal)."""
    try:
        for a, b in zip(first, second):
            torch.testing.assert_close(a, b, rtol=0, atol=0, equal_nan=True)
        return len(first) == len(second)
    except AssertionError:
        return False


def check_sample(op, sample, rtol_factor=RTOL_FACTOR):
    """One sample through torch.export -> tvmlir -> CPU: a record with its
    category, a one-line detail, the missing ATen ops and stage times."""
    # tvmlir is imported here, not at the top: the parent process never
    # loads it, so it runs on while the C++ extension is reinstalled.
    import tvmlir
    from tvmlir import relax
    from tvmlir.relax.frontend.torch import from_exported_program

    module, tensors = sample_module(op.op, sample)
    record = {"sample": describe(sample), "category": None, "detail": "", "missing": [], "seconds": {}}

    def done(category, detail=""):
        record["category"], record["detail"] = category, detail
        return record

    try:
        expected = flat_tensors(eager_outputs(module, tensors))
        again = flat_tensors(eager_outputs(module, tensors)) if expected is not None else None
    except Exception as error:  # noqa: BLE001 - any eager failure skips the sample
        return done("skipped", "eager failed: " + first_line(error))
    if expected is None:
        return done("skipped", "outputs are not tensors")
    if not is_deterministic(expected, again):
        return done("random", "eager gives different outputs on the same inputs")

    stage = time.perf_counter()
    try:
        with torch.no_grad():
            program = torch.export.export(module, tuple(t.clone() for t in tensors))
    except Exception as error:  # noqa: BLE001
        return done("export-failed", first_line(error))
    record["seconds"]["export"] = round(time.perf_counter() - stage, 3)

    stage = time.perf_counter()
    try:
        mod = from_exported_program(program)
    except Exception as error:  # noqa: BLE001
        missing = missing_aten_ops(error) if isinstance(error, tvmlir.TVMLIRError) else None
        if missing is not None:
            record["missing"] = missing
            return done("unsupported", ", ".join(missing))
        return done("import-error", first_line(error))
    record["seconds"]["import"] = round(time.perf_counter() - stage, 3)

    stage = time.perf_counter()
    try:
        vm = relax.VirtualMachine(tvmlir.compile(mod, target="llvm"), tvmlir.cpu())
        # The JIT runs on first use; doing it here charges its failures to
        # compiling, not to running.
        getattr(vm.executable, "engine", None)
    except Exception as error:  # noqa: BLE001
        return done("compile-error", first_line(error))
    record["seconds"]["compile"] = round(time.perf_counter() - stage, 3)

    stage = time.perf_counter()
    try:
        got = vm["main"](*[t.contiguous().numpy() for t in tensors])
    except Exception as error:  # noqa: BLE001
        return done("run-error", first_line(error))
    record["seconds"]["run"] = round(time.perf_counter() - stage, 3)

    try:
        assert_same(list(got) if isinstance(got, tuple) else [got], expected, rtol_factor)
    except AssertionError as error:
        return done("mismatch", " ".join(str(error).split())[:240])
    return done("pass")


def op_samples(op, count):
    """The op's first ``count`` float32 CPU samples, the same in every
    process (so a restarted worker can go on where the last one died)."""
    torch.manual_seed(0)
    return list(itertools.islice(op.sample_inputs("cpu", torch.float32), count))


def op_records(op, samples=3, start=0, rtol_factor=RTOL_FACTOR, report=None):
    """Yields the records of the op's samples from index ``start`` on, each
    as soon as it is known (a worker sends it before the next sample can
    crash). ``report``, when given, hears ("started", index) before each."""
    try:
        inputs = op_samples(op, samples)
    except Exception as error:  # noqa: BLE001
        yield {"index": 0, "sample": "", "category": "skipped", "missing": [], "seconds": {},
               "detail": "sample_inputs failed: " + first_line(error)}
        return
    for index in range(start, len(inputs)):
        if report:
            report("started", index)
        try:
            record = check_sample(op, inputs[index], rtol_factor)
        except Exception as error:  # noqa: BLE001 - a bug in this script must not end the run
            record = {"sample": "", "category": "skipped", "missing": [], "seconds": {},
                      "detail": "coverage script failed: " + first_line(error)}
        record["index"] = index
        yield record


def check_op(op, samples=3, rtol_factor=RTOL_FACTOR):
    """The records of the op's first ``samples`` samples, in this process."""
    return list(op_records(op, samples, 0, rtol_factor))


# -- worker process ---------------------------------------------------------

def worker_main():
    """Reads requests (JSON lines) on stdin, answers on the original stdout;
    anything else printing to stdout goes to stderr instead."""
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    def send(**message):
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    try:
        import tvmlir
        from tvmlir.relax.frontend.torch import from_exported_program  # noqa: F401

        torch.set_num_threads(1)  # the machine is shared; one core per worker
        ops = float32_ops()
    except Exception:  # noqa: BLE001
        send(type="import-failed", error=traceback.format_exc()[-2000:])
        return
    send(type="ready", torch=torch.__version__, tvmlir=tvmlir.__version__)
    for line in sys.stdin:
        request = json.loads(line)
        for record in op_records(ops[request["op"]], request["samples"], request["start"], request["rtol_factor"],
                                 report=lambda kind, index: send(type=kind, index=index)):
            send(type="sample", record=record)
        send(type="done")


class WorkerDied(Exception):
    pass


class WorkerTooBig(Exception):
    pass


class WorkerUnavailable(Exception):
    """No worker could import torch and tvmlir, twice: the run cannot go on."""


class Worker:
    """A worker process, started on demand and restarted after it dies."""

    def __init__(self, log_dir, number):
        self.log_path = pathlib.Path(log_dir) / f"worker{number}.log"
        self.log_start = 0  # where the current op's part of the log begins
        self.process = None
        self.messages = None
        self.versions = {}

    def ensure_started(self):
        """Starts the worker unless it runs; the seconds that took (which
        are not charged to the op that waits)."""
        begin = time.monotonic()
        if self.process is None:
            self.start()
        return time.monotonic() - begin

    def start(self):
        """Starts the worker; a worker that cannot import tvmlir (the C++
        extension may be being reinstalled) is tried once more after a pause."""
        for attempt in range(2):
            message = self._spawn()
            if message and message["type"] == "ready":
                self.versions = {"torch": message["torch"], "tvmlir": message["tvmlir"]}
                return
            self.stop()
            error = message["error"] if message else self.log_tail()
            if attempt == 0:
                print(f"worker could not start, retrying in {IMPORT_RETRY_DELAY} s:\n{error}", file=sys.stderr)
                time.sleep(IMPORT_RETRY_DELAY)
        raise WorkerUnavailable(f"a worker could not import torch/tvmlir twice:\n{error}")

    def _spawn(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                                        env={**os.environ, "OMP_NUM_THREADS": "1"})
        log.close()
        # A reader thread turns the pipe into a queue, so waits can time out.
        self.messages = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout, self.messages), daemon=True).start()
        try:
            return self.receive(time.monotonic() + STARTUP_TIMEOUT)
        except (TimeoutError, WorkerTooBig):
            return None

    @staticmethod
    def _read(stream, messages):
        for line in stream:
            messages.put(json.loads(line))
        messages.put(None)  # end of file: the worker died

    def receive(self, deadline):
        """The next message; None when the worker died; raises TimeoutError
        past the deadline and WorkerTooBig (after killing the worker) when it
        grows past MEMORY_LIMIT_GIB."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                return self.messages.get(timeout=min(left, POLL_SECONDS))
            except queue.Empty:
                if self.process is not None and self.resident_gib() > MEMORY_LIMIT_GIB:
                    self.stop()
                    raise WorkerTooBig from None

    def send(self, request):
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerDied from None

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def mark_log(self):
        """Starts the current op's part of the log."""
        self.log_start = self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_tail(self, lines=3):
        """The last lines the worker wrote to stderr during the current op:
        why it crashed."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self.log_start)
                text = log.read().decode(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text[-lines:])[:400]

    def resident_gib(self):
        """The worker's resident memory (0 when it cannot be read)."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 2**20
        except (OSError, AttributeError):
            pass
        return 0.0


def run_op_in(worker, key, options):
    """The records of one op, run in ``worker`` under one deadline; a crash
    is charged to the sample that was running, and the rest still run."""
    deadline = time.monotonic() + options["timeout"]
    records, start = [], 0
    worker.mark_log()
    while start < options["samples"]:
        current = None
        deadline += worker.ensure_started()
        try:
            worker.send({"op": key, "start": start, "samples": options["samples"],
                         "rtol_factor": options["rtol_factor"]})
            while True:
                message = worker.receive(deadline)
                if message is None:
                    raise WorkerDied
                if message["type"] == "started":
                    current = message["index"]
                elif message["type"] == "sample":
                    records.append(message["record"])
                elif message["type"] == "done":
                    return records
        except TimeoutError:
            worker.stop()
            records.append(failure_record(current, "timeout", f"over {options['timeout']} s"))
            return records
        except (WorkerDied, WorkerTooBig) as error:
            if isinstance(error, WorkerTooBig):
                why = f"killed: resident memory over {MEMORY_LIMIT_GIB} GiB"
            else:
                why = f"{exit_reason(worker.process.wait())}: {worker.log_tail()}"
            records.append(failure_record(current, "crash", why))
            worker.stop()
            worker.mark_log()
            if current is None:  # died before any sample: nothing to go on with
                return records
            start = current + 1
    return records


def exit_reason(code):
    """'SIGSEGV' for a worker killed by a signal, else 'exit N'."""
    try:
        return signal.Signals(-code).name if code < 0 else f"exit {code}"
    except ValueError:
        return f"exit {code}"


def failure_record(index, category, detail):
    return {"index": index, "sample": "", "category": category, "detail": detail, "missing": [], "seconds": {}}


def run_ops(keys, samples=3, jobs=1, timeout=60, rtol_factor=RTOL_FACTOR, progress=True):
    """{op key: [records]} for ``keys``, run in ``jobs`` worker processes;
    also returns the versions the workers reported."""
    todo = queue.Queue()
    for key in keys:
        todo.put(key)
    results, versions, lock, fatal = {}, {}, threading.Lock(), []
    options = {"samples": samples, "timeout": timeout, "rtol_factor": rtol_factor}
    begin = time.monotonic()

    def serve(worker):
        while not fatal:  # after a fatal error the other workers stop too
            try:
                key = todo.get_nowait()
            except queue.Empty:
                break
            started = time.monotonic()
            try:
                records = run_op_in(worker, key, options)
            except WorkerUnavailable as error:
                fatal.append(error)
                break
            with lock:
                results[key] = records
                versions.update(worker.versions)
                if progress:
                    print(f"[{len(results)}/{len(keys)} {time.monotonic() - begin:6.0f}s] {key}: "
                          f"{op_category(records)} ({time.monotonic() - started:.1f}s)", file=sys.stderr, flush=True)
        worker.stop()

    with tempfile.TemporaryDirectory(prefix="opinfo-") as log_dir:
        threads = [threading.Thread(target=serve, args=(Worker(log_dir, n),)) for n in range(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if fatal:
        raise SystemExit(str(fatal[0]))
    return {key: results[key] for key in keys if key in results}, versions


# -- summary and report -----------------------------------------------------

def op_category(records):
    """pass when every counted sample passes; else the first failure's
    category; an excluded category when no sample counts."""
    counted = [r["category"] for r in records if r["category"] not in EXCLUDED]
    if not counted:
        return records[0]["category"] if records else "skipped"
    failures = [c for c in counted if c != "pass"]
    return failures[0] if failures else "pass"


def cause_of(detail):
    """A failure's detail with its particulars (numbers, shapes, values)
    blurred, so that the same cause groups across ops."""
    text = re.sub(r"tensor<[^>]*>", "tensor<...>", detail)
    text = re.sub(r"\baten\.[\w.]+", "aten.<op>", text)
    text = re.sub(r'"lv\d*"', '"lv"', text)
    # Numbers, but not the digits of names (log2, avg_pool2d).
    text = re.sub(r"(?<![\w.])-?\d+(\.\d+)?(e[-+]?\d+)?", "N", text)
    return text[:160]


def summarize(results):
    ops = {key: op_category(records) for key, records in results.items()}
    samples = collections.Counter(r["category"] for records in results.values() for r in records)
    counted_ops = [c for c in ops.values() if c not in EXCLUDED]
    blocking = collections.Counter()
    for records in results.values():
        blocking.update({aten for r in records for aten in r["missing"]})
    causes = collections.defaultdict(list)  # (category, cause) -> the OpInfos it fails
    for key, records in results.items():
        for cause in {(r["category"], cause_of(r["detail"])) for r in records
                      if r["category"] in FAILURES and r["category"] != "unsupported"}:
            causes[cause].append(key)
    compile_times = [r["seconds"]["compile"] for records in results.values() for r in records
                     if "compile" in r["seconds"]]
    return {
        "ops": len(ops),
        "ops_exportable": len(counted_ops),
        "ops_passed": counted_ops.count("pass"),
        "op_categories": dict(collections.Counter(ops.values())),
        "samples": sum(samples.values()),
        "samples_exportable": sum(n for c, n in samples.items() if c not in EXCLUDED),
        "samples_passed": samples["pass"],
        "sample_categories": dict(samples),
        "missing_aten_ops": blocking.most_common(),
        "failure_causes": [[category, cause, keys] for (category, cause), keys in
                           sorted(causes.items(), key=lambda item: -len(item[1]))],
        "mean_compile_seconds": round(sum(compile_times) / len(compile_times), 3) if compile_times else None,
    }


def percent(part, whole):
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def headline(summary):
    return (f"OpInfo coverage: {summary['ops_passed']}/{summary['ops_exportable']} ops pass "
            f"({percent(summary['ops_passed'], summary['ops_exportable'])}), "
            f"{summary['samples_passed']}/{summary['samples_exportable']} samples pass "
            f"({percent(summary['samples_passed'], summary['samples_exportable'])}), "
            f"of those torch.export exports")


def cell(text, width=120):
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= width else text[:width - 3] + "..."


def markdown(summary, results, meta):
    s = summary
    lines = [
        "# OpInfo coverage: torch.export -> tvmlir -> CPU against eager PyTorch",
        "",
        f"Measured by `bench/opinfo_coverage.py` on {meta['date']} ({meta['machine']}): "
        f"PyTorch {meta['torch']}, tvmlir {meta['tvmlir']} (commit {meta['commit']}), "
        f"{meta['samples']} sample(s) per OpInfo, {meta['jobs']} worker(s), {meta['wall_seconds']:.0f} s wall.",
        "",
        f"OpInfos: those of `op_db` that support float32 on the CPU ({s['ops']}"
        f"{', a subset' if meta['subset'] else ''}). Each sample is exported with `torch.export.export`, "
        "imported with `from_exported_program`, compiled with `tvmlir.compile(mod, target=\"llvm\")` and run "
        "with `relax.VirtualMachine`; outputs compare with `torch.testing.assert_close` at "
        f"rtol {RTOL_FLOAT32 * meta['rtol_factor']:.2g} (float32's 1.3e-6 x {meta['rtol_factor']}), "
        f"atol {ATOL:g}, NaNs equal; integer and boolean outputs exactly. An op passes when all its counted "
        "samples pass. Samples torch.export cannot export, random ones and ones whose outputs are not tensors "
        "are counted but left out of the rates.",
        "",
        f"**Ops: {s['ops_passed']} / {s['ops_exportable']} pass ({percent(s['ops_passed'], s['ops_exportable'])})"
        f"; samples: {s['samples_passed']} / {s['samples_exportable']} pass "
        f"({percent(s['samples_passed'], s['samples_exportable'])}).**",
        "",
        "| category | ops | samples |",
        "| --- | ---: | ---: |",
    ]
    for category in CATEGORIES:
        lines.append(f"| {category} | {s['op_categories'].get(category, 0)} "
                     f"| {s['sample_categories'].get(category, 0)} |")
    lines += ["", "An op's category is its first failing sample's.", ""]
    if s["mean_compile_seconds"] is not None:
        lines += [f"Mean time of `tvmlir.compile` plus the JIT per sample: {s['mean_compile_seconds']:.2f} s.", ""]
    lines += ["## ATen ops the importer is missing, by OpInfos blocked", ""]
    if s["missing_aten_ops"]:
        lines += ["| ATen op | OpInfos |", "| --- | ---: |"]
        top = [(a, n) for a, n in s["missing_aten_ops"] if n > 1][:40] or s["missing_aten_ops"][:10]
        lines += [f"| `{aten}` | {n} |" for aten, n in top]
        rest = s["missing_aten_ops"][len(top):]
        if rest:
            most = max(n for _, n in rest)
            each = "a single OpInfo each" if most == 1 else f"{most} OpInfos or fewer each"
            lines += ["", f"And {len(rest)} more, blocking {each} (all in the JSON)."]
    else:
        lines.append("None.")
    lines += ["", "## Most common failure causes (other than missing converters), by OpInfos", ""]
    if s["failure_causes"]:
        lines += ["| category | cause | OpInfos | for example |", "| --- | --- | ---: | --- |"]
        lines += [f"| {category} | {cell(cause, 160)} | {len(keys)} | {', '.join(keys[:3])} |"
                  for category, cause, keys in s["failure_causes"][:20]]
    else:
        lines.append("None.")
    lines += ["", "## Per op", "", "Samples: passed / counted (tried). Detail: the first failing sample's.", "",
              "| op | result | samples | detail |", "| --- | --- | --- | --- |"]
    for key, records in results.items():
        category = op_category(records)
        counted = [r for r in records if r["category"] not in EXCLUDED]
        passed = sum(r["category"] == "pass" for r in counted)
        failing = next((r for r in records if r["category"] == category and category != "pass"), None)
        detail = cell(failing["detail"]) if failing else ""
        lines.append(f"| {key} | {category} | {passed}/{len(counted)} ({len(records)}) | {detail} |")
    return "\n".join(lines) + "\n"


def results_json(meta, summary, results):
    """The raw results as JSON, one line per op, so that runs diff by op."""
    ops = ",\n".join(f"  {json.dumps(key)}: {json.dumps(records)}" for key, records in results.items())
    return (f'{{"meta": {json.dumps(meta)},\n"summary": {json.dumps(summary)},\n'
            f'"results": {{\n{ops}\n}}}}\n')


def git_commit():
    root = pathlib.Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True).stdout.strip()
        return commit + ("+local changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def select_ops(all_keys, names, limit):
    if names:
        unknown = [n for n in names if n not in all_keys]
        if unknown:
            raise SystemExit(f"no float32 CPU OpInfo named {', '.join(unknown)}")
        keys = names
    else:
        keys = list(all_keys)
    return keys[:limit] if limit else keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", help="comma-separated OpInfo names (name or name.variant)")
    parser.add_argument("--limit", type=int, help="only the first N OpInfos")
    parser.add_argument("--samples", type=int, default=3, help="samples per OpInfo (default 3)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1; the machine is shared)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per OpInfo (default 60)")
    parser.add_argument("--rtol-factor", type=float, default=RTOL_FACTOR,
                        help=f"rtol = 1.3e-6 x this (default {RTOL_FACTOR})")
    parser.add_argument("--out", type=pathlib.Path, default=RESULTS, help="the Markdown report; JSON beside it")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker_main()

    all_keys = float32_ops()
    keys = select_ops(all_keys, args.ops.split(",") if args.ops else None, args.limit)
    begin = time.monotonic()
    results, versions = run_ops(keys, args.samples, args.jobs, args.timeout, args.rtol_factor)
    meta = {"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "torch": versions.get("torch", "?"), "tvmlir": versions.get("tvmlir", "?"), "commit": git_commit(),
            "samples": args.samples, "jobs": args.jobs, "timeout": args.timeout, "rtol_factor": args.rtol_factor,
            "subset": len(keys) != len(all_keys), "wall_seconds": time.monotonic() - begin}
    summary = summarize(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(summary, results, meta))
    args.out.with_suffix(".json").write_text(results_json(meta, summary, results))
    print(headline(summary))
    print(f"wrote {args.out} and {args.out.with_suffix('.json')} ({meta['wall_seconds']:.0f} s)")


if __name__ == "__main__":
    main()
