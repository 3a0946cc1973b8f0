//===- NN.cpp - legalization of neural-network operators (softmax, conv2d, ...) ===//
//
// As TVM's topi, with its function, block and buffer names:
//
// - softmax: `T_softmax_maxelem`, `T_softmax_exp`, `T_softmax_expsum`,
//   `T_softmax_norm` (loops `i0, ...`, reduction `k`); log_softmax:
//   `T_softmax_maxelem`, then TVM's unnamed computes `compute` (the sum of
//   exponentials) and `compute_1` (the output).
// - layer_norm: TVM reduces (sum x, sum x*x) in one block `A_red_temp` with
//   two outputs `A_red_temp_v0`/`A_red_temp_v1`; a Stage writes one buffer,
//   so here they are two stages named after those buffers, then
//   `T_layer_norm` computes `(x - mean) * rsqrt(E[x^2] - mean^2 + eps)`.
// - batch_norm (inference): one elementwise stage `T_batch_norm`, and the
//   running mean and variance copied to the two other outputs.
// - dropout (inference): the input copied (`T_dropout`) and a mask of ones
//   (`T_dropout_mask`).
// - attention: TVM's `_te_attention` without its reshapes (the stages index
//   the 4-D tensors directly): `T_batch_matmul_NT` (Q K^T per batch and
//   head), `T_multiply` by `scale` or `T_divide` by `sqrt(head_dim)`, the
//   softmax stages (masked when causal), `T_batch_matmul_NN` (by V) and
//   `T_transpose` back to (batch, seq_len, num_heads, head_dim_v).
//
//===----------------------------------------------------------------------===//

#include "Legalize.h"

#include <cmath>

using namespace mlir;
using namespace mlir::relax;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// `indices` with `axis` dropped: where a full-shape element finds its
/// reduced (per-row) statistic.
SmallVector<AffineExpr> withoutAxis(ArrayRef<AffineExpr> indices, unsigned axis) {
  SmallVector<AffineExpr> out(indices);
  out.erase(out.begin() + axis);
  return out;
}

/// `indices` with `inserted` put in at `axis`.
SmallVector<AffineExpr> withAxis(ArrayRef<AffineExpr> indices, unsigned axis,
                                 AffineExpr inserted) {
  SmallVector<AffineExpr> out(indices);
  out.insert(out.begin() + axis, inserted);
  return out;
}

/// The values of plain iteration-variable indices inside a stage.
SmallVector<Value> indexValues(StageContext &s, ArrayRef<AffineExpr> indices) {
  SmallVector<Value> values;
  for (AffineExpr index : indices)
    values.push_back(s.iterVars[llvm::cast<AffineDimExpr>(index).getPosition()]);
  return values;
}

MemRefType bufferOf(Value value) { return llvm::cast<MemRefType>(value.getType()); }

/// A spatial stage over all of `output` (loops `<prefix>0, ...`) storing
/// `fn(s, ivs)`.
void emitElementwise(PrimFuncBuilder &func, StringRef block, StringRef prefix, Value output,
                     std::function<Value(StageContext &, ArrayRef<AffineExpr>)> fn) {
  MemRefType type = bufferOf(output);
  unsigned rank = type.getRank();
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  Stage stage{block.str(), numbered(prefix, rank), SmallVector<int64_t>(type.getShape()),
              std::string(rank, 'S'), output, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) { return fn(s, ivs); };
  func.emit(stage);
}

/// A reduction stage over dimension `axis` of a tensor of shape `shape`:
/// loops `<prefix>0, ...` over `output` (the shape without `axis`), then
/// `reduceLoop`; `combine(s, acc, inIndices)` folds the element at
/// `inIndices` (the full-shape indices) into the accumulator.
void emitAxisReduction(PrimFuncBuilder &func, StringRef block, StringRef prefix,
                       StringRef reduceLoop, ArrayRef<int64_t> shape, unsigned axis,
                       Value output, double init,
                       std::function<Value(StageContext &, Value, ArrayRef<AffineExpr>)> combine) {
  MLIRContext *context = func.getContext();
  unsigned outRank = shape.size() - 1;
  SmallVector<AffineExpr> outIvs = dims(context, outRank);
  SmallVector<AffineExpr> inIndices =
      withAxis(outIvs, axis, getAffineDimExpr(outRank, context));
  SmallVector<std::string> loops = numbered(prefix, outRank);
  loops.push_back(reduceLoop.str());
  SmallVector<int64_t> extents(bufferOf(output).getShape());
  extents.push_back(shape[axis]);
  Stage stage{block.str(), loops, extents, std::string(outRank, 'S') + "R", output, outIvs,
              nullptr, nullptr};
  Type element = bufferOf(output).getElementType();
  stage.init = [&](StageContext &s) { return s.constant(element, init); };
  stage.body = [&](StageContext &s) { return combine(s, s.loadOutput(), inIndices); };
  func.emit(stage);
}

