"""The signature of a compiled function, and the JSON an exported library
carries it in (``tvmlir_executable_specs``), so the runtime can check and
call its functions without the compiler."""

import json
from dataclasses import asdict, dataclass

# The C function of an exported library that returns the signatures' JSON.
SPECS_SYMBOL = "tvmlir_executable_specs"


@dataclass
class TensorSpec:
    """What a parameter or result of a compiled function must be."""

    name: str
    shape: tuple  # ints, and names for symbolic dimensions
    dtype: str

    def script(self):
        dims = ", ".join(f'"{d}"' if isinstance(d, str) else str(d) for d in self.shape)
        return f'R.Tensor(({dims}{"," if len(self.shape) == 1 else ""}), "{self.dtype}")'


@dataclass
class FunctionSpec:
    name: str
    params: list
    results: list
    returns_tuple: bool


def specs_json(specs):
    """The functions' signatures (name -> FunctionSpec) as JSON."""
    return json.dumps({name: asdict(spec) for name, spec in specs.items()})


def specs_from_json(text):
    """The inverse of :func:`specs_json`."""
    def tensor(entry):
        return TensorSpec(entry["name"], tuple(entry["shape"]), entry["dtype"])

    return {name: FunctionSpec(name, [tensor(p) for p in spec["params"]], [tensor(r) for r in spec["results"]],
                               spec["returns_tuple"])
            for name, spec in json.loads(text).items()}


def specs_c_source(specs):
    """C source of the library function that returns the signatures' JSON."""
    return f"const char *{SPECS_SYMBOL}(void) {{ return {json.dumps(specs_json(specs))}; }}\n"
