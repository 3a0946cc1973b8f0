//===- Names.h - TVMScript names carried by locations -----------*- C++ -*-===//
//
// Value names (`lv1`, `p_fc1_bias`) are NameLocs (docs/tvmscript.md). Passes
// read them to name what they create after what it comes from, as TVM does.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_TRANSFORMS_NAMES_H
#define TVMLIR_TRANSFORMS_NAMES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace mlir::relax {

/// The name `value` carries in its location (its defining op's, or its block
/// argument's), or `fallback`.
std::string getValueName(Value value, llvm::StringRef fallback);

/// `NameLoc(name, loc)`, keeping the file location of `loc` under the name.
Location withName(Location loc, llvm::StringRef name);

/// `base` if no symbol of `module` has that name, else `base1`, `base2`, ...
/// (TVM's naming of functions: `add`, `add1`, ...). Reads the whole module:
/// a pass that names many functions uses SymbolNames.
std::string getUniqueSymbolName(ModuleOp module, llvm::StringRef base);

/// getUniqueSymbolName for a pass that creates many functions: the module's
/// names are read once, and each base remembers where its numbering got to,
/// so naming the n-th `relu` does not try `relu1` ... `relu<n-1>` again (the
/// names are the same: names are only added while it lives).
class SymbolNames {
public:
  explicit SymbolNames(ModuleOp module);
  /// The name getUniqueSymbolName would give, now taken.
  std::string unique(llvm::StringRef base);

private:
  llvm::StringSet<> used;
  llvm::StringMap<unsigned> next;
};

/// Erases each of `candidates` (symbols of `module`) that nothing in the
/// module refers to any more, in one walk of the module (asking
/// SymbolTable::symbolKnownUseEmpty per candidate walks it once each).
void eraseUnusedSymbols(ModuleOp module, SymbolTable &symbols,
                        llvm::ArrayRef<Operation *> candidates);

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_NAMES_H
