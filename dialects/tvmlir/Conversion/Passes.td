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
    On the CPU, an access whose index is read from data (take, gather) is
    checked at run time: an index outside its buffer calls the runtime's
    `tvmlir_bounds_failed` (the VM raises it as a TVMLIRError naming the
    buffer and the source) and reads element 0 instead, never out of bounds.
  }];
  let options = [
    Option<"gpuThreadBindings", "gpu-thread-bindings", "bool", /*default=*/"false",
           "lower thread-bound loops to scf.parallel loops mapped to GPU processors">
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::gpu::GPUDialect"
  ];
}

def ConvertTensorIRToLinalg : Pass<"convert-tensorir-to-linalg", "ModuleOp"> {
  let summary = "Rebuild structured tensorir prim_funcs as linalg on tensors";
  let description = [{
    A prim_func whose every stage (top-level loop nest) is one block over
    static extents, with affine, in-bounds loads and one store of the spatial
    point, becomes a chain of `linalg.generic`s on tensors inside the same
    prim_func: the loops are the generic's dimensions in loop order, the
    block's `S`/`R` kinds its iterator types, each load an input whose
    indexing map is the load's indices, a load of the output at the store's
    indices the accumulator, and a constant `T.init()` a `linalg.fill` of the
    output. Arguments are read through `bufferization.to_tensor restrict` and
    written once through `bufferization.materialize_in_destination`;
    `alloc_buffer`s become SSA tensors, so upstream tiling and fusion see the
    producer-consumer chain. A prim_func with any other stage (data-dependent
    indices, `T.where`, symbolic extents, boolean buffers, a stage that reads
    an argument after writing it) is left unchanged for
    `convert-tensorir-to-scf`.

    ```mlir
    tensorir.block "T_add"(%i) = (%ax0) in (%c4) kinds "S" ... {
      %0 = tensorir.load %a[%i] : memref<4xf32>
      %1 = tensorir.load %b[%i] : memref<4xf32>
      %2 = arith.addf %0, %1 : f32
      tensorir.store %2, %out[%i] : memref<4xf32>
    }
    // becomes
    %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%ta, %tb : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) { ... }
    bufferization.materialize_in_destination %r in restrict writable %out
    ```
  }];
  let options = [
    Option<"windowed", "windowed", "bool", /*default=*/"true",
           "also convert stages that read through windows (convolutions, pooling)">
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::bufferization::BufferizationDialect", "::mlir::arith::ArithDialect"
  ];
}

def TvmlirCPUStrategy : Pass<"tvmlir-cpu-strategy", "ModuleOp"> {
  let summary = "Tile, fuse, vectorize and bufferize linalg kernels for the host CPU";
  let description = [{
    Runs on the `func.func`s that hold linalg ops on tensors (prim_funcs
    rebuilt by `convert-tensorir-to-linalg`, after `convert-tensorir-to-scf`).
    Elementwise chains are fused; each contraction (matmul, batch matmul,
    dense) becomes a kernel with its fill and its elementwise epilogue fused
    into its cache tiles, every other op a kernel of its own; each kernel is
    scheduled by its strategy (`lib/Conversion/CPUStrategy/Strategies.cpp`)
    as a transform-dialect script run by the interpreter: cache tiles, register
    tiles, vectorization, hoisting of the accumulators out of the reduction
    loop, one-shot bufferization into the function's buffers, and the
    lowering of contractions to FMA outer products. Tile sizes follow the host
    CPU's vector width (`vector-bits` overrides it). A kernel's outer tile
    loop runs on threads (`scf.parallel`, for `convert-parallel-to-pool`) when its
    work is large enough and `num-threads` is not 1; a loop nest's outer
    dimension is then cut into one chunk per thread. Buffers left allocated are
    freed by upstream's ownership-based deallocation.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "the vector register width in bits (0: the host CPU's)">,
    Option<"numThreads", "num-threads", "int64_t", /*default=*/"0",
           "threads the kernels may run on (0: every core; 1: the caller's only)">,
    Option<"printScript", "print-script", "bool", /*default=*/"false",
           "print each function's transform script to stderr">
  ];
}

def ConvertParallelToPool : Pass<"convert-parallel-to-pool", "ModuleOp"> {
  let summary = "Run scf.parallel loops on tvmlir's thread pool";
  let description = [{
    Each outermost `scf.parallel` without results (the outer tile loops the
    CPU strategy puts on threads, the loop nests `tensorir-parallelize-outer-loops`
    marks) becomes a call of the runtime's
    `tvmlir_parallel_for(body, context, iterations, threads)`: its body is
    outlined into a private function `<func>_parallel(context, begin, end)`
    that runs the linearized iterations `[begin, end)`, and the values it uses
    from above are stored in a struct on the caller's stack. The runtime
    (`python/tvmlir/runtime/pool.c`) hands out chunks of iterations to
    workers that spin between jobs, so a launch costs about a microsecond.
    Nested parallel loops stay inside the outlined body (sequential).

    ```mlir
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      memref.store %f, %buf[%i] : memref<8xf32>
    }
    // becomes
    %ctx = llvm.alloca %c1_i64 x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, ...)>
    ... llvm.store of %buf's descriptor, the bounds and the counts ...
    %body = func.constant @f_parallel : (!llvm.ptr, i64, i64) -> ()
    call @tvmlir_parallel_for(%body, %ctx, %c8_i64, %threads)
    ```
  }];
  let options = [
    Option<"numThreads", "num-threads", "int64_t", /*default=*/"0",
           "threads a loop runs on, the caller included (0: every core)">
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
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
    buffer, also for the fields of a returned tuple), constants become
    `memref.global`s, and intermediates are freed after their last use; an
    intermediate takes the buffer of a freed one of the same type instead of
    a new allocation (a static memory plan of the straight-line body). A symbolic dimension's size is read from the
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
