//===- RelaxDialect.cpp - the `relax` dialect -----------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::relax;

#include "tvmlir/Relax/RelaxDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tvmlir/Relax/RelaxAttrs.cpp.inc"

void RelaxDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tvmlir/Relax/RelaxOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tvmlir/Relax/RelaxAttrs.cpp.inc"
      >();
}

/// A symbolic dimension name: an identifier, or `?` for an unnamed extent.
static bool isValidDimName(StringRef name) {
  if (name == kAnonymousDim)
    return true;
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    return false;
  return llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

LogicalResult SymShapeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   ArrayRef<StringAttr> names) {
  for (StringAttr name : names)
    if (!isValidDimName(name.getValue()))
      return emitError() << "symbolic dimension name '" << name.getValue()
                         << "' is not an identifier or '?'";
  // One spelling per type: a tensor whose dynamic dimensions have no names
  // carries no encoding.
  if (llvm::all_of(names, [](StringAttr name) { return name.getValue() == kAnonymousDim; }))
    return emitError() << "#relax.sym names no dimension; leave the encoding out";
  return success();
}

LogicalResult
SymShapeAttr::verifyEncoding(ArrayRef<int64_t> shape, Type elementType,
                             function_ref<InFlightDiagnostic()> emitError) const {
  size_t numDynamic = llvm::count_if(shape, ShapedType::isDynamic);
  if (numDynamic != getNames().size())
    return emitError() << "#relax.sym names " << getNames().size()
                       << " dimension(s) but the tensor has " << numDynamic
                       << " dynamic dimension(s)";
  return success();
}
