//===- ReduceOps.cpp - relax reductions: sum, mean, max, argmax, ... ===//
//
// Shape inference and verifiers of the ops in RelaxReduceOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

using namespace mlir;
using namespace mlir::relax;

namespace {

/// The operand as a ranked tensor of floats or signless integers wider than
/// `i1`: what the reductions add, multiply and compare (arith has no ops on
/// signed/unsigned integer types, and a boolean sum is not an integer sum).
template <typename OpT>
FailureOr<RankedTensorType> getReducible(Value data, std::optional<Location> loc) {
  FailureOr<RankedTensorType> type = getRankedTensor<OpT>(data, "data", loc);
  if (failed(type))
    return failure();
  Type element = type->getElementType();
  if (llvm::isa<FloatType>(element) ||
      (element.isSignlessInteger() && element.getIntOrFloatBitWidth() > 1))
    return type;
  (void)inferError<OpT>(loc, "data must have a float or signless integer element type "
                             "(not i1), got ",
                        element);
  return failure();
}

/// Which dimensions of a tensor of `rank` the reduction `axis` names; every
/// dimension when `axis` is absent (TVM's `axis=None`).
template <typename OpT>
FailureOr<SmallVector<bool>> getReducedDims(std::optional<ArrayRef<int64_t>> axis,
                                            int64_t rank, std::optional<Location> loc) {
  SmallVector<bool> reduced(rank, !axis.has_value());
  if (!axis)
    return reduced;
  // TVM's relax and topi disagree on an empty list (nothing vs everything
  // reduced): refuse it rather than pick one.
  if (axis->empty()) {
    (void)inferError<OpT>(loc, "axis is empty; leave it out to reduce every dimension");
    return failure();
  }
  for (int64_t given : *axis) {
    FailureOr<int64_t> normalized = normalizeAxis<OpT>(given, rank, loc);
    if (failed(normalized))
      return failure();
    if (reduced[*normalized]) {
      (void)inferError<OpT>(loc, "axis names dimension ", *normalized, " twice (axis ",
                            given, ")");
      return failure();
    }
    reduced[*normalized] = true;
  }
  return reduced;
}

/// The shape left by reducing `reduced` dimensions of `dims`: dropped, or
/// kept as extent 1 with `keepdims`. Symbolic dimensions not reduced keep
/// their names.
SmallVector<Dim> reducedShape(ArrayRef<Dim> dims, ArrayRef<bool> reduced, bool keepdims) {
  SmallVector<Dim> out;
  for (auto [dim, isReduced] : llvm::zip(dims, reduced)) {
    if (!isReduced)
      out.push_back(dim);
    else if (keepdims)
      out.push_back(Dim::known(1));
  }
  return out;
}

/// Result type of the statistical reductions (sum, mean, max, ...): the
/// operand's element type over the reduced shape.
template <typename OpT>
LogicalResult inferReduce(typename OpT::Adaptor adaptor, std::optional<Location> loc,
                          SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getReducible<OpT>(adaptor.getData(), loc);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<bool>> reduced =
      getReducedDims<OpT>(adaptor.getAxis(), data->getRank(), loc);
  if (failed(reduced))
    return failure();
  SmallVector<Dim> shape = reducedShape(getDims(*data), *reduced, adaptor.getKeepdims());
  inferred.push_back(getTensorType(shape, data->getElementType()));
  return success();
}

} // namespace

#define RELAX_REDUCE(OP)                                                                  \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> loc,          \
                                     Adaptor adaptor, SmallVectorImpl<Type> &inferred) {  \
    return inferReduce<OP>(adaptor, loc, inferred);                                       \
  }
RELAX_REDUCE(SumOp)
RELAX_REDUCE(MeanOp)
RELAX_REDUCE(MaxOp)
RELAX_REDUCE(MinOp)
RELAX_REDUCE(ProdOp)
RELAX_REDUCE(VarianceOp)
#undef RELAX_REDUCE

/// argmax/argmin: one axis, or all of them (the flat index) when absent.
template <typename OpT>
static LogicalResult inferArgReduce(typename OpT::Adaptor adaptor, MLIRContext *context,
                                    std::optional<Location> loc,
                                    SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getReducible<OpT>(adaptor.getData(), loc);
  if (failed(data))
    return failure();
  std::optional<SmallVector<int64_t>> axes;
  if (std::optional<uint64_t> axis = adaptor.getAxis())
    axes = SmallVector<int64_t>{static_cast<int64_t>(*axis)};
  FailureOr<SmallVector<bool>> reduced = getReducedDims<OpT>(
      axes ? std::optional<ArrayRef<int64_t>>(*axes) : std::nullopt, data->getRank(), loc);
  if (failed(reduced))
    return failure();
  SmallVector<Dim> shape = reducedShape(getDims(*data), *reduced, adaptor.getKeepdims());
  inferred.push_back(getTensorType(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferArgReduce<ArgmaxOp>(adaptor, context, loc, inferred);
}

LogicalResult ArgminOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferArgReduce<ArgminOp>(adaptor, context, loc, inferred);
}
