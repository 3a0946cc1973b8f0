//===- ShapeInference.h - shapes of relax tensors ---------------*- C++ -*-===//
//
// A relax tensor dimension is either a static extent or a symbolic name carried
// by the `#relax.sym` encoding. These helpers read and build such shapes and
// implement the shape rules that the operators share (broadcasting).
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_RELAX_SHAPEINFERENCE_H
#define TVMLIR_RELAX_SHAPEINFERENCE_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "mlir/IR/Diagnostics.h"
#include <optional>
#include <string>

namespace mlir::relax {

/// The name of a symbolic dimension whose extent is not known by name.
inline constexpr llvm::StringLiteral kAnonymousDim = "?";

/// One dimension: a static extent, or a symbolic one with a name.
struct Dim {
  int64_t extent = ShapedType::kDynamic;
  StringAttr name; // set iff the dimension is symbolic

  static Dim known(int64_t extent) { return Dim{extent, {}}; }
  bool isStatic() const { return !ShapedType::isDynamic(extent); }
  bool isAnonymous() const { return !isStatic() && name.getValue() == kAnonymousDim; }
  /// True when both dimensions are provably the same extent.
  bool sameAs(const Dim &other) const;
  /// True when both dimensions are provably different extents.
  bool differsFrom(const Dim &other) const;
  /// `784`, `n` or `?`.
  std::string str() const;
};

/// The dimensions of `type`, naming dynamic ones from its `#relax.sym`
/// encoding (anonymous when there is none).
SmallVector<Dim> getDims(RankedTensorType type);

/// A tensor type of `dims`, with a `#relax.sym` encoding when any dimension is
/// named.
RankedTensorType getTensorType(ArrayRef<Dim> dims, Type elementType);

/// `(1, 784)`, `(n, 784)`, `(256,)`: a shape as TVMScript writes it.
std::string formatShape(ArrayRef<Dim> dims);

/// NumPy broadcasting of two shapes; on failure, says why in `error`.
FailureOr<SmallVector<Dim>> broadcastShapes(ArrayRef<Dim> lhs, ArrayRef<Dim> rhs,
                                            std::string &error);

/// Emits `'<op>' op <message>` at `loc` (if any) from type inference, which
/// runs without an op to report on.
template <typename OpT, typename... Args>
LogicalResult inferError(std::optional<Location> loc, Args &&...args) {
  return emitOptionalError(loc, "'", OpT::getOperationName(), "' op ",
                           std::forward<Args>(args)...);
}

/// The operand `what` as a ranked tensor, or an error at `loc`.
template <typename OpT>
FailureOr<RankedTensorType> getRankedTensor(Value value, llvm::StringRef what,
                                            std::optional<Location> loc) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  if (!type) {
    (void)inferError<OpT>(loc, what, " must be a ranked tensor, got ", value.getType());
    return failure();
  }
  return type;
}

/// `axis` in `[-rank, rank)` as a dimension index, or an error at `loc`.
template <typename OpT>
FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank, std::optional<Location> loc) {
  if (axis < -rank || axis >= rank) {
    (void)inferError<OpT>(loc, "axis ", axis, " is out of range for rank ", rank);
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

/// True for the element types tensorir computes with: floats and signless
/// integers (arith, which the legalizations use, has no unsigned types).
inline bool isComputable(Type type) {
  return llvm::isa<FloatType>(type) || type.isSignlessInteger();
}

/// The attribute `what` naming a result element type must name a computable
/// one. ODS checks it too (`Relax_DtypeAttr`), but inference runs before the
/// verifier when an op is built (the Python bindings infer result types), and
/// a tensor of `none` or of a tensor type asserts in `RankedTensorType::get`.
template <typename OpT>
LogicalResult checkDtype(Type dtype, llvm::StringRef what, std::optional<Location> loc) {
  if (!isComputable(dtype))
    return inferError<OpT>(loc, what, " must be a float or signless integer type, got ", dtype);
  return success();
}

} // namespace mlir::relax

#endif // TVMLIR_RELAX_SHAPEINFERENCE_H
