#!/usr/bin/env python3
"""Mutation fuzzing of relax-opt and its passes: no input may abort or hang it.

Seeds are the lit inputs (``test/**/*.mlir``, split at ``// -----``, lit
directives dropped). Each mutant is a seed with one to three token-level edits
that keep most of the text well formed, so that it gets past the parser and
into the verifiers and passes: types and element types swapped (among them
types no op accepts: ``none``, ``tensor<f32>``, ``memref<2xf32>``, ``tuple<>``,
a function type), numbers made 0, -1 or huge, shape extents changed, lines
deleted, duplicated or swapped, attribute values and SSA names exchanged, op
names replaced. Every mutant runs through ``relax-opt`` with each pipeline of
``PIPELINES`` (every registered tvmlir pass, the zero pipeline, the CPU
pipeline and the GPU road), in a subprocess with a timeout.

An outcome is ``abort`` when relax-opt dies of a signal, exits with a code
other than 0 or 1, or prints an assertion or crash report, and ``hang`` when
it outlives the timeout; a clean diagnostic and exit code 1 is fine. To go
fast, the mutants of a batch run as one ``-split-input-file`` input per
pipeline; a batch that aborts or hangs is rerun one mutant at a time to find
the culprits, which are written (text, pipeline, stderr) to ``--out``.

Deterministic: mutant ``i`` of seed ``s`` is always the same text.

    python test/fuzz/mlir_fuzz.py --mutants 5000          # the long run
    python test/fuzz/mlir_fuzz.py --mutants 300 --time-limit 45 --seed 7
"""

import argparse
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

TEST = pathlib.Path(__file__).resolve().parents[1]

# Every registered tvmlir pass on its own, then the roads a module takes.
PIPELINES = [
    "",  # parse and verify only
    "relax-legalize-ops",
    "relax-annotate-tir-op-pattern",
    "relax-fold-constant",
    "relax-fuse-ops",
    "relax-fuse-tir",
    "tensorir-reorder-for-locality",
    "tensorir-gpu-default-schedule",
    "tensorir-parallelize-outer-loops",
    "convert-tensorir-to-scf",
    "convert-tensorir-to-linalg",
    "convert-tensorir-to-linalg,tvmlir-cpu-strategy",
    "convert-relax-to-func",
    # The zero pipeline, as relax.get_pipeline("zero") runs it.
    "relax-legalize-ops,relax-annotate-tir-op-pattern,relax-fold-constant,relax-fuse-ops,"
    "relax-fuse-tir",
    # tvmlir.compile for the CPU.
    "relax-legalize-ops,tvmlir-cpu-pipeline",
    # The GPU road up to the host buffers (tvmlir.gpu.pipeline).
    "relax-legalize-ops,tensorir-gpu-default-schedule,"
    "convert-tensorir-to-scf{gpu-thread-bindings=true},convert-relax-to-func,"
    "convert-parallel-loops-to-gpu,convert-host-buffers-to-gpu",
]

CRASH_MARKERS = ("Assertion", "PLEASE submit a bug report", "Stack dump:",
                 "double free", "corrupted", "Segmentation fault", "terminate called")

# Types to put where a type is: well formed, and many of them wrong there.
TYPES = ["f32", "f16", "bf16", "f64", "i1", "i8", "i32", "i64", "index", "ui8", "si32",
         "none", "tensor<f32>", "tensor<2xf32>", "tensor<?xf32>", "tensor<*xf32>",
         "memref<2xf32>", "memref<?xf32>", "tuple<>", "tuple<tensor<2xf32>>", "() -> ()",
         "(f32) -> f32", "vector<4xf32>", "complex<f32>", "!relax.foo", "i0", "f8E4M3FN"]
ELEMENT_TYPES = ["f32", "f16", "f64", "bf16", "i1", "i8", "i32", "i64", "index", "ui8",
                 "none", "complex<f32>", "tensor<f32>", "memref<2xf32>", "tuple<>", "() -> ()"]