/// Every dimension of a rank-`rank` tensor but `axis`.
SmallVector<unsigned> rowDims(unsigned rank, unsigned axis) {
  SmallVector<bool> dropped(rank, false);
  dropped[axis] = true;
  return keptDims(dropped);
}

/// The type of `shape` without dimension `axis`.
MemRefType withoutDim(MemRefType type, unsigned axis) {
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  return MemRefType::get(shape, type.getElementType());
}

//===----------------------------------------------------------------------===//
// softmax, log_softmax
//===----------------------------------------------------------------------===//

/// Which elements take part (attention's causal mask): an `i1` from the
/// full-shape index values; null when all do.
using MaskFn = std::function<Value(StageContext &, ArrayRef<Value>)>;

/// `x` where `mask` keeps the element, `otherwise` where it does not.
Value masked(StageContext &s, const MaskFn &mask, ArrayRef<AffineExpr> indices, Value x,
             double otherwise) {
  if (!mask)
    return x;
  Value keep = mask(s, indexValues(s, indices));
  return arith::SelectOp::create(s.builder, s.loc, keep, x, s.constant(x.getType(), otherwise));
}

/// TVM's four softmax stages over `axis` of `input` into `output`, the
/// intermediates allocated. Masked elements count as -inf: they are left out
/// of the maximum and contribute 0 to the sum (what TVM's causal attention
/// gets with `trilu` around the exponentials).
void emitSoftmax(PrimFuncBuilder &func, Value input, Value output, unsigned axis,
                 const MaskFn &mask) {
  MemRefType type = bufferOf(input);
  MemRefType rowType = withoutDim(type, axis);
  SmallVector<Value> rowSizes = func.dynamicSizes(input, rowDims(type.getRank(), axis));
  Value maxElem = func.allocBuffer(rowType, "T_softmax_maxelem", rowSizes);
  Value exp = func.allocBuffer(type, "T_softmax_exp",
                               func.dynamicSizes(input, keptDims(SmallVector<bool>(type.getRank()))));
  Value expSum = func.allocBuffer(rowType, "T_softmax_expsum", rowSizes);
  emitAxisReduction(func, "T_softmax_maxelem", "i", "k", type.getShape(), axis, maxElem,
                    -INFINITY, [&](StageContext &s, Value acc, ArrayRef<AffineExpr> at) {
                      Value x = masked(s, mask, at, s.load(input, at), -INFINITY);
                      return arith::MaximumFOp::create(s.builder, s.loc, acc, x);
                    });
  emitElementwise(func, "T_softmax_exp", "i", exp, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    Value x = s.load(input, at);
    Value max = s.load(maxElem, withoutAxis(at, axis));
    Value shifted = arith::SubFOp::create(s.builder, s.loc, x, max);
    return masked(s, mask, at, math::ExpOp::create(s.builder, s.loc, shifted), 0.0);
  });
  emitAxisReduction(func, "T_softmax_expsum", "i", "k", type.getShape(), axis, expSum, 0.0,
                    [&](StageContext &s, Value acc, ArrayRef<AffineExpr> at) {
                      return arith::AddFOp::create(s.builder, s.loc, acc, s.load(exp, at));
                    });
  emitElementwise(func, "T_softmax_norm", "i", output, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    Value e = s.load(exp, at);
    Value sum = s.load(expSum, withoutAxis(at, axis));
    return arith::DivFOp::create(s.builder, s.loc, e, sum);
  });
}

/// The normalized `axis` attribute of softmax / log_softmax.
template <typename OpT>
unsigned softmaxAxis(Operation *op) {
  auto softmax = llvm::cast<OpT>(op);
  int64_t rank = softmax.getData().getType().getRank();
  int64_t axis = static_cast<int64_t>(softmax.getAxis());
  return axis < 0 ? axis + rank : axis;
}

