//===- Dialects.h - C API of the tvmlir dialects ---------------------*- C -*-===//
#ifndef TVMLIR_CAPI_DIALECTS_H
#define TVMLIR_CAPI_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Relax, relax);
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(TensorIR, tensorir);

/// Registers the `relax` and `tensorir` dialects in `registry`.
MLIR_CAPI_EXPORTED void tvmlirRegisterDialects(MlirDialectRegistry registry);

#ifdef __cplusplus
}
#endif

#endif // TVMLIR_CAPI_DIALECTS_H
