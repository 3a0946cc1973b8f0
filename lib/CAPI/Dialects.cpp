//===- Dialects.cpp - C API of the tvmlir dialects ------------------------===//

#include "tvmlir/CAPI/Dialects.h"
#include "tvmlir/Relax/Relax.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/CAPI/Registration.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Relax, relax, mlir::relax::RelaxDialect)
MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(TensorIR, tensorir, mlir::tensorir::TensorIRDialect)

void tvmlirRegisterDialects(MlirDialectRegistry registry) {
  unwrap(registry)->insert<mlir::relax::RelaxDialect, mlir::tensorir::TensorIRDialect>();
}
