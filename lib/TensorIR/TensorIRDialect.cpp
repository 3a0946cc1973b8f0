//===- TensorIRDialect.cpp - the `tensorir` dialect -----------------------===//

#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tensorir;

#include "tvmlir/TensorIR/TensorIRDialect.cpp.inc"
#include "tvmlir/TensorIR/TensorIREnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tvmlir/TensorIR/TensorIRAttrs.cpp.inc"

void TensorIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tvmlir/TensorIR/TensorIROps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tvmlir/TensorIR/TensorIRAttrs.cpp.inc"
      >();
}
