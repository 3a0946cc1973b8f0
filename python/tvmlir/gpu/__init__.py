"""The CUDA backend: ``tvmlir.compile(mod, target="cuda")``.

``pipeline`` lowers prim_funcs to kernels (PTX) and relax functions to host
code that moves data and launches them; ``runtime`` builds the small CUDA
runtime (the mgpu* functions the host code calls); ``executable`` runs the
result (JIT) or exports it as one shared library.
"""
