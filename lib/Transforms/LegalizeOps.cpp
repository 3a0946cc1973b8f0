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

#include <cmath>

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

/// The scalar computation of an elementwise operator.
using ScalarFn = std::function<Value(StageContext &, ValueRange)>;

bool isFloat(Value value) { return llvm::isa<FloatType>(value.getType()); }

/// `name(a, b)` with broadcasting: prim_func `name`, block and output
/// `T_name`, loops `ax0, ax1, ...` (TVM's topi broadcast ops).
tensorir::PrimFuncOp legalizeBroadcastBinary(LegalizeContext &ctx, StringRef name, ScalarFn fn) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start(name, params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  std::string block = "T_" + name.str();
  Value out = func.addParam(outType, block);
  MLIRContext *context = func.getContext();
  unsigned rank = outType.getRank();
  SmallVector<AffineExpr> ivs = dims(context, rank);
  Stage stage{block, numbered("ax", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) {
    SmallVector<Value> operands;
    for (Value param : params) {
      auto shape = llvm::cast<MemRefType>(param.getType()).getShape();
      operands.push_back(s.load(param, broadcastIndices(shape, outType.getShape(), ivs, context)));
    }
    return fn(s, operands);
  };
  func.emit(stage);
  return func.finish();
}

/// `name(x)` elementwise: prim_func `name`, block and output `compute`, loops
/// `i0, i1, ...` (TVM's topi elementwise ops).
tensorir::PrimFuncOp legalizeUnary(LegalizeContext &ctx, StringRef name, ScalarFn fn) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start(name, params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "compute");
  unsigned rank = outType.getRank();
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  Stage stage{"compute", numbered("i", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) { return fn(s, ValueRange{s.load(params[0], ivs)}); };
  func.emit(stage);
  return func.finish();
}

/// `1 / (1 + exp(-x))`.
Value sigmoidOf(StageContext &s, Value x) {
  Value one = s.constant(x.getType(), 1.0);
  Value e = math::ExpOp::create(s.builder, s.loc, arith::NegFOp::create(s.builder, s.loc, x));
  return arith::DivFOp::create(s.builder, s.loc, one, arith::AddFOp::create(s.builder, s.loc, one, e));
}

/// A scalar function applying the float or the integer op to its operands.
template <typename FloatOp, typename IntOp>
ScalarFn byType() {
  return [](StageContext &s, ValueRange v) -> Value {
    if (isFloat(v[0]))
      return FloatOp::create(s.builder, s.loc, v);
    return IntOp::create(s.builder, s.loc, v);
  };
}

template <typename MathOp>
ScalarFn apply() {
  return [](StageContext &s, ValueRange v) -> Value { return MathOp::create(s.builder, s.loc, v); };
}

/// A comparison: `cmpf` with an ordered predicate or `cmpi` with a signed one.
ScalarFn compare(arith::CmpFPredicate f, arith::CmpIPredicate i) {
  return [=](StageContext &s, ValueRange v) -> Value {
    if (isFloat(v[0]))
      return arith::CmpFOp::create(s.builder, s.loc, f, v[0], v[1]);
    return arith::CmpIOp::create(s.builder, s.loc, i, v[0], v[1]);
  };
}

Value floorDivide(StageContext &s, ValueRange v) {
  if (isFloat(v[0]))
    return math::FloorOp::create(s.builder, s.loc, arith::DivFOp::create(s.builder, s.loc, v[0], v[1]));
  return arith::FloorDivSIOp::create(s.builder, s.loc, v[0], v[1]);
}

Value negative(StageContext &s, ValueRange v) {
  if (isFloat(v[0]))
    return arith::NegFOp::create(s.builder, s.loc, v[0]);
  return arith::SubIOp::create(s.builder, s.loc, s.constant(v[0].getType(), 0), v[0]);
}

Value relu(StageContext &s, ValueRange v) {
  Value zero = s.constant(v[0].getType(), 0.0);
  if (isFloat(v[0]))
    return arith::MaximumFOp::create(s.builder, s.loc, v[0], zero);
  return arith::MaxSIOp::create(s.builder, s.loc, v[0], zero);
}

Value gelu(StageContext &s, ValueRange v) {
  // 0.5 * x * (1 + erf(x / sqrt(2)))
  Type type = v[0].getType();
  OpBuilder &b = s.builder;
  Value scaled = arith::MulFOp::create(b, s.loc, v[0], s.constant(type, M_SQRT1_2));
  Value erf = math::ErfOp::create(b, s.loc, scaled);
  Value onePlus = arith::AddFOp::create(b, s.loc, s.constant(type, 1.0), erf);
  Value half = arith::MulFOp::create(b, s.loc, v[0], s.constant(type, 0.5));
  return arith::MulFOp::create(b, s.loc, half, onePlus);
}

Value silu(StageContext &s, ValueRange v) {
  return arith::MulFOp::create(s.builder, s.loc, v[0], sigmoidOf(s, v[0]));
}

tensorir::PrimFuncOp legalizeClip(LegalizeContext &ctx) {
  auto clip = llvm::cast<ClipOp>(ctx.op);
  double lo = clip.getMin().convertToDouble(), hi = clip.getMax().convertToDouble();
  return legalizeUnary(ctx, "clip", [=](StageContext &s, ValueRange v) -> Value {
    Type type = v[0].getType();
    if (isFloat(v[0])) {
      Value low = arith::MaximumFOp::create(s.builder, s.loc, v[0], s.constant(type, lo));
      return arith::MinimumFOp::create(s.builder, s.loc, low, s.constant(type, hi));
    }
    Value low = arith::MaxSIOp::create(s.builder, s.loc, v[0], s.constant(type, lo));
    return arith::MinSIOp::create(s.builder, s.loc, low, s.constant(type, hi));
  });
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

Legalizer binary(StringRef name, ScalarFn fn) {
  return [name = name.str(), fn](LegalizeContext &ctx) {
    return legalizeBroadcastBinary(ctx, name, fn);
  };
}

Legalizer unary(StringRef name, ScalarFn fn) {
  return [name = name.str(), fn](LegalizeContext &ctx) { return legalizeUnary(ctx, name, fn); };
}

/// Every legalized operator: op name -> how its prim_func is built.
const llvm::StringMap<Legalizer> &legalizers() {
  using CF = arith::CmpFPredicate;
  using CI = arith::CmpIPredicate;
  static const llvm::StringMap<Legalizer> table = {
      {AddOp::getOperationName(), binary("add", byType<arith::AddFOp, arith::AddIOp>())},
      {SubtractOp::getOperationName(), binary("subtract", byType<arith::SubFOp, arith::SubIOp>())},
      {MultiplyOp::getOperationName(), binary("multiply", byType<arith::MulFOp, arith::MulIOp>())},
      {DivideOp::getOperationName(), binary("divide", byType<arith::DivFOp, arith::DivSIOp>())},
      {FloorDivideOp::getOperationName(), binary("floor_divide", floorDivide)},
      {PowerOp::getOperationName(), binary("power", apply<math::PowFOp>())},
      {MaximumOp::getOperationName(), binary("maximum", byType<arith::MaximumFOp, arith::MaxSIOp>())},
      {MinimumOp::getOperationName(), binary("minimum", byType<arith::MinimumFOp, arith::MinSIOp>())},
      {EqualOp::getOperationName(), binary("equal", compare(CF::OEQ, CI::eq))},
      {NotEqualOp::getOperationName(), binary("not_equal", compare(CF::UNE, CI::ne))},
      {LessOp::getOperationName(), binary("less", compare(CF::OLT, CI::slt))},
      {LessEqualOp::getOperationName(), binary("less_equal", compare(CF::OLE, CI::sle))},
      {GreaterOp::getOperationName(), binary("greater", compare(CF::OGT, CI::sgt))},
      {GreaterEqualOp::getOperationName(), binary("greater_equal", compare(CF::OGE, CI::sge))},
      {LogicalAndOp::getOperationName(), binary("logical_and", apply<arith::AndIOp>())},
      {LogicalOrOp::getOperationName(), binary("logical_or", apply<arith::OrIOp>())},
      {ReluOp::getOperationName(), unary("relu", relu)},
      {NegativeOp::getOperationName(), unary("negative", negative)},
      {AbsOp::getOperationName(), unary("absolute", byType<math::AbsFOp, math::AbsIOp>())},
      {ExpOp::getOperationName(), unary("exp", apply<math::ExpOp>())},
      {LogOp::getOperationName(), unary("log", apply<math::LogOp>())},
      {SqrtOp::getOperationName(), unary("sqrt", apply<math::SqrtOp>())},
      {RsqrtOp::getOperationName(), unary("rsqrt", apply<math::RsqrtOp>())},
      {TanhOp::getOperationName(), unary("tanh", apply<math::TanhOp>())},
      {SigmoidOp::getOperationName(), unary("sigmoid", [](StageContext &s, ValueRange v) {
         return sigmoidOf(s, v[0]);
       })},
      {ErfOp::getOperationName(), unary("erf", apply<math::ErfOp>())},
      {FloorOp::getOperationName(), unary("floor", apply<math::FloorOp>())},
      {CeilOp::getOperationName(), unary("ceil", apply<math::CeilOp>())},
      {RoundOp::getOperationName(), unary("round", apply<math::RoundEvenOp>())},
      {SinOp::getOperationName(), unary("sin", apply<math::SinOp>())},
      {CosOp::getOperationName(), unary("cos", apply<math::CosOp>())},
      {GeluOp::getOperationName(), unary("gelu", gelu)},
      {SiluOp::getOperationName(), unary("silu", silu)},
      {ClipOp::getOperationName(), legalizeClip},
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
