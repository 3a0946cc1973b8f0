//===- ManipulateOps.cpp - relax shape manipulation: reshape, concat, split, ... ===//
//
// Shape inference and verifiers of the ops in RelaxManipulateOps.td. The
// rules are TVM's (NumPy's where TVM follows NumPy); errors name the argument
// and give the shapes as TVMScript writes them.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::relax;

namespace {

/// `[2, -1]`: an integer list attribute as the text writes it.
std::string formatInts(ArrayRef<int64_t> values) {
  std::string text = "[";
  llvm::interleave(
      values, [&](int64_t value) { text += std::to_string(value); }, [&] { text += ", "; });
  return text + "]";
}

Dim anonymousDim(MLIRContext *context) {
  return Dim{ShapedType::kDynamic, StringAttr::get(context, kAnonymousDim)};
}

/// `axes` as dimension indices of a tensor of rank `rank`, each in
/// `[-rank, rank)` and given at most once; `what` names the attribute.
template <typename OpT>
FailureOr<SmallVector<int64_t>> normalizeAxes(ArrayRef<int64_t> axes, int64_t rank,
                                              StringRef what, std::optional<Location> loc) {
  SmallVector<int64_t> normalized;
  SmallVector<bool> seen(rank, false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> index = normalizeAxis<OpT>(axis, rank, loc);
    if (failed(index))
      return failure();
    if (seen[*index])
      return inferError<OpT>(loc, "axis ", axis, " appears twice in ", what);
    seen[*index] = true;
    normalized.push_back(*index);
  }
  return normalized;
}

/// The element count of static `extents`, or an error when it does not fit
/// in 64 bits.
template <typename OpT>
FailureOr<int64_t> elementCount(ArrayRef<int64_t> extents, std::optional<Location> loc) {
  int64_t count = 1;
  for (int64_t extent : extents)
    if (llvm::MulOverflow(count, extent, count))
      return inferError<OpT>(loc, "the shape ", formatInts(extents),
                             " has more elements than fit in 64 bits");
  return count;
}

/// The dimensions of a `shape` attribute, whose extents must be non-negative.
template <typename OpT>
FailureOr<SmallVector<Dim>> shapeDims(ArrayRef<int64_t> shape, std::optional<Location> loc) {
  SmallVector<Dim> dims;
  for (auto [index, extent] : llvm::enumerate(shape)) {
    if (extent < 0)
      return inferError<OpT>(loc, "shape has the negative extent ", extent, " at position ",
                             index);
    dims.push_back(Dim::known(extent));
  }
  if (failed(elementCount<OpT>(shape, loc)))
    return failure();
  return dims;
}

/// The static extents of `dims`, if all are static.
std::optional<SmallVector<int64_t>> staticExtents(ArrayRef<Dim> dims) {
  SmallVector<int64_t> extents;
  for (const Dim &dim : dims) {
    if (!dim.isStatic())
      return std::nullopt;
    extents.push_back(dim.extent);
  }
  return extents;
}

} // namespace

//===----------------------------------------------------------------------===//
// reshape, expand_dims, squeeze, flatten
//===----------------------------------------------------------------------===//

