//===- Passes.h - tvmlir's passes over relax and tensorir -------*- C++ -*-===//
#ifndef TVMLIR_TRANSFORMS_PASSES_H
#define TVMLIR_TRANSFORMS_PASSES_H

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::relax {

#define GEN_PASS_DECL
#include "tvmlir/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tvmlir/Transforms/Passes.h.inc"

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_PASSES_H
