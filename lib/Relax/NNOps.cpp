//===- NNOps.cpp - relax neural-network operators: softmax, norms, conv2d, pooling, attention ===//
//
// Shape inference and verifiers of the ops in RelaxNNOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Checks that operand `what` has the element type `expected` (that of
/// `expectedWhat`).
template <typename OpT>
LogicalResult checkElementType(RankedTensorType type, StringRef what, Type expected,
                               StringRef expectedWhat, std::optional<Location> loc) {
  if (type.getElementType() == expected)
    return success();
  return inferError<OpT>(loc, what, " must have element type ", expected, " (that of ",
                         expectedWhat, "), got ", type.getElementType());
}

/// Checks that operand `what` has the shape `expected`, dimension by
/// dimension (a symbolic dimension matches anything not provably different);
/// `why` says where the expected shape comes from.
template <typename OpT>
LogicalResult checkShape(RankedTensorType type, StringRef what, ArrayRef<Dim> expected,
                         StringRef why, std::optional<Location> loc) {
  SmallVector<Dim> got = getDims(type);
  bool matches = got.size() == expected.size() &&
                 llvm::none_of(llvm::zip(got, expected), [](auto pair) {
                   return std::get<0>(pair).differsFrom(std::get<1>(pair));
                 });
  if (matches)
    return success();
  return inferError<OpT>(loc, what, " must have shape ", formatShape(expected), " (", why,
                         "), got ", formatShape(got));
}

/// The softmax family's rule: `axis` names a dimension of `data`.
template <typename OpT>
LogicalResult verifySoftmaxAxis(OpT op) {
  int64_t rank = op.getData().getType().getRank();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (rank == 0)
    return op.emitOpError("data must have rank at least 1, got a scalar tensor");
  if (axis < -rank || axis >= rank)
    return op.emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}

} // namespace

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

/// The dimensions of a rank-`rank` tensor that `axes` names (negative counts
/// from the end), each at most once.
template <typename OpT>
static FailureOr<SmallVector<bool>> normalizedDims(ArrayRef<int64_t> axes, int64_t rank,
                                                   std::optional<Location> loc) {
  if (axes.empty())
    return inferError<OpT>(loc, "axes must name at least one dimension");
  SmallVector<bool> normalized(rank, false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> dim = normalizeAxis<OpT>(axis, rank, loc);
    if (failed(dim))
      return failure();
    if (normalized[*dim])
      return inferError<OpT>(loc, "axes names dimension ", *dim, " twice (axis ", axis, ")");
    normalized[*dim] = true;
  }
  return normalized;
}

/// Checks each affine vector (gamma, beta, weight) of a norm over the
/// `normalized` dimensions of `data`: it has their shape, in data's order
/// (which is how TVM's topi indexes them), and data's element type.
template <typename OpT>
static LogicalResult checkNormVectors(RankedTensorType data, ArrayRef<bool> normalized,
                                      ArrayRef<std::pair<Value, StringRef>> vectors,
                                      std::optional<Location> loc) {
  SmallVector<Dim> dims = getDims(data), expected;
  for (auto [dim, isNormalized] : llvm::zip(dims, normalized))
    if (isNormalized)
      expected.push_back(dim);
  std::string why = "the dimensions of data " + formatShape(dims) + " that axes normalizes";
  for (auto [value, what] : vectors) {
    FailureOr<RankedTensorType> type = getRankedTensor<OpT>(value, what, loc);
    if (failed(type) ||
        failed(checkElementType<OpT>(*type, what, data.getElementType(), "data", loc)) ||
        failed(checkShape<OpT>(*type, what, expected, why, loc)))
      return failure();
  }
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  // Ranked by ODS, but inference also runs from builders before verification.
  FailureOr<RankedTensorType> data = getRankedTensor<LayerNormOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<bool>> normalized =
      normalizedDims<LayerNormOp>(adaptor.getAxes(), data->getRank(), loc);
  if (failed(normalized) ||
      failed(checkNormVectors<LayerNormOp>(
          *data, *normalized, {{adaptor.getGamma(), "gamma"}, {adaptor.getBeta(), "beta"}}, loc)))
    return failure();
  inferred.push_back(*data);
  return success();
}

LogicalResult RMSNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<RMSNormOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<bool>> normalized =
      normalizedDims<RMSNormOp>(adaptor.getAxes(), data->getRank(), loc);
  if (failed(normalized) ||
      failed(checkNormVectors<RMSNormOp>(*data, *normalized, {{adaptor.getWeight(), "weight"}},
                                         loc)))
    return failure();
  inferred.push_back(*data);
  return success();
}