tensorir::PrimFuncOp legalizeSoftmax(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("softmax", params);
  Value out = func.addParam(getBufferType(ctx.op->getResult(0).getType()), "T_softmax_norm");
  emitSoftmax(func, params[0], out, softmaxAxis<SoftmaxOp>(ctx.op), nullptr);
  return func.finish();
}

tensorir::PrimFuncOp legalizeLogSoftmax(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("log_softmax", params);
  Value x = params[0];
  MemRefType type = bufferOf(x);
  unsigned axis = softmaxAxis<LogSoftmaxOp>(ctx.op);
  // TVM's two unnamed computes are `compute`: the output parameter keeps the
  // name and the intermediate (the sum) is `compute_1`.
  Value out = func.addParam(type, "compute");
  SmallVector<Value> rowSizes = func.dynamicSizes(x, rowDims(type.getRank(), axis));
  Value maxElem = func.allocBuffer(withoutDim(type, axis), "T_softmax_maxelem", rowSizes);
  Value expSum = func.allocBuffer(withoutDim(type, axis), "compute_1", rowSizes);
  emitAxisReduction(func, "T_softmax_maxelem", "i", "k", type.getShape(), axis, maxElem,
                    -INFINITY, [&](StageContext &s, Value acc, ArrayRef<AffineExpr> at) {
                      return arith::MaximumFOp::create(s.builder, s.loc, acc, s.load(x, at));
                    });
  emitAxisReduction(func, "compute", "i", "k", type.getShape(), axis, expSum, 0.0,
                    [&](StageContext &s, Value acc, ArrayRef<AffineExpr> at) {
                      Value element = s.load(x, at);
                      Value max = s.load(maxElem, withoutAxis(at, axis));
                      Value shifted = arith::SubFOp::create(s.builder, s.loc, element, max);
                      Value e = math::ExpOp::create(s.builder, s.loc, shifted);
                      return arith::AddFOp::create(s.builder, s.loc, acc, e);
                    });
  emitElementwise(func, "compute_1", "i", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    SmallVector<AffineExpr> row = withoutAxis(at, axis);
    Value element = s.load(x, at);
    Value max = s.load(maxElem, row);
    Value shifted = arith::SubFOp::create(s.builder, s.loc, element, max);
    Value logSum = math::LogOp::create(s.builder, s.loc, s.load(expSum, row));
    return arith::SubFOp::create(s.builder, s.loc, shifted, logSum);
  });
  return func.finish();
}

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

/// Sums `element(x)` over the normalized dimensions into `output`.
void emitNormSum(PrimFuncBuilder &func, StringRef block, const ReduceSpace &space, Value x,
                 Value output, std::function<Value(StageContext &, Value)> element) {
  SmallVector<AffineExpr> rowIvs = dims(func.getContext(), space.outShape.size());
  Stage stage{block.str(), space.loops, space.extents, space.kinds, output, rowIvs,
              nullptr, nullptr};
  Type type = bufferOf(output).getElementType();
  stage.init = [&](StageContext &s) { return s.constant(type, 0.0); };
  stage.body = [&](StageContext &s) {
    Value v = element(s, s.load(x, space.inIndices));
    return arith::AddFOp::create(s.builder, s.loc, s.loadOutput(), v);
  };
  func.emit(stage);
}

/// `(x - mean) * rsqrt(var + epsilon)` from the sums of x and of x*x over
/// `count` elements: TVM's var = E[x^2] - mean^2 (one pass over the data).
Value standardize(StageContext &s, Value x, Value sum, Value sumSquares, int64_t count,
                  double epsilon) {
  OpBuilder &b = s.builder;
  Type t = x.getType();
  Value n = s.constant(t, static_cast<double>(count));
  Value mean = arith::DivFOp::create(b, s.loc, sum, n);
  Value meanSquares = arith::DivFOp::create(b, s.loc, sumSquares, n);
  Value var = arith::SubFOp::create(b, s.loc, meanSquares, arith::MulFOp::create(b, s.loc, mean, mean));
  Value inv = math::RsqrtOp::create(b, s.loc, arith::AddFOp::create(b, s.loc, var, s.constant(t, epsilon)));
  return arith::MulFOp::create(b, s.loc, arith::SubFOp::create(b, s.loc, x, mean), inv);
}

