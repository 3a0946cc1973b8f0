"""The metadata section of printed TVMScript: the data of the constants too
large to print in line (``mod.script(show_meta=True)``), read back by
``load_json`` into NumPy arrays, which ``metadata["relax.expr.Constant"][i]``
then names."""

import base64
import json
import sys

import numpy as np

from ..base import TVMLIRError

CONSTANTS = "relax.expr.Constant"


def load_json(text):
    """``{"relax.expr.Constant": [array, ...]}`` from the JSON the printer
    writes: each constant's dtype, shape and little-endian bytes in base64."""
    try:
        entries = json.loads(text)[CONSTANTS]
        return {CONSTANTS: [_array(i, entry) for i, entry in enumerate(entries)]}
    except TVMLIRError:
        raise
    except (ValueError, KeyError, TypeError) as error:
        raise TVMLIRError(f"the metadata is not what mod.script(show_meta=True) prints: "
                          f"{type(error).__name__}: {error}") from None


def _array(index, entry):
    dtype = np.dtype(entry["dtype"])
    shape = [int(d) for d in entry["shape"]]
    data = base64.b64decode(entry["data"], validate=True)
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise TVMLIRError(f'metadata["{CONSTANTS}"][{index}]: {len(data)} bytes of data for a {entry["dtype"]} '
                          f"tensor of shape {tuple(shape)}, which takes {expected}")
    array = np.frombuffer(data, dtype=dtype).reshape(shape)  # the data is little-endian
    return array if sys.byteorder == "little" else array.byteswap()
