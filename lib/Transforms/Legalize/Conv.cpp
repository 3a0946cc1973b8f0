//===- Conv.cpp - legalization of convolution and pooling -----------------===//
//
// As TVM's topi computes them, with TVM's names:
// - conv2d (topi.nn.conv): the padded input `pad_temp` (loops `i0..i3`), then
//   `conv2d_nchw` (`group_conv2d_nchw` when grouped) over
//   `nn, ff, yy, xx, rc, ry, rx`, kinds "SSSSRRR";
// - max_pool2d / avg_pool2d (topi.nn.pool2d): `pad_temp` (loops `ax0..ax3`)
//   when anything is padded, then `pool_max`, or `pool_sum` and `pool_avg`,
//   over `ax0..ax3, rv0, rv1`;
// - adaptive_avg_pool2d (topi.nn.adaptive_pool): `adaptive_pool_sum` then
//   `adaptive_pool_avg`.
//
// A stage has static extents, so a window whose extent varies with the output
// position (TVM's non-rectangular adaptive windows, the divisor of an average
// over a padded border) is the widest window with the taps outside masked,
// and the divisor computed from the output position.
//
//===----------------------------------------------------------------------===//

#include "Legalize.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <array>

using namespace mlir;
using namespace mlir::relax;

namespace {

//===----------------------------------------------------------------------===//
// Index arithmetic in a stage body
//===----------------------------------------------------------------------===//

/// `lhs / rhs` for the element type (TVM's `div`: truncating for integers).
Value divide(StageContext &s, Value lhs, Value rhs) {
  if (isFloat(lhs))
    return arith::DivFOp::create(s.builder, s.loc, lhs, rhs);
  return arith::DivSIOp::create(s.builder, s.loc, lhs, rhs);
}

/// The lowest finite value of `type` (TVM's min_value): max pooling pads and
/// starts with it, so that padding never wins.
double lowestValue(Type type) {
  if (auto floatType = llvm::dyn_cast<FloatType>(type))
    return llvm::APFloat::getLargest(floatType.getFloatSemantics(), /*Negative=*/true)
        .convertToDouble();
  return static_cast<double>(
      llvm::APInt::getSignedMinValue(type.getIntOrFloatBitWidth()).getSExtValue());
}

ArrayRef<int64_t> shapeOf(Value buffer) {
  return llvm::cast<MemRefType>(buffer.getType()).getShape();
}

//===----------------------------------------------------------------------===//
// Padding
//===----------------------------------------------------------------------===//

/// Padding of the height and width of an NCHW tensor.
struct Pad2d {
  int64_t top = 0, left = 0, bottom = 0, right = 0;
  bool any() const { return top || left || bottom || right; }
};

/// Points the index operands of `load` that may leave the input (dimension
/// `i` is padded before and/or after) back into it. The select around the load
/// discards such an element, but arith.select evaluates both sides, so the
/// load itself must stay in bounds. The read region keeps TVM's `i - before`.
void clampPaddedIndices(IndexMath &math, StageContext &s, tensorir::LoadOp load,
                        ArrayRef<int64_t> extents, ArrayRef<int64_t> before,
                        ArrayRef<int64_t> after) {
  OpBuilder::InsertionGuard guard(s.builder);
  s.builder.setInsertionPoint(load);
  for (unsigned i = 0; i < extents.size(); ++i) {
    Value index = load.getIndices()[i];
    if (before[i])
      index = math.max(index, math.constant(0));
    if (after[i])
      index = math.min(index, math.constant(extents[i] - 1));
    load.getIndicesMutable()[i].set(index);
  }
}

/// TVM's topi `pad` of an NCHW buffer's height and width into the intermediate
/// buffer `pad_temp`: `T.if_then_else(inside, data[i - before], padValue)`.
/// `loopPrefix` is `i` as topi's Python pad names its loops (conv2d), `ax` as
/// its C++ one does (pooling).
Value emitPad(PrimFuncBuilder &func, Value data, const Pad2d &pad, double padValue,
              StringRef loopPrefix) {
  auto type = llvm::cast<MemRefType>(data.getType());
  ArrayRef<int64_t> in = type.getShape();
  std::array<int64_t, 4> before = {0, 0, pad.top, pad.left};
  std::array<int64_t, 4> after = {0, 0, pad.bottom, pad.right};
  SmallVector<int64_t> shape;
  for (unsigned i = 0; i < 4; ++i)
    shape.push_back(in[i] + before[i] + after[i]);
  // Only the batch may be symbolic (LegalizeOps checks): it is not padded.
  Value padded = func.allocBuffer(MemRefType::get(shape, type.getElementType()), "pad_temp",
                                  func.dynamicSizes(data, {0, 1, 2, 3}));
  SmallVector<AffineExpr> ivs = dims(func.getContext(), 4);
  Stage stage{"pad_temp", numbered(loopPrefix, 4), shape, "SSSS", padded, ivs, nullptr,
              nullptr};
  stage.body = [&](StageContext &s) -> Value {
    IndexMath math(s);
    // Only the padded sides are tested, as TVM simplifies the others away.
    Value inside;
    for (unsigned i = 0; i < 4; ++i) {
      if (before[i])
        inside = math.conjoin(inside, math.compare(arith::CmpIPredicate::sge, s.iterVars[i],
                                                   math.constant(before[i])));
      if (after[i])
        inside = math.conjoin(inside, math.compare(arith::CmpIPredicate::slt, s.iterVars[i],
                                                   math.constant(before[i] + in[i])));
    }
    SmallVector<AffineExpr> indices;
    for (unsigned i = 0; i < 4; ++i)
      indices.push_back(ivs[i] - before[i]);
    Value value = s.load(data, indices);
    if (!inside) // nothing padded: a copy, as topi's pad without padding
      return value;
    clampPaddedIndices(math, s, value.getDefiningOp<tensorir::LoadOp>(), in, before, after);
    Value padding = s.constant(type.getElementType(), padValue);
    return arith::SelectOp::create(s.builder, s.loc, inside, value, padding);
  };
  func.emit(stage);
  return padded;
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

tensorir::PrimFuncOp legalizeConv2d(LegalizeContext &ctx) {
  auto conv = llvm::cast<Conv2dOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("conv2d", params);
  int64_t groups = conv.getGroupsAttr().getInt();
  std::string name = groups > 1 ? "group_conv2d_nchw" : "conv2d_nchw";
  MemRefType outType = getBufferType(conv.getResult().getType());
  Value out = func.addParam(outType, name);

  std::array<int64_t, 4> padding = conv.getCompletePadding();
  Value padded = emitPad(func, params[0], Pad2d{padding[0], padding[1], padding[2], padding[3]},
                         0.0, "i");
  ArrayRef<int64_t> weight = shapeOf(params[1]); // O, I, KH, KW
  ArrayRef<int64_t> outShape = outType.getShape();
  ArrayRef<int64_t> strides = conv.getStrides(), dilation = conv.getDilation();

  MLIRContext *context = func.getContext();
  SmallVector<AffineExpr> iv = dims(context, 7); // nn, ff, yy, xx, rc, ry, rx
  // The input channel of output channel ff: its group's first channel + rc.
  AffineExpr channel = groups == 1 ? iv[4] : iv[1].floorDiv(weight[0] / groups) * weight[1] + iv[4];
  SmallVector<AffineExpr> dataIndices = {iv[0], channel, iv[2] * strides[0] + iv[5] * dilation[0],
                                         iv[3] * strides[1] + iv[6] * dilation[1]};
  SmallVector<AffineExpr> weightIndices = {iv[1], iv[4], iv[5], iv[6]};

  Type outElement = outType.getElementType();
  Stage stage{name,
              {"nn", "ff", "yy", "xx", "rc", "ry", "rx"},
              {outShape[0], outShape[1], outShape[2], outShape[3], weight[1], weight[2], weight[3]},
              "SSSSRRR",
              out,
              {iv[0], iv[1], iv[2], iv[3]},
              nullptr,
              nullptr};
  stage.init = [&](StageContext &s) { return s.constant(outElement, 0.0); };
  stage.body = [&](StageContext &s) {
    // Both operands in out_dtype before the product, as topi casts them.
    Value acc = s.loadOutput();
    Value x = castValue(s.builder, s.loc, s.load(padded, dataIndices), outElement);
    Value w = castValue(s.builder, s.loc, s.load(params[1], weightIndices), outElement);
    return addValues(s.builder, s.loc, acc, mulValues(s.builder, s.loc, x, w));
  };
  func.emit(stage);
  return func.finish();
}

//===----------------------------------------------------------------------===//
// max_pool2d, avg_pool2d
//===----------------------------------------------------------------------===//

/// One spatial dimension of a pooling window.
struct WindowAxis {
  int64_t in, out, kernel, stride, dilation, before, after;
  int64_t tail; // ceil_mode's extra padding after, counted by no divisor

  /// The taps of output `o` that fall in `[lo, hi]` of the padded input:
  /// the first and last kernel index (the range may be empty).
  std::pair<int64_t, int64_t> taps(int64_t o, int64_t lo, int64_t hi) const {
    int64_t origin = o * stride;
    int64_t first = std::max<int64_t>(0, llvm::divideCeilSigned(lo - origin, dilation));
    int64_t last = std::min(kernel - 1, llvm::divideFloorSigned(hi - origin, dilation));
    return {first, last};
  }
};

template <typename PoolOp>
std::array<WindowAxis, 2> poolWindow(PoolOp pool) {
  ArrayRef<int64_t> in = llvm::cast<RankedTensorType>(pool.getData().getType()).getShape();
  ArrayRef<int64_t> out = llvm::cast<RankedTensorType>(pool.getResult().getType()).getShape();
  std::array<int64_t, 4> pad = pool.getCompletePadding();
  ArrayRef<int64_t> kernel = pool.getPoolSize(), strides = pool.getStrides(),
                    dilation = pool.getDilation();
  std::array<WindowAxis, 2> axes;
  for (unsigned i = 0; i < 2; ++i) {
    // TVM pads the tail by stride - 1 so that the division rounds up.
    int64_t tail = pool.getCeilMode() ? strides[i] - 1 : 0;
    axes[i] = WindowAxis{in[2 + i], out[2 + i], kernel[i], strides[i], dilation[i],
                         pad[i],    pad[2 + i], tail};
  }
  return axes;
}

/// The pooled input: `pad_temp` when anything is padded (the ceil_mode tail
/// included), else the input itself, as topi's pool does.
Value poolInput(PrimFuncBuilder &func, Value data, const std::array<WindowAxis, 2> &axes,
                double padValue) {
  Pad2d pad{axes[0].before, axes[1].before, axes[0].after + axes[0].tail,
            axes[1].after + axes[1].tail};
  return pad.any() ? emitPad(func, data, pad, padValue, "ax") : data;
}

/// The reduction stage of a pool: `block` over `ax0..ax3, rv0, rv1`, reading
/// `input[ax0, ax1, ax2 * stride + rv0 * dilation, ...]` and combining with
/// `combine` from `initValue`.
void emitPoolReduction(PrimFuncBuilder &func, StringRef block, Value input, Value output,
                       const std::array<WindowAxis, 2> &axes, double initValue,
                       std::function<Value(StageContext &, Value, Value)> combine) {
  SmallVector<AffineExpr> iv = dims(func.getContext(), 6);
  ArrayRef<int64_t> outShape = shapeOf(output);
  SmallVector<AffineExpr> indices = {iv[0], iv[1],
                                     iv[2] * axes[0].stride + iv[4] * axes[0].dilation,
                                     iv[3] * axes[1].stride + iv[5] * axes[1].dilation};
  Type element = llvm::cast<MemRefType>(output.getType()).getElementType();
  Stage stage{block.str(),
              {"ax0", "ax1", "ax2", "ax3", "rv0", "rv1"},
              {outShape[0], outShape[1], outShape[2], outShape[3], axes[0].kernel,
               axes[1].kernel},
              "SSSSRR",
              output,
              {iv[0], iv[1], iv[2], iv[3]},
              nullptr,
              nullptr};
  stage.init = [&](StageContext &s) { return s.constant(element, initValue); };
  stage.body = [&](StageContext &s) {
    return combine(s, s.loadOutput(), s.load(input, indices));
  };
  func.emit(stage);
}

tensorir::PrimFuncOp legalizeMaxPool2d(LegalizeContext &ctx) {
  auto pool = llvm::cast<MaxPool2dOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("max_pool2d", params);
  MemRefType outType = getBufferType(pool.getResult().getType());
  Value out = func.addParam(outType, "pool_max");
  std::array<WindowAxis, 2> axes = poolWindow(pool);
  double lowest = lowestValue(outType.getElementType());
  Value input = poolInput(func, params[0], axes, lowest);
  emitPoolReduction(func, "pool_max", input, out, axes, lowest,
                    [](StageContext &s, Value acc, Value x) -> Value {
                      if (isFloat(x))
                        return arith::MaximumFOp::create(s.builder, s.loc, acc, x);
                      return arith::MaxSIOp::create(s.builder, s.loc, acc, x);
                    });
  return func.finish();
}

/// The divisor of one axis of an average pool: the taps of the window inside
/// the input (with count_include_pad, inside the explicitly padded input),
/// as a constant when every output position has the same count.
struct AxisCount {
  WindowAxis axis;
  int64_t lo, hi;                   // counted positions of the padded input
  bool needFirst = false, needLast = false, canBeEmpty = false;
  std::optional<int64_t> constant;

  AxisCount(const WindowAxis &axis, bool countIncludePad) : axis(axis) {
    lo = countIncludePad ? 0 : axis.before;
    hi = countIncludePad ? axis.before + axis.in + axis.after - 1 : axis.before + axis.in - 1;
    std::optional<int64_t> common;
    bool uniform = true;
    for (int64_t o = 0; o < axis.out; ++o) {
      auto [first, last] = axis.taps(o, lo, hi);
      needFirst |= first > 0;
      needLast |= last < axis.kernel - 1;
      int64_t count = std::max<int64_t>(0, last - first + 1);
      canBeEmpty |= count == 0;
      uniform &= !common || *common == count;
      common = count;
    }
    if (uniform)
      constant = common;
  }

  /// The count at output position `o`, as index arithmetic:
  /// last - first + 1 with first = max(ceil((lo - o*stride) / dilation), 0)
  /// and last = min(floor((hi - o*stride) / dilation), kernel - 1), each
  /// bound only where some position needs it.
  Value emit(IndexMath &math, Value o) const {
    if (constant)
      return math.constant(*constant);
    Value origin = math.scale(o, axis.stride);
    Value end = math.constant(axis.kernel);
    if (needLast) {
      Value last = math.floorDiv(math.sub(math.constant(hi), origin), axis.dilation);
      end = math.add(math.min(last, math.constant(axis.kernel - 1)), math.constant(1));
    }
    Value count = end;
    if (needFirst) {
      Value shifted = math.sub(math.constant(lo + axis.dilation - 1), origin);
      Value first = math.max(math.floorDiv(shifted, axis.dilation), math.constant(0));
      count = math.sub(end, first);
    }
    return canBeEmpty ? math.max(count, math.constant(0)) : count;
  }
};

tensorir::PrimFuncOp legalizeAvgPool2d(LegalizeContext &ctx) {
  auto pool = llvm::cast<AvgPool2dOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("avg_pool2d", params);
  MemRefType outType = getBufferType(pool.getResult().getType());
  Value out = func.addParam(outType, "pool_avg");
  std::array<WindowAxis, 2> axes = poolWindow(pool);
  Value input = poolInput(func, params[0], axes, 0.0);
  Value sum = func.allocBuffer(outType, "pool_sum", func.dynamicSizes(out, {0, 1, 2, 3}));
  emitPoolReduction(func, "pool_sum", input, sum, axes, 0.0,
                    [](StageContext &s, Value acc, Value x) {
                      return addValues(s.builder, s.loc, acc, x);
                    });

  std::array<AxisCount, 2> counts = {AxisCount(axes[0], pool.getCountIncludePad()),
                                     AxisCount(axes[1], pool.getCountIncludePad())};
  // An empty window (all padding) divides by 1, as TVM does.
  bool canBeEmpty = counts[0].canBeEmpty || counts[1].canBeEmpty;
  Type element = outType.getElementType();
  SmallVector<AffineExpr> iv = dims(func.getContext(), 4);
  Stage stage{"pool_avg", numbered("ax", 4), SmallVector<int64_t>(outType.getShape()),
              "SSSS", out, iv, nullptr, nullptr};
  stage.body = [&](StageContext &s) {
    Value total = s.load(sum, iv);
    if (counts[0].constant && counts[1].constant)
      return divide(s, total, s.constant(element, std::max<int64_t>(
                                                      1, *counts[0].constant *
                                                             *counts[1].constant)));
    IndexMath math(s);
    // Height first, then width: built in the order TVMScript reads them.
    Value height = counts[0].emit(math, s.iterVars[2]);
    Value width = counts[1].emit(math, s.iterVars[3]);
    Value divisor = math.mul(height, width);
    if (canBeEmpty)
      divisor = math.max(divisor, math.constant(1));
    return divide(s, total, math.toScalar(divisor, element));
  };
  func.emit(stage);
  return func.finish();
}

//===----------------------------------------------------------------------===//
// adaptive_avg_pool2d
//===----------------------------------------------------------------------===//

/// One spatial dimension of an adaptive pool: output `o` of `out` covers
/// input `[floor(o * in / out), ceil((o + 1) * in / out))`.
struct AdaptiveAxis {
  int64_t in, out;
  int64_t widest = 0;         // the reduction extent
  bool uniform = true;        // every window is `widest` wide
  bool mayOverrun = false;    // start + widest - 1 can pass the input's end

  AdaptiveAxis(int64_t in, int64_t out) : in(in), out(out) {
    for (int64_t o = 0; o < out; ++o)
      widest = std::max(widest, end(o) - start(o));
    for (int64_t o = 0; o < out; ++o) {
      uniform &= end(o) - start(o) == widest;
      mayOverrun |= start(o) + widest > in;
    }
  }
  int64_t start(int64_t o) const { return o * in / out; }
  int64_t end(int64_t o) const { return llvm::divideCeilSigned((o + 1) * in, out); }

  /// The input index of tap `rv` of output `o` (affine in both).
  AffineExpr index(AffineExpr o, AffineExpr rv) const {
    if (in % out == 0)
      return o * (in / out) + rv;
    return (o * in).floorDiv(out) + rv;
  }
  /// The window width at output `o` as index arithmetic.
  Value width(IndexMath &math, Value o) const {
    if (uniform)
      return math.constant(widest);
    Value scaled = math.scale(o, in);
    Value first = math.floorDiv(scaled, out);
    Value last = math.floorDiv(math.add(scaled, math.constant(in + out - 1)), out);
    return math.sub(last, first);
  }
};

tensorir::PrimFuncOp legalizeAdaptiveAvgPool2d(LegalizeContext &ctx) {
  auto pool = llvm::cast<AdaptiveAvgPool2dOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("adaptive_avg_pool2d", params);
  MemRefType outType = getBufferType(pool.getResult().getType());
  Value out = func.addParam(outType, "adaptive_pool_avg");
  ArrayRef<int64_t> in = shapeOf(params[0]), outShape = outType.getShape();
  std::array<AdaptiveAxis, 2> axes = {AdaptiveAxis(in[2], outShape[2]),
                                      AdaptiveAxis(in[3], outShape[3])};
  Type element = outType.getElementType();
  Value sum =
      func.allocBuffer(outType, "adaptive_pool_sum", func.dynamicSizes(out, {0, 1, 2, 3}));

  SmallVector<AffineExpr> iv = dims(func.getContext(), 6);
  SmallVector<AffineExpr> indices = {iv[0], iv[1], axes[0].index(iv[2], iv[4]),
                                     axes[1].index(iv[3], iv[5])};
  Stage reduce{"adaptive_pool_sum",
               {"ax0", "ax1", "ax2", "ax3", "rv0", "rv1"},
               {outShape[0], outShape[1], outShape[2], outShape[3], axes[0].widest,
                axes[1].widest},
               "SSSSRR",
               sum,
               {iv[0], iv[1], iv[2], iv[3]},
               nullptr,
               nullptr};
  reduce.init = [&](StageContext &s) { return s.constant(element, 0.0); };
  reduce.body = [&](StageContext &s) {
    IndexMath math(s);
    // Taps past a narrower window add nothing (TVM's window is exactly as
    // wide; a stage's reduction extent is static).
    Value inside;
    for (unsigned i = 0; i < 2; ++i)
      if (!axes[i].uniform)
        inside = math.conjoin(inside,
                              math.compare(arith::CmpIPredicate::slt, s.iterVars[4 + i],
                                           axes[i].width(math, s.iterVars[2 + i])));
    Value x = s.load(params[0], indices);
    if (inside) {
      auto load = x.getDefiningOp<tensorir::LoadOp>();
      OpBuilder::InsertionGuard guard(s.builder);
      s.builder.setInsertionPoint(load);
      for (unsigned i = 0; i < 2; ++i)
        if (axes[i].mayOverrun) // the masked taps must still load in bounds
          load.getIndicesMutable()[2 + i].set(
              math.min(load.getIndices()[2 + i], math.constant(in[2 + i] - 1)));
      s.builder.setInsertionPointAfter(load);
      x = arith::SelectOp::create(s.builder, s.loc, inside, x, s.constant(element, 0.0));
    }
    return addValues(s.builder, s.loc, s.loadOutput(), x);
  };
  func.emit(reduce);

  SmallVector<AffineExpr> spatial(iv.begin(), iv.begin() + 4);
  Stage average{"adaptive_pool_avg", numbered("ax", 4), SmallVector<int64_t>(outShape),
                "SSSS", out, spatial, nullptr, nullptr};
  average.body = [&](StageContext &s) {
    Value total = s.load(sum, spatial);
    if (axes[0].uniform && axes[1].uniform)
      return divide(s, total, s.constant(element, axes[0].widest * axes[1].widest));
    IndexMath math(s);
    Value height = axes[0].width(math, s.iterVars[2]);
    Value width = axes[1].width(math, s.iterVars[3]);
    Value area = math.mul(height, width);
    return divide(s, total, math.toScalar(area, element));
  };
  func.emit(average);
  return func.finish();
}

} // namespace

void relax::populateConvLegalizers(LegalizerTable &table) {
  table.insert({
      {Conv2dOp::getOperationName(), legalizeConv2d},
      {MaxPool2dOp::getOperationName(), legalizeMaxPool2d},
      {AvgPool2dOp::getOperationName(), legalizeAvgPool2d},
      {AdaptiveAvgPool2dOp::getOperationName(), legalizeAdaptiveAvgPool2d},
  });
}
