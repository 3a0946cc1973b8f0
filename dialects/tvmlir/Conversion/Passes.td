//===- Passes.td - tvmlir's lowerings toward LLVM -----------*- tablegen -*-===//

#ifndef TVMLIR_CONVERSION_PASSES_TD
#define TVMLIR_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTensorIRToSCF : Pass<"convert-tensorir-to-scf", "ModuleOp"> {
  let summary = "Lower tensorir prim_funcs to func/scf/memref/arith";
  let description = [{
    Each `tensorir.prim_func` becomes a `func.func` over the same memrefs:
    loops become `scf.for` (`parallel` loops `scf.parallel`), a block is
    inlined with its iteration variables replaced by their bindings (its
    predicate and its `init` become `scf.if`s; the init runs when every
    reduction variable is 0), loads and stores become `memref.load` and
    `memref.store`, and `alloc_buffer` a `memref.alloc` freed at the end of the
    function. GPU thread bindings have no CPU meaning and are an error here,
    unless `gpu-thread-bindings` is set: then a loop bound to `blockIdx.*` or
    `threadIdx.*` becomes an `scf.parallel` mapped to that GPU processor, for
    upstream `convert-parallel-loops-to-gpu`.

    ```mlir
    tensorir.for %i = %c0 to %c4 { ... }   // becomes
    scf.for %i = %c0 to %c4 step %c1 { ... }
    ```
  }];
  let options = [
    Option<"gpuThreadBindings", "gpu-thread-bindings", "bool", /*default=*/"false",
           "lower thread-bound loops to scf.parallel loops mapped to GPU processors">
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect"
  ];
}

def ConvertRelaxToFunc : Pass<"convert-relax-to-func", "ModuleOp"> {
  let summary = "Lower relax functions to host code that calls the kernels";
  let description = [{
    Each public `relax.function` becomes a `func.func` with the C interface
    (`llvm.emit_c_interface`) in destination-passing style: its tensor
    arguments are memrefs, followed by one memref per result that the caller
    allocates (`relax.num_inputs` tells where the inputs end). The body calls the lowered prim_funcs in order: each
    `relax.call_tir` allocates its outputs (or writes straight into a result
    buffer), constants become `memref.global`s, and intermediates are freed
    at the end of the function. A symbolic dimension's size is read from the
    first argument that has it. Operators still in relax form (not legalized)
    are errors.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect",
    "::mlir::bufferization::BufferizationDialect"
  ];
}

def ConvertHostBuffersToGPU : Pass<"convert-host-buffers-to-gpu", "ModuleOp"> {
  let summary = "Put the buffers of lowered host code in GPU memory";
  let description = [{
    Runs after `convert-relax-to-func`, `convert-tensorir-to-scf` and
    `convert-parallel-loops-to-gpu`, before the kernels are outlined. In every `func.func`, buffers become device
    buffers: `memref.alloc`/`dealloc` become `gpu.alloc`/`gpu.dealloc`,
    `memref.copy` a `gpu.memcpy`, and a `memref.get_global` (a constant) is
    copied into a device buffer. A function with `relax.num_inputs` (a host
    function from `convert-relax-to-func`) is called with host buffers: its
    inputs are copied to the device on entry, and its results (the
    arguments after the inputs) are computed on the device and copied back
    before it returns. A load or store outside a `gpu.launch` (a loop nest
    not bound to GPU threads) and an allocation inside a loop or kernel are
    errors.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect"];
}

#endif // TVMLIR_CONVERSION_PASSES_TD