tensorir::PrimFuncOp legalizeLayerNorm(LegalizeContext &ctx) {
  auto op = llvm::cast<LayerNormOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("layer_norm", params);
  Value x = params[0], gamma = params[1], beta = params[2];
  MemRefType type = bufferOf(x);
  SmallVector<bool> normalized = axesMask(op.getAxes(), type.getRank());
  ReduceSpace space = reduceSpace(type.getShape(), normalized, /*keepdims=*/false, func.getContext());
  Value out = func.addParam(type, "T_layer_norm");
  auto rowType = MemRefType::get(space.outShape, type.getElementType());
  SmallVector<Value> rowSizes = func.dynamicSizes(x, keptDims(normalized));
  Value sum = func.allocBuffer(rowType, "A_red_temp_v0", rowSizes);
  Value sumSquares = func.allocBuffer(rowType, "A_red_temp_v1", rowSizes);
  emitNormSum(func, "A_red_temp_v0", space, x, sum, [](StageContext &, Value v) { return v; });
  emitNormSum(func, "A_red_temp_v1", space, x, sumSquares, [](StageContext &s, Value v) {
    return arith::MulFOp::create(s.builder, s.loc, v, v);
  });

  double epsilon = op.getEpsilon().convertToDouble();
  bool scale = op.getScale(), center = op.getCenter();
  int64_t count = space.count;
  emitElementwise(func, "T_layer_norm", "ax", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    OpBuilder &b = s.builder;
    SmallVector<AffineExpr> row, normIdx; // the row's statistics; gamma/beta's element
    for (auto [d, index] : llvm::enumerate(at))
      (normalized[d] ? normIdx : row).push_back(index);
    // Loaded in TVM's order: the statistics, then the element.
    Value rowSum = s.load(sum, row), rowSquares = s.load(sumSquares, row);
    Value y = standardize(s, s.load(x, at), rowSum, rowSquares, count, epsilon);
    if (scale)
      y = arith::MulFOp::create(b, s.loc, y, s.load(gamma, normIdx));
    if (center)
      y = arith::AddFOp::create(b, s.loc, y, s.load(beta, normIdx));
    return y;
  });
  return func.finish();
}

/// TVM's topi rms_norm: the sum of squares over the normalized dimensions
/// (`T_multiply_red`), then `x * rsqrt(sum / n + epsilon) * weight`.
tensorir::PrimFuncOp legalizeRMSNorm(LegalizeContext &ctx) {
  auto op = llvm::cast<RMSNormOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("rms_norm", params);
  Value x = params[0], weight = params[1];
  MemRefType type = bufferOf(x);
  SmallVector<bool> normalized = axesMask(op.getAxes(), type.getRank());
  ReduceSpace space = reduceSpace(type.getShape(), normalized, /*keepdims=*/false, func.getContext());
  Value out = func.addParam(type, "T_rms_norm");
  Value sumSquares =
      func.allocBuffer(MemRefType::get(space.outShape, type.getElementType()), "T_multiply_red",
                       func.dynamicSizes(x, keptDims(normalized)));
  emitNormSum(func, "T_multiply_red", space, x, sumSquares, [](StageContext &s, Value v) {
    return arith::MulFOp::create(s.builder, s.loc, v, v);
  });
  double epsilon = op.getEpsilon().convertToDouble();
  emitElementwise(func, "T_rms_norm", "ax", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    OpBuilder &b = s.builder;
    Type t = type.getElementType();
    SmallVector<AffineExpr> row, normIdx;
    for (auto [d, index] : llvm::enumerate(at))
      (normalized[d] ? normIdx : row).push_back(index);
    Value meanSquare = arith::DivFOp::create(b, s.loc, s.load(sumSquares, row),
                                             s.constant(t, static_cast<double>(space.count)));
    Value inv = math::RsqrtOp::create(
        b, s.loc, arith::AddFOp::create(b, s.loc, meanSquare, s.constant(t, epsilon)));
    Value y = arith::MulFOp::create(b, s.loc, s.load(x, at), inv);
    return arith::MulFOp::create(b, s.loc, y, s.load(weight, normIdx));
  });
  return func.finish();
}

