//===- RelaxOps.cpp - `relax` operations: verifiers and shape inference ---===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"

using namespace mlir;
using namespace mlir::relax;

//===----------------------------------------------------------------------===//
// FuncOp
//===----------------------------------------------------------------------===//

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results, function_interface_impl::VariadicFlag,
                          std::string &) { return builder.getFunctionType(argTypes, results); };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false, getFunctionTypeAttrName(result.name),
      buildFuncType, getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void FuncOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(p, *this, /*isVariadic=*/false,
                                           getFunctionTypeAttrName(),
                                           getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult FuncOp::verify() {
  Block &entry = getBody().front();
  if (entry.getNumArguments() != getArgumentTypes().size())
    return emitOpError("has ") << entry.getNumArguments()
                               << " body arguments but its type has "
                               << getArgumentTypes().size() << " inputs";
  for (auto [index, arg, type] : llvm::enumerate(entry.getArguments(), getArgumentTypes()))
    if (arg.getType() != type)
      return emitOpError("body argument #")
             << index << " has type " << arg.getType() << " but the function type says "
             << type;
  if (entry.empty() || !llvm::isa<ReturnOp>(entry.back()))
    return emitOpError("body must end in 'relax.return'");
  if (Attribute attr = (*this)->getAttr("num_input")) {
    auto numInput = llvm::dyn_cast<IntegerAttr>(attr);
    if (!numInput || !numInput.getType().isSignlessInteger())
      return emitOpError("num_input must be a signless integer, got ") << attr;
    int64_t n = numInput.getInt();
    if (n < 0 || n > static_cast<int64_t>(getArgumentTypes().size()))
      return emitOpError("num_input = ")
             << n << " is out of range for a function of " << getArgumentTypes().size()
             << " arguments";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ReturnOp, DataflowOp
//===----------------------------------------------------------------------===//

/// Checks that `values` have exactly `expected` types; `what` names the owner.
static LogicalResult verifyYieldedTypes(Operation *op, ValueRange values,
                                        TypeRange expected, StringRef what) {
  if (values.size() != expected.size())
    return op->emitOpError("yields ") << values.size() << " value(s) but " << what
                                      << " has " << expected.size() << " result(s)";
  for (auto [index, value, type] : llvm::enumerate(values, expected))
    if (value.getType() != type)
      return op->emitOpError("value #")
             << index << " has type " << value.getType() << " but " << what
             << " declares " << type;
  return success();
}

LogicalResult ReturnOp::verify() {
  auto func = (*this)->getParentOfType<FuncOp>();
  return verifyYieldedTypes(*this, getOperands(), func.getResultTypes(),
                            "function @" + func.getSymName().str());
}

LogicalResult DataflowOp::verify() {
  Block &body = getBody().front();
  auto output = body.empty() ? OutputOp() : llvm::dyn_cast<OutputOp>(body.back());
  if (!output)
    return emitOpError("body must end in 'relax.output'");
  return verifyYieldedTypes(output, output.getValues(), getResultTypes(),
                            "the enclosing relax.dataflow");
}

//===----------------------------------------------------------------------===//
// ConstantOp, TupleOp, TupleGetItemOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto value = llvm::dyn_cast_or_null<TypedAttr>(adaptor.getValueAttr());
  if (!value || !llvm::isa<RankedTensorType>(value.getType()))
    return inferError<ConstantOp>(loc, "value must be a ranked tensor attribute");
  inferred.push_back(value.getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  if (!llvm::isa<ElementsAttr>(getValue()))
    return emitOpError("value must be an elements attribute (e.g. dense<...>)");
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult TupleOp::inferReturnTypes(MLIRContext *context, std::optional<Location>,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  inferred.push_back(TupleType::get(context, TypeRange(adaptor.getFields())));
  return success();
}

LogicalResult TupleGetItemOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &inferred) {
  auto tuple = llvm::dyn_cast<TupleType>(adaptor.getTuple().getType());
  if (!tuple)
    return inferError<TupleGetItemOp>(loc, "operand must be a tuple, got ",
                             adaptor.getTuple().getType());
  int64_t index = adaptor.getIndex();
  if (index < 0 || index >= static_cast<int64_t>(tuple.size()))
    return inferError<TupleGetItemOp>(loc, "index ", index, " is out of range for a tuple of ",
                             tuple.size(), " field(s)");
  inferred.push_back(tuple.getType(index));
  return success();
}

//===----------------------------------------------------------------------===//
// CallTIROp
//===----------------------------------------------------------------------===//

/// True when `buffer` can hold `tensor`: same element type and shape, dynamic
/// dimensions matching dynamic ones.
static bool bufferMatchesTensor(Type buffer, RankedTensorType tensor, bool lowered) {
  auto memref = llvm::dyn_cast<MemRefType>(buffer);
  if (!memref || memref.getShape() != tensor.getShape())
    return false;
  // A lowered prim_func stores booleans as bytes.
  if (lowered && tensor.getElementType().isInteger(1))
    return memref.getElementType().isInteger(8);
  return memref.getElementType() == tensor.getElementType();
}

LogicalResult CallTIROp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *callee = symbolTable.lookupNearestSymbolFrom(*this, getCalleeAttr());
  if (!callee)
    return emitOpError("callee @") << getCallee() << " does not exist";
  // A prim_func, or the func.func it becomes when lowered toward LLVM.
  auto function = llvm::dyn_cast<FunctionOpInterface>(callee);
  if (!function || !llvm::isa<tensorir::PrimFuncOp, func::FuncOp>(callee))
    return emitOpError("callee @") << getCallee() << " is a '" << callee->getName()
                                   << "', not a 'tensorir.prim_func'";
  ArrayRef<Type> params = function.getArgumentTypes();
  size_t expected = getArgs().size() + getResults().size();
  if (params.size() != expected)
    return emitOpError("callee @")
           << getCallee() << " takes " << params.size() << " buffer(s) but the call passes "
           << getArgs().size() << " argument(s) and " << getResults().size()
           << " output(s)";
  SmallVector<Type> tensors(getArgs().getTypes());
  llvm::append_range(tensors, getResultTypes());
  for (auto [index, param, tensor] : llvm::enumerate(params, tensors)) {
    auto tensorType = llvm::dyn_cast<RankedTensorType>(tensor);
    if (tensorType && bufferMatchesTensor(param, tensorType, llvm::isa<func::FuncOp>(callee)))
      continue;
    bool isOutput = index >= getArgs().size();
    return emitOpError("callee @")
           << getCallee() << " parameter #" << index << " is " << param << " but the call "
           << (isOutput ? "writes output " : "passes argument ")
           << (isOutput ? index - getArgs().size() : index) << " as " << tensor;
  }
  return success();
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *callee = symbolTable.lookupNearestSymbolFrom(*this, getCalleeAttr());
  if (!callee)
    return emitOpError("callee @") << getCallee() << " does not exist";
  auto func = llvm::dyn_cast<FuncOp>(callee);
  if (!func)
    return emitOpError("callee @") << getCallee() << " is a '" << callee->getName()
                                   << "', not a 'relax.function'";
  FunctionType type = func.getFunctionType();
  if (TypeRange(getArgs().getTypes()) != TypeRange(type.getInputs()) ||
      getResultTypes() != TypeRange(type.getResults()))
    return emitOpError("call of @") << getCallee() << " as "
                                    << FunctionType::get(getContext(), getArgs().getTypes(),
                                                         getResultTypes())
                                    << " does not match its type " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

LogicalResult PermuteDimsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<PermuteDimsOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  int64_t rank = dims.size();
  SmallVector<int64_t> axes;
  if (std::optional<ArrayRef<int64_t>> given = adaptor.getAxes()) {
    if (static_cast<int64_t>(given->size()) != rank)
      return inferError<PermuteDimsOp>(loc, "axes has ", given->size(),
                               " entries but the tensor has rank ", rank);
    SmallVector<bool> seen(rank, false);
    for (int64_t axis : *given) {
      int64_t normalized = axis < 0 ? axis + rank : axis;
      if (normalized < 0 || normalized >= rank)
        return inferError<PermuteDimsOp>(loc, "axis ", axis, " is out of range for rank ", rank);
      if (seen[normalized])
        return inferError<PermuteDimsOp>(loc, "axis ", axis, " appears twice in axes");
      seen[normalized] = true;
      axes.push_back(normalized);
    }
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      axes.push_back(i);
  }
  SmallVector<Dim> permuted;
  for (int64_t axis : axes)
    permuted.push_back(dims[axis]);
  inferred.push_back(getTensorType(permuted, data->getElementType()));
  return success();
}

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> lhsType = getRankedTensor<MatmulOp>(adaptor.getLhs(), "lhs", loc);
  FailureOr<RankedTensorType> rhsType = getRankedTensor<MatmulOp>(adaptor.getRhs(), "rhs", loc);
  if (failed(lhsType) || failed(rhsType))
    return failure();
  if (lhsType->getElementType() != rhsType->getElementType())
    return inferError<MatmulOp>(loc, "lhs and rhs must have the same element type, got ",
                             lhsType->getElementType(), " and ", rhsType->getElementType());
  SmallVector<Dim> lhs = getDims(*lhsType), rhs = getDims(*rhsType);
  if (lhs.empty() || rhs.empty())
    return inferError<MatmulOp>(loc, "operands must have rank at least 1, got shapes ",
                             formatShape(lhs), " and ", formatShape(rhs));
  // NumPy's rules: a 1-D lhs is a row, a 1-D rhs a column; the promoted
  // dimension is dropped from the result.
  bool lhsVector = lhs.size() == 1, rhsVector = rhs.size() == 1;
  if (lhsVector)
    lhs.insert(lhs.begin(), Dim::known(1));
  if (rhsVector)
    rhs.push_back(Dim::known(1));
  const Dim &reduceL = lhs.back(), &reduceR = rhs[rhs.size() - 2];
  if (reduceL.differsFrom(reduceR))
    return inferError<MatmulOp>(loc, "cannot multiply shapes ", formatShape(getDims(*lhsType)),
                             " and ", formatShape(getDims(*rhsType)),
                             ": the reduction extents ", reduceL.str(), " and ",
                             reduceR.str(), " differ");
  std::string error;
  FailureOr<SmallVector<Dim>> batch =
      broadcastShapes(ArrayRef(lhs).drop_back(2), ArrayRef(rhs).drop_back(2), error);
  if (failed(batch))
    return inferError<MatmulOp>(loc, "batch dimensions: ", error);
  SmallVector<Dim> out = *batch;
  if (!lhsVector)
    out.push_back(lhs[lhs.size() - 2]);
  if (!rhsVector)
    out.push_back(rhs.back());
  Type elementType = lhsType->getElementType();
  if (std::optional<Type> outDtype = adaptor.getOutDtype()) {
    if (failed(checkDtype<MatmulOp>(*outDtype, "out_dtype", loc)))
      return failure();
    elementType = *outDtype;
  }
  inferred.push_back(getTensorType(out, elementType));
  return success();
}

/// Result type of an elementwise binary op with NumPy broadcasting.
template <typename OpT>
static LogicalResult inferBroadcastBinary(Value lhsValue, Value rhsValue,
                                          std::optional<Location> loc,
                                          SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> lhs = getRankedTensor<OpT>(lhsValue, "lhs", loc);
  FailureOr<RankedTensorType> rhs = getRankedTensor<OpT>(rhsValue, "rhs", loc);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (lhs->getElementType() != rhs->getElementType())
    return inferError<OpT>(loc, "lhs and rhs must have the same element type, got ",
                           lhs->getElementType(), " and ", rhs->getElementType());
  std::string error;
  FailureOr<SmallVector<Dim>> shape = broadcastShapes(getDims(*lhs), getDims(*rhs), error);
  if (failed(shape))
    return inferError<OpT>(loc, error);
  inferred.push_back(getTensorType(*shape, lhs->getElementType()));
  return success();
}

// Arithmetic keeps the element type; comparisons and logic give i1.
#define RELAX_BROADCAST_BINARY(OP, BOOLEAN_RESULT)                                         \
  LogicalResult OP::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,    \
                                     Adaptor adaptor, SmallVectorImpl<Type> &inferred) {   \
    if (failed(inferBroadcastBinary<OP>(adaptor.getLhs(), adaptor.getRhs(), loc, inferred))) \
      return failure();                                                                     \
    if (BOOLEAN_RESULT)                                                                     \
      inferred.back() = llvm::cast<RankedTensorType>(inferred.back())                       \
                            .clone(IntegerType::get(context, 1));                           \
    return success();                                                                       \
  }
