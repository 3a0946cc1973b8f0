//===- Manipulate.cpp - legalization of shape manipulation (reshape, concat, ...) ===//
//
// TVM's topi computes of the shape operators: prim_func and block names as
// TVM's LegalizeOps gives them (`reshape`/`T_reshape`, `concatenate`/
// `T_concat`, ...), loops `ax0, ax1, ...` over the output, each output
// element read from the input at indices computed from the output's.
//
//===----------------------------------------------------------------------===//

#include "Legalize.h"
#include "../OpPattern.h"

using namespace mlir;
using namespace mlir::relax;

namespace {

/// The input indices that the output element at `ivs` reads.
using IndexFn = std::function<SmallVector<AffineExpr>(ArrayRef<AffineExpr> ivs)>;

/// The usual shape of these prim_funcs: function `name`, one stage over the
/// output with block and output buffer `block`, loops `ax0, ...`, storing
/// `value` of the iteration variables.
tensorir::PrimFuncOp legalizeOneStage(
    LegalizeContext &ctx, StringRef name, StringRef block,
    const std::function<Value(StageContext &, ArrayRef<Value> params, ArrayRef<AffineExpr> ivs)>
        &value) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start(name, params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, block);
  unsigned rank = outType.getRank();
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  Stage stage{block.str(), numbered("ax", rank), SmallVector<int64_t>(outType.getShape()),
              std::string(rank, 'S'), out, ivs, nullptr, nullptr};
  stage.body = [&](StageContext &s) { return value(s, params, ivs); };
  func.emit(stage);
  return func.finish();
}

/// A copy of the one operand at indices given by `indices`.
tensorir::PrimFuncOp legalizeCopy(LegalizeContext &ctx, StringRef name, StringRef block,
                                  const IndexFn &indices) {
  return legalizeOneStage(ctx, name, block,
                          [&](StageContext &s, ArrayRef<Value> params, ArrayRef<AffineExpr> ivs) {
                            return s.load(params[0], indices(ivs));
                          });
}

ArrayRef<int64_t> shapeOf(Value value) {
  return llvm::cast<ShapedType>(value.getType()).getShape();
}

