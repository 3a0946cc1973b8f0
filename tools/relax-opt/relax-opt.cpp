//===- relax-opt.cpp - the tvmlir pass driver -----------------------------===//
//
// MlirOptMain with every upstream dialect, extension and pass, plus the
// `relax` and `tensorir` dialects (and their passes as they arrive).
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::relax::RelaxDialect, mlir::tensorir::TensorIRDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "tvmlir optimizer driver: relax and tensorir on MLIR\n", registry));
}