RELAX_BROADCAST_BINARY(AddOp, false)
RELAX_BROADCAST_BINARY(SubtractOp, false)
RELAX_BROADCAST_BINARY(MultiplyOp, false)
RELAX_BROADCAST_BINARY(DivideOp, false)
RELAX_BROADCAST_BINARY(FloorDivideOp, false)
RELAX_BROADCAST_BINARY(PowerOp, false)
RELAX_BROADCAST_BINARY(MaximumOp, false)
RELAX_BROADCAST_BINARY(MinimumOp, false)
RELAX_BROADCAST_BINARY(EqualOp, true)
RELAX_BROADCAST_BINARY(NotEqualOp, true)
RELAX_BROADCAST_BINARY(LessOp, true)
RELAX_BROADCAST_BINARY(LessEqualOp, true)
RELAX_BROADCAST_BINARY(GreaterOp, true)
RELAX_BROADCAST_BINARY(GreaterEqualOp, true)
RELAX_BROADCAST_BINARY(LogicalAndOp, false)
RELAX_BROADCAST_BINARY(LogicalOrOp, false)
RELAX_BROADCAST_BINARY(LogicalXorOp, false)
RELAX_BROADCAST_BINARY(FloorModOp, false)
RELAX_BROADCAST_BINARY(ModOp, false)
RELAX_BROADCAST_BINARY(BitwiseAndOp, false)
RELAX_BROADCAST_BINARY(BitwiseOrOp, false)
RELAX_BROADCAST_BINARY(BitwiseXorOp, false)
#undef RELAX_BROADCAST_BINARY

