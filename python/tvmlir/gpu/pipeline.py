"""The MLIR pipeline from legalized relax + tensorir to LLVM with PTX kernels."""


def lower_to_cuda(arch):
    """The pass pipeline for a CUDA GPU of architecture ``arch`` (``sm_80``)."""
    return ",".join([
        # One kernel per stage: spatial loops on blockIdx.x x threadIdx.x.
        "tensorir-gpu-default-schedule",
        "convert-tensorir-to-scf{gpu-thread-bindings=true}",
        "convert-relax-to-func",
        # Before any canonicalize, which would merge the nested mapped loops.
        "convert-parallel-loops-to-gpu",
        # Device buffers; the entry functions copy inputs in and results out.
        "convert-host-buffers-to-gpu",
        "canonicalize",
        "gpu-kernel-outlining",
        f"nvvm-attach-target{{chip={arch}}}",
        "lower-affine",
        "convert-scf-to-cf",
        "gpu.module(convert-gpu-to-nvvm,canonicalize,reconcile-unrealized-casts)",
        # gpu-to-llvm lowers copies and allocations in their async form.
        "func.func(gpu-async-region)",
        "gpu-to-llvm",
        "expand-strided-metadata",
        "finalize-memref-to-llvm",
        "convert-math-to-llvm",
        "convert-math-to-libm",
        "convert-arith-to-llvm",
        "convert-index-to-llvm",
        "convert-func-to-llvm",
        "convert-cf-to-llvm",
        "reconcile-unrealized-casts",
        # PTX text, which the CUDA driver compiles when the module is loaded.
        "gpu-module-to-binary{format=isa}",
    ])