/// The shape of a reshape to `shape` (with at most one `-1`) of `input`.
static FailureOr<SmallVector<Dim>> inferReshape(ArrayRef<Dim> input, ArrayRef<int64_t> shape,
                                                std::optional<Location> loc) {
  std::optional<size_t> inferred;
  SmallVector<int64_t> known; // the extents other than -1
  for (auto [index, extent] : llvm::enumerate(shape)) {
    if (extent == -1) {
      if (inferred)
        return inferError<ReshapeOp>(loc, "shape may hold -1 only once, got positions ",
                                     *inferred, " and ", index);
      inferred = index;
      continue;
    }
    if (extent < 0)
      return inferError<ReshapeOp>(loc, "shape has the negative extent ", extent,
                                   " at position ", index, " (only -1 is allowed)");
    known.push_back(extent);
  }
  FailureOr<int64_t> knownCount = elementCount<ReshapeOp>(known, loc);
  if (failed(knownCount))
    return failure();
  std::optional<SmallVector<int64_t>> inputExtents = staticExtents(input);
  SmallVector<Dim> result;
  for (int64_t extent : shape)
    result.push_back(Dim::known(extent));
  if (!inputExtents) {
    // The product of symbolic extents is checked at run time. -1 stands for
    // the input's one symbolic dimension when the static extents on both
    // sides multiply to the same count.
    if (!inferred)
      return result;
    const Dim *symbolic = nullptr;
    int64_t staticCount = 1, symbolicCount = 0;
    for (const Dim &dim : input) {
      if (!dim.isStatic()) {
        symbolic = &dim;
        ++symbolicCount;
      } else if (llvm::MulOverflow(staticCount, dim.extent, staticCount)) {
        return inferError<ReshapeOp>(loc, "the shape ", formatShape(input),
                                     " has more elements than fit in 64 bits");
      }
    }
    if (symbolicCount != 1 || staticCount != *knownCount)
      return inferError<ReshapeOp>(loc, "shape ", formatInts(shape),
                                   " infers a dimension with -1, which needs a static input "
                                   "shape, or one symbolic dimension and the other extents "
                                   "multiplying to the same count; got ",
                                   formatShape(input));
    result[*inferred] = *symbolic;
    return result;
  }
  FailureOr<int64_t> inputCount = elementCount<ReshapeOp>(*inputExtents, loc);
  if (failed(inputCount))
    return failure();
  if (inferred) {
    if (*knownCount == 0 || *inputCount % *knownCount != 0)
      return inferError<ReshapeOp>(loc, "cannot reshape ", formatShape(input), " (",
                                   *inputCount, " elements) to ", formatInts(shape),
                                   ": the other extents multiply to ", *knownCount);
    result[*inferred] = Dim::known(*inputCount / *knownCount);
  } else if (*knownCount != *inputCount) {
    return inferError<ReshapeOp>(loc, "cannot reshape ", formatShape(input), " (", *inputCount,
                                 " elements) to ", formatShape(result), " (", *knownCount,
                                 " elements)");
  }
  return result;
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<ReshapeOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<Dim>> shape = inferReshape(getDims(*data), adaptor.getShape(), loc);
  if (failed(shape))
    return failure();
  inferred.push_back(getTensorType(*shape, data->getElementType()));
  return success();
}

