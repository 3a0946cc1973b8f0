//===- relax-opt.cpp - the tvmlir pass driver -----------------------------===//
//
// MlirOptMain with every upstream dialect, extension and pass, plus the
// `relax` and `tensorir` dialects (and their passes as they arrive). The input
// is checked for text that would abort MLIR's parser before it is parsed.
//
//===----------------------------------------------------------------------===//

#include "Support/InputGuards.h"
#include "tvmlir/Conversion/Passes.h"
#include "tvmlir/Relax/Relax.h"
#include "tvmlir/TensorIR/TensorIR.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

/// Sets up the pipeline `requested` asks for, with tvmlir-input-guard first.
/// An anchored --pass-pipeline replaces the pass manager's passes rather than
/// appending to them, so the guard is put in front of the pipeline's text.
static llvm::LogicalResult guardPipeline(const mlir::MlirOptMainConfig &requested,
                                         mlir::PassManager &pm) {
  if (mlir::failed(requested.setupPassPipeline(pm)))
    return mlir::failure();
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  llvm::StringRef inner(text);
  std::string anchor = pm.getOpAnchorName().str();
  if (inner.consume_front(anchor + "("))
    inner.consume_back(")");
  std::string guarded =
      anchor + "(tvmlir-input-guard" + (inner.empty() ? "" : ",") + inner.str() + ")";
  mlir::FailureOr<mlir::OpPassManager> parsed = mlir::parsePassPipeline(guarded, llvm::errs());
  if (mlir::failed(parsed))
    return mlir::failure();
  static_cast<mlir::OpPassManager &>(pm) = std::move(*parsed);
  return mlir::success();
}

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::relax::registerTvmlirPasses();
  mlir::relax::registerTvmlirConversionPasses();
  mlir::relax::registerTvmlirPipelines();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR (as mlir-opt does).
  mlir::registerAllGPUToLLVMIRTranslations(registry);
  registry.insert<mlir::relax::RelaxDialect, mlir::tensorir::TensorIRDialect>();

  auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
      argc, argv, "tvmlir optimizer driver: relax and tensorir on MLIR\n", registry);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = mlir::openInputFile(inputFilename, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (std::optional<tvmlir::InputProblem> problem =
          tvmlir::findOversizedResultNumber(input->getBuffer())) {
    llvm::errs() << inputFilename << ":" << problem->line << ":" << problem->column
                 << ": error: " << problem->message << "\n";
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output = mlir::openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  // Before whatever pipeline was asked for: IR that verifies but would make an
  // upstream pattern assert is an error, not an abort.
  mlir::MlirOptMainConfig requested = config;
  config.setPassPipelineSetupFn([requested](mlir::PassManager &pm) -> llvm::LogicalResult {
    return guardPipeline(requested, pm);
  });
  if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(input), registry, config)))
    return 1;
  output->keep();
  return 0;
}
