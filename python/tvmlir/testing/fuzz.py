"""Mutation fuzzing of the parsers: mutated MLIR and TVMScript text must give a
clean ``TVMLIRError`` or parse, never crash, hang or raise anything else.

Run as ``python -m tvmlir.testing.fuzz mlir|tvmscript COUNT SECONDS SEED FILE...``;
before each case the text is written to ``$TVMLIR_FUZZ_CASE`` so that a crash
leaves its reproducer behind.
"""

import os
import random
import re
import sys
import time

_TOKEN = re.compile(r"%?[A-Za-z_][\w.$]*|\d+(?:\.\d+)?|\"[^\"\n]*\"|\S")
_NOISE = list("{}()[]<>%@:,=x?\"#!-+*/\\.0123456789") + ["\n", " ", "  ", "\t", "\x00", "é"]


def _strip_lit_lines(text):
    return "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("// RUN", "// CHECK", "// expected")))


def mutate(text, rng):
    """One random edit of `text`: delete, duplicate or move a span, swap a
    token for another, tweak a number, or insert noise."""
    if not text:
        return rng.choice(_NOISE)
    kind = rng.randrange(7)
    start = rng.randrange(len(text))
    end = min(len(text), start + rng.randint(1, 40))
    if kind == 0:
        return text[:start] + text[end:]
    if kind == 1:
        return text[:end] + text[start:end] + text[end:]
    if kind == 2:
        lines = text.splitlines()
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == 3:
        tokens = _TOKEN.findall(text)
        old, new = rng.choice(tokens), rng.choice(tokens)
        index = text.find(old, start)
        index = index if index >= 0 else text.find(old)
        return text[:index] + new + text[index + len(old):]
    if kind == 4:
        numbers = list(re.finditer(r"\d+", text))
        if numbers:
            match = rng.choice(numbers)
            new = str(rng.choice([0, 1, 2, 3, 7, 255, 256, 784, 99999, 2**31, 2**63]))
            return text[:match.start()] + new + text[match.end():]
    if kind == 5:
        return text[:start] + "".join(rng.choice(_NOISE) for _ in range(rng.randint(1, 4))) + text[start:]
    return text[:start] + text[end:end + rng.randint(0, 20)] + text[start:]


def _check_mlir(text):
    from tvmlir import TVMLIRError
    from tvmlir.ir import default_context, parse_module

    try:
        parse_module(text, default_context(), "fuzz.mlir")
    except TVMLIRError:
        pass


def _check_tvmscript(text):
    from tvmlir import TVMLIRError
    from tvmlir.script import from_source

    try:
        module = from_source(text, "fuzz.py")
        module.script()
    except TVMLIRError:
        pass


def run(kind, count, seconds, seed, corpus_files):
    check = _check_mlir if kind == "mlir" else _check_tvmscript
    corpus = [_strip_lit_lines(open(path, encoding="utf-8").read()) for path in corpus_files]
    rng = random.Random(seed)
    case_file = os.environ.get("TVMLIR_FUZZ_CASE")
    deadline = time.monotonic() + seconds
    done = 0
    while done < count and time.monotonic() < deadline:
        text = rng.choice(corpus)
        for _ in range(rng.randint(1, 3)):
            text = mutate(text, rng)
        if case_file:
            with open(case_file, "w", encoding="utf-8", errors="replace") as f:
                f.write(text)
        check(text)
        done += 1
    print(f"fuzzed {done} cases")
    return done


if __name__ == "__main__":
    kind, count, seconds, seed, *files = sys.argv[1:]
    run(kind, int(count), float(seconds), int(seed), files)
