//===- Elementwise.cpp - legalization of elementwise operators ------------===//
//
// Unary math and activations (block `compute`, loops `i0, ...`) and broadcast
// binary operators (block `T_<name>`, loops `ax0, ...`), as TVM's topi.
//
//===----------------------------------------------------------------------===//

#include "Legalize.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::relax;

namespace {

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

} // namespace

tensorir::PrimFuncOp relax::legalizeUnary(LegalizeContext &ctx, StringRef name, ScalarFn fn) {
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

namespace {

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

Value geluTanh(StageContext &s, ValueRange v) {
  // 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
  Type type = v[0].getType();
  OpBuilder &b = s.builder;
  Value x = v[0];
  Value cube = arith::MulFOp::create(b, s.loc, x, arith::MulFOp::create(b, s.loc, x, x));
  Value inner = arith::AddFOp::create(b, s.loc, x,
                                      arith::MulFOp::create(b, s.loc, cube, s.constant(type, 0.044715)));
  Value scaled = arith::MulFOp::create(b, s.loc, inner, s.constant(type, std::sqrt(2.0 / M_PI)));
  Value onePlus =
      arith::AddFOp::create(b, s.loc, s.constant(type, 1.0), math::TanhOp::create(b, s.loc, scaled));
  Value half = arith::MulFOp::create(b, s.loc, x, s.constant(type, 0.5));
  return arith::MulFOp::create(b, s.loc, half, onePlus);
}

Value square(StageContext &s, ValueRange v) {
  if (isFloat(v[0]))
    return arith::MulFOp::create(s.builder, s.loc, v[0], v[0]);
  return arith::MulIOp::create(s.builder, s.loc, v[0], v[0]);
}

/// -1, 0 or 1 as `(x > 0) - (x < 0)`; a float NaN stays NaN.
Value sign(StageContext &s, ValueRange v) {
  Value x = v[0];
  Type type = x.getType();
  OpBuilder &b = s.builder;
  Value zero = s.constant(type, 0.0), one = s.constant(type, 1.0), minusOne = s.constant(type, -1.0);
  if (isFloat(x)) {
    Value positive = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::OGT, x, zero);
    Value negative = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::OLT, x, zero);
    Value sign = arith::SelectOp::create(b, s.loc, positive, one,
                                         arith::SelectOp::create(b, s.loc, negative, minusOne, zero));
    Value nan = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::UNO, x, x);
    return arith::SelectOp::create(b, s.loc, nan, x, sign);
  }
  Value positive = arith::CmpIOp::create(b, s.loc, arith::CmpIPredicate::sgt, x, zero);
  Value negative = arith::CmpIOp::create(b, s.loc, arith::CmpIPredicate::slt, x, zero);
  return arith::SelectOp::create(b, s.loc, positive, one,
                                 arith::SelectOp::create(b, s.loc, negative, minusOne, zero));
}

/// `x - floor(x / y) * y` for floats; for integers the remainder is moved
/// to the divisor's sign.
Value floorMod(StageContext &s, ValueRange v) {
  OpBuilder &b = s.builder;
  if (isFloat(v[0])) {
    Value quotient = math::FloorOp::create(b, s.loc, arith::DivFOp::create(b, s.loc, v[0], v[1]));
    return arith::SubFOp::create(b, s.loc, v[0], arith::MulFOp::create(b, s.loc, quotient, v[1]));
  }
  Value quotient = arith::FloorDivSIOp::create(b, s.loc, v[0], v[1]);
  return arith::SubIOp::create(b, s.loc, v[0], arith::MulIOp::create(b, s.loc, quotient, v[1]));
}

/// `|x| == inf` and its friends through `cmpf`, which every backend lowers.
Value isInf(StageContext &s, Value x) {
  Value inf = s.constant(x.getType(), std::numeric_limits<double>::infinity());
  Value magnitude = math::AbsFOp::create(s.builder, s.loc, x);
  return arith::CmpFOp::create(s.builder, s.loc, arith::CmpFPredicate::OEQ, magnitude, inf);
}

Value isFinite(StageContext &s, Value x) {
  Value inf = s.constant(x.getType(), std::numeric_limits<double>::infinity());
  Value magnitude = math::AbsFOp::create(s.builder, s.loc, x);
  return arith::CmpFOp::create(s.builder, s.loc, arith::CmpFPredicate::OLT, magnitude, inf);
}

tensorir::PrimFuncOp legalizeLeakyRelu(LegalizeContext &ctx) {
  double alpha = llvm::cast<LeakyReluOp>(ctx.op).getAlpha().convertToDouble();
  return legalizeUnary(ctx, "leaky_relu", [=](StageContext &s, ValueRange v) -> Value {
    Value x = v[0];
    OpBuilder &b = s.builder;
    Value positive = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::OGT, x,
                                           s.constant(x.getType(), 0.0));
    Value scaled = arith::MulFOp::create(b, s.loc, x, s.constant(x.getType(), alpha));
    return arith::SelectOp::create(b, s.loc, positive, x, scaled);
  });
}

