"""Models and helpers shared by the tests, the examples and the benchmarks."""

from .mlp import MLP_SHAPES, build_mlp_module

__all__ = ["MLP_SHAPES", "build_mlp_module"]
