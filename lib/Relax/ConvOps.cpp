//===- ConvOps.cpp - relax convolution and pooling ------------------------===//
//
// Shape inference and verifiers of the ops in RelaxConvOps.td, with TVM's
// rules (InferStructInfoConv2d, InferStructInfoPool2D,
// InferStructInfoAdaptiveAvgPool2D). Every rule is checked in type
// inference, so builders and the verifier report the same located errors.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <array>

using namespace mlir;
using namespace mlir::relax;

namespace {

// The ODS defaults. Type inference can run from a builder before the op
// exists, when the default-valued attributes are not filled in yet.
constexpr int64_t kOnes[] = {1, 1};
constexpr int64_t kNoPadding[] = {0, 0, 0, 0};

ArrayRef<int64_t> orDefault(DenseI64ArrayAttr attr, ArrayRef<int64_t> defaultValue) {
  return attr ? attr.asArrayRef() : defaultValue;
}

StringRef orDefault(StringAttr attr, StringRef defaultValue) {
  return attr ? attr.getValue() : defaultValue;
}

bool orDefault(BoolAttr attr) { return attr && attr.getValue(); }

/// `[1, 2]`.
std::string formatInts(ArrayRef<int64_t> values) {
  std::string text = "[";
  llvm::interleave(
      values, [&](int64_t value) { text += std::to_string(value); }, [&] { text += ", "; });
  return text + "]";
}

/// Every entry of `what` is positive (strides, dilation, pool_size,
/// output_size).
template <typename OpT>
LogicalResult checkPositive(ArrayRef<int64_t> values, StringRef what,
                            std::optional<Location> loc) {
  if (llvm::any_of(values, [](int64_t value) { return value <= 0; }))
    return inferError<OpT>(loc, what, " must be positive, got ", formatInts(values));
  return success();
}

/// `what` has exactly two positive entries (height, width).
template <typename OpT>
LogicalResult checkPair(ArrayRef<int64_t> values, StringRef what, std::optional<Location> loc) {
  if (values.size() != 2)
    return inferError<OpT>(loc, what, " must have 2 entries (height, width), got ",
                           formatInts(values));
  return checkPositive<OpT>(values, what, loc);
}

/// TVM's GetCompletePadding2D: (top, left, bottom, right) from 1, 2 or 4
/// entries.
std::array<int64_t, 4> completePadding(ArrayRef<int64_t> padding) {
  if (padding.size() == 1)
    return {padding[0], padding[0], padding[0], padding[0]};
  if (padding.size() == 2)
    return {padding[0], padding[1], padding[0], padding[1]};
  return {padding[0], padding[1], padding[2], padding[3]};
}

template <typename OpT>
FailureOr<std::array<int64_t, 4>> checkPadding(ArrayRef<int64_t> padding,
                                               std::optional<Location> loc) {
  if (padding.size() != 1 && padding.size() != 2 && padding.size() != 4)
    return inferError<OpT>(loc, "padding must have 1, 2 or 4 entries, got ",
                           formatInts(padding));
  if (llvm::any_of(padding, [](int64_t value) { return value < 0; }))
    return inferError<OpT>(loc, "padding must not be negative, got ", formatInts(padding));
  return completePadding(padding);
}

/// Only NCHW-like layouts are legalized; anything else is refused up front
/// rather than computed with the wrong axes.
template <typename OpT>
LogicalResult checkLayout(StringRef what, StringRef layout, StringRef supported,
                          std::optional<Location> loc) {
  if (layout != supported)
    return inferError<OpT>(loc, what, " \"", layout, "\" is not supported; only \"",
                           supported, "\" is");
  return success();
}

/// `what` as a rank-4 tensor in `layout`.
template <typename OpT>
FailureOr<RankedTensorType> get4D(Value value, StringRef what, StringRef layout,
                                  std::optional<Location> loc) {
  FailureOr<RankedTensorType> type = getRankedTensor<OpT>(value, what, loc);
  if (failed(type))
    return failure();
  if (type->getRank() != 4) {
    (void)inferError<OpT>(loc, what, " must be a 4-D tensor in ", layout,
                          " layout, got shape ", formatShape(getDims(*type)));
    return failure();
  }
  return type;
}

/// One spatial extent of a sliding window:
/// (in + before + after - dilation * (kernel - 1) - 1) // stride + 1, with
/// ceil_mode rounding up. A symbolic input gives an extent known by no name.
/// Attributes can hold any int64, so the arithmetic is checked.
template <typename OpT>
FailureOr<Dim> windowExtent(const Dim &in, StringRef axis, int64_t before, int64_t after,
                            int64_t kernel, int64_t stride, int64_t dilation, bool ceilMode,
                            std::optional<Location> loc) {
  std::optional<int64_t> window = llvm::checkedMul(dilation, kernel - 1);
  std::optional<int64_t> padding = llvm::checkedAdd(before, after);
  if (window)
    window = llvm::checkedAdd(*window, int64_t(1));
  std::optional<int64_t> padded =
      padding && in.isStatic() ? llvm::checkedAdd(in.extent, *padding) : padding;
  if (!window || !padded) {
    (void)inferError<OpT>(loc, "the window ", axis, " (dilation ", dilation, ", kernel ", kernel,
                          ") or its padding (", before, ", ", after, ") is too large");
    return failure();
  }
  if (!in.isStatic()) {
    // A window that neither shrinks nor strides (a 3x3 kernel padded by 1)
    // keeps the symbolic extent; otherwise it is known by no name.
    if (stride == 1 && *padding == *window - 1)
      return in;
    return Dim{ShapedType::kDynamic, StringAttr::get(in.name.getContext(), kAnonymousDim)};
  }
  if (*padded < *window) {
    (void)inferError<OpT>(loc, "the padded input ", axis, " ", *padded, " (", in.extent, " + ",
                          before, " + ", after, ") is smaller than the dilated window ", axis,
                          " ", *window, " (", dilation, " * (", kernel, " - 1) + 1)");
    return failure();
  }
  // padded - window is at most padded; rounding up adds stride - 1.
  int64_t span = *padded - *window;
  if (ceilMode)
    span = span / stride + (span % stride != 0);
  else
    span = span / stride;
  return Dim::known(span + 1);
}

/// The window attributes shared by conv2d and the pools.
struct Window {
  ArrayRef<int64_t> kernel, strides, dilation;
  std::array<int64_t, 4> padding; // top, left, bottom, right
  bool ceilMode = false;
};

/// Checks strides and dilation, then infers the output height and width of
/// `window` over the NCHW input `dims`.
template <typename OpT>
FailureOr<std::array<Dim, 2>> inferSpatial(ArrayRef<Dim> dims, const Window &window,
                                           std::optional<Location> loc) {
  if (failed(checkPair<OpT>(window.strides, "strides", loc)) ||
      failed(checkPair<OpT>(window.dilation, "dilation", loc)))
    return failure();
  FailureOr<Dim> height = windowExtent<OpT>(
      dims[2], "height", window.padding[0], window.padding[2], window.kernel[0],
      window.strides[0], window.dilation[0], window.ceilMode, loc);
  if (failed(height))
    return failure();
  FailureOr<Dim> width = windowExtent<OpT>(
      dims[3], "width", window.padding[1], window.padding[3], window.kernel[1],
      window.strides[1], window.dilation[1], window.ceilMode, loc);
  if (failed(width))
    return failure();
  return std::array<Dim, 2>{*height, *width};
}

/// TVM's channel rules: data channels = weight input channels * groups, and
/// the output channels divide by groups.
LogicalResult checkChannels(ArrayRef<Dim> data, ArrayRef<Dim> weight, int64_t groups,
                            std::optional<Location> loc) {
  if (groups <= 0)
    return inferError<Conv2dOp>(loc, "groups must be positive, got ", groups);
  const Dim &channels = data[1], &perGroup = weight[1], &outChannels = weight[0];
  // Compared by division: groups can be any int64.
  if (perGroup.isStatic() && channels.isStatic() &&
      (channels.extent % groups != 0 || channels.extent / groups != perGroup.extent)) {
    std::optional<int64_t> expected = llvm::checkedMul(perGroup.extent, groups);
    return inferError<Conv2dOp>(loc, "data has ", channels.extent,
                                " input channels but weight expects ", perGroup.extent,
                                " per group x groups ", groups,
                                expected ? " = " + std::to_string(*expected) : std::string(),
                                "; data ", formatShape(data), ", weight ", formatShape(weight));
  }
  if (outChannels.isStatic() && outChannels.extent % groups != 0)
    return inferError<Conv2dOp>(loc, "the output channels of weight (", outChannels.extent,
                                ") must be divisible by groups (", groups, ")");
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

std::array<int64_t, 4> Conv2dOp::getCompletePadding() { return completePadding(getPadding()); }

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  if (failed(checkLayout<Conv2dOp>("data_layout", orDefault(adaptor.getDataLayoutAttr(), "NCHW"),
                                   "NCHW", loc)) ||
      failed(checkLayout<Conv2dOp>("kernel_layout",
                                   orDefault(adaptor.getKernelLayoutAttr(), "OIHW"), "OIHW",
                                   loc)))
    return failure();
  if (StringAttr outLayout = adaptor.getOutLayoutAttr())
    if (failed(checkLayout<Conv2dOp>("out_layout", outLayout.getValue(), "NCHW", loc)))
      return failure();
  FailureOr<RankedTensorType> dataType = get4D<Conv2dOp>(adaptor.getData(), "data", "NCHW", loc);
  FailureOr<RankedTensorType> weightType =
      get4D<Conv2dOp>(adaptor.getWeight(), "weight", "OIHW", loc);
  if (failed(dataType) || failed(weightType))
    return failure();
  std::optional<Type> outDtype = adaptor.getOutDtype();
  if (outDtype && failed(checkDtype<Conv2dOp>(*outDtype, "out_dtype", loc)))
    return failure();
  if (!outDtype && dataType->getElementType() != weightType->getElementType())
    return inferError<Conv2dOp>(loc, "data and weight must have the same element type, got ",
                                dataType->getElementType(), " and ",
                                weightType->getElementType(), " (or give out_dtype)");

  SmallVector<Dim> data = getDims(*dataType), weight = getDims(*weightType);
  int64_t groups = adaptor.getGroupsAttr() ? adaptor.getGroupsAttr().getInt() : 1;
  if (failed(checkChannels(data, weight, groups, loc)))
    return failure();
  FailureOr<std::array<int64_t, 4>> padding =
      checkPadding<Conv2dOp>(orDefault(adaptor.getPaddingAttr(), kNoPadding), loc);
  if (failed(padding))
    return failure();
  // A symbolic kernel extent would leave the output extent unknown.
  if (!weight[2].isStatic() || !weight[3].isStatic() || weight[2].extent < 1 ||
      weight[3].extent < 1)
    return inferError<Conv2dOp>(loc,
                                "the kernel height and width must be static and positive, got "
                                "weight ",
                                formatShape(weight));
  int64_t kernel[] = {weight[2].extent, weight[3].extent};
  Window window{kernel, orDefault(adaptor.getStridesAttr(), kOnes),
                orDefault(adaptor.getDilationAttr(), kOnes), *padding, false};
  FailureOr<std::array<Dim, 2>> spatial = inferSpatial<Conv2dOp>(data, window, loc);
  if (failed(spatial))
    return failure();
  Type element = outDtype ? *outDtype : dataType->getElementType();
  inferred.push_back(getTensorType({data[0], weight[0], (*spatial)[0], (*spatial)[1]}, element));
  return success();
}

//===----------------------------------------------------------------------===//
// MaxPool2dOp, AvgPool2dOp
//===----------------------------------------------------------------------===//

/// The NCHW data of a pooling op, after checking its layouts.
template <typename OpT>
static FailureOr<RankedTensorType> getPoolData(typename OpT::Adaptor adaptor,
                                               std::optional<Location> loc) {
  if (failed(checkLayout<OpT>("layout", orDefault(adaptor.getLayoutAttr(), "NCHW"), "NCHW",
                              loc)))
    return failure();
  if (StringAttr outLayout = adaptor.getOutLayoutAttr())
    if (failed(checkLayout<OpT>("out_layout", outLayout.getValue(), "NCHW", loc)))
      return failure();
  return get4D<OpT>(adaptor.getData(), "data", "NCHW", loc);
}

/// The result type of max_pool2d / avg_pool2d (TVM's InferStructInfoPool2D).
template <typename OpT>
static LogicalResult inferPool2d(typename OpT::Adaptor adaptor, std::optional<Location> loc,
                                 SmallVectorImpl<Type> &inferred) {
  FailureOr<RankedTensorType> dataType = getPoolData<OpT>(adaptor, loc);
  if (failed(dataType))
    return failure();
  ArrayRef<int64_t> poolSize = orDefault(adaptor.getPoolSizeAttr(), kOnes);
  if (failed(checkPair<OpT>(poolSize, "pool_size", loc)))
    return failure();
  FailureOr<std::array<int64_t, 4>> padding =
      checkPadding<OpT>(orDefault(adaptor.getPaddingAttr(), kNoPadding), loc);
  if (failed(padding))
    return failure();
  Window window{poolSize, orDefault(adaptor.getStridesAttr(), kOnes),
                orDefault(adaptor.getDilationAttr(), kOnes), *padding,
                orDefault(adaptor.getCeilModeAttr())};
  SmallVector<Dim> data = getDims(*dataType);
  FailureOr<std::array<Dim, 2>> spatial = inferSpatial<OpT>(data, window, loc);
  if (failed(spatial))
    return failure();
  inferred.push_back(getTensorType({data[0], data[1], (*spatial)[0], (*spatial)[1]},
                                   dataType->getElementType()));
  return success();
}

std::array<int64_t, 4> MaxPool2dOp::getCompletePadding() {
  return completePadding(getPadding());
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferPool2d<MaxPool2dOp>(adaptor, loc, inferred);
}

std::array<int64_t, 4> AvgPool2dOp::getCompletePadding() {
  return completePadding(getPadding());
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  return inferPool2d<AvgPool2dOp>(adaptor, loc, inferred);
}

//===----------------------------------------------------------------------===//
// AdaptiveAvgPool2dOp
//===----------------------------------------------------------------------===//

LogicalResult AdaptiveAvgPool2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &inferred) {
  using OpT = AdaptiveAvgPool2dOp;
  FailureOr<RankedTensorType> dataType = getPoolData<OpT>(adaptor, loc);
  if (failed(dataType))
    return failure();
  SmallVector<Dim> dims = getDims(*dataType);
  // Without output_size the height and width are kept (TVM's None).
  if (std::optional<ArrayRef<int64_t>> size = adaptor.getOutputSize()) {
    // One entry is both extents, as TVM completes it.
    if (size->size() != 1 && size->size() != 2)
      return inferError<OpT>(loc, "output_size must have 1 or 2 entries, got ",
                             formatInts(*size));
    if (failed(checkPositive<OpT>(*size, "output_size", loc)))
      return failure();
    SmallVector<int64_t> pair(*size);
    if (pair.size() == 1)
      pair.push_back(pair[0]);
    dims[2] = Dim::known(pair[0]);
    dims[3] = Dim::known(pair[1]);
  }
  inferred.push_back(getTensorType(dims, dataType->getElementType()));
  return success();
}