NUMBERS = ["0", "-1", "1", "2", "3", "-5", "1000", "-1000", "4096", "65536", "2147483647",
           "2147483648", "4294967296", "9223372036854775807", "-9223372036854775808",
           "18446744073709551616", "99999999999999999999", "1.5", "-0.0", "0x7FC00000", "1e309"]
EXTENTS = ["0", "1", "2", "3", "?", "1000", "65536", "2147483648", "9223372036854775807"]

_TYPE_RE = re.compile(r"\b(?:[fi]\d+|bf16|index|ui\d+|si\d+|none)\b")
_SHAPED_RE = re.compile(r"\b(tensor|memref|vector)<([^<>]*)>")
_NUMBER_RE = re.compile(r"(?<![\w%#.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b")
_SSA_RE = re.compile(r"%[\w$.-]+")
_OP_RE = re.compile(r"\b(?:relax|tensorir|arith|math)\.[a-z_][\w.]*")
_ATTR_RE = re.compile(r"(\b[a-z_]\w*\s*(?:=\s*|\())([^,(){}\[\]<>\n]+|\[[^\[\]\n]*\])")


class Seeds(list):
    """The seed texts; `valid` holds those of chunks that expect no error."""

    def __init__(self, texts, valid):
        super().__init__(texts)
        self.valid = valid


def load_seeds(root=TEST):
    """The lit inputs, one seed per split chunk, without lit directives."""
    texts, valid = [], []
    for path in sorted(root.rglob("*.mlir")):
        if "Output" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for chunk in re.split(r"^// -----.*$", text, flags=re.M):
            expects_error = "expected-error" in chunk
            lines = [line for line in chunk.splitlines() if not line.lstrip().startswith("//")]
            chunk = "\n".join(lines).strip()
            if chunk:
                texts.append(chunk)
                if not expects_error:
                    valid.append(chunk)
    return Seeds(texts, valid)


def _replace_match(text, matches, rng, replacement):
    if not matches:
        return None
    match = rng.choice(matches)
    return text[:match.start()] + replacement(match) + text[match.end():]


def _swap_type(text, rng):
    return _replace_match(text, list(_TYPE_RE.finditer(text)), rng, lambda m: rng.choice(TYPES))


def _change_element_type(text, rng):
    def edit(match):
        dims = match.group(2).split("x")
        dims[-1] = rng.choice(ELEMENT_TYPES) if "," not in dims[-1] else dims[-1]
        return f"{match.group(1)}<{'x'.join(dims)}>"
    return _replace_match(text, list(_SHAPED_RE.finditer(text)), rng, edit)


def _change_shape(text, rng):
    def edit(match):
        dims = match.group(2).split("x")
        if len(dims) > 1 and rng.random() < 0.8:
            dims[rng.randrange(len(dims) - 1)] = rng.choice(EXTENTS)
        elif len(dims) > 1 and rng.random() < 0.5:
            del dims[rng.randrange(len(dims) - 1)]
        else:
            dims.insert(0, rng.choice(EXTENTS))
        return f"{match.group(1)}<{'x'.join(dims)}>"
    return _replace_match(text, list(_SHAPED_RE.finditer(text)), rng, edit)


def _change_number(text, rng):
    return _replace_match(text, list(_NUMBER_RE.finditer(text)), rng, lambda m: rng.choice(NUMBERS))


def _edit_lines(text, rng):
    lines = text.splitlines()
    if len(lines) < 2:
        return None
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.randrange(3)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _swap_attribute_value(text, rng):
    matches = list(_ATTR_RE.finditer(text))
    if not matches:
        return None
    values = [m.group(2) for m in matches] + NUMBERS[:6] + ["[]", "[0]", "[-1, -1]", "\"\"", "true"]
    match = rng.choice(matches)
    return text[:match.start(2)] + rng.choice(values) + text[match.end(2):]


def _swap_ssa_name(text, rng):
    names = sorted(set(_SSA_RE.findall(text)))
    return _replace_match(text, list(_SSA_RE.finditer(text)), rng, lambda m: rng.choice(names))


