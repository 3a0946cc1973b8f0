#!/usr/bin/env python3
"""A mutation score for the test suite: applies a fixed list of small
deliberate bugs to the product code, one at a time, runs the tests that
cover the mutated file, and reports which mutations survive (all tests still
green). Slow (minutes): run by hand, not in CI.

    python scripts/mutation_check.py                 # every mutation -> bench/results/mutation_check.{md,json}
    python scripts/mutation_check.py NAME ...        # only those (printed; --merge also records them)
    python scripts/mutation_check.py --python-only   # no C++ rebuilds
    python scripts/mutation_check.py --list

A mutation is (name, file, text, replacement, tests): ``text`` must occur in
``file`` exactly once (so the list cannot rot silently when the code moves).
The file is restored after each run, even on Ctrl-C. C++ mutations rebuild
through ninja (ccache makes the restoring rebuild a cache hit); ``call.c`` is
compiled at run time from its source, keyed by its hash, so it needs no build.
"""

import argparse
import datetime
import json
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = next((ROOT / "build").glob("cp3*"), None) if (ROOT / "build").exists() else None

PRINTER = "python/tvmlir/script/printer.py"
PARSER = "python/tvmlir/script/parser.py"
VM = "python/tvmlir/runtime/vm.py"
SHIM = "python/tvmlir/runtime/call.c"
TORCH_ELEMENTWISE = "python/tvmlir/relax/frontend/torch/ops/elementwise.py"
ONNX_ELEMENTWISE = "python/tvmlir/relax/frontend/onnx/converters/elementwise.py"
STRUCTURAL = "python/tvmlir/ir/structural_equal.py"
NATIVE = "python/tvmlir/runtime/native.py"
TENSORIR_OPS = "lib/TensorIR/TensorIROps.cpp"
LEGALIZE = "lib/Transforms/Legalize/Elementwise.cpp"
TO_SCF = "lib/Conversion/TensorIRToSCF/TensorIRToSCF.cpp"
FOLD = "lib/Transforms/FoldConstant.cpp"

# The tests that cover each file (pytest arguments).
PRINTER_TESTS = ["test/python/test_script_printer.py", "test/python/test_script_properties.py",
                 "test/python/test_script_roundtrip.py", "test/python/test_script_parser.py"]
PARSER_TESTS = PRINTER_TESTS + ["test/python/test_script_errors.py"]
VM_TESTS = ["test/python/test_vm.py", "test/python/test_runtime.py"]
TORCH_TESTS = ["test/python/test_frontend_torch_ops.py", "-k",
               "boundaries or more_unary or activations or clamp or comparisons or integer or modulo or division"]
ONNX_TESTS = ["test/python/test_frontend_onnx.py", "-k", "converter_matches"]
LEGALIZE_TESTS = ["test/python/test_transform.py", "test/python/test_frontend_torch_ops.py", "-k",
                  "matches_numpy or integer_comparisons or boundaries or comparisons"]
LOWERING_TESTS = ["test/python/test_cpu_pipeline.py", "test/python/test_dlight.py"]
FOLD_TESTS = ["test/python/test_cpu_pipeline.py", "test/python/test_transform.py"]
STRUCTURAL_TESTS = ["test/python/test_irmodule.py", "test/python/test_script_parser.py",
                    "test/python/test_script_properties.py"]

