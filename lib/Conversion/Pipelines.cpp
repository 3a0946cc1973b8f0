//===- Pipelines.cpp - tvmlir's named pass pipelines ----------------------===//
//
// `tvmlir-cpu-pipeline`: the whole CPU lowering, from a legalized IRModule
// (relax functions calling tensorir prim_funcs) to the LLVM dialect. It is
// what `tvmlir.compile(mod, target="llvm")` runs, so that
// `relax-opt --tvmlir-cpu-pipeline` reproduces any compile.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Conversion/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<int64_t> numThreads{
      *this, "num-threads",
      llvm::cl::desc("threads that large kernels and loop nests run on (0: every core; 1: none "
                     "besides the caller)"),
      llvm::cl::init(0)};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("vector register width in bits (0: the host CPU's)"),
                             llvm::cl::init(0)};
};

/// The passes, in order. Structured prim_funcs take the linalg road (a
/// strategy per kernel); the others keep the loop road (reordered for
/// locality, outer loops on threads); both meet in the host code.
SmallVector<std::string> cpuPipeline(const CPUPipelineOptions &options) {
  SmallVector<std::string> passes;
  // IR that verifies but would make an upstream pattern below assert.
  passes.push_back("tvmlir-input-guard");
  passes.push_back("convert-tensorir-to-linalg");
  passes.push_back("tensorir-reorder-for-locality");
  bool threads = options.numThreads != 1;
  if (threads)
    passes.push_back("tensorir-parallelize-outer-loops");
  passes.push_back("convert-tensorir-to-scf");
  passes.push_back("convert-relax-to-func");
  passes.push_back(llvm::formatv("tvmlir-cpu-strategy{{vector-bits={0} num-threads={1}}",
                                 options.vectorBits.getValue(), options.numThreads.getValue())
                       .str());
  passes.push_back("canonicalize");
  // Parallel loops onto the runtime's thread pool.
  passes.push_back(
      llvm::formatv("convert-parallel-to-pool{{num-threads={0}}", options.numThreads.getValue()).str());
  passes.push_back("arith-expand");
  // Everything else to the LLVM dialect.
  for (const char *pass :
       {"convert-linalg-to-loops", "convert-vector-to-scf{full-unroll=true}", "convert-scf-to-cf",
        "expand-strided-metadata", "lower-affine",
        // Math on vectors: LLVM intrinsics where they exist, libm calls per
        // lane otherwise (which leaves vector ops for the next pass).
        "convert-math-to-llvm", "convert-math-to-libm",
        // A vector's sum in a tree, not lane after lane: the order of a
        // tiled reduction is not the loops' order anyway.
        "convert-vector-to-llvm{reassociate-fp-reductions=true}",
        "finalize-memref-to-llvm",
        "convert-arith-to-llvm", "convert-ub-to-llvm", "convert-func-to-llvm", "convert-cf-to-llvm",
        "reconcile-unrealized-casts"})
    passes.push_back(pass);
  return passes;
}

} // namespace

void mlir::relax::registerTvmlirPipelines() {
  registerPassPipeline(
      "tvmlir-cpu-pipeline",
      "lower a legalized IRModule to the LLVM dialect for the host CPU (tvmlir.compile's pipeline)",
      [](OpPassManager &pm, StringRef text, function_ref<LogicalResult(const Twine &)> errorHandler) {
        CPUPipelineOptions options;
        if (failed(options.parseFromString(text)))
          return failure();
        for (const std::string &pass : cpuPipeline(options))
          if (failed(parsePassPipeline(pass, pm, llvm::errs())))
            return errorHandler("tvmlir-cpu-pipeline: cannot add " + pass);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optionHandler) {
        optionHandler(CPUPipelineOptions());
      });
}
