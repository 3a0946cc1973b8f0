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
#include "mlir/IR/Value.h"

#include <string>

namespace mlir::relax {

/// The name `value` carries in its location (its defining op's, or its block
/// argument's), or `fallback`.
std::string getValueName(Value value, llvm::StringRef fallback);

/// `NameLoc(name, loc)`, keeping the file location of `loc` under the name.
Location withName(Location loc, llvm::StringRef name);

/// `base` if no symbol of `module` has that name, else `base1`, `base2`, ...
/// (TVM's naming of functions: `add`, `add1`, ...).
std::string getUniqueSymbolName(ModuleOp module, llvm::StringRef base);

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_NAMES_H
