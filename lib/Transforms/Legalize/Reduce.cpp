//===- Reduce.cpp - legalization of reductions (sum, mean, ...) ===//
//
// As TVM's topi reductions (CommReduce): prim_func `sum`, `mean`, ...; the
// reduction block and its output `A_red`; spatial loops `ax0, ax1, ...` over
// the output, then one loop `k<d>` per reduced input dimension `d`; an init
// with the reduction's identity.
//
// mean is `A_red` then `T_divide`; variance is TVM's
// `mean((x - mean(x, keepdims))**2)`: `A_red`, `T_divide`, `T_subtract`,
// `T_multiply`, `T_multiply_red`, `T_divide_1`.
//
// argmax needs an (index, value) pair per output element. TVM's block
// `A_red_temp` reduces the pair in one block with two outputs; a Stage here
// writes one buffer, so argmax is two stages: `A_red_temp` reduces the
// maximum into the intermediate `A_red_temp_v1` (TVM's name for the value
// half of the pair), then `A_red` reduces, with `min`, the indices whose
// element equals that maximum: the first one, as TVM and NumPy choose.
// argmin is the same with the minimum.
//
//===----------------------------------------------------------------------===//

#include "Legalize.h"

#include <cmath>

using namespace mlir;
using namespace mlir::relax;

