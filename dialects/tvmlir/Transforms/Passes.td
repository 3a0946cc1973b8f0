//===- Passes.td - tvmlir's passes over relax and tensorir --*- tablegen -*-===//
//
// TVM Unity's transformations as MLIR passes. The "zero" pipeline runs
// LegalizeOps, AnnotateTIROpPattern, FoldConstant, FuseOps and FuseTIR in that
// order (python/tvmlir/relax/pipeline.py).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_TRANSFORMS_PASSES_TD
#define TVMLIR_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def InputGuard : Pass<"tvmlir-input-guard", "ModuleOp"> {
  let summary = "Reject IR that verifies but that upstream patterns assert on";
  let description = [{
    Fails with a located error on IR that passes every verifier but would
    abort an upstream pass: today a `memref.dim`/`tensor.dim` whose constant
    index is outside its operand's rank (lib/Support/InputGuards). relax-opt
    runs it before any pipeline, and it is the first pass of
    `tvmlir-cpu-pipeline`.
  }];
}

def LegalizeOps : Pass<"relax-legalize-ops", "ModuleOp"> {
  let summary = "Lower relax operators to tensorir prim_funcs called by relax.call_tir";
  let description = [{
    Every relax operator with a legalization becomes a private
    `tensorir.prim_func` (named as TVM names it: `add`, `add1`, `matmul`,
    `transpose`, `relu`, ...) and a `relax.call_tir` of it. The prim_func's
    buffers are named after the relax values they receive, its loops and blocks
    after TVM's topi (`ax0`/`T_add`, `i0`/`compute`, `i0, i1, k`/`matmul`).
    Operators without a legalization (or with symbolic shapes, for now) stay
    in place with a warning. Running the pass twice changes nothing.
  }];
  let dependentDialects = [
    "::mlir::tensorir::TensorIRDialect", "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect"
  ];
}

def AnnotateTIROpPattern : Pass<"relax-annotate-tir-op-pattern", "ModuleOp"> {
  let summary = "Annotate each prim_func with TVM's operator pattern kind";
  let description = [{
    Sets `op_pattern` on every `tensorir.prim_func` that has none: 0
    elementwise, 1 broadcast, 2 injective, 3 reduction, 4
    out-elementwise-fusable (a reduction over several inputs, such as matmul),
    8 opaque. FuseOps groups operators by these kinds.
  }];
}

