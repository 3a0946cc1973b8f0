//===- LegalizeOps.cpp - relax operators to tensorir prim_funcs -----------===//
//
// Each legalized operator becomes a private prim_func, built like TVM's topi
// compute of that operator (same function, block, loop and buffer names), and
// a relax.call_tir of it.
//
//===----------------------------------------------------------------------===//

#include "Names.h"
#include "PrimFuncBuilder.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/Transforms/Passes.h"

#include "llvm/ADT/StringMap.h"

namespace mlir::relax {
#define GEN_PASS_DEF_LEGALIZEOPS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

SmallVector<std::string> numbered(StringRef prefix, unsigned count) {
  SmallVector<std::string> names;
  for (unsigned i = 0; i < count; ++i)
    names.push_back(prefix.str() + std::to_string(i));
  return names;
}

SmallVector<AffineExpr> dims(MLIRContext *context, unsigned count, unsigned first = 0) {
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < count; ++i)
    exprs.push_back(getAffineDimExpr(first + i, context));
  return exprs;
}

/// Indices of a broadcast operand of shape `shape` inside an output of shape
/// `outShape` indexed by `outIndices`: aligned at the right, extent-1
/// dimensions read index 0 (TVM's topi broadcast).
SmallVector<AffineExpr> broadcastIndices(ArrayRef<int64_t> shape, ArrayRef<int64_t> outShape,
                                         ArrayRef<AffineExpr> outIndices, MLIRContext *context) {
  SmallVector<AffineExpr> indices;
  size_t offset = outShape.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    indices.push_back(shape[i] == 1 && outShape[offset + i] != 1
                          ? getAffineConstantExpr(0, context)
                          : outIndices[offset + i]);
  return indices;
}

Value addValues(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (llvm::isa<FloatType>(lhs.getType()))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value mulValues(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (llvm::isa<FloatType>(lhs.getType()))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

/// Converts a scalar between element types (TVM's T.Cast).
Value castValue(OpBuilder &b, Location loc, Value value, Type to) {
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

/// Everything a legalization needs: where to build, and the relax op.
struct LegalizeContext {
  ModuleOp module;
  Operation *op;

  /// Starts the prim_func `base` (uniqued), one buffer parameter per operand
  /// named after the relax value, then the output buffer.
  PrimFuncBuilder start(StringRef base, SmallVectorImpl<Value> &params) {
    PrimFuncBuilder func(module, op->getLoc(), getUniqueSymbolName(module, base));
    for (auto [index, operand] : llvm::enumerate(op->getOperands()))
      params.push_back(func.addParam(getBufferType(operand.getType()),
                                     getValueName(operand, "A" + std::to_string(index))));
    return func;
  }
};

using Legalizer = std::function<tensorir::PrimFuncOp(LegalizeContext &)>;

tensorir::PrimFuncOp legalizeAdd(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("add", params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "T_add");
  MLIRContext *context = func.getContext();
  unsigned rank = outType.getRank();
  SmallVector<AffineExpr> ivs = dims(context, rank);
  Stage stage{"T_add", numbered("ax", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) {
    auto lhsShape = llvm::cast<MemRefType>(params[0].getType()).getShape();
    auto rhsShape = llvm::cast<MemRefType>(params[1].getType()).getShape();
    Value lhs = s.load(params[0], broadcastIndices(lhsShape, outType.getShape(), ivs, context));
    Value rhs = s.load(params[1], broadcastIndices(rhsShape, outType.getShape(), ivs, context));
    return addValues(s.builder, s.loc, lhs, rhs);
  };
  func.emit(stage);
  return func.finish();
}

tensorir::PrimFuncOp legalizeRelu(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("relu", params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "compute");
  unsigned rank = outType.getRank();
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  Stage stage{"compute", numbered("i", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) -> Value {
    Value x = s.load(params[0], ivs);
    Value zero = s.constant(x.getType(), 0.0);
    if (llvm::isa<FloatType>(x.getType()))
      return arith::MaximumFOp::create(s.builder, s.loc, x, zero);
    return arith::MaxSIOp::create(s.builder, s.loc, x, zero);
  };
  func.emit(stage);
  return func.finish();
}

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

const llvm::StringMap<Legalizer> &legalizers() {
  static const llvm::StringMap<Legalizer> table = {
      {AddOp::getOperationName(), legalizeAdd},
      {ReluOp::getOperationName(), legalizeRelu},
      {PermuteDimsOp::getOperationName(), legalizePermuteDims},
      {MatmulOp::getOperationName(), legalizeMatmul},
  };
  return table;
}

bool hasStaticTensors(Operation *op) {
  auto isStatic = [](Type type) {
    auto tensor = llvm::dyn_cast<RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

struct LegalizeOpsPass : public relax::impl::LegalizeOpsBase<LegalizeOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "relax" &&
          op->getParentOfType<FuncOp>() && !op->hasTrait<OpTrait::IsTerminator>() &&
          op->getNumRegions() == 0 && !llvm::isa<CallTIROp, CallOp, ConstantOp, TupleOp,
                                                 TupleGetItemOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      legalize(module, op);
  }

  void legalize(ModuleOp module, Operation *op) {
    auto it = legalizers().find(op->getName().getStringRef());
    if (it == legalizers().end()) {
      op->emitWarning("LegalizeOps: '") << op->getName() << "' has no legalization; left as is";
      return;
    }
    if (!hasStaticTensors(op)) {
      op->emitWarning("LegalizeOps: '")
          << op->getName() << "' with symbolic shapes is not legalized yet; left as is";
      return;
    }
    LegalizeContext ctx{module, op};
    tensorir::PrimFuncOp func = it->second(ctx);
    // Functions come before their callers in the module, as TVM prints them.
    OpBuilder builder(op);
    auto call = CallTIROp::create(builder, op->getLoc(), op->getResultTypes(),
                                  func.getSymName(), op->getOperands());
    op->replaceAllUsesWith(call);
    op->erase();
  }
};

} // namespace