int64_t normalized(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

//===----------------------------------------------------------------------===//
// reshape, flatten, expand_dims, squeeze
//===----------------------------------------------------------------------===//

/// The input indices of a reshape from `inShape` to `outShape` at output
/// indices `outIvs`: the element at the same row-major position. Dimensions
/// are matched in groups of equal element count ((2, 3, 4) -> (6, 4) pairs
/// {2, 3} with {6} and {4} with {4}), so that each input index depends only
/// on the output indices of its group, as TVM's simplified indices do;
/// extent-1 dimensions read and contribute index 0. A symbolic dimension is a
/// group of its own, paired with the symbolic dimension at the same place of
/// the output; failure when the groups do not meet that way.
FailureOr<SmallVector<AffineExpr>> reshapeIndices(ArrayRef<int64_t> inShape,
                                                  ArrayRef<int64_t> outShape,
                                                  ArrayRef<AffineExpr> outIvs,
                                                  MLIRContext *context) {
  AffineExpr zero = getAffineConstantExpr(0, context);
  SmallVector<AffineExpr> indices(inShape.size(), zero);
  if (llvm::is_contained(inShape, 0))
    return indices; // no element, nothing is read
  auto nonUnit = [](ArrayRef<int64_t> shape) {
    SmallVector<size_t> positions;
    for (auto [position, extent] : llvm::enumerate(shape))
      if (extent != 1)
        positions.push_back(position);
    return positions;
  };
  SmallVector<size_t> in = nonUnit(inShape), out = nonUnit(outShape);
  size_t i = 0, j = 0;
  while (i < in.size() && j < out.size()) {
    bool inSymbolic = ShapedType::isDynamic(inShape[in[i]]);
    if (inSymbolic || ShapedType::isDynamic(outShape[out[j]])) {
      if (!inSymbolic || !ShapedType::isDynamic(outShape[out[j]]))
        return failure();
      indices[in[i++]] = outIvs[out[j++]];
      continue;
    }
    // The shortest runs in[i, iEnd) and out[j, jEnd) of equal element count;
    // the counts meet since the whole shapes have the same.
    size_t iEnd = i + 1, jEnd = j + 1;
    int64_t inCount = inShape[in[i]], outCount = outShape[out[j]];
    while (inCount != outCount) {
      bool growIn = inCount < outCount;
      size_t next = growIn ? iEnd : jEnd;
      ArrayRef<size_t> positions = growIn ? ArrayRef(in) : ArrayRef(out);
      ArrayRef<int64_t> shape = growIn ? inShape : outShape;
      if (next >= positions.size() || ShapedType::isDynamic(shape[positions[next]]))
        return failure();
      (growIn ? inCount : outCount) *= shape[positions[next]];
      ++(growIn ? iEnd : jEnd);
    }
    AffineExpr flat = zero; // the row-major position within the group
    for (size_t k = j; k < jEnd; ++k)
      flat = flat * outShape[out[k]] + outIvs[out[k]];
    int64_t stride = inCount;
    for (size_t k = i; k < iEnd; ++k) {
      stride /= inShape[in[k]];
      AffineExpr index = flat.floorDiv(stride);
      // The group's first index is below its extent already.
      indices[in[k]] = k == i ? index : index % inShape[in[k]];
    }
    i = iEnd;
    j = jEnd;
  }
  if (i != in.size() || j != out.size())
    return failure();
  return indices;
}

tensorir::PrimFuncOp legalizeReshape(LegalizeContext &ctx) {
  ArrayRef<int64_t> inShape = shapeOf(ctx.op->getOperand(0));
  ArrayRef<int64_t> outShape = shapeOf(ctx.op->getResult(0));
  MLIRContext *context = ctx.op->getContext();
  // flatten is a reshape to its result shape in TVM too. LegalizeOps checked
  // (reshapeLegalizes) that the indices exist.
  return legalizeCopy(ctx, "reshape", "T_reshape", [&](ArrayRef<AffineExpr> ivs) {
    return *reshapeIndices(inShape, outShape, ivs, context);
  });
}

tensorir::PrimFuncOp legalizeExpandDims(LegalizeContext &ctx) {
  auto op = llvm::cast<ExpandDimsOp>(ctx.op);
  int64_t rank = shapeOf(op.getResult()).size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t axis : op.getAxis())
    isNew[normalized(axis, rank)] = true;
  return legalizeCopy(ctx, "expand_dims", "T_expand_dims", [&](ArrayRef<AffineExpr> ivs) {
    SmallVector<AffineExpr> indices;
    for (int64_t i = 0; i < rank; ++i)
      if (!isNew[i])
        indices.push_back(ivs[i]);
    return indices;
  });
}

tensorir::PrimFuncOp legalizeSqueeze(LegalizeContext &ctx) {
  auto op = llvm::cast<SqueezeOp>(ctx.op);
  ArrayRef<int64_t> inShape = shapeOf(op.getData());
  int64_t rank = inShape.size();
  SmallVector<bool> removed(rank, false);
  if (std::optional<ArrayRef<int64_t>> axes = op.getAxis())
    for (int64_t axis : *axes)
      removed[normalized(axis, rank)] = true;
  else
    for (int64_t i = 0; i < rank; ++i)
      removed[i] = inShape[i] == 1;
  MLIRContext *context = ctx.op->getContext();
  return legalizeCopy(ctx, "squeeze", "T_squeeze", [&](ArrayRef<AffineExpr> ivs) {
    SmallVector<AffineExpr> indices;
    const AffineExpr *next = ivs.begin();
    for (int64_t i = 0; i < rank; ++i)
      indices.push_back(removed[i] ? getAffineConstantExpr(0, context) : *next++);
    return indices;
  });
}

//===----------------------------------------------------------------------===//
// concat, split
//===----------------------------------------------------------------------===//

/// `base`, `base_1`, `base_2`, ...: TVM's names of the blocks of one
/// function that share a name.
std::string nth(StringRef base, size_t index) {
  return index == 0 ? base.str() : base.str() + "_" + std::to_string(index);
}

/// `ivs` with `offset` added along `axis`.
SmallVector<AffineExpr> shifted(ArrayRef<AffineExpr> ivs, int64_t axis, int64_t offset) {
  SmallVector<AffineExpr> indices(ivs);
  indices[axis] = indices[axis] + offset;
  return indices;
}