def _swap_op_name(text, rng):
    names = sorted(set(_OP_RE.findall(text)))
    return _replace_match(text, list(_OP_RE.finditer(text)), rng, lambda m: rng.choice(names))


def _byte_edit(text, rng):
    start = rng.randrange(len(text))
    end = min(len(text), start + rng.randint(1, 20))
    return text[:start] + text[end:] if rng.random() < 0.5 else text[:end] + text[start:end] + text[end:]


# Consistent edits: every occurrence changed alike, so that the module often
# stays valid and reaches the passes with odd shapes, extents and types.
def _replace_all_shape(text, rng):
    shapes = sorted(set(m.group(0) for m in _SHAPED_RE.finditer(text)))
    if not shapes:
        return None
    old = rng.choice(shapes)
    kind, body = old.split("<", 1)
    dims = body[:-1].split("x")
    if len(dims) < 2:
        return None
    dims[rng.randrange(len(dims) - 1)] = rng.choice(EXTENTS[:6])
    return text.replace(old, f"{kind}<{'x'.join(dims)}>")


def _replace_all_element_type(text, rng):
    old = rng.choice(["f32", "f16", "i64", "i32", "i1"])
    new = rng.choice(["f16", "f64", "bf16", "i1", "i8", "i32", "i64", "f32"])
    edited = re.sub(rf"\b{old}\b", new, text)
    return edited if edited != text else None


def _replace_all_number(text, rng):
    numbers = sorted(set(m.group(0) for m in _NUMBER_RE.finditer(text)))
    if not numbers:
        return None
    old = rng.choice(numbers)
    return re.sub(rf"(?<![\w%#.-]){re.escape(old)}\b", rng.choice(NUMBERS[:10]), text)


MUTATORS = [_swap_type, _change_element_type, _change_shape, _change_number, _change_number,
            _edit_lines, _swap_attribute_value, _swap_ssa_name, _swap_op_name, _byte_edit,
            _replace_all_shape, _replace_all_shape, _replace_all_element_type,
            _replace_all_number, _replace_all_number]


def mutant(seeds, seed, index):
    """Mutant `index` of fuzzing seed `seed`: the same text on every run."""
    rng = random.Random(f"{seed}:{index}")
    # Mostly valid modules, whose mutants get past the verifier into the passes.
    valid = getattr(seeds, "valid", None)
    text = rng.choice(valid if valid and rng.random() < 0.8 else seeds)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        edited = rng.choice(MUTATORS)(text, rng)
        if edited is not None:
            text = edited
    # A separator inside a mutant would split it in a batch.
    return text.replace("// -----", "//")


_RESULT_NUMBER_RE = re.compile(r"%[\w$.-]+#(\d+)")


def trips_input_guard(text):
    """True when relax-opt's input guard (lib/Support/InputGuards) refuses the
    whole file for `text`'s sake: such a mutant would hide the others of its
    batch, so it runs alone."""
    return any(len(n) > 5 and int(n) > 65536 for n in _RESULT_NUMBER_RE.findall(text))


def classify(returncode, stderr):
    """'ok' (0), 'error' (1 with a diagnostic) or 'abort'."""
    if returncode not in (0, 1) or any(marker in stderr for marker in CRASH_MARKERS):
        return "abort"
    return "ok" if returncode == 0 else "error"


def run_relax_opt(relax_opt, path, pipeline, timeout, split):
    """(outcome, stderr) of relax-opt on the file at `path`."""
    command = [relax_opt, str(path), "-o", os.devnull]
    if split:
        command.append("-split-input-file")
    if pipeline:
        command.append(f"--pass-pipeline=builtin.module({pipeline})")
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "hang", ""
    stderr = result.stderr.decode("utf-8", errors="replace")
    return classify(result.returncode, stderr), stderr