LogicalResult GroupNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<GroupNormOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  int64_t rank = data->getRank();
  FailureOr<int64_t> channel = normalizeAxis<GroupNormOp>(
      static_cast<int64_t>(adaptor.getChannelAxis()), rank, loc);
  if (failed(channel))
    return failure();
  FailureOr<SmallVector<bool>> normalized =
      normalizedDims<GroupNormOp>(adaptor.getAxes(), rank, loc);
  if (failed(normalized))
    return failure();
  if ((*normalized)[*channel])
    return inferError<GroupNormOp>(loc, "axes must not name the channel axis ", *channel);
  int64_t groups = static_cast<int64_t>(adaptor.getNumGroups());
  Dim channels = getDims(*data)[*channel];
  if (groups <= 0)
    return inferError<GroupNormOp>(loc, "num_groups must be positive, got ", groups);
  if (channels.isStatic() && channels.extent % groups != 0)
    return inferError<GroupNormOp>(loc, "num_groups ", groups, " does not divide the ",
                                   channels.extent, " channels");
  SmallVector<bool> channelOnly(rank, false);
  channelOnly[*channel] = true;
  if (failed(checkNormVectors<GroupNormOp>(
          *data, channelOnly, {{adaptor.getGamma(), "gamma"}, {adaptor.getBeta(), "beta"}}, loc)))
    return failure();
  inferred.push_back(*data);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<BatchNormOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis<BatchNormOp>(
      static_cast<int64_t>(adaptor.getAxis()), data->getRank(), loc);
  if (failed(axis))
    return failure();
  SmallVector<Dim> channels{getDims(*data)[*axis]};
  std::string why = "the extent of dimension " + std::to_string(*axis) + " of data";
  std::pair<Value, StringRef> vectors[] = {{adaptor.getGamma(), "gamma"},
                                           {adaptor.getBeta(), "beta"},
                                           {adaptor.getMovingMean(), "moving_mean"},
                                           {adaptor.getMovingVar(), "moving_var"}};
  for (auto [value, what] : vectors) {
    FailureOr<RankedTensorType> type = getRankedTensor<BatchNormOp>(value, what, loc);
    if (failed(type) ||
        failed(checkElementType<BatchNormOp>(*type, what, data->getElementType(), "data", loc)) ||
        failed(checkShape<BatchNormOp>(*type, what, channels, why, loc)))
      return failure();
  }
  // Inference: the running statistics come out unchanged.
  inferred.push_back(*data);
  inferred.push_back(adaptor.getMovingMean().getType());
  inferred.push_back(adaptor.getMovingVar().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// DropoutOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  // The output and the mask, both of data's type (as TVM's).
  inferred.push_back(adaptor.getData().getType());
  inferred.push_back(adaptor.getData().getType());
  return success();
}

LogicalResult DropoutOp::verify() {
  double rate = getRate().convertToDouble();
  if (!(rate >= 0.0 && rate < 1.0)) // also rejects NaN
    return emitOpError("rate must be in [0, 1), got ") << rate;
  return success();
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

namespace {

/// The dimension of the two that says more: a static extent over a symbol.
Dim moreKnown(const Dim &a, const Dim &b) { return a.isStatic() || !b.isStatic() ? a : b; }

/// Checks that dimension `index` (called `name`) agrees between two
/// attention operands.
LogicalResult checkSameDim(ArrayRef<Dim> lhs, StringRef lhsWhat, ArrayRef<Dim> rhs,
                           StringRef rhsWhat, unsigned index, StringRef name,
                           std::optional<Location> loc) {
  if (!lhs[index].differsFrom(rhs[index]))
    return success();
  return inferError<AttentionOp>(loc, lhsWhat, " ", formatShape(lhs), " and ", rhsWhat, " ",
                                 formatShape(rhs), " differ in ", name, " (dimension ", index,
                                 "): ", lhs[index].str(), " vs ", rhs[index].str());
}

} // namespace

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> queryType =
      getRankedTensor<AttentionOp>(adaptor.getQuery(), "query", loc);
  FailureOr<RankedTensorType> keyType = getRankedTensor<AttentionOp>(adaptor.getKey(), "key", loc);
  FailureOr<RankedTensorType> valueType =
      getRankedTensor<AttentionOp>(adaptor.getValue(), "value", loc);
  if (failed(queryType) || failed(keyType) || failed(valueType))
    return failure();
  RankedTensorType query = *queryType, key = *keyType, value = *valueType;
  std::pair<RankedTensorType, StringRef> operands[] = {
      {query, "query"}, {key, "key"}, {value, "value"}};
  for (auto [type, what] : operands)
    if (type.getRank() != 4)
      return inferError<AttentionOp>(loc, what,
                                     " must have rank 4 (batch, seq_len, num_heads, "
                                     "head_dim), got shape ",
                                     formatShape(getDims(type)));
  if (failed(checkElementType<AttentionOp>(key, "key", query.getElementType(), "query", loc)) ||
      failed(checkElementType<AttentionOp>(value, "value", query.getElementType(), "query",
                                           loc)))
    return failure();
  SmallVector<Dim> q = getDims(query), k = getDims(key), v = getDims(value);
  if (failed(checkSameDim(q, "query", k, "key", 0, "batch", loc)) ||
      failed(checkSameDim(q, "query", v, "value", 0, "batch", loc)) ||
      failed(checkSameDim(q, "query", k, "key", 2, "num_heads", loc)) ||
      failed(checkSameDim(q, "query", v, "value", 2, "num_heads", loc)) ||
      failed(checkSameDim(q, "query", k, "key", 3, "head_dim", loc)) ||
      failed(checkSameDim(k, "key", v, "value", 1, "seq_len_kv", loc)))
    return failure();
  if (std::optional<StringRef> mask = adaptor.getCausalMask())
    if (*mask != "TopLeft" && *mask != "BottomRight")
      return inferError<AttentionOp>(
          loc, "causal_mask must be \"TopLeft\" or \"BottomRight\", got \"", *mask, "\"");
  SmallVector<Dim> out{moreKnown(moreKnown(q[0], k[0]), v[0]), q[1],
                       moreKnown(moreKnown(q[2], k[2]), v[2]), v[3]};
  inferred.push_back(getTensorType(out, query.getElementType()));
  return success();
}