/// One stage per input, each copying its input into its slice of the output.
/// TVM's compute is one block choosing the input with `T.if_then_else`;
/// tensorir has no lazy choice, and an eager one would read the other inputs
/// out of bounds, hence blocks `T_concat`, `T_concat_1`, ...
tensorir::PrimFuncOp legalizeConcat(LegalizeContext &ctx) {
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("concatenate", params);
  auto outType = getBufferType(ctx.op->getResult(0).getType());
  Value out = func.addParam(outType, "T_concat");
  unsigned rank = outType.getRank();
  int64_t axis = normalized(llvm::cast<ConcatOp>(ctx.op).getAxis(), rank);
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  int64_t offset = 0;
  for (auto [index, param] : llvm::enumerate(params)) {
    ArrayRef<int64_t> shape = shapeOf(param);
    Stage stage{nth("T_concat", index), numbered("ax", rank), SmallVector<int64_t>(shape),
                std::string(rank, 'S'), out, shifted(ivs, axis, offset), nullptr, nullptr};
    stage.body = [&, param = param](StageContext &s) { return s.load(param, ivs); };
    func.emit(stage);
    offset += shape[axis];
  }
  return func.finish();
}

/// One stage per result, each copying its slice of the input: blocks and
/// outputs `T_split_sections`, `T_split_sections_1`, ... (`T_split`, ... when
/// split at indices), as TVM's topi.split names them.
tensorir::PrimFuncOp legalizeSplit(LegalizeContext &ctx) {
  auto op = llvm::cast<SplitOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("split", params);
  StringRef base = op.getSections() ? "T_split_sections" : "T_split";
  SmallVector<Value> outs;
  for (auto [index, result] : llvm::enumerate(op.getResults()))
    outs.push_back(func.addParam(getBufferType(result.getType()), nth(base, index)));
  unsigned rank = shapeOf(op.getData()).size();
  int64_t axis = normalized(op.getAxis(), rank);
  SmallVector<AffineExpr> ivs = dims(func.getContext(), rank);
  // The pieces are contiguous: each starts where the previous one ended.
  int64_t begin = 0;
  for (auto [index, out] : llvm::enumerate(outs)) {
    ArrayRef<int64_t> shape = shapeOf(out);
    Stage stage{nth(base, index), numbered("ax", rank), SmallVector<int64_t>(shape),
                std::string(rank, 'S'), out, ivs, nullptr, nullptr};
    stage.body = [&, begin = begin](StageContext &s) {
      return s.load(params[0], shifted(ivs, axis, begin));
    };
    func.emit(stage);
    begin += shape[axis];
  }
  return func.finish();
}

//===----------------------------------------------------------------------===//
// strided_slice, take
//===----------------------------------------------------------------------===//

tensorir::PrimFuncOp legalizeStridedSlice(LegalizeContext &ctx) {
  auto op = llvm::cast<StridedSliceOp>(ctx.op);
  ArrayRef<int64_t> inShape = shapeOf(op.getData());
  int64_t rank = inShape.size();
  // Input index i of output index v: start[i] + v * stride[i].
  SmallVector<int64_t> start(rank, 0), stride(rank, 1);
  for (auto [i, axis] : llvm::enumerate(op.getAxes())) {
    int64_t d = normalized(axis, rank);
    stride[d] = op.getStrides() ? (*op.getStrides())[i] : 1;
    start[d] = StridedSliceOp::normalizeSlice(inShape[d], op.getBegin()[i], op.getEnd()[i],
                                              stride[d])
                   .first;
  }
  return legalizeCopy(ctx, "strided_slice", "T_strided_slice_with_axes",
                      [&](ArrayRef<AffineExpr> ivs) {
                        SmallVector<AffineExpr> indices;
                        for (int64_t d = 0; d < rank; ++d)
                          indices.push_back(ivs[d] * stride[d] + start[d]);
                        return indices;
                      });
}