class Fuzzer:
    def __init__(self, relax_opt, out_dir, timeout, pipelines=PIPELINES, log=print):
        self.relax_opt = relax_opt
        self.out_dir = pathlib.Path(out_dir)
        self.timeout = timeout
        self.pipelines = pipelines
        self.log = log
        self.failures = []  # (kind, index, pipeline, reproducer path)
        self.runs = 0

    def _record(self, kind, index, text, pipeline, stderr):
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{kind}-{index}-{len(self.failures)}.mlir"
        flag = f" --pass-pipeline='builtin.module({pipeline})'" if pipeline else ""
        path.write_text(f"// {kind}: relax-opt %s{flag}\n{text}\n")
        (path.with_suffix(".stderr")).write_text(stderr)
        self.failures.append((kind, index, pipeline, path))
        first = next((line for line in stderr.splitlines()
                      if any(m in line for m in CRASH_MARKERS)), stderr[:200])
        self.log(f"{kind.upper()} mutant {index} with '{pipeline or 'verify'}': {first.strip()}\n"
                 f"  reproducer: {path}")

    def run_batch(self, batch, workdir):
        """Runs [(index, text)] through every pipeline; records the failures."""
        alone = [(index, text) for index, text in batch if trips_input_guard(text)]
        for index, text in alone:
            self._run_single(index, text, "", workdir)
        batch = [entry for entry in batch if entry not in alone]
        if not batch:
            return
        path = pathlib.Path(workdir) / f"batch{batch[0][0]}.mlir"
        path.write_text("\n// -----\n".join(text for _, text in batch) + "\n")
        for pipeline in self.pipelines:
            self.runs += 1
            outcome, _ = run_relax_opt(self.relax_opt, path, pipeline,
                                       self.timeout * (1 + len(batch) // 8), split=True)
            if outcome in ("ok", "error"):
                continue
            # Find the culprits one mutant at a time.
            for index, text in batch:
                self._run_single(index, text, pipeline, workdir)

    def _run_single(self, index, text, pipeline, workdir):
        single = pathlib.Path(workdir) / f"m{index}.mlir"
        single.write_text(text + "\n")
        self.runs += 1
        kind, stderr = run_relax_opt(self.relax_opt, single, pipeline, self.timeout, split=False)
        if kind in ("abort", "hang"):
            self._record(kind, index, text, pipeline, stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, default=0, help="index of the first mutant")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="stop starting batches after this many seconds")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds one relax-opt run of one mutant may take")
    parser.add_argument("--batch", type=int, default=25, help="mutants per relax-opt run")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--relax-opt", default=os.environ.get("RELAX_OPT") or shutil.which("relax-opt"))
    parser.add_argument("--out", default="fuzz-failures", help="folder for reproducers")
    parser.add_argument("--show", type=int, default=None, help="print mutant N and exit")
    args = parser.parse_args(argv)

    seeds = load_seeds()
    if args.show is not None:
        print(mutant(seeds, args.seed, args.show))
        return 0
    if not args.relax_opt:
        parser.error("relax-opt not found: put it on PATH or pass --relax-opt")
    fuzzer = Fuzzer(args.relax_opt, args.out, args.timeout, log=lambda s: print(s, flush=True))
    start = time.monotonic()
    indices = range(args.first, args.first + args.mutants)
    batches = [indices[i:i + args.batch] for i in range(0, len(indices), args.batch)]
    done = 0
    with tempfile.TemporaryDirectory(prefix="mlir-fuzz-") as workdir, \
            ThreadPoolExecutor(max_workers=args.jobs) as pool:
        def work(batch):
            if args.time_limit is not None and time.monotonic() - start > args.time_limit:
                return 0
            fuzzer.run_batch([(i, mutant(seeds, args.seed, i)) for i in batch], workdir)
            return len(batch)
        for count in pool.map(work, batches):
            done += count
    aborts = sum(kind == "abort" for kind, *_ in fuzzer.failures)
    hangs = sum(kind == "hang" for kind, *_ in fuzzer.failures)
    print(f"{done} mutants ({len(seeds)} seeds, seed {args.seed}) x {len(PIPELINES)} pipelines, "
          f"{fuzzer.runs} relax-opt runs in {time.monotonic() - start:.0f} s: "
          f"{aborts} aborts, {hangs} hangs")
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