def FoldConstant : Pass<"relax-fold-constant", "ModuleOp"> {
  let summary = "Evaluate relax.call_tir of constants at compile time";
  let description = [{
    A `relax.call_tir` whose arguments are all `relax.constant`s (and whose
    buffers have static shapes) is evaluated by interpreting its prim_func,
    and replaced by a `relax.constant` of the result. Prim_funcs that are no
    longer called are removed.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"1 << 20",
           "largest output (in elements) that is folded">
  ];
}

def FuseOps : Pass<"relax-fuse-ops", "ModuleOp"> {
  let summary = "Group call_tir bindings into fused relax functions by op pattern";
  let description = [{
    Within each dataflow block, a call_tir of an out-elementwise-fusable or
    injective prim_func absorbs the elementwise and broadcast calls that
    consume its single-use result (TVM's rules). Each group of two or more
    calls becomes a private relax function `fused_<names>` with the
    `Primitive` attribute, called by `relax.call`.
  }];
}

def FuseTIR : Pass<"relax-fuse-tir", "ModuleOp"> {
  let summary = "Merge the prim_funcs of each fused relax function into one";
  let description = [{
    Each `relax.call` of a `Primitive` relax function becomes a `relax.call_tir`
    of a new prim_func holding the bodies of the prim_funcs it called, in order;
    intermediate results become `tensorir.alloc_buffer`s named
    `<output>_intermediate`. The fused relax functions and the prim_funcs no
    longer called are removed.
  }];
  let dependentDialects = ["::mlir::tensorir::TensorIRDialect"];
}

def DeadCodeElimination : Pass<"relax-dead-code-elimination", "ModuleOp"> {
  let summary = "Remove unused bindings and the functions no entry function reaches";
  let description = [{
    TVM's DeadCodeElimination. Inside a dataflow block every binding is
    side-effect free, so one whose value is used by nothing (not even the
    block's `relax.output`) is removed, and so are dataflow results no later
    binding reads; outside dataflow blocks only pure operators are removed.
    Then the private relax functions and prim_funcs that no public function
    reaches are removed (upstream `symbol-dce`); `entry-functions` names
    private functions to keep as entries too. Running it twice changes
    nothing.
  }];
  let options = [
    ListOption<"entryFunctions", "entry-functions", "std::string",
               "private functions kept as entry points besides the public ones">
  ];
}

def LiftTransformParams : Pass<"relax-lift-transform-params", "ModuleOp"> {
  let summary = "Move the computations over parameters only into <func>_transform_params";
  let description = [{
    TVM's LiftTransformParams. For each public function with `num_input = k`
    the arguments after the first k are parameters; the dataflow bindings
    that read parameters and constants only move into a new function
    `<func>_transform_params(params: tuple<...>) -> tuple<...>`
    (`num_input = 0`), whose results are what the function still reads: the
    parameters it reads directly, then the lifted values. The function takes
    those results as its parameters, after its inputs. Running the transform
    once replaces, on every later call, the transposes and layout changes of
    the weights.
  }];
}

def ReorderForLocality : Pass<"tensorir-reorder-for-locality", "ModuleOp"> {
  let summary = "Move a spatial loop inside a block's reduction loops for contiguous accesses";
  let description = [{
    For each block in a perfect loop nest whose innermost loop is a
    reduction, the spatial loop that indexes the most accesses along their
    last dimension becomes the innermost loop, when it indexes more of them
    than the reduction loop does. Matmul's `i, j, k` becomes `i, k, j`: the
    inner loop reads a row of B and updates a row of C, and LLVM vectorizes
    it. Each output element sums its terms in the same order as before.
    `tvmlir.compile` runs it for the CPU.
  }];
  let dependentDialects = ["::mlir::tensorir::TensorIRDialect"];
}

def GPUDefaultSchedule : Pass<"tensorir-gpu-default-schedule", "ModuleOp"> {
  let summary = "Bind every stage of a prim_func to GPU blocks and threads (DLight's fallback)";
  let description = [{
    Each top-level loop nest (stage) of a `tensorir.prim_func` becomes one GPU
    kernel: its leading spatial loops (outside the reduction loops) are fused
    and split into a `thread_binding("blockIdx.x")` loop over a
    `thread_binding("threadIdx.x")` loop of `max-threads-per-block` threads
    (fewer when the space is smaller); the rest of the nest, reductions
    included, runs sequentially inside each thread. Every block of the stage
    is predicated on the fused index being in bounds. A stage with several
    blocks, or no spatial loop, runs on one thread. Prim_funcs that already
    have thread bindings are left as they are.
  }];
  let options = [
    Option<"maxThreadsPerBlock", "max-threads-per-block", "int64_t", /*default=*/"256",
           "threads per GPU block">
  ];
  let dependentDialects = ["::mlir::tensorir::TensorIRDialect", "::mlir::arith::ArithDialect"];
}

def ParallelizeOuterLoops : Pass<"tensorir-parallelize-outer-loops", "ModuleOp"> {
  let summary = "Mark a block's outermost spatial loop parallel when its iterations write apart";
  let description = [{
    For each block in a top-level perfect loop nest of a prim_func, the
    outermost loop becomes `parallel` when it binds a spatial iteration
    variable that indexes every write of the block on its own: its iterations
    then write disjoint elements. Only nests of at least `min-iterations`
    static iterations are marked: a task costs microseconds. `tvmlir.compile`
    lowers parallel loops to `scf.parallel` and runs them on the CPU's
    threads.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", /*default=*/"1000000",
           "The fewest iterations of a nest worth threads">,
  ];
  let dependentDialects = ["::mlir::tensorir::TensorIRDialect"];
}

#endif // TVMLIR_TRANSFORMS_PASSES_TD
