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
    function. GPU thread bindings have no CPU meaning and are an error here.

    ```mlir
    tensorir.for %i = %c0 to %c4 { ... }   // becomes
    scf.for %i = %c0 to %c4 step %c1 { ... }
    ```
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"
  ];
}

def ConvertRelaxToFunc : Pass<"convert-relax-to-func", "ModuleOp"> {
  let summary = "Lower relax functions to host code that calls the kernels";
  let description = [{
    Each public `relax.function` becomes a `func.func` with the C interface
    (`llvm.emit_c_interface`) in destination-passing style: its tensor
    arguments are memrefs, followed by one memref per result that the caller
    allocates. The body calls the lowered prim_funcs in order: each
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

#endif // TVMLIR_CONVERSION_PASSES_TD
