"""Compilation targets (TVM's ``tvm.target.Target``)."""

import re

from .base import TVMLIRError

_KINDS = {"llvm", "cuda", "nvptx"}


class Target:
    """``Target("llvm")``, ``Target("llvm -mcpu=znver3")``, ``Target({"kind": "llvm"})``,
    ``Target("cuda")``, ``Target({"kind": "cuda", "arch": "sm_90"})``."""

    def __init__(self, target):
        if isinstance(target, Target):
            self.kind, self.attrs = target.kind, dict(target.attrs)
            return
        if isinstance(target, dict):
            attrs = dict(target)
            kind = attrs.pop("kind", None)
        elif isinstance(target, str):
            kind, *options = target.split()
            attrs = {}
            for option in options:
                key, _, value = option.lstrip("-").partition("=")
                attrs[key] = value or True
        else:
            raise TVMLIRError(f"a target is a string, a dict or a Target, not {type(target).__name__}")
        if kind not in _KINDS:
            raise TVMLIRError(f"unknown target kind '{kind}'; the kinds are {', '.join(sorted(_KINDS))}")
        if kind == "cuda" and not re.fullmatch(r"sm_\d+a?", str(attrs.get("arch", "sm_80"))):
            raise TVMLIRError(f"a cuda target's arch is sm_<version> (sm_80, sm_90), not '{attrs['arch']}'")
        self.kind, self.attrs = kind, attrs

    @property
    def arch(self):
        """The GPU architecture of a cuda target: ``arch`` if given, else sm_80."""
        return str(self.attrs.get("arch", "sm_80"))

    def __repr__(self):
        options = " ".join(f"-{k}={v}" for k, v in self.attrs.items())
        return f"Target({self.kind}{' ' + options if options else ''})"

    # `with Target("cuda"):` makes it the current target (TVM's scope), which
    # dlight's ApplyDefaultSchedule reads.
    def __enter__(self):
        _SCOPE.append(self)
        return self

    def __exit__(self, *exc):
        _SCOPE.pop()

    @staticmethod
    def current(allow_none=True):
        """The innermost target of a ``with Target(...)`` scope."""
        if not _SCOPE and not allow_none:
            raise TVMLIRError("no target in scope: use `with tvmlir.target.Target(...):`")
        return _SCOPE[-1] if _SCOPE else None


_SCOPE = []