/// `T_take[.., j.., ..] = data[.., indices[j..], ..]`. The gathered index is
/// loaded, so the data read is not affine in the iteration variables: its
/// read region gives 0 (where the whole axis, which it may read, starts)
/// along the axis. That region looks like a broadcast, so the function
/// states TVM's pattern for take, injective, for AnnotateTIROpPattern to keep.
tensorir::PrimFuncOp legalizeTake(LegalizeContext &ctx) {
  auto op = llvm::cast<TakeOp>(ctx.op);
  int64_t dataRank = shapeOf(op.getData()).size();
  int64_t indexRank = shapeOf(op.getIndices()).size();
  int64_t axis = normalized(op.getAxis().value_or(0), dataRank);
  MLIRContext *context = ctx.op->getContext();
  tensorir::PrimFuncOp func = legalizeOneStage(
      ctx, "take", "T_take",
      [&](StageContext &s, ArrayRef<Value> params, ArrayRef<AffineExpr> ivs) {
        Value index = s.load(params[1], ivs.slice(axis, indexRank));
        Value position =
            arith::IndexCastOp::create(s.builder, s.loc, s.builder.getIndexType(), index);
        SmallVector<Value> at;
        SmallVector<AffineExpr> region;
        for (int64_t d = 0; d < dataRank; ++d) {
          if (d == axis) {
            at.push_back(position);
            region.push_back(getAffineConstantExpr(0, context));
            continue;
          }
          // Output dimensions: data's before axis, the indices', data's after.
          int64_t k = d < axis ? d : d - 1 + indexRank;
          at.push_back(s.iterVars[k]);
          region.push_back(ivs[k]);
        }
        return s.loadAt(params[0], at, region);
      });
  func->setAttr(kOpPatternAttr, IntegerAttr::get(IntegerType::get(context, 64),
                                                 static_cast<int64_t>(OpPattern::Injective)));
  return func;
}

//===----------------------------------------------------------------------===//
// broadcast_to, full, zeros, ones, where, astype
//===----------------------------------------------------------------------===//

tensorir::PrimFuncOp legalizeBroadcastTo(LegalizeContext &ctx) {
  ArrayRef<int64_t> inShape = shapeOf(ctx.op->getOperand(0));
  ArrayRef<int64_t> outShape = shapeOf(ctx.op->getResult(0));
  MLIRContext *context = ctx.op->getContext();
  return legalizeCopy(ctx, "broadcast_to", "T_broadcast_to", [&](ArrayRef<AffineExpr> ivs) {
    return broadcastIndices(inShape, outShape, ivs, context);
  });
}

/// full/zeros/ones: `T_full` holds `value` everywhere (TVM's topi.full);
/// the inference checked that an integer type holds it.
Legalizer filled(StringRef name, std::function<double(Operation *)> value) {
  return [name = name.str(), value](LegalizeContext &ctx) {
    double fill = value(ctx.op);
    Type element = llvm::cast<ShapedType>(ctx.op->getResult(0).getType()).getElementType();
    return legalizeOneStage(ctx, name, "T_full",
                            [&](StageContext &s, ArrayRef<Value>, ArrayRef<AffineExpr>) {
                              return s.constant(element, fill);
                            });
  };
}

tensorir::PrimFuncOp legalizeWhere(LegalizeContext &ctx) {
  ArrayRef<int64_t> outShape = shapeOf(ctx.op->getResult(0));
  MLIRContext *context = ctx.op->getContext();
  return legalizeOneStage(
      ctx, "where", "T_where",
      [&](StageContext &s, ArrayRef<Value> params, ArrayRef<AffineExpr> ivs) {
        SmallVector<Value> values;
        for (Value param : params)
          values.push_back(s.load(param, broadcastIndices(shapeOf(param), outShape, ivs, context)));
        return arith::SelectOp::create(s.builder, s.loc, values[0], values[1], values[2]);
      });
}