// Float classification: the operand's shape, boolean.
#define RELAX_FLOAT_TEST(OP)                                                              \
  LogicalResult OP::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,  \
                                     Adaptor adaptor, SmallVectorImpl<Type> &inferred) { \
    FailureOr<RankedTensorType> data = getRankedTensor<OP>(adaptor.getData(), "data", loc); \
    if (failed(data))                                                                     \
      return failure();                                                                   \
    inferred.push_back(data->clone(IntegerType::get(context, 1)));                        \
    return success();                                                                     \
  }
RELAX_FLOAT_TEST(IsNanOp)
RELAX_FLOAT_TEST(IsInfOp)
RELAX_FLOAT_TEST(IsFiniteOp)
#undef RELAX_FLOAT_TEST

LogicalResult ClipOp::verify() {
  if (getMin().convertToDouble() > getMax().convertToDouble())
    return emitOpError("min (") << getMin().convertToDouble() << ") is greater than max ("
                                << getMax().convertToDouble() << ")";
  return success();
}

LogicalResult SoftplusOp::verify() {
  if (getBeta().convertToDouble() == 0.0)
    return emitOpError("beta must be nonzero");
  return success();
}

#define GET_OP_CLASSES
#include "tvmlir/Relax/RelaxOps.cpp.inc"
