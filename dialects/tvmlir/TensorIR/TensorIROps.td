//===- TensorIROps.td - `tensorir` operations ---------------*- tablegen -*-===//

#ifndef TVMLIR_TENSORIR_OPS_TD
#define TVMLIR_TENSORIR_OPS_TD

include "tvmlir/TensorIR/TensorIRDialect.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/LoopLikeInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def TensorIR_PrimFuncOp : TensorIR_Op<"prim_func", [
    FunctionOpInterface, IsolatedFromAbove, Symbol, SingleBlock, NoTerminator]> {
  let summary = "a loop-level function over buffers (TVM's `@T.prim_func`)";
  let description = [{
    Takes buffers (memrefs) and scalars, returns nothing: outputs are written
    into buffer arguments (destination-passing style, the form `relax.call_tir`
    calls). `private=True` is private symbol visibility; `T.func_attr` entries
    are plain attributes.

    ```mlir
    tensorir.prim_func private @relu(%lv2: memref<1x256xf32>, %compute: memref<1x256xf32>)
        attributes {tir.noalias = true} {
      %c0 = arith.constant 0 : index
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
  }];
}

def TensorIR_AllocBufferOp : TensorIR_Op<"alloc_buffer", [
    MemoryEffects<[MemAlloc<DefaultResource>]>]> {
  let summary = "allocates a buffer for the enclosing scope (TVM's `T.alloc_buffer`)";
  let description = [{
    A buffer that lives until the end of the enclosing function or block.
    `scope` is TVM's storage scope (`"global"` by default; `"shared"`,
    `"local"` on GPUs). A symbolic (dynamic) dimension takes its extent from
    the index operands, one per dynamic dimension in order.

    ```mlir
    %matmul_intermediate = tensorir.alloc_buffer : memref<1x10xf32>
    %tile = tensorir.alloc_buffer scope("shared") : memref<32x32xf32>
    %rows = tensorir.alloc_buffer(%n) : memref<?x256xf32>
    ```
  }];
  let arguments = (ins Variadic<Index>:$dynamic_sizes,
                       DefaultValuedStrAttr<StrAttr, "global">:$scope);
  let results = (outs AnyMemRef:$buffer);
  let assemblyFormat = [{
    (`(` $dynamic_sizes^ `)`)? (`scope` `(` $scope^ `)`)? attr-dict `:` type($buffer)
  }];
  let hasVerifier = 1;
}

def TensorIR_ForOp : TensorIR_Op<"for", [
    SingleBlock, NoTerminator, RecursiveMemoryEffects]> {
  let summary = "a loop (TVM's `for i in T.serial/T.parallel/T.grid/...`)";
  let description = [{
    Iterates the induction variable from `lower` (inclusive) to `upper`
    (exclusive) with step 1. The kind is `serial` (the default and what
    `T.grid` produces), `parallel`, `vectorized`, `unrolled`, or
    `thread_binding`, which names the GPU thread axis it is bound to.

    ```mlir
    tensorir.for %i = %c0 to %c256 {
      ...
    }
    tensorir.for %j = %c0 to %c64 parallel {
      ...
    }
    tensorir.for %t = %c0 to %c128 thread_binding("threadIdx.x") {
      ...
    }
    ```
  }];
  let arguments = (ins Index:$lower, Index:$upper,
                       DefaultValuedAttr<TensorIR_ForKindAttr, "ForKind::serial">:$kind,
                       OptionalAttr<StrAttr>:$thread);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::BlockArgument getInductionVar() { return getBody().getArgument(0); }
  }];
}

def TensorIR_BlockOp : TensorIR_Op<"block", [
    AttrSizedOperandSegments, SingleBlock, NoTerminator, RecursiveMemoryEffects]> {
  let summary = "an iteration-space block (TVM's `with T.block(name):`)";
  let description = [{
    The unit of computation in TensorIR. The block's region arguments are its
    iteration variables; each is bound to an `index` value computed from the
    enclosing loops (`bindings`), ranges over `[0, extent)`, and is spatial
    (`S`) or a reduction (`R`) as given by `iter_kinds` (TVM's
    `T.axis.remap("SSR", [i, j, k])`). `reads` and `writes` declare the buffer
    regions the block touches, each indexed by an affine function of the
    iteration variables (TVM's `T.reads`/`T.writes`). A `tensorir.init` at the
    start of the body runs at the first step of the reduction (TVM's
    `with T.init():`), and the optional `where` predicate guards the whole block
    (TVM's `T.where`).

    ```mlir
    tensorir.block "matmul"(%vi, %vj, %vk) = (%i, %j, %k) in (%c1, %c256, %c784)
        kinds "SSR"
        reads(%x[%vi, %vk] : memref<1x784xf32>, %w[%vk, %vj] : memref<784x256xf32>)
        writes(%y[%vi, %vj] : memref<1x256xf32>) {
      tensorir.init {
        tensorir.store %zero, %y[%vi, %vj] : memref<1x256xf32>
      }
      ...
    }
    ```

    The verifier checks that every buffer the block stores to is declared in
    `writes` (or allocated inside the block) and every buffer it loads from is
    declared in `reads` or `writes`.
  }];
  let arguments = (ins StrAttr:$name,
                       Variadic<Index>:$bindings,
                       Variadic<Index>:$extents,
                       Optional<I1>:$predicate,
                       Variadic<AnyMemRef>:$reads,
                       Variadic<AnyMemRef>:$writes,
                       StrAttr:$iter_kinds,
                       AffineMapArrayAttr:$read_maps,
                       AffineMapArrayAttr:$write_maps);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block::BlockArgListType getIterVars() { return getBody().getArguments(); }
    /// The `tensorir.init` op at the start of the body, if any.
    InitOp getInitOp();
  }];
}

def TensorIR_InitOp : TensorIR_Op<"init", [
    HasParent<"BlockOp">, SingleBlock, NoTerminator, RecursiveMemoryEffects]> {
  let summary = "the initialization of a reduction block (TVM's `with T.init():`)";
  let description = [{
    Runs instead of nothing at the first iteration of the block's reduction
    variables; must be the first op of its block.

    ```mlir
    tensorir.init {
      tensorir.store %zero, %y[%vi, %vj] : memref<1x256xf32>
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def TensorIR_LoadOp : TensorIR_Op<"load", [
    InferTypeOpAdaptor, MemoryEffects<[MemRead]>]> {
  let summary = "reads one element of a buffer (TVM's `A[i, j]`)";
  let description = [{
    ```mlir
    %v = tensorir.load %A[%i, %j] : memref<1x256xf32>
    ```
  }];
  let arguments = (ins AnyMemRef:$buffer, Variadic<Index>:$indices);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$buffer `[` $indices `]` attr-dict `:` type($buffer)";
  let hasVerifier = 1;
}

def TensorIR_StoreOp : TensorIR_Op<"store", [
    TypesMatchWith<"stored value type is the buffer's element type",
                   "buffer", "value",
                   "::llvm::cast<::mlir::MemRefType>($_self).getElementType()">,
    MemoryEffects<[MemWrite]>]> {
  let summary = "writes one element of a buffer (TVM's `A[i, j] = v`)";
  let description = [{
    ```mlir
    tensorir.store %v, %A[%i, %j] : memref<1x256xf32>
    ```
  }];
  let arguments = (ins AnyType:$value, AnyMemRef:$buffer, Variadic<Index>:$indices);
  let assemblyFormat = "$value `,` $buffer `[` $indices `]` attr-dict `:` type($buffer)";
  let hasVerifier = 1;
}

#endif // TVMLIR_TENSORIR_OPS_TD