/// `value` as `to`, as TVM's T.Cast: `i1` reads as 0/1 and is `value != 0`;
/// the other conversions are castValue's.
Value convertElement(StageContext &s, Value value, Type to) {
  OpBuilder &b = s.builder;
  Type from = value.getType();
  if (from == to)
    return value;
  if (to.isInteger(1)) {
    Value zero = s.constant(from, 0);
    if (isFloat(value)) // unordered: NaN is true, as in C and NumPy
      return arith::CmpFOp::create(b, s.loc, arith::CmpFPredicate::UNE, value, zero);
    return arith::CmpIOp::create(b, s.loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (from.isInteger(1)) // castValue's signed conversions would make true -1
    return llvm::isa<FloatType>(to) ? Value(arith::UIToFPOp::create(b, s.loc, to, value))
                                    : Value(arith::ExtUIOp::create(b, s.loc, to, value));
  auto fromFloat = llvm::dyn_cast<FloatType>(from), toFloat = llvm::dyn_cast<FloatType>(to);
  if (fromFloat && toFloat && fromFloat.getWidth() == toFloat.getWidth()) {
    // f16 <-> bf16: neither extends the other; go through f32.
    Value wide = arith::ExtFOp::create(b, s.loc, b.getF32Type(), value);
    return arith::TruncFOp::create(b, s.loc, to, wide);
  }
  return castValue(b, s.loc, value, to);
}

tensorir::PrimFuncOp legalizeAstype(LegalizeContext &ctx) {
  Type to = llvm::cast<AstypeOp>(ctx.op).getDtype();
  return legalizeUnary(ctx, "cast", [to](StageContext &s, ValueRange v) {
    return convertElement(s, v[0], to);
  });
}

//===----------------------------------------------------------------------===//
// tril, triu, cumsum, arange, flip
//===----------------------------------------------------------------------===//

/// TVM's topi.trilu: `x` where `j - i <= k` (lower) or `>= k` (upper), over
/// the last two dimensions, else 0.
Legalizer triangle(bool lower) {
  return [lower](LegalizeContext &ctx) {
    int64_t k = lower ? static_cast<int64_t>(llvm::cast<TrilOp>(ctx.op).getK())
                      : static_cast<int64_t>(llvm::cast<TriuOp>(ctx.op).getK());
    return legalizeOneStage(
        ctx, "trilu", "trilu",
        [&](StageContext &s, ArrayRef<Value> params, ArrayRef<AffineExpr> ivs) -> Value {
          IndexMath math(s);
          unsigned rank = ivs.size();
          Value row = s.iterVars[rank - 2], column = s.iterVars[rank - 1];
          Value diagonal = math.add(row, math.constant(k));
          Value keep = math.compare(lower ? arith::CmpIPredicate::sle : arith::CmpIPredicate::sge,
                                    column, diagonal);
          Value x = s.load(params[0], ivs);
          return arith::SelectOp::create(s.builder, s.loc, keep, x, s.constant(x.getType(), 0.0));
        });
  };
}

/// The input element at flat (row-major) index `flat` of a tensor of shape
/// `shape`.
SmallVector<AffineExpr> unflatten(AffineExpr flat, ArrayRef<int64_t> shape) {
  SmallVector<AffineExpr> indices(shape.size());
  int64_t stride = 1;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    AffineExpr index = stride == 1 ? flat : flat.floorDiv(stride);
    indices[d] = d == 0 ? index : index % shape[d];
    stride *= shape[d];
  }
  return indices;
}

/// cumsum as a reduction: output element `i` along the axis sums the input
/// elements `k <= i` (`k < i` when exclusive). Quadratic in the axis' extent,
/// but one block of the kind every later pass handles.
tensorir::PrimFuncOp legalizeCumsum(LegalizeContext &ctx) {
  auto cumsum = llvm::cast<CumsumOp>(ctx.op);
  SmallVector<Value> params;
  PrimFuncBuilder func = ctx.start("cumsum", params);
  auto outType = getBufferType(cumsum.getType());
  Value out = func.addParam(outType, "T_cumsum");
  MLIRContext *context = func.getContext();
  ArrayRef<int64_t> inShape = shapeOf(params[0]);
  unsigned rank = outType.getRank();
  std::optional<uint64_t> axisAttr = cumsum.getAxis();
  unsigned axis = axisAttr ? normalized(static_cast<int64_t>(*axisAttr), inShape.size()) : 0;
  SmallVector<AffineExpr> ivs = dims(context, rank);
  AffineExpr k = getAffineDimExpr(rank, context);
  SmallVector<AffineExpr> inIndices(ivs);
  if (axisAttr)
    inIndices[axis] = k;
  else
    inIndices = unflatten(k, inShape);
  SmallVector<std::string> loops = numbered("ax", rank);
  loops.push_back("k");
  SmallVector<int64_t> extents(outType.getShape());
  extents.push_back(outType.getShape()[axis]);
  Stage stage{"T_cumsum", loops, extents, std::string(rank, 'S') + "R", out, ivs, nullptr,
              nullptr};
  Type element = outType.getElementType();
  bool exclusive = cumsum.getExclusive();
  stage.init = [&](StageContext &s) { return s.constant(element, 0.0); };
  stage.body = [&](StageContext &s) {
    IndexMath math(s);
    Value taken = math.compare(exclusive ? arith::CmpIPredicate::slt : arith::CmpIPredicate::sle,
                               s.iterVars[rank], s.iterVars[axis]);
    Value x = convertElement(s, s.load(params[0], inIndices), element);
    Value term = arith::SelectOp::create(s.builder, s.loc, taken, x, s.constant(element, 0.0));
    return addValues(s.builder, s.loc, s.loadOutput(), term);
  };
  func.emit(stage);
  return func.finish();
}

/// `start + i * step` (TVM's topi.arange): integers computed on the index and
/// cast once, as the TVMScript parser builds `T.Cast(dtype, i * step + start)`;
/// floats computed in the element type.
tensorir::PrimFuncOp legalizeArange(LegalizeContext &ctx) {
  auto arange = llvm::cast<ArangeOp>(ctx.op);
  double start = arange.getStart().convertToDouble(), step = arange.getStep().convertToDouble();
  Type element = arange.getType().getElementType();
  return legalizeOneStage(
      ctx, "arange", "T_arange", [&](StageContext &s, ArrayRef<Value>, ArrayRef<AffineExpr>) {
        IndexMath math(s);
        Value i = s.iterVars[0];
        if (!llvm::isa<FloatType>(element)) {
          Value value = math.scale(i, static_cast<int64_t>(step));
          if (start != 0)
            value = math.add(value, math.constant(static_cast<int64_t>(start)));
          return math.toScalar(value, element);
        }
        Value scaled = mulValues(s.builder, s.loc, math.toScalar(i, element), s.constant(element, step));
        return addValues(s.builder, s.loc, scaled, s.constant(element, start));
      });
}

/// TVM's topi.flip: element `i` along the axis reads `n - 1 - i`.
tensorir::PrimFuncOp legalizeFlip(LegalizeContext &ctx) {
  ArrayRef<int64_t> shape = shapeOf(ctx.op->getOperand(0));
  unsigned axis = normalized(static_cast<int64_t>(llvm::cast<FlipOp>(ctx.op).getAxis()), shape.size());
  return legalizeCopy(ctx, "flip", "T_reverse_sequence", [&](ArrayRef<AffineExpr> ivs) {
    SmallVector<AffineExpr> indices(ivs);
    indices[axis] = (shape[axis] - 1) - ivs[axis];
    return indices;
  });
}

} // namespace