tensorir::PrimFuncOp legalizeSoftplus(LegalizeContext &ctx) {
  auto softplus = llvm::cast<SoftplusOp>(ctx.op);
  double beta = softplus.getBeta().convertToDouble();
  double threshold = softplus.getThreshold().convertToDouble();
  return legalizeUnary(ctx, "softplus", [=](StageContext &s, ValueRange v) -> Value {
    Value x = v[0];
    Type type = x.getType();
    OpBuilder &b = s.builder;
    Value scaled = arith::MulFOp::create(b, s.loc, x, s.constant(type, beta));
    Value log1pExp = math::Log1pOp::create(b, s.loc, math::ExpOp::create(b, s.loc, scaled));
    Value soft = arith::DivFOp::create(b, s.loc, log1pExp, s.constant(type, beta));
    Value linear = arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::OGT, scaled,
                                         s.constant(type, threshold));
    return arith::SelectOp::create(b, s.loc, linear, x, soft);
  });
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

Legalizer binary(StringRef name, ScalarFn fn) {
  return [name = name.str(), fn](LegalizeContext &ctx) {
    return legalizeBroadcastBinary(ctx, name, fn);
  };
}

Legalizer unary(StringRef name, ScalarFn fn) {
  return [name = name.str(), fn](LegalizeContext &ctx) { return legalizeUnary(ctx, name, fn); };
}

} // namespace

void relax::populateElementwiseLegalizers(LegalizerTable &table) {
  using CF = arith::CmpFPredicate;
  using CI = arith::CmpIPredicate;
  table.insert({

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
      {LogicalXorOp::getOperationName(), binary("logical_xor", apply<arith::XOrIOp>())},
      {LogicalNotOp::getOperationName(), unary("logical_not", [](StageContext &s, ValueRange v) -> Value {
         return arith::XOrIOp::create(s.builder, s.loc, v[0], s.constant(v[0].getType(), 1));
       })},
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
      {FloorModOp::getOperationName(), binary("floor_mod", floorMod)},
      {ModOp::getOperationName(), binary("mod", byType<arith::RemFOp, arith::RemSIOp>())},
      {BitwiseAndOp::getOperationName(), binary("bitwise_and", apply<arith::AndIOp>())},
      {BitwiseOrOp::getOperationName(), binary("bitwise_or", apply<arith::OrIOp>())},
      {BitwiseXorOp::getOperationName(), binary("bitwise_xor", apply<arith::XOrIOp>())},
      {BitwiseNotOp::getOperationName(), unary("bitwise_not", [](StageContext &s, ValueRange v) -> Value {
         return arith::XOrIOp::create(s.builder, s.loc, v[0], s.constant(v[0].getType(), -1));
       })},
      {GeluTanhOp::getOperationName(), unary("gelu_tanh", geluTanh)},
      {TanOp::getOperationName(), unary("tan", apply<math::TanOp>())},
      {AsinOp::getOperationName(), unary("asin", apply<math::AsinOp>())},
      {AcosOp::getOperationName(), unary("acos", apply<math::AcosOp>())},
      {AtanOp::getOperationName(), unary("atan", apply<math::AtanOp>())},
      {SinhOp::getOperationName(), unary("sinh", apply<math::SinhOp>())},
      {CoshOp::getOperationName(), unary("cosh", apply<math::CoshOp>())},
      {AsinhOp::getOperationName(), unary("asinh", apply<math::AsinhOp>())},
      {AcoshOp::getOperationName(), unary("acosh", apply<math::AcoshOp>())},
      {AtanhOp::getOperationName(), unary("atanh", apply<math::AtanhOp>())},
      {TruncOp::getOperationName(), unary("trunc", apply<math::TruncOp>())},
      {SquareOp::getOperationName(), unary("square", square)},
      {SignOp::getOperationName(), unary("sign", sign)},
      {IsNanOp::getOperationName(), unary("isnan", [](StageContext &s, ValueRange v) -> Value {
         return arith::CmpFOp::create(s.builder, s.loc, arith::CmpFPredicate::UNO, v[0], v[0]);
       })},
      {IsInfOp::getOperationName(), unary("isinf", [](StageContext &s, ValueRange v) {
         return isInf(s, v[0]);
       })},
      {IsFiniteOp::getOperationName(), unary("isfinite", [](StageContext &s, ValueRange v) {
         return isFinite(s, v[0]);
       })},
      {LeakyReluOp::getOperationName(), legalizeLeakyRelu},
      {SoftplusOp::getOperationName(), legalizeSoftplus},
  });
}
