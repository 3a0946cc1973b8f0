//===- ShapeInference.cpp - shapes of relax tensors -----------------------===//

#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/Relax/Relax.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::relax;

bool Dim::sameAs(const Dim &other) const {
  if (isStatic() || other.isStatic())
    return extent == other.extent;
  return !isAnonymous() && name == other.name;
}

bool Dim::differsFrom(const Dim &other) const {
  return isStatic() && other.isStatic() && extent != other.extent;
}

std::string Dim::str() const {
  if (isStatic())
    return std::to_string(extent);
  return name.getValue().str();
}

SmallVector<Dim> relax::getDims(RankedTensorType type) {
  auto sym = llvm::dyn_cast_or_null<SymShapeAttr>(type.getEncoding());
  StringAttr anonymous = StringAttr::get(type.getContext(), kAnonymousDim);
  SmallVector<Dim> dims;
  unsigned nextName = 0;
  for (int64_t extent : type.getShape()) {
    if (!ShapedType::isDynamic(extent)) {
      dims.push_back(Dim::known(extent));
      continue;
    }
    StringAttr name = anonymous;
    if (sym && nextName < sym.getNames().size())
      name = sym.getNames()[nextName];
    ++nextName;
    dims.push_back(Dim{ShapedType::kDynamic, name});
  }
  return dims;
}

RankedTensorType relax::getTensorType(ArrayRef<Dim> dims, Type elementType) {
  SmallVector<int64_t> shape;
  SmallVector<StringAttr> names;
  bool anyNamed = false;
  for (const Dim &dim : dims) {
    shape.push_back(dim.extent);
    if (dim.isStatic())
      continue;
    names.push_back(dim.name);
    anyNamed |= !dim.isAnonymous();
  }
  Attribute encoding;
  if (anyNamed)
    encoding = SymShapeAttr::get(elementType.getContext(), names);
  return RankedTensorType::get(shape, elementType, encoding);
}

std::string relax::formatShape(ArrayRef<Dim> dims) {
  std::string text = "(";
  llvm::interleave(
      dims, [&](const Dim &dim) { text += dim.str(); }, [&] { text += ", "; });
  if (dims.size() == 1)
    text += ",";
  return text + ")";
}

FailureOr<SmallVector<Dim>>
relax::broadcastShapes(ArrayRef<Dim> lhs, ArrayRef<Dim> rhs, std::string &error) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<Dim> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the right; a missing leading dimension acts as extent 1.
    std::optional<Dim> l, r;
    if (i < lhs.size())
      l = lhs[lhs.size() - 1 - i];
    if (i < rhs.size())
      r = rhs[rhs.size() - 1 - i];
    Dim &out = result[rank - 1 - i];
    if (!l || (l->isStatic() && l->extent == 1)) {
      out = r ? *r : *l;
      continue;
    }
    if (!r || (r->isStatic() && r->extent == 1) || l->sameAs(*r)) {
      out = *l;
      continue;
    }
    if (l->differsFrom(*r)) {
      error = "cannot broadcast shapes " + formatShape(lhs) + " and " + formatShape(rhs) +
              ": dimension " + std::to_string(lhs.size() - 1 - i) + " of lhs is " +
              l->str() + " but dimension " + std::to_string(rhs.size() - 1 - i) +
              " of rhs is " + r->str();
      return failure();
    }
    // A static extent (not 1) against a symbolic one: the result has the
    // static extent whatever the symbol turns out to be (1 or equal); two
    // different symbols give an extent not known by name.
    if (l->isStatic())
      out = *l;
    else if (r->isStatic())
      out = *r;
    else
      out = Dim{ShapedType::kDynamic, StringAttr::get(l->name.getContext(), kAnonymousDim)};
  }
  return result;
}