MUTATIONS = [
    # -- the TVMScript printer ------------------------------------------------------------------
    ("printer_rhs_precedence", PRINTER, "{symbol} {_paren(self.expr(operands[1]), prec + 1)}",
     "{symbol} {_paren(self.expr(operands[1]), prec)}", PRINTER_TESTS),
    ("printer_lhs_precedence", PRINTER, 'f"{_paren(self.expr(operands[0]), prec)} {symbol}',
     'f"{_paren(self.expr(operands[0]), prec - 1)} {symbol}', PRINTER_TESTS),
    ("printer_bitwise_rhs", PRINTER, "{word} {_paren(self.expr(operands[1]), prec + 0.1)}",
     "{word} {_paren(self.expr(operands[1]), prec)}", PRINTER_TESTS),
    ("printer_negation_operand", PRINTER, 'f"-{_paren(self.expr(operands[0]), 6)}", 6',
     'f"-{_paren(self.expr(operands[0]), 4)}", 6', PRINTER_TESTS),
    ("printer_compare_operands", PRINTER, "{table[predicate]} {_paren(self.expr(operands[1]), 4)}",
     "{table[predicate]} {_paren(self.expr(operands[1]), 3)}", PRINTER_TESTS),
    ("printer_and_precedence", PRINTER, '"arith.andi": ("and", 2)', '"arith.andi": ("and", 1)', PRINTER_TESTS),
    ("printer_xor_precedence", PRINTER, '"arith.xori": ("^", 3.5)', '"arith.xori": ("^", 3.8)', PRINTER_TESTS),
    ("printer_cmpf_oge", PRINTER, '3: ">=", 4: "<"', '3: ">", 4: "<"', PRINTER_TESTS),
    ("printer_cmpi_sge", PRINTER, '4: ">", 5: ">=", 6', '4: ">", 5: ">", 6', PRINTER_TESTS),
    ("printer_floordiv", PRINTER, '"arith.floordivsi": ("//", 5)', '"arith.floordivsi": ("/", 5)', PRINTER_TESTS),
    ("printer_min_as_max", PRINTER, '"arith.minimumf": "T.min"', '"arith.minimumf": "T.max"', PRINTER_TESTS),
    ("printer_isnan", PRINTER, "predicate == _CMPF_UNORDERED and", "predicate == _CMPF_UNORDERED or", PRINTER_TESTS),
    ("printer_affine_rhs", PRINTER, "rhs = _paren(self._affine(binary.rhs, ivs), prec + 1)",
     "rhs = _paren(self._affine(binary.rhs, ivs), prec)", PRINTER_TESTS),
    # -- the TVMScript parser ------------------------------------------------------------------
    ("parser_cmpf_ge", PARSER, "ast.GtE: arith.CmpFPredicate.OGE", "ast.GtE: arith.CmpFPredicate.OGT", PARSER_TESTS),
    ("parser_cmpi_ge", PARSER, "ast.GtE: arith.CmpIPredicate.sge", "ast.GtE: arith.CmpIPredicate.sgt", PARSER_TESTS),
    ("parser_cmpf_ne", PARSER, "ast.NotEq: arith.CmpFPredicate.UNE", "ast.NotEq: arith.CmpFPredicate.ONE",
     PARSER_TESTS),
    ("parser_integer_negation", PARSER, "return arith.subi(zero, value, loc=location)",
     "return arith.subi(value, zero, loc=location)", PARSER_TESTS),
    ("parser_bool_widening", PARSER, "convert = arith.extui if _is_bool(source) else arith.extsi",
     "convert = arith.extsi", PARSER_TESTS),
    ("parser_chained_and", PARSER, "result = arith.andi(result, value, loc=location if i == len(results)",
     "result = arith.ori(result, value, loc=location if i == len(results)", PARSER_TESTS),
    ("parser_bool_cast", PARSER, "return arith.cmpi(arith.CmpIPredicate.ne, value, zero, loc=location)",
     "return arith.cmpi(arith.CmpIPredicate.eq, value, zero, loc=location)", PARSER_TESTS),
    # -- the VM's checks (Python explanation, native shim) ---------------------------------------
    ("vm_rank", VM, "str(array.dtype) != param.dtype or array.ndim != len(param.shape)",
     "str(array.dtype) != param.dtype", VM_TESTS),
    ("vm_dtype", VM, "str(array.dtype) != param.dtype or array.ndim", "False or array.ndim", VM_TESTS),
    ("vm_extent", VM, "elif dim != extent:", "elif False:", VM_TESTS),
    ("vm_symbolic", VM, "if symbols.setdefault(dim, extent) != extent:", "if False:", VM_TESTS),
    ("vm_contiguity", VM, 'if not array.flags["C_CONTIGUOUS"]:', "if False:", VM_TESTS),
    ("vm_writable", VM, 'if writable and not array.flags["WRITEABLE"]:', "if False:", VM_TESTS),
    ("vm_count", VM, "        if len(args) != len(spec.params):\n            raise",
     "        if False:\n            raise", VM_TESTS),
    ("shim_rank", SHIM, "view->ndim != sig->rank || ", "", VM_TESTS),
    ("shim_extent", SHIM, "if (extent != dim)\n        goto mismatch;", "", VM_TESTS),
    ("shim_symbolic", SHIM, "} else if (symbols[-dim - 1] != extent) {", "} else if (0) {", VM_TESTS),
    ("shim_dtype", SHIM, " || !format_matches(view->format, sig->formats)", "", VM_TESTS),
    ("shim_writable", SHIM, "(writable ? PyBUF_WRITABLE : 0)", "0", VM_TESTS),
    ("shim_contiguity", SHIM, "int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT", "int flags = PyBUF_STRIDES | PyBUF_FORMAT",
     VM_TESTS),
    # -- converters -------------------------------------------------------------------------------
    ("torch_hardshrink_ge", TORCH_ELEMENTWISE,
     "t.emit(rx.greater_equal, x, _const(t, x, -lambd)),\n                    t.emit(rx.less_equal, x, _const(t, x, lambd)))\n    return",
     "t.emit(rx.greater, x, _const(t, x, -lambd)),\n                    t.emit(rx.less_equal, x, _const(t, x, lambd)))\n    return",
     TORCH_TESTS),
    ("torch_hardshrink_le", TORCH_ELEMENTWISE,
     "t.emit(rx.less_equal, x, _const(t, x, lambd)))\n    return t.emit(rx.where, inside, _const(t, x, 0), x)",
     "t.emit(rx.less, x, _const(t, x, lambd)))\n    return t.emit(rx.where, inside, _const(t, x, 0), x)", TORCH_TESTS),
    ("torch_softshrink_le", TORCH_ELEMENTWISE,
     "t.emit(rx.less_equal, x, _const(t, x, lambd)))\n    outside",
     "t.emit(rx.less, x, _const(t, x, lambd)))\n    outside", TORCH_TESTS),
    ("torch_softshrink_nan", TORCH_ELEMENTWISE,
     "t.emit(rx.subtract, x, _const(t, x, lambd)), t.emit(rx.add, x, _const(t, x, lambd)))",
     "t.emit(rx.subtract, x, _const(t, x, lambd)), _const(t, x, 0))", TORCH_TESTS),
    ("torch_threshold_le", TORCH_ELEMENTWISE, "at_most = t.emit(rx.less_equal, x, _const(t, x, args.threshold))",
     "at_most = t.emit(rx.less, x, _const(t, x, args.threshold))", TORCH_TESTS),
    ("torch_relu6_bound", TORCH_ELEMENTWISE, "return _clip(t, x, 0, 6)", "return _clip(t, x, 0, 6.5)", TORCH_TESTS),
    ("torch_clamp_swapped", TORCH_ELEMENTWISE, "x = t.emit(rx.maximum, x, operand(t, low, compute))",
     "x = t.emit(rx.minimum, x, operand(t, low, compute))", TORCH_TESTS),
    ("torch_ge_as_gt", TORCH_ELEMENTWISE, '"ge": rx.greater_equal}', '"ge": rx.greater}', TORCH_TESTS),
    ("torch_trunc_division", TORCH_ELEMENTWISE, "    if rounding == \"floor\":\n        return t.emit(rx.floor_divide",
     "    if rounding == \"trunc\":\n        return t.emit(rx.floor_divide", TORCH_TESTS),
    ("onnx_ge_as_gt", ONNX_ELEMENTWISE, '"GreaterOrEqual": (_emitter(rx.greater_equal)',
     '"GreaterOrEqual": (_emitter(rx.greater)', ONNX_TESTS),
    ("parser_cmpi_lt", PARSER, "ast.Lt: arith.CmpIPredicate.slt", "ast.Lt: arith.CmpIPredicate.sle", PARSER_TESTS),
    ("printer_remsi", PRINTER, '"arith.remsi": ("%", 5)', '"arith.remsi": ("//", 5)', PRINTER_TESTS),
    ("torch_le_as_lt", TORCH_ELEMENTWISE, '"le": rx.less_equal,', '"le": rx.less,', TORCH_TESTS),
    ("torch_hardtanh_bounds", TORCH_ELEMENTWISE, "t.out_element(node)), args.min_val, args.max_val)",
     "t.out_element(node)), args.min_val, args.max_val + 0.25)", TORCH_TESTS),
    ("native_symbol_index", NATIVE, "-index[d] - 1 if isinstance(d, str)", "-index[d] if isinstance(d, str)",
     VM_TESTS),
    # -- structural equality ---------------------------------------------------------------------
    ("structural_always_equal", STRUCTURAL, "        if left[name] == right[name]:\n            continue",
     "        if True:\n            continue", STRUCTURAL_TESTS),
    ("structural_names_ignored", STRUCTURAL, "if sorted(left) != sorted(right):", "if False:", STRUCTURAL_TESTS),
    # -- verifiers (C++: rebuilt; checked by lit's expected-error files) ---------------------------
    ("verifier_undeclared_write", TENSORIR_OPS, "      if (!isWritten(store.getBuffer())) {",
     "      if (false) {", ["lit", "test/TensorIR"]),
    # -- legalizations, lowering, folding (C++: rebuilt) -----------------------------------------
    ("legalize_integer_ge", LEGALIZE, "compare(CF::OGE, CI::sge)", "compare(CF::OGE, CI::sgt)", LEGALIZE_TESTS),
    ("legalize_float_le", LEGALIZE, "compare(CF::OLE, CI::sle)", "compare(CF::OLT, CI::sle)", LEGALIZE_TESTS),
    ("scf_predicate_dropped", TO_SCF, "if (Value predicate = block.getPredicate()) {\n      auto ifOp",
     "if (Value predicate = nullptr) {\n      auto ifOp", LOWERING_TESTS),
    ("fold_predicate_dropped", FOLD, "if (attr.getInt() == 0)\n          return success();", "", FOLD_TESTS),
]


