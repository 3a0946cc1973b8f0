//===- Relax.h - the `relax` dialect ----------------------------*- C++ -*-===//
#ifndef TVMLIR_RELAX_RELAX_H
#define TVMLIR_RELAX_RELAX_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/TensorEncoding.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tvmlir/Relax/RelaxDialect.h.inc"

namespace mlir::OpTrait {
/// See `Relax_Elementwise` in RelaxDialect.td.
template <typename ConcreteType>
class RelaxElementwise : public TraitBase<ConcreteType, RelaxElementwise> {};
} // namespace mlir::OpTrait

#define GET_ATTRDEF_CLASSES
#include "tvmlir/Relax/RelaxAttrs.h.inc"

#define GET_OP_CLASSES
#include "tvmlir/Relax/RelaxOps.h.inc"

#endif // TVMLIR_RELAX_RELAX_H