LogicalResult ExpandDimsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<ExpandDimsOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  // Axes index the result, whose rank counts the new dimensions.
  int64_t rank = dims.size() + adaptor.getAxis().size();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes<ExpandDimsOp>(adaptor.getAxis(), rank, "axis", loc);
  if (failed(axes))
    return failure();
  SmallVector<bool> isNew(rank, false);
  for (int64_t axis : *axes)
    isNew[axis] = true;
  SmallVector<Dim> result;
  const Dim *next = dims.begin();
  for (int64_t i = 0; i < rank; ++i)
    result.push_back(isNew[i] ? Dim::known(1) : *next++);
  inferred.push_back(getTensorType(result, data->getElementType()));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<SqueezeOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  int64_t rank = dims.size();
  SmallVector<bool> removed(rank, false);
  if (std::optional<ArrayRef<int64_t>> given = adaptor.getAxis()) {
    FailureOr<SmallVector<int64_t>> axes = normalizeAxes<SqueezeOp>(*given, rank, "axis", loc);
    if (failed(axes))
      return failure();
    for (int64_t axis : *axes) {
      // A symbolic extent is taken to be 1 (TVM checks it at run time).
      if (dims[axis].isStatic() && dims[axis].extent != 1)
        return inferError<SqueezeOp>(loc, "cannot squeeze dimension ", axis, " of ",
                                     formatShape(dims), ": its extent is ", dims[axis].extent,
                                     ", not 1");
      removed[axis] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i) {
      if (!dims[i].isStatic())
        return inferError<SqueezeOp>(loc, "squeeze without axis needs static extents to know "
                                          "which dimensions are 1, got ",
                                     formatShape(dims), "; list the axes to remove");
      removed[i] = dims[i].extent == 1;
    }
  }
  SmallVector<Dim> result;
  for (int64_t i = 0; i < rank; ++i)
    if (!removed[i])
      result.push_back(dims[i]);
  inferred.push_back(getTensorType(result, data->getElementType()));
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<FlattenOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  Dim flat = Dim::known(1);
  if (std::optional<SmallVector<int64_t>> extents = staticExtents(dims)) {
    FailureOr<int64_t> count = elementCount<FlattenOp>(*extents, loc);
    if (failed(count))
      return failure();
    flat = Dim::known(*count);
  } else if (llvm::any_of(dims, [](const Dim &d) { return d.isStatic() && d.extent == 0; })) {
    flat = Dim::known(0);
  } else {
    // One symbolic dimension among extents of 1 keeps its name; a product of
    // several is known by no name.
    SmallVector<Dim> nonUnit;
    for (const Dim &dim : dims)
      if (!dim.isStatic() || dim.extent != 1)
        nonUnit.push_back(dim);
    flat = nonUnit.size() == 1 ? nonUnit.front() : anonymousDim(context);
  }
  inferred.push_back(getTensorType({flat}, data->getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

/// The extent shared by the tensors in a dimension other than the concat
/// axis: a static one if any tensor has it, else a common name, else none.
static Dim commonDim(ArrayRef<Dim> dims, MLIRContext *context) {
  for (const Dim &dim : dims)
    if (dim.isStatic())
      return dim;
  for (const Dim &dim : dims)
    if (!dim.sameAs(dims.front()))
      return anonymousDim(context);
  return dims.front();
}

/// The extent of the concat axis: the sum of the tensors' extents.
static Dim sumDims(ArrayRef<Dim> dims, MLIRContext *context) {
  if (dims.size() == 1)
    return dims.front();
  int64_t sum = 0;
  for (const Dim &dim : dims)
    if (!dim.isStatic() || llvm::AddOverflow(sum, dim.extent, sum))
      return anonymousDim(context);
  return Dim::known(sum);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  ValueRange tensors = adaptor.getTensors();
  if (tensors.empty())
    return inferError<ConcatOp>(loc, "needs at least one tensor");
  SmallVector<SmallVector<Dim>> shapes;
  Type elementType;
  for (auto [index, value] : llvm::enumerate(tensors)) {
    FailureOr<RankedTensorType> type =
        getRankedTensor<ConcatOp>(value, "tensor #" + std::to_string(index), loc);
    if (failed(type))
      return failure();
    if (index == 0)
      elementType = type->getElementType();
    else if (type->getElementType() != elementType)
      return inferError<ConcatOp>(loc, "tensor #", index, " has element type ",
                                  type->getElementType(), " but tensor #0 has ", elementType);
    shapes.push_back(getDims(*type));
    if (shapes.back().size() != shapes.front().size())
      return inferError<ConcatOp>(loc, "tensor #", index, " has rank ", shapes.back().size(),
                                  " but tensor #0 has rank ", shapes.front().size());
  }
  int64_t rank = shapes.front().size();
  if (rank == 0)
    return inferError<ConcatOp>(loc, "cannot concatenate 0-D tensors");
  FailureOr<int64_t> axis = normalizeAxis<ConcatOp>(adaptor.getAxis(), rank, loc);
  if (failed(axis))
    return failure();
  SmallVector<Dim> result;
  for (int64_t d = 0; d < rank; ++d) {
    SmallVector<Dim> column;
    for (auto [index, shape] : llvm::enumerate(shapes)) {
      if (d != *axis && shape[d].differsFrom(shapes.front()[d]))
        return inferError<ConcatOp>(loc, "tensor #", index, " has shape ", formatShape(shape),
                                    " but tensor #0 has ", formatShape(shapes.front()),
                                    ": they may differ only in dimension ", *axis);
      column.push_back(shape[d]);
    }
    result.push_back(d == *axis ? sumDims(column, context) : commonDim(column, context));
  }
  inferred.push_back(getTensorType(result, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// split
//===----------------------------------------------------------------------===//

std::optional<int64_t> SplitOp::getSections() {
  if (auto sections = llvm::dyn_cast<IntegerAttr>(getIndicesOrSections()))
    return sections.getInt();
  return std::nullopt;
}

std::optional<ArrayRef<int64_t>> SplitOp::getIndices() {
  if (auto indices = llvm::dyn_cast<DenseI64ArrayAttr>(getIndicesOrSections()))
    return indices.asArrayRef();
  return std::nullopt;
}

ParseResult SplitOp::parseIndicesOrSections(OpAsmParser &parser, Attribute &attr) {
  if (succeeded(parser.parseOptionalKeyword("sections"))) {
    int64_t sections;
    if (parser.parseLParen() || parser.parseInteger(sections) || parser.parseRParen())
      return failure();
    attr = parser.getBuilder().getI64IntegerAttr(sections);
    return success();
  }
  if (failed(parser.parseOptionalKeyword("indices")))
    return parser.emitError(parser.getCurrentLocation(),
                            "expected `sections(n)` or `indices [...]`");
  DenseI64ArrayAttr indices;
  if (parser.parseCustomAttributeWithFallback(indices, Type()))
    return failure();
  attr = indices;
  return success();
}

void SplitOp::printIndicesOrSections(OpAsmPrinter &printer, Operation *, Attribute attr) {
  if (auto sections = llvm::dyn_cast<IntegerAttr>(attr)) {
    printer << "sections(" << sections.getInt() << ")";
    return;
  }
  printer << "indices ";
  printer.printStrippedAttrOrType(llvm::cast<DenseI64ArrayAttr>(attr));
}

/// The extents along the split axis `axisDim` of `sections` equal sections.
static FailureOr<SmallVector<Dim>> splitSections(const Dim &axisDim, int64_t sections,
                                                 int64_t axis, MLIRContext *context,
                                                 std::optional<Location> loc) {
  if (sections < 1)
    return inferError<SplitOp>(loc, "indices_or_sections must be a positive number of "
                                    "sections, got ",
                               sections);
  if (sections == 1)
    return SmallVector<Dim>{axisDim};
  if (!axisDim.isStatic())
    return SmallVector<Dim>(sections, anonymousDim(context));
  if (axisDim.extent % sections != 0)
    return inferError<SplitOp>(loc, "dimension ", axis, " of extent ", axisDim.extent,
                               " does not split into ", sections, " equal sections");
  return SmallVector<Dim>(sections, Dim::known(axisDim.extent / sections));
}

/// The extents along the split axis `axisDim` of the pieces cut before each
/// of `indices` (clamped to the extent, as NumPy does).
static FailureOr<SmallVector<Dim>> splitAtIndices(const Dim &axisDim, ArrayRef<int64_t> indices,
                                                  MLIRContext *context,
                                                  std::optional<Location> loc) {
  for (auto [position, index] : llvm::enumerate(indices)) {
    if (index < 0)
      return inferError<SplitOp>(loc, "split indices must be non-negative, got ", index,
                                 " at position ", position);
    if (position > 0 && index < indices[position - 1])
      return inferError<SplitOp>(loc, "split indices must be ascending, got ",
                                 indices[position - 1], " then ", index);
  }
  auto clamp = [&](int64_t index) {
    return axisDim.isStatic() ? std::min(index, axisDim.extent) : index;
  };
  SmallVector<Dim> pieces;
  int64_t begin = 0;
  for (int64_t index : indices) {
    pieces.push_back(Dim::known(clamp(index) - clamp(begin)));
    begin = index;
  }
  // The last piece runs to the end: known only for a static extent.
  pieces.push_back(axisDim.isStatic() ? Dim::known(axisDim.extent - clamp(begin))
                   : indices.empty()  ? axisDim
                                      : anonymousDim(context));
  return pieces;
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<SplitOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  if (dims.empty())
    return inferError<SplitOp>(loc, "cannot split a 0-D tensor");
  FailureOr<int64_t> axis = normalizeAxis<SplitOp>(adaptor.getAxis(), dims.size(), loc);
  if (failed(axis))
    return failure();
  Attribute attr = adaptor.getIndicesOrSections();
  FailureOr<SmallVector<Dim>> pieces =
      llvm::isa<IntegerAttr>(attr)
          ? splitSections(dims[*axis], llvm::cast<IntegerAttr>(attr).getInt(), *axis, context, loc)
          : splitAtIndices(dims[*axis], llvm::cast<DenseI64ArrayAttr>(attr).asArrayRef(),
                           context, loc);
  if (failed(pieces))
    return failure();
  for (const Dim &piece : *pieces) {
    dims[*axis] = piece;
    inferred.push_back(getTensorType(dims, data->getElementType()));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// strided_slice
//===----------------------------------------------------------------------===//

std::pair<int64_t, int64_t> StridedSliceOp::normalizeSlice(int64_t extent, int64_t begin,
                                                           int64_t end, int64_t stride) {
  // Negative positions count from the end; out-of-range ones are clamped to
  // [0, extent] going forward, to [-1, extent - 1] going backward (where -1
  // is "before the first element").
  int64_t low = stride > 0 ? 0 : -1, high = stride > 0 ? extent : extent - 1;
  auto adjust = [&](int64_t position) {
    if (position < 0)
      position = position < -extent ? low : position + extent;
    return std::clamp(position, low, high);
  };
  int64_t start = adjust(begin), stop = adjust(end);
  int64_t length = stride > 0 ? (stop > start ? (stop - start - 1) / stride + 1 : 0)
                              : (stop < start ? (start - stop - 1) / -stride + 1 : 0);
  return {start, length};
}

LogicalResult StridedSliceOp::inferReturnTypes(MLIRContext *context,
                                               std::optional<Location> loc, Adaptor adaptor,
                                               SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data =
      getRankedTensor<StridedSliceOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  ArrayRef<int64_t> axesAttr = adaptor.getAxes(), begin = adaptor.getBegin(),
                    end = adaptor.getEnd();
  std::optional<ArrayRef<int64_t>> strides = adaptor.getStrides();
  auto checkLength = [&](StringRef name, size_t length) -> LogicalResult {
    if (length != axesAttr.size())
      return inferError<StridedSliceOp>(loc, "axes, begin, end and strides need one entry per "
                                             "axis: axes has ",
                                        axesAttr.size(), " but ", name, " has ", length);
    return success();
  };
  if (failed(checkLength("begin", begin.size())) || failed(checkLength("end", end.size())) ||
      (strides && failed(checkLength("strides", strides->size()))))
    return failure();
  FailureOr<SmallVector<int64_t>> axes =
      normalizeAxes<StridedSliceOp>(axesAttr, dims.size(), "axes", loc);
  if (failed(axes))
    return failure();
  for (auto [i, axis] : llvm::enumerate(*axes)) {
    int64_t stride = strides ? (*strides)[i] : 1;
    if (stride == 0)
      return inferError<StridedSliceOp>(loc, "stride of axis ", axesAttr[i], " is 0");
    // A symbolic extent leaves the sliced length unknown.
    dims[axis] = dims[axis].isStatic()
                     ? Dim::known(normalizeSlice(dims[axis].extent, begin[i], end[i], stride).second)
                     : anonymousDim(context);
  }
  inferred.push_back(getTensorType(dims, data->getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// take
//===----------------------------------------------------------------------===//

LogicalResult TakeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<TakeOp>(adaptor.getData(), "data", loc);
  FailureOr<RankedTensorType> indices =
      getRankedTensor<TakeOp>(adaptor.getIndices(), "indices", loc);
  if (failed(data) || failed(indices))
    return failure();
  auto indexType = llvm::dyn_cast<IntegerType>(indices->getElementType());
  if (!indexType || indexType.getWidth() == 1)
    return inferError<TakeOp>(loc, "indices must be a tensor of integers, got ", *indices);
  SmallVector<Dim> dims = getDims(*data);
  int64_t axis = 0;
  if (std::optional<int64_t> given = adaptor.getAxis()) {
    if (dims.empty())
      return inferError<TakeOp>(loc, "cannot take from a 0-D tensor");
    FailureOr<int64_t> normalized = normalizeAxis<TakeOp>(*given, dims.size(), loc);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  } else if (dims.size() != 1) {
    return inferError<TakeOp>(loc, "without axis, data must be 1-D, got shape ",
                              formatShape(dims));
  }
  SmallVector<Dim> result(dims.begin(), dims.begin() + axis);
  llvm::append_range(result, getDims(*indices));
  result.append(dims.begin() + axis + 1, dims.end());
  inferred.push_back(getTensorType(result, data->getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// broadcast_to, full, zeros, ones, where, astype
//===----------------------------------------------------------------------===//

LogicalResult BroadcastToOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data =
      getRankedTensor<BroadcastToOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<Dim>> target = shapeDims<BroadcastToOp>(adaptor.getShape(), loc);
  if (failed(target))
    return failure();
  SmallVector<Dim> dims = getDims(*data);
  if (dims.size() > target->size())
    return inferError<BroadcastToOp>(loc, "cannot broadcast ", formatShape(dims), " to ",
                                     formatShape(*target), ": the target has a lower rank");
  size_t offset = target->size() - dims.size();
  for (auto [i, dim] : llvm::enumerate(dims)) {
    const Dim &to = (*target)[offset + i];
    // A symbolic extent is checked at run time, as TVM does.
    if (dim.isStatic() && dim.extent != 1 && dim.extent != to.extent)
      return inferError<BroadcastToOp>(loc, "cannot broadcast ", formatShape(dims), " to ",
                                       formatShape(*target), ": dimension ", i, " of data is ",
                                       dim.extent, ", not 1 or ", to.extent);
  }
  inferred.push_back(getTensorType(*target, data->getElementType()));
  return success();
}

/// The result of full/zeros/ones: `shape` of `dtype`.
template <typename OpT>
static LogicalResult inferFilled(ArrayRef<int64_t> shape, Type dtype,
                                 std::optional<Location> loc, SmallVectorImpl<Type> &inferred) {
  FailureOr<SmallVector<Dim>> dims = shapeDims<OpT>(shape, loc);
  if (failed(dims) || failed(checkDtype<OpT>(dtype, "dtype", loc)))
    return failure();
  inferred.push_back(getTensorType(*dims, dtype));
  return success();
}

/// True when the integer type `type` holds the value `value`.
static bool holdsValue(IntegerType type, double value) {
  if (value != std::trunc(value)) // also rejects NaN and infinities
    return false;
  unsigned width = type.getWidth();
  if (width == 1)
    return value == 0 || value == 1;
  double bound = std::ldexp(1.0, width - 1); // signed: [-bound, bound)
  return value >= -bound && value < bound;
}

LogicalResult FullOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  if (failed(inferFilled<FullOp>(adaptor.getShape(), adaptor.getDtype(), loc, inferred)))
    return failure();
  // An integer fill is exact: no silent truncation of the f64 attribute.
  double value = adaptor.getFillValue().convertToDouble();
  auto intType = llvm::dyn_cast<IntegerType>(adaptor.getDtype());
  if (intType && !holdsValue(intType, value))
    return inferError<FullOp>(loc, "fill_value ", value, " is not a value of dtype ", intType);
  return success();
}

LogicalResult ZerosOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferFilled<ZerosOp>(adaptor.getShape(), adaptor.getDtype(), loc, inferred);
}

LogicalResult OnesOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferFilled<OnesOp>(adaptor.getShape(), adaptor.getDtype(), loc, inferred);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> condition =
      getRankedTensor<WhereOp>(adaptor.getCondition(), "condition", loc);
  FailureOr<RankedTensorType> x1 = getRankedTensor<WhereOp>(adaptor.getX1(), "x1", loc);
  FailureOr<RankedTensorType> x2 = getRankedTensor<WhereOp>(adaptor.getX2(), "x2", loc);
  if (failed(condition) || failed(x1) || failed(x2))
    return failure();
  if (!condition->getElementType().isInteger(1))
    return inferError<WhereOp>(loc, "condition must be a tensor of i1, got ", *condition);
  if (x1->getElementType() != x2->getElementType())
    return inferError<WhereOp>(loc, "x1 and x2 must have the same element type, got ",
                               x1->getElementType(), " and ", x2->getElementType());
  std::string error;
  FailureOr<SmallVector<Dim>> values = broadcastShapes(getDims(*x1), getDims(*x2), error);
  if (failed(values))
    return inferError<WhereOp>(loc, "x1 and x2: ", error);
  FailureOr<SmallVector<Dim>> shape = broadcastShapes(getDims(*condition), *values, error);
  if (failed(shape))
    return inferError<WhereOp>(loc, "condition against the broadcast of x1 and x2: ", error);
  inferred.push_back(getTensorType(*shape, x1->getElementType()));
  return success();
}

LogicalResult AstypeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<AstypeOp>(adaptor.getData(), "data", loc);
  if (failed(data) || failed(checkDtype<AstypeOp>(adaptor.getDtype(), "dtype", loc)))
    return failure();
  if (!isComputable(data->getElementType()))
    return inferError<AstypeOp>(loc, "data must hold floats or signless integers, got ", *data);
  inferred.push_back(getTensorType(getDims(*data), adaptor.getDtype()));
  return success();
}

//===----------------------------------------------------------------------===//
// tril, triu, cumsum, arange, flip
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult verifyTriangle(OpT op) {
  int64_t rank = op.getData().getType().getRank();
  if (rank < 2)
    return op.emitOpError("data must have rank at least 2, got rank ") << rank;
  return success();
}

LogicalResult TrilOp::verify() { return verifyTriangle(*this); }

LogicalResult TriuOp::verify() { return verifyTriangle(*this); }

LogicalResult CumsumOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> data = getRankedTensor<CumsumOp>(adaptor.getData(), "data", loc);
  if (failed(data))
    return failure();
  Type element = data->getElementType();
  if (std::optional<Type> dtype = adaptor.getDtype()) {
    if (failed(checkDtype<CumsumOp>(*dtype, "dtype", loc)))
      return failure();
    element = *dtype;
  }
  if (!isComputable(data->getElementType()))
    return inferError<CumsumOp>(loc, "data must hold floats or signless integers, got ", *data);
  SmallVector<Dim> dims = getDims(*data);
  if (std::optional<uint64_t> axis = adaptor.getAxis()) {
    if (failed(normalizeAxis<CumsumOp>(static_cast<int64_t>(*axis), data->getRank(), loc)))
      return failure();
    inferred.push_back(getTensorType(dims, element));
    return success();
  }
  // Without an axis: the flattened tensor.
  std::optional<SmallVector<int64_t>> extents = staticExtents(dims);
  if (!extents)
    return inferError<CumsumOp>(loc, "without axis, data must have a static shape, got ",
                                formatShape(dims));
  FailureOr<int64_t> count = elementCount<CumsumOp>(*extents, loc);
  if (failed(count))
    return failure();
  inferred.push_back(getTensorType({Dim::known(*count)}, element));
  return success();
}

LogicalResult ArangeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  Type dtype = adaptor.getDtype();
  if (failed(checkDtype<ArangeOp>(dtype, "dtype", loc)))
    return failure();
  double start = adaptor.getStart().convertToDouble(), end = adaptor.getEnd().convertToDouble();
  double step = adaptor.getStep().convertToDouble();
  if (step == 0 || !std::isfinite(step) || !std::isfinite(start) || !std::isfinite(end))
    return inferError<ArangeOp>(loc, "start, end and step must be finite and step nonzero, got ",
                                start, ", ", end, ", ", step);
  if (llvm::isa<IntegerType>(dtype) && (start != std::trunc(start) || step != std::trunc(step)))
    return inferError<ArangeOp>(loc, "start and step must be whole numbers for dtype ", dtype,
                                ", got ", start, " and ", step);
  double count = std::ceil((end - start) / step);
  if (count > static_cast<double>(std::numeric_limits<int32_t>::max()))
    return inferError<ArangeOp>(loc, "the range has ", count, " elements, more than 2^31");
  inferred.push_back(getTensorType({Dim::known(std::max<int64_t>(0, count))}, dtype));
  return success();
}

LogicalResult FlipOp::verify() {
  int64_t rank = getData().getType().getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}