/// group_norm: the sums of x and x*x per (group, other kept dimensions) —
/// the channel dimension becomes the group, `axes` are reduced along with
/// the group's channels — then the normalization `T_group_norm`.
tensorir::PrimFuncOp legalizeGroupNorm(LegalizeContext &ctx) {
  auto op = llvm::cast<GroupNormOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("group_norm", params);
  Value x = params[0], gamma = params[1], beta = params[2];
  MemRefType type = bufferOf(x);
  Value out = func.addParam(type, "T_group_norm");
  MLIRContext *context = func.getContext();
  int64_t rank = type.getRank();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t channelAxis = static_cast<int64_t>(op.getChannelAxis());
  unsigned channel = channelAxis < 0 ? channelAxis + rank : channelAxis;
  SmallVector<bool> reduced = axesMask(op.getAxes(), rank);
  int64_t groups = static_cast<int64_t>(op.getNumGroups()), perGroup = shape[channel] / groups;

  // The statistics' dimensions: every kept dimension of x, the channel one
  // holding the group. The reduction runs over the group's channels, then
  // over `axes` in order.
  SmallVector<int64_t> statShape, statDimOf(rank, -1);
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d]) {
      statDimOf[d] = statShape.size();
      statShape.push_back(d == channel ? groups : shape[d]);
    }
  unsigned spatial = statShape.size();
  SmallVector<std::string> loops = numbered("ax", spatial);
  SmallVector<int64_t> extents(statShape);
  std::string kinds(spatial, 'S');
  SmallVector<AffineExpr> statIvs = dims(context, spatial), inIndices(rank);
  unsigned next = spatial;
  auto reduceOver = [&](StringRef name, int64_t extent) {
    loops.push_back(name.str());
    extents.push_back(extent);
    kinds += 'R';
    return getAffineDimExpr(next++, context);
  };
  AffineExpr inGroup = reduceOver("k_c", perGroup);
  for (int64_t d = 0; d < rank; ++d) {
    if (d == channel)
      inIndices[d] = statIvs[statDimOf[d]] * perGroup + inGroup;
    else if (reduced[d])
      inIndices[d] = reduceOver("k" + std::to_string(d), shape[d]);
    else
      inIndices[d] = statIvs[statDimOf[d]];
  }
  auto statType = MemRefType::get(statShape, type.getElementType());
  // The channel dimension (static: num_groups divides it) holds the group.
  SmallVector<Value> statSizes = func.dynamicSizes(x, keptDims(reduced));
  Value sum = func.allocBuffer(statType, "A_red_temp_v0", statSizes);
  Value sumSquares = func.allocBuffer(statType, "A_red_temp_v1", statSizes);
  for (auto [buffer, square] : {std::pair{sum, false}, std::pair{sumSquares, true}}) {
    Stage stage{square ? "A_red_temp_v1" : "A_red_temp_v0", loops, extents, kinds, buffer,
                statIvs, nullptr, nullptr};
    stage.init = [&](StageContext &s) { return s.constant(type.getElementType(), 0.0); };
    stage.body = [&, square = square](StageContext &s) {
      Value v = s.load(x, inIndices);
      if (square)
        v = arith::MulFOp::create(s.builder, s.loc, v, v);
      return arith::AddFOp::create(s.builder, s.loc, s.loadOutput(), v);
    };
    func.emit(stage);
  }

  int64_t count = perGroup;
  for (int64_t d = 0; d < rank; ++d)
    if (reduced[d])
      count *= shape[d];
  double epsilon = op.getEpsilon().convertToDouble();
  bool scale = op.getScale(), center = op.getCenter();
  emitElementwise(func, "T_group_norm", "ax", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    OpBuilder &b = s.builder;
    SmallVector<AffineExpr> stat;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        stat.push_back(d == channel ? at[d].floorDiv(perGroup) : at[d]);
    Value groupSum = s.load(sum, stat), groupSquares = s.load(sumSquares, stat);
    Value y = standardize(s, s.load(x, at), groupSum, groupSquares, count, epsilon);
    if (scale)
      y = arith::MulFOp::create(b, s.loc, y, s.load(gamma, {at[channel]}));
    if (center)
      y = arith::AddFOp::create(b, s.loc, y, s.load(beta, {at[channel]}));
    return y;
  });
  return func.finish();
}