def _installed():
    """(built, installed) pairs: the editable install copies the extension and
    relax-opt out of the build folder (their build-tree runpaths are absolute,
    so the built files also run where they are installed)."""
    venv = pathlib.Path(sys.executable).parent.parent
    pairs = [(BUILD / "bin" / "relax-opt", venv / "bin" / "relax-opt")]
    for built in (BUILD / "python" / "tvmlir" / "_mlir_libs").glob("_tvmlir*.so"):
        pairs.append((built, next(venv.glob("lib/python3*/site-packages/tvmlir/_mlir_libs")) / built.name))
    return pairs


def _rebuild(install):
    if BUILD is None:
        raise SystemExit("no build folder: run scripts/setup.sh first")
    run = subprocess.run(["ninja", "-C", str(BUILD), "-j", "2"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("rebuild failed:\n" + run.stdout[-3000:] + run.stderr[-3000:])
    if install:
        for built, installed in _installed():
            installed.unlink()  # a new inode: a running process keeps its mapping
            installed.write_bytes(built.read_bytes())
            installed.chmod(0o755)


def _run_tests(tests, timeout):
    if tests[0] == "lit":  # FileCheck tests, through the rebuilt relax-opt
        command = [str(pathlib.Path(sys.executable).parent / "lit"), "-q", *tests[1:]]
    else:
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    start = time.time()
    try:
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        code, tail = run.returncode, (run.stdout + run.stderr).strip().splitlines()[-1:]
    except subprocess.TimeoutExpired:
        code, tail = "timeout", ["timed out"]
    return code, time.time() - start, tail[0] if tail else ""


def apply_and_test(mutation, timeout):
    name, path, text, replacement, tests = mutation
    file = ROOT / path
    original = file.read_text()
    count = original.count(text)
    if count != 1:
        raise SystemExit(f"{name}: the text to mutate occurs {count} times in {path}")
    native = path.endswith((".cpp", ".h"))
    saved = [(installed, installed.read_bytes()) for _, installed in _installed()] if native else []
    try:
        file.write_text(original.replace(text, replacement))
        if native:
            _rebuild(install=True)
        code, seconds, tail = _run_tests(tests, timeout)
    finally:
        file.write_text(original)
        for installed, data in saved:  # the installed files as they were, exactly
            installed.unlink()
            installed.write_bytes(data)
            installed.chmod(0o755)
        if native:
            _rebuild(install=False)  # the build folder back to the source (a ccache hit)
    return code != 0, seconds, tail


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--python-only", action="store_true",
                        help="skip the C++ mutations (each costs two rebuilds); the report lists them as not run")
    parser.add_argument("--merge", action="store_true",
                        help="keep the results of bench/results/mutation_check.json for mutations not run now")
    args = parser.parse_args()
    if args.list:
        for name, path, *_ in MUTATIONS:
            print(f"{name:32} {path}")
        return
    chosen = [m for m in MUTATIONS if (not args.names or m[0] in args.names)
              and not (args.python_only and m[1].endswith((".cpp", ".h")))]
    unknown = set(args.names) - {m[0] for m in MUTATIONS}
    if unknown:
        raise SystemExit(f"unknown mutations: {sorted(unknown)}")
    results = []
    for mutation in chosen:
        killed, seconds, tail = apply_and_test(mutation, args.timeout)
        results.append((mutation, killed, seconds, tail))
        print(f"{'killed  ' if killed else 'SURVIVED'} {mutation[0]:32} {seconds:6.1f} s  {tail}", flush=True)
    killed = sum(1 for _, k, _, _ in results if k)
    print(f"{killed} of {len(results)} killed ({100 * killed / len(results):.0f}%)")
    if not args.names or args.merge:
        write_report(results, merge=args.merge)


SURVIVOR_NOTES = {
    "printer_affine_rhs": "harmless (an equivalent mutant): a read/write region is an affine map, which MLIR "
                          "canonicalizes, so `v0 + (v1 + v2)` and `v0 + v1 + v2` are one map, and the right "
                          "operand of `*`, `//` and `%` in an affine map is a constant, which never needs "
                          "parentheses.",
}
RESULTS = ROOT / "bench" / "results" / "mutation_check.json"


def write_report(results, merge=False):
    by_name = {}
    if merge and RESULTS.exists():
        by_name = json.loads(RESULTS.read_text())
    for (name, *_), was_killed, seconds, tail in results:
        by_name[name] = {"killed": was_killed, "seconds": round(seconds, 1), "tests": tail,
                         "date": datetime.date.today().isoformat()}
    RESULTS.write_text(json.dumps(by_name, indent=1, sort_keys=True) + "\n")
    ran = [m for m in MUTATIONS if m[0] in by_name]
    killed = sum(1 for m in ran if by_name[m[0]]["killed"])
    lines = ["# Mutation check", "",
             "`python scripts/mutation_check.py` (by hand, not CI): each mutation applied alone, the tests "
             "that cover its file run with `-x` (lit for the verifier); a mutation is killed when they fail.", "",
             f"**{killed} of {len(ran)} mutations killed ({100 * killed / len(ran):.0f}%)**"
             + (f"; {len(MUTATIONS) - len(ran)} not run (C++, two rebuilds each)." if len(ran) < len(MUTATIONS)
                else "."), "",
             "| mutation | file | result | seconds | date |", "| --- | --- | --- | --- | --- |"]
    for name, path, *_ in MUTATIONS:
        if name in by_name:
            r = by_name[name]
            result = "killed" if r["killed"] else "**survived**"
            lines.append(f"| `{name}` | `{path}` | {result} | {r['seconds']:.0f} | {r['date']} |")
        else:
            lines.append(f"| `{name}` | `{path}` | not run | | |")
    survivors = [m for m in ran if not by_name[m[0]]["killed"]]
    if survivors:
        lines += ["", "## Survivors", ""]
        for name, path, text, replacement, _ in survivors:
            lines.append(f"- `{name}` (`{text.strip()}` → `{replacement.strip()}`): "
                         f"{SURVIVOR_NOTES.get(name, 'not explained yet')}")
    out = ROOT / "bench" / "results" / "mutation_check.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
