//===- Names.cpp - TVMScript names carried by locations -------------------===//

#include "Names.h"

#include "mlir/IR/SymbolTable.h"

using namespace mlir;

/// The names a location gives its op's results: a NameLoc names the (first)
/// result; a FusedLoc of NameLocs names each result in order.
static std::string nameAt(Location loc, unsigned index) {
  if (auto name = llvm::dyn_cast<NameLoc>(loc))
    return index == 0 ? name.getName().str() : "";
  if (auto fused = llvm::dyn_cast<FusedLoc>(loc)) {
    ArrayRef<Location> parts = fused.getLocations();
    if (index < parts.size())
      if (auto name = llvm::dyn_cast<NameLoc>(parts[index]))
        return name.getName().str();
  }
  return "";
}

std::string relax::getValueName(Value value, StringRef fallback) {
  std::string name;
  if (auto result = llvm::dyn_cast<OpResult>(value))
    name = nameAt(result.getOwner()->getLoc(), result.getResultNumber());
  else
    name = nameAt(value.getLoc(), 0);
  return name.empty() ? fallback.str() : name;
}

Location relax::withName(Location loc, StringRef name) {
  if (auto named = llvm::dyn_cast<NameLoc>(loc))
    loc = named.getChildLoc();
  return NameLoc::get(StringAttr::get(loc.getContext(), name), loc);
}

std::string relax::getUniqueSymbolName(ModuleOp module, StringRef base) {
  SymbolTable table(module);
  if (!table.lookup(base))
    return base.str();
  for (unsigned i = 1;; ++i) {
    std::string candidate = base.str() + std::to_string(i);
    if (!table.lookup(candidate))
      return candidate;
  }
}

relax::SymbolNames::SymbolNames(ModuleOp module) {
  for (Operation &op : module.getBody()->getOperations())
    if (auto name = op.getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName()))
      used.insert(name.getValue());
}

std::string relax::SymbolNames::unique(StringRef base) {
  std::string name = base.str();
  if (used.insert(name).second)
    return name;
  unsigned &index = next.try_emplace(base, 1).first->second;
  for (;; ++index) {
    name = base.str() + std::to_string(index);
    if (used.insert(name).second)
      return name;
  }
}

void relax::eraseUnusedSymbols(ModuleOp module, SymbolTable &symbols,
                               ArrayRef<Operation *> candidates) {
  llvm::StringSet<> referenced;
  module.walk([&](Operation *op) {
    for (NamedAttribute attr : op->getAttrs())
      attr.getValue().walk([&](SymbolRefAttr ref) { referenced.insert(ref.getRootReference()); });
  });
  for (Operation *candidate : candidates)
    if (candidate && !referenced.contains(SymbolTable::getSymbolName(candidate).getValue()))
      symbols.erase(candidate);
}