//===----------------------------------------------------------------------===//
// batch_norm, dropout
//===----------------------------------------------------------------------===//

/// A stage copying `input` to `output` (same shape).
void emitCopy(PrimFuncBuilder &func, StringRef block, Value input, Value output) {
  emitElementwise(func, block, "ax", output, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    return s.load(input, at);
  });
}

tensorir::PrimFuncOp legalizeBatchNorm(LegalizeContext &ctx) {
  auto op = llvm::cast<BatchNormOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("batch_norm", params);
  Value x = params[0], gamma = params[1], beta = params[2], mean = params[3], var = params[4];
  MemRefType type = bufferOf(x);
  Value out = func.addParam(type, "T_batch_norm");
  Value newMean = func.addParam(bufferOf(mean), "T_moving_mean");
  Value newVar = func.addParam(bufferOf(var), "T_moving_var");
  int64_t rank = type.getRank(), axis = static_cast<int64_t>(op.getAxis());
  unsigned channel = axis < 0 ? axis + rank : axis;
  double epsilon = op.getEpsilon().convertToDouble();
  bool scale = op.getScale(), center = op.getCenter();
  emitElementwise(func, "T_batch_norm", "ax", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    OpBuilder &b = s.builder;
    AffineExpr c = at[channel];
    // TVM's topi: (x - mean) / sqrt(var + epsilon) * gamma + beta.
    Value element = s.load(x, at);
    Value centered = arith::SubFOp::create(b, s.loc, element, s.load(mean, c));
    Value variance = s.load(var, c);
    Value eps = s.constant(type.getElementType(), epsilon);
    Value stddev = math::SqrtOp::create(b, s.loc, arith::AddFOp::create(b, s.loc, variance, eps));
    Value y = arith::DivFOp::create(b, s.loc, centered, stddev);
    if (scale)
      y = arith::MulFOp::create(b, s.loc, y, s.load(gamma, c));
    if (center)
      y = arith::AddFOp::create(b, s.loc, y, s.load(beta, c));
    return y;
  });
  // Inference: the running statistics pass through unchanged.
  emitCopy(func, "T_moving_mean", mean, newMean);
  emitCopy(func, "T_moving_var", var, newVar);
  return func.finish();
}

tensorir::PrimFuncOp legalizeDropout(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("dropout", params);
  MemRefType type = bufferOf(params[0]);
  Value out = func.addParam(type, "T_dropout");
  Value mask = func.addParam(type, "T_dropout_mask");
  // Inference keeps every element: the input, and a mask of ones.
  emitCopy(func, "T_dropout", params[0], out);
  emitElementwise(func, "T_dropout_mask", "ax", mask, [&](StageContext &s, ArrayRef<AffineExpr>) {
    return s.constant(type.getElementType(), 1.0);
  });
  return func.finish();
}

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

/// A batched matrix product stage over (batch, head) with loops
/// `b, h, i, j, k`: `output[b, h, i, j] = sum_k lhs(b, h, i, k) * rhs(b, h, k, j)`,
/// `lhsAt`/`rhsAt` giving the operands' indices from those variables.
void emitBatchMatmul(PrimFuncBuilder &func, StringRef block, Value output, int64_t reduce,
                     Value lhs, ArrayRef<unsigned> lhsAt, Value rhs, ArrayRef<unsigned> rhsAt) {
  MLIRContext *context = func.getContext();
  SmallVector<AffineExpr> ivs = dims(context, 5); // b, h, i, j, k
  auto pick = [&](ArrayRef<unsigned> at) {
    SmallVector<AffineExpr> indices;
    for (unsigned v : at)
      indices.push_back(ivs[v]);
    return indices;
  };
  SmallVector<int64_t> extents(bufferOf(output).getShape());
  extents.push_back(reduce);
  Stage stage{block.str(), {"b", "h", "i", "j", "k"}, extents, "SSSSR", output,
              SmallVector<AffineExpr>(ivs.begin(), ivs.begin() + 4), nullptr, nullptr};
  Type type = bufferOf(output).getElementType();
  stage.init = [&](StageContext &s) { return s.constant(type, 0.0); };
  stage.body = [&](StageContext &s) {
    Value acc = s.loadOutput();
    Value a = s.load(lhs, pick(lhsAt));
    Value b = s.load(rhs, pick(rhsAt));
    Value product = arith::MulFOp::create(s.builder, s.loc, a, b);
    return arith::AddFOp::create(s.builder, s.loc, acc, product);
  };
  func.emit(stage);
}