bool relax::reshapeLegalizes(ArrayRef<int64_t> inShape, ArrayRef<int64_t> outShape,
                             MLIRContext *context) {
  return succeeded(
      reshapeIndices(inShape, outShape, dims(context, outShape.size()), context));
}

void relax::populateManipulateLegalizers(LegalizerTable &table) {
  table.insert({
      {ReshapeOp::getOperationName(), legalizeReshape},
      {FlattenOp::getOperationName(), legalizeReshape},
      {ExpandDimsOp::getOperationName(), legalizeExpandDims},
      {SqueezeOp::getOperationName(), legalizeSqueeze},
      {ConcatOp::getOperationName(), legalizeConcat},
      {SplitOp::getOperationName(), legalizeSplit},
      {StridedSliceOp::getOperationName(), legalizeStridedSlice},
      {TakeOp::getOperationName(), legalizeTake},
      {BroadcastToOp::getOperationName(), legalizeBroadcastTo},
      {FullOp::getOperationName(), filled("full", [](Operation *op) {
         return llvm::cast<FullOp>(op).getFillValue().convertToDouble();
       })},
      {ZerosOp::getOperationName(), filled("zeros", [](Operation *) { return 0.0; })},
      {OnesOp::getOperationName(), filled("ones", [](Operation *) { return 1.0; })},
      {WhereOp::getOperationName(), legalizeWhere},
      {AstypeOp::getOperationName(), legalizeAstype},
      {TrilOp::getOperationName(), triangle(/*lower=*/true)},
      {TriuOp::getOperationName(), triangle(/*lower=*/false)},
      {CumsumOp::getOperationName(), legalizeCumsum},
      {ArangeOp::getOperationName(), legalizeArange},
      {FlipOp::getOperationName(), legalizeFlip},
  });
}
