//===- Common.cpp - shared pieces of the operator legalizations ----------===//

#include "Legalize.h"
#include "../Names.h"

using namespace mlir;
using namespace mlir::relax;

PrimFuncBuilder LegalizeContext::start(StringRef base, SmallVectorImpl<Value> &params) {
  PrimFuncBuilder func(module, op->getLoc(), names.unique(base));
  for (auto [index, operand] : llvm::enumerate(op->getOperands()))
    params.push_back(func.addParam(getBufferType(operand.getType()),
                                   getValueName(operand, "A" + std::to_string(index))));
  return func;
}

SmallVector<std::string> relax::numbered(StringRef prefix, unsigned count) {
  SmallVector<std::string> names;
  for (unsigned i = 0; i < count; ++i)
    names.push_back(prefix.str() + std::to_string(i));
  return names;
}

SmallVector<AffineExpr> relax::dims(MLIRContext *context, unsigned count, unsigned first) {
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < count; ++i)
    exprs.push_back(getAffineDimExpr(first + i, context));
  return exprs;
}

SmallVector<AffineExpr> relax::broadcastIndices(ArrayRef<int64_t> shape, ArrayRef<int64_t> outShape,
                                         ArrayRef<AffineExpr> outIndices, MLIRContext *context) {
  SmallVector<AffineExpr> indices;
  size_t offset = outShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    indices.push_back(shape[i] == 1 && outShape[offset + i] != 1
                          ? getAffineConstantExpr(0, context)
                          : outIndices[offset + i]);
  return indices;
}

Value relax::addValues(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (llvm::isa<FloatType>(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value relax::mulValues(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (llvm::isa<FloatType>(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

Value relax::castValue(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto fromFloat = llvm::dyn_cast<FloatType>(from), toFloat = llvm::dyn_cast<FloatType>(to);
  if (fromFloat && toFloat)
    return fromFloat.getWidth() < toFloat.getWidth()
               ? Value(arith::ExtFOp::create(b, loc, to, value))
               : Value(arith::TruncFOp::create(b, loc, to, value));
  if (toFloat)
    return arith::SIToFPOp::create(b, loc, to, value);
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
             ? Value(arith::ExtSIOp::create(b, loc, to, value))
             : Value(arith::TruncIOp::create(b, loc, to, value));
}

SmallVector<bool> relax::axesMask(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<bool> mask(rank, false);
  for (int64_t axis : axes)
    mask[axis < 0 ? axis + rank : axis] = true;
  return mask;
}

SmallVector<bool> relax::reducedDims(Operation *op, int64_t rank) {
  Attribute axis = op->getAttr("axis");
  if (!axis)
    return SmallVector<bool>(rank, true);
  if (auto one = llvm::dyn_cast<IntegerAttr>(axis))
    return axesMask({one.getInt()}, rank);
  return axesMask(llvm::cast<DenseI64ArrayAttr>(axis).asArrayRef(), rank);
}

SmallVector<unsigned> relax::keptDims(ArrayRef<bool> dropped) {
  SmallVector<unsigned> kept;
  for (auto [dim, isDropped] : llvm::enumerate(dropped))
    if (!isDropped)
      kept.push_back(dim);
  return kept;
}

bool relax::isFloat(Value value) { return llvm::isa<FloatType>(value.getType()); }

ReduceSpace relax::reduceSpace(ArrayRef<int64_t> inShape, ArrayRef<bool> reduced, bool keepdims,
                        MLIRContext *context) {
  ReduceSpace space;
  for (auto [extent, isReduced] : llvm::zip(inShape, reduced))
    if (!isReduced || keepdims)
      space.outShape.push_back(isReduced ? 1 : extent);
  unsigned outRank = space.outShape.size();
  space.loops = numbered("ax", outRank);
  space.extents = space.outShape;
  space.kinds = std::string(outRank, 'S');
  space.outIndices = dims(context, outRank);
  unsigned nextOut = 0, nextReduce = outRank;
  for (auto [d, extent] : llvm::enumerate(inShape)) {
    if (!reduced[d]) {
      space.inIndices.push_back(getAffineDimExpr(nextOut++, context));
      continue;
    }
    if (keepdims)
      ++nextOut; // the kept extent-1 dimension: its variable is always 0
    space.inIndices.push_back(getAffineDimExpr(nextReduce++, context));
    space.loops.push_back("k" + std::to_string(d));
    space.extents.push_back(extent);
    space.kinds += 'R';
    space.reducedExtents.push_back(extent);
    space.count *= extent;
  }
  return space;
}