tensorir::PrimFuncOp legalizeAttention(LegalizeContext &ctx) {
  auto op = llvm::cast<AttentionOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("attention", params);
  Value q = params[0], k = params[1], v = params[2];
  ArrayRef<int64_t> qShape = bufferOf(q).getShape(), vShape = bufferOf(v).getShape();
  int64_t batch = qShape[0], seq = qShape[1], heads = qShape[2], headDim = qShape[3];
  int64_t seqKV = bufferOf(k).getShape()[1], headDimV = vShape[3];
  Type t = bufferOf(q).getElementType();
  Value out = func.addParam(getBufferType(op.getResult().getType()), "T_transpose");

  // Only the batch may be symbolic (LegalizeOps checks).
  SmallVector<Value> batchSize = func.dynamicSizes(q, {0});
  auto scoresType = MemRefType::get({batch, heads, seq, seqKV}, t);
  Value scores = func.allocBuffer(scoresType, "T_batch_matmul_NT", batchSize);
  std::optional<llvm::APFloat> scale = op.getScale();
  StringRef scaledName = scale ? "T_multiply" : "T_divide";
  Value scaled = func.allocBuffer(scoresType, scaledName, batchSize);
  Value probs = func.allocBuffer(scoresType, "T_softmax_norm", batchSize);
  Value attended = func.allocBuffer(MemRefType::get({batch, heads, seq, headDimV}, t),
                                    "T_batch_matmul_NN", batchSize);

  // Loops b, h, i, j, k: Q[b, i, h, k] * K[b, j, h, k].
  emitBatchMatmul(func, "T_batch_matmul_NT", scores, headDim, q, {0, 2, 1, 4}, k, {0, 3, 1, 4});
  emitElementwise(func, scaledName, "ax", scaled, [&](StageContext &s, ArrayRef<AffineExpr> at) -> Value {
    Value p = s.load(scores, at);
    if (scale)
      return arith::MulFOp::create(s.builder, s.loc, p, s.constant(t, scale->convertToDouble()));
    return arith::DivFOp::create(s.builder, s.loc, p,
                                 s.constant(t, std::sqrt(static_cast<double>(headDim))));
  });

  MaskFn mask;
  if (std::optional<StringRef> causal = op.getCausalMask()) {
    // Query i sees keys j <= i + offset (TVM's trilu offsets).
    int64_t offset = *causal == "BottomRight" ? std::abs(seqKV - seq) : 0;
    mask = [&func, offset](StageContext &s, ArrayRef<Value> at) -> Value {
      Value limit = at[2];
      if (offset != 0)
        limit = arith::AddIOp::create(s.builder, s.loc, limit, func.indexConstant(offset));
      return arith::CmpIOp::create(s.builder, s.loc, arith::CmpIPredicate::sle, at[3], limit);
    };
  }
  emitSoftmax(func, scaled, probs, /*axis=*/3, mask);

  // Loops b, h, i, j, k: P[b, h, i, k] * V[b, k, h, j].
  emitBatchMatmul(func, "T_batch_matmul_NN", attended, seqKV, probs, {0, 1, 2, 4}, v,
                  {0, 4, 1, 3});
  emitElementwise(func, "T_transpose", "ax", out, [&](StageContext &s, ArrayRef<AffineExpr> at) {
    return s.load(attended, {at[0], at[2], at[1], at[3]});
  });
  return func.finish();
}

} // namespace

void relax::populateNNLegalizers(LegalizerTable &table) {
  table.insert({
      {SoftmaxOp::getOperationName(), legalizeSoftmax},
      {LogSoftmaxOp::getOperationName(), legalizeLogSoftmax},
      {LayerNormOp::getOperationName(), legalizeLayerNorm},
      {RMSNormOp::getOperationName(), legalizeRMSNorm},
      {GroupNormOp::getOperationName(), legalizeGroupNorm},
      {BatchNormOp::getOperationName(), legalizeBatchNorm},
      {DropoutOp::getOperationName(), legalizeDropout},
      {AttentionOp::getOperationName(), legalizeAttention},
  });
}
