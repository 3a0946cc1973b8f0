"""How many threads compiled CPU code runs on (TVM's ``set_num_threads``).

The count is read when a module is compiled: kernels and loop nests large
enough to split run on that many threads (the runtime's thread pool,
``pool.c``); with 1, everything runs on the calling thread. It comes
from :func:`set_num_threads`, else ``TVMLIR_NUM_THREADS``, else every core.
"""

import os

_num_threads = None


def set_num_threads(count):
    """Sets the thread count of the modules compiled from now on (``None``:
    back to ``TVMLIR_NUM_THREADS`` or every core)."""
    global _num_threads
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise ValueError(f"set_num_threads takes a positive int or None, not {count!r}")
    _num_threads = count


def num_threads():
    """The thread count the next compile uses."""
    if _num_threads is not None:
        return _num_threads
    text = os.environ.get("TVMLIR_NUM_THREADS", "").strip()
    if text:
        try:
            count = int(text)
        except ValueError:
            count = 0
        if count < 1:
            raise ValueError(f"TVMLIR_NUM_THREADS must be a positive integer, not {text!r}")
        return count
    return os.cpu_count() or 1
