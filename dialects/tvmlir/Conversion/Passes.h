//===- Passes.h - tvmlir's lowerings toward LLVM ----------------*- C++ -*-===//
#ifndef TVMLIR_CONVERSION_PASSES_H
#define TVMLIR_CONVERSION_PASSES_H

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::relax {

#define GEN_PASS_DECL
#include "tvmlir/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tvmlir/Conversion/Passes.h.inc"

/// Registers `tvmlir-cpu-pipeline`, tvmlir.compile's lowering for the CPU.
void registerTvmlirPipelines();

} // namespace mlir::relax

#endif // TVMLIR_CONVERSION_PASSES_H