namespace {

bool keepdimsOf(Operation *op) {
  auto attr = op->getAttrOfType<BoolAttr>("keepdims");
  return attr && attr.getValue();
}

/// How a reduction folds one element into its accumulator, and its identity.
struct Reducer {
  std::function<Value(StageContext &, Type)> init;
  std::function<Value(StageContext &, Value acc, Value element)> combine;
};

/// The largest (`high`) or lowest value of `type`: +-inf for floats, the
/// extreme signed value for integers (what max and min start from).
Value extremeOf(StageContext &s, Type type, bool high) {
  if (llvm::isa<FloatType>(type))
    return s.constant(type, high ? INFINITY : -INFINITY);
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = high ? APInt::getSignedMaxValue(width) : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(s.builder, s.loc, IntegerAttr::get(type, value));
}

Reducer sumReducer() {
  return {[](StageContext &s, Type type) { return s.constant(type, 0.0); },
          [](StageContext &s, Value acc, Value x) { return addValues(s.builder, s.loc, acc, x); }};
}

Reducer prodReducer() {
  return {[](StageContext &s, Type type) { return s.constant(type, 1.0); },
          [](StageContext &s, Value acc, Value x) { return mulValues(s.builder, s.loc, acc, x); }};
}

Reducer maxReducer() {
  return {[](StageContext &s, Type type) { return extremeOf(s, type, /*high=*/false); },
          [](StageContext &s, Value acc, Value x) -> Value {
            if (isFloat(x))
              return arith::MaximumFOp::create(s.builder, s.loc, acc, x);
            return arith::MaxSIOp::create(s.builder, s.loc, acc, x);
          }};
}

Reducer minReducer() {
  return {[](StageContext &s, Type type) { return extremeOf(s, type, /*high=*/true); },
          [](StageContext &s, Value acc, Value x) -> Value {
            if (isFloat(x))
              return arith::MinimumFOp::create(s.builder, s.loc, acc, x);
            return arith::MinSIOp::create(s.builder, s.loc, acc, x);
          }};
}

/// Emits the stage `block` reducing `input` over `space` into `output`.
void emitReduction(PrimFuncBuilder &func, StringRef block, Value input, Value output,
                   const ReduceSpace &space, const Reducer &reducer) {
  Type element = llvm::cast<MemRefType>(output.getType()).getElementType();
  Stage stage{block.str(), space.loops, space.extents, space.kinds, output, space.outIndices,
              nullptr, nullptr};
  stage.init = [&](StageContext &s) { return reducer.init(s, element); };
  stage.body = [&](StageContext &s) {
    // One statement per load: argument evaluation order would make the op
    // order compiler-dependent.
    Value acc = s.loadOutput();
    Value x = s.load(input, space.inIndices);
    return reducer.combine(s, acc, x);
  };
  func.emit(stage);
}

/// `x / n` with TVM's division: float, or truncating for integers.
Value divideBy(StageContext &s, Value x, int64_t n) {
  Value divisor = s.constant(x.getType(), static_cast<double>(n));
  if (isFloat(x))
    return arith::DivFOp::create(s.builder, s.loc, x, divisor);
  return arith::DivSIOp::create(s.builder, s.loc, x, divisor);
}

/// Emits the elementwise stage `block` (loops `ax0, ...`) writing
/// `fn(loaded operands)` into `output`; each operand is read at the output
/// element, broadcast as TVM's topi broadcast ops.
void emitBroadcast(PrimFuncBuilder &func, StringRef block, Value output, ArrayRef<Value> operands,
                   std::function<Value(StageContext &, ValueRange)> fn) {
  auto outType = llvm::cast<MemRefType>(output.getType());
  unsigned rank = outType.getRank();
  MLIRContext *context = func.getContext();
  SmallVector<AffineExpr> ivs = dims(context, rank);
  Stage stage{block.str(), numbered("ax", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), output, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) {
    SmallVector<Value> loaded;
    for (Value operand : operands) {
      auto shape = llvm::cast<MemRefType>(operand.getType()).getShape();
      loaded.push_back(s.load(operand, broadcastIndices(shape, outType.getShape(), ivs, context)));
    }
    return fn(s, loaded);
  };
  func.emit(stage);
}

/// The pieces every reduction legalization starts from.
struct ReduceStart {
  SmallVector<Value> params;
  MemRefType inType;
  MemRefType outType;
  SmallVector<bool> reduced;
  ReduceSpace space;
};

ReduceStart startReduce(LegalizeContext &ctx, PrimFuncBuilder &func,
                        SmallVector<Value> &params) {
  ReduceStart start;
  start.inType = llvm::cast<MemRefType>(params[0].getType());
  start.outType = getBufferType(ctx.op->getResult(0).getType());
  start.reduced = reducedDims(ctx.op, start.inType.getRank());
  start.space = reduceSpace(start.inType.getShape(), start.reduced, keepdimsOf(ctx.op),
                            func.getContext());
  return start;
}

/// sum, prod, max, min: one reduction stage `A_red`.
Legalizer simpleReduce(StringRef name, Reducer (*reducer)()) {
  return [name = name.str(), reducer](LegalizeContext &ctx) {
    SmallVector<Value> params;
    PrimFuncBuilder func = ctx.start(name, params);
    ReduceStart r = startReduce(ctx, func, params);
    Value out = func.addParam(r.outType, "A_red");
    emitReduction(func, "A_red", params[0], out, r.space, reducer());
    return func.finish();
  };
}

tensorir::PrimFuncOp legalizeMean(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("mean", params);
  ReduceStart r = startReduce(ctx, func, params);
  Value out = func.addParam(r.outType, "T_divide");
  Value sum = func.allocBuffer(r.outType, "A_red", func.dynamicSizes(params[0], keptDims(r.reduced)));
  emitReduction(func, "A_red", params[0], sum, r.space, sumReducer());
  int64_t count = r.space.count;
  emitBroadcast(func, "T_divide", out, sum,
                [count](StageContext &s, ValueRange v) { return divideBy(s, v[0], count); });
  return func.finish();
}

tensorir::PrimFuncOp legalizeVariance(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("variance", params);
  ReduceStart r = startReduce(ctx, func, params);
  MLIRContext *context = func.getContext();
  Type element = r.inType.getElementType();
  Value out = func.addParam(r.outType, "T_divide");
  // The mean, kept as extent-1 dimensions so that it broadcasts against x.
  ReduceSpace kept = reduceSpace(r.inType.getShape(), r.reduced, /*keepdims=*/true, context);
  auto keptType = MemRefType::get(kept.outShape, element);
  Value x = params[0];
  SmallVector<Value> keptSizes = func.dynamicSizes(x, keptDims(r.reduced));
  SmallVector<Value> allSizes = func.dynamicSizes(x, keptDims(SmallVector<bool>(r.inType.getRank())));
  Value sum = func.allocBuffer(keptType, "A_red", keptSizes);
  Value mean = func.allocBuffer(keptType, "T_divide_1", keptSizes);
  Value dev = func.allocBuffer(r.inType, "T_subtract", allSizes);
  Value square = func.allocBuffer(r.inType, "T_multiply", allSizes);
  Value squareSum = func.allocBuffer(r.outType, "T_multiply_red", keptSizes);
  int64_t count = r.space.count;
  emitReduction(func, "A_red", params[0], sum, kept, sumReducer());
  emitBroadcast(func, "T_divide", mean, sum,
                [count](StageContext &s, ValueRange v) { return divideBy(s, v[0], count); });
  emitBroadcast(func, "T_subtract", dev, {params[0], mean}, [](StageContext &s, ValueRange v) -> Value {
    if (isFloat(v[0]))
      return arith::SubFOp::create(s.builder, s.loc, v[0], v[1]);
    return arith::SubIOp::create(s.builder, s.loc, v[0], v[1]);
  });
  emitBroadcast(func, "T_multiply", square, {dev, dev}, [](StageContext &s, ValueRange v) {
    return mulValues(s.builder, s.loc, v[0], v[1]);
  });
  emitReduction(func, "T_multiply_red", square, squareSum, r.space, sumReducer());
  emitBroadcast(func, "T_divide_1", out, squareSum,
                [count](StageContext &s, ValueRange v) { return divideBy(s, v[0], count); });
  return func.finish();
}

/// The row-major position, as an i64, of the reduced element among the
/// `extents` reduced dimensions, whose iteration variables are `ivs`.
Value flatIndex(StageContext &s, ValueRange ivs, ArrayRef<int64_t> extents) {
  Type i64 = s.builder.getI64Type();
  Value flat;
  int64_t stride = 1;
  for (int64_t d = static_cast<int64_t>(extents.size()) - 1; d >= 0; --d) {
    Value term = arith::IndexCastOp::create(s.builder, s.loc, i64, ivs[d]);
    if (stride != 1)
      term = arith::MulIOp::create(s.builder, s.loc, term, s.constant(i64, stride));
    flat = flat ? Value(arith::AddIOp::create(s.builder, s.loc, term, flat)) : term;
    stride *= extents[d];
  }
  return flat ? flat : s.constant(i64, 0); // nothing reduced (a scalar): index 0
}

/// `x` is the extreme `extreme` (from maximumf/minimumf): equal to it, or a
/// NaN (then `extreme` is NaN too; NumPy's argmax/argmin return the first NaN).
Value isExtreme(StageContext &s, Value x, Value extreme) {
  if (!isFloat(x))
    return arith::CmpIOp::create(s.builder, s.loc, arith::CmpIPredicate::eq, x, extreme);
  Value equal = arith::CmpFOp::create(s.builder, s.loc, arith::CmpFPredicate::OEQ, x, extreme);
  Value nan = arith::CmpFOp::create(s.builder, s.loc, arith::CmpFPredicate::UNO, x, x);
  return arith::OrIOp::create(s.builder, s.loc, equal, nan);
}

/// argmax (`reducer` max) or argmin (min).
Legalizer argReduce(StringRef name, Reducer (*reducer)()) {
  return [name = name.str(), reducer](LegalizeContext &ctx) {
    SmallVector<Value> params;
    PrimFuncBuilder func = ctx.start(name, params);
    ReduceStart r = startReduce(ctx, func, params);
    Value out = func.addParam(r.outType, "A_red");
    Value extreme =
        func.allocBuffer(MemRefType::get(r.outType.getShape(), r.inType.getElementType()),
                         "A_red_temp_v1", func.dynamicSizes(params[0], keptDims(r.reduced)));
    emitReduction(func, "A_red_temp", params[0], extreme, r.space, reducer());

    const ReduceSpace &space = r.space;
    Stage stage{"A_red", space.loops, space.extents, space.kinds, out, space.outIndices,
                nullptr, nullptr};
    // Starting past the last index, `min` over the matching indices gives the
    // first one; there is always one (the extreme is an element).
    stage.init = [&](StageContext &s) { return s.constant(s.builder.getI64Type(), space.count); };
    stage.body = [&](StageContext &s) {
      Value acc = s.loadOutput();
      Value x = s.load(params[0], space.inIndices);
      Value m = s.load(extreme, space.outIndices);
      unsigned spatial = space.outIndices.size();
      Value index = flatIndex(s, s.iterVars.drop_front(spatial), space.reducedExtents);
      Value first = arith::MinSIOp::create(s.builder, s.loc, acc, index);
      return arith::SelectOp::create(s.builder, s.loc, isExtreme(s, x, m), first, acc);
    };
    func.emit(stage);
    return func.finish();
  };
}

} // namespace

void relax::populateReduceLegalizers(LegalizerTable &table) {
  table.insert({
      {SumOp::getOperationName(), simpleReduce("sum", sumReducer)},
      {ProdOp::getOperationName(), simpleReduce("prod", prodReducer)},
      {MaxOp::getOperationName(), simpleReduce("max", maxReducer)},
      {MinOp::getOperationName(), simpleReduce("min", minReducer)},
      {MeanOp::getOperationName(), legalizeMean},
      {VarianceOp::getOperationName(), legalizeVariance},
      {ArgmaxOp::getOperationName(), argReduce("argmax", maxReducer)},
      {ArgminOp::getOperationName(), argReduce("argmin", minReducer)},
  });
}
