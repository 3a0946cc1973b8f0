//===- Linear.cpp - legalization of matmul and permute_dims ---------------===//

#include "Legalize.h"

using namespace mlir;
using namespace mlir::relax;

namespace {

tensorir::PrimFuncOp legalizePermuteDims(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("transpose", params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "T_transpose");
  unsigned rank = outType.getRank();
  SmallVector<int64_t> axes;
  if (auto given = llvm::cast<PermuteDimsOp>(ctx.op).getAxes())
    for (int64_t axis : *given)
      axes.push_back(axis < 0 ? axis + rank : axis);
  else
    for (int64_t i = rank - 1; i >= 0; --i)
      axes.push_back(i);
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  Stage stage{"T_transpose", numbered("ax", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) {
    // Output dimension i is input dimension axes[i].
    SmallVector<AffineExpr> inIndices(rank);
    for (unsigned i = 0; i < rank; ++i)
      inIndices[axes[i]] = ivs[i];
    return s.load(params[0], inIndices);
  };
  func.emit(stage);
  return func.finish();
}

tensorir::PrimFuncOp legalizeMatmul(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("matmul", params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "matmul");
  MLIRContext *context = func.getContext();
  auto lhsShape = llvm::cast<MemRefType>(params[0].getType()).getShape();
  auto rhsShape = llvm::cast<MemRefType>(params[1].getType()).getShape();
  unsigned outRank = outType.getRank();
  int64_t reduce = lhsShape.back();
  // Iteration variables: one per output dimension, then the reduction.
  SmallVector<AffineExpr> outIvs = dims(context, outRank);
  AffineExpr k = getAffineDimExpr(outRank, context);
  SmallVector<int64_t> extents(outType.getShape());
  extents.push_back(reduce);
  SmallVector<std::string> loops = numbered("i", outRank);
  loops.push_back("k");

  // Output dims: batch..., [m if lhs is a matrix], [n if rhs is a matrix].
  bool lhsMatrix = lhsShape.size() > 1, rhsMatrix = rhsShape.size() > 1;
  unsigned batchRank = outRank - lhsMatrix - rhsMatrix;
  ArrayRef<AffineExpr> batch = ArrayRef(outIvs).take_front(batchRank);
  SmallVector<int64_t> batchShape(outType.getShape().take_front(batchRank));
  auto operandIndices = [&](ArrayRef<int64_t> shape, bool isLhs) {
    SmallVector<AffineExpr> indices;
    if (shape.size() > 2)
      indices = broadcastIndices(shape.drop_back(2), batchShape, batch, context);
    if (isLhs) {
      if (lhsMatrix)
        indices.push_back(outIvs[batchRank]);
      indices.push_back(k);
    } else {
      indices.push_back(k);
      if (rhsMatrix)
        indices.push_back(outIvs[outRank - 1]);
    }
    return indices;
  };
  Type outElement = outType.getElementType();
  Stage stage{"matmul", loops, extents, std::string(outRank, 'S') + "R", out, outIvs,
              nullptr, nullptr};
  stage.init = [&](StageContext &s) { return s.constant(outElement, 0.0); };
  stage.body = [&](StageContext &s) {
    Value acc = s.loadOutput();
    Value a = castValue(s.builder, s.loc, s.load(params[0], operandIndices(lhsShape, true)),
                        outElement);
    Value b = castValue(s.builder, s.loc, s.load(params[1], operandIndices(rhsShape, false)),
                        outElement);
    return addValues(s.builder, s.loc, acc, mulValues(s.builder, s.loc, a, b));
  };
  func.emit(stage);
  return func.finish();
}

} // namespace

void relax::populateLinearLegalizers(LegalizerTable &table) {
  table.insert({
      {PermuteDimsOp::getOperationName(), legalizePermuteDims},
      {MatmulOp::getOperationName(), legalizeMatmul},
  });
}
