//===- TensorIR.h - the `tensorir` dialect ----------------------*- C++ -*-===//
#ifndef TVMLIR_TENSORIR_TENSORIR_H
#define TVMLIR_TENSORIR_TENSORIR_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tvmlir/TensorIR/TensorIRDialect.h.inc"
#include "tvmlir/TensorIR/TensorIREnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "tvmlir/TensorIR/TensorIRAttrs.h.inc"

namespace mlir::tensorir {
class InitOp;
} // namespace mlir::tensorir

#define GET_OP_CLASSES
#include "tvmlir/TensorIR/TensorIROps.h.inc"

#endif // TVMLIR_TENSORIR_TENSORIR_H
