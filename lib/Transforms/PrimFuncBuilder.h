//===- PrimFuncBuilder.h - TE-like construction of prim_funcs ---*- C++ -*-===//
//
// Builds `tensorir.prim_func`s the way TVM's te.compute + create_prim_func
// does: each stage is a loop nest over an iteration space, one block per
// stage, loads recorded as the block's read regions, the output element
// written at the spatial iteration variables.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_TRANSFORMS_PRIMFUNCBUILDER_H
#define TVMLIR_TRANSFORMS_PRIMFUNCBUILDER_H

#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <map>
#include <string>

namespace mlir::relax {

class PrimFuncBuilder;

/// The buffer type that holds a relax tensor of static shape.
MemRefType getBufferType(Type tensor);

/// Moves the `index` constants of `block` to its start, 0 first and then in
/// increasing order: the canonical form the TVMScript parser produces too.
void sortIndexConstants(Block &block);

/// Names the symbolic dimensions of a prim_func made for relax values of
/// `tensorTypes` (its parameters' tensors, in order): each buffer parameter
/// with `?` dimensions gets the `relax.sym` argument attribute of its tensor,
/// and each name has one `memref.dim` (NameLoc'd with the name) of its first
/// (parameter, dimension), right after the index constants in parameter
/// order, which every size read of that name uses: TVMScript's
/// `n = T.int64()` with `T.match_buffer`, and what its parser builds back.
void nameSymbolicDims(tensorir::PrimFuncOp func, TypeRange tensorTypes);

/// What a stage's body sees: its iteration variables, and loads that record
/// the block's read regions.
class StageContext {
public:
  StageContext(PrimFuncBuilder &func, OpBuilder &builder, Location loc, ValueRange iterVars,
               Value output, ArrayRef<AffineExpr> outputIndices);

  /// `buffer[indices]`, the indices affine in the iteration variables;
  /// recorded as a read region of the block.
  Value load(Value buffer, ArrayRef<AffineExpr> indices);
  /// `buffer[indices]` at index values the body computed, which are not
  /// affine in the iteration variables (a gather: an index loaded from
  /// another buffer). Read regions are affine, so the caller states the one
  /// recorded for `buffer`: `region`.
  Value loadAt(Value buffer, ValueRange indices, ArrayRef<AffineExpr> region);
  /// The stage's output element (a reduction's accumulator); not a read.
  Value loadOutput();
  /// A scalar constant of `type` (float or integer).
  Value constant(Type type, double value);
  /// The function's index constant `value` (defined once, at its start).
  Value indexConstant(int64_t value);
  AffineExpr iterVar(unsigned index) const;

  OpBuilder &builder;
  Location loc;
  ValueRange iterVars;

private:
  friend class PrimFuncBuilder;
  Value indexValue(AffineExpr expr);
  PrimFuncBuilder &func;
  Value output;
  SmallVector<AffineExpr> outputIndices;
  SmallVector<std::pair<Value, AffineMap>> reads;
};

/// One stage: `for loops in T.grid(extents): with T.block(blockName): ...`.
struct Stage {
  std::string blockName;
  SmallVector<std::string> loopNames; // one per iteration variable
  SmallVector<int64_t> extents;       // ShapedType::kDynamic: the output's size
  std::string iterKinds;              // "SS", "SSR", ...
  Value output;
  SmallVector<AffineExpr> outputIndices; // over the iteration variables
  /// The reduction's initial value (reductions only).
  std::function<Value(StageContext &)> init;
  /// The value stored at the output element.
  std::function<Value(StageContext &)> body;
  /// Where a symbolic extent comes from, per iteration variable: (buffer,
  /// dimension). Optional: a variable that indexes the output directly
  /// takes that output dimension's size.
  SmallVector<std::pair<Value, unsigned>> extentDims = {};
};

class PrimFuncBuilder {
public:
  /// Starts `tensorir.prim_func private @name` at the end of `module`.
  PrimFuncBuilder(ModuleOp module, Location loc, StringRef name);

  /// Adds a buffer parameter named `name` (a NameLoc).
  Value addParam(MemRefType type, StringRef name);
  /// An intermediate buffer `name` (TVM's `T.alloc_buffer`), allocated at
  /// the start of the function, after the index constants.
  /// Its symbolic dimensions take their sizes from `dynamicSizes`, in order.
  Value allocBuffer(MemRefType type, StringRef name, ValueRange dynamicSizes = {});
  /// The size of dimension `dim` of `buffer` (a `memref.dim`, made once).
  Value dimOf(Value buffer, unsigned dim);
  /// The sizes of the dynamic ones among dimensions `dims` of `buffer`.
  SmallVector<Value> dynamicSizes(Value buffer, ArrayRef<unsigned> dims);
  /// The index constant `value`, defined once at the start of the function.
  Value indexConstant(int64_t value);
  /// Emits one stage at the end of the function body.
  void emit(const Stage &stage);
  /// Sets `tir.noalias`, puts the index constants first (ascending) and
  /// returns the function.
  tensorir::PrimFuncOp finish();

  MLIRContext *getContext() { return func.getContext(); }
  Location getLoc() { return loc; }

private:
  /// The extent of a stage's iteration variable `index`: a constant, or for a
  /// symbolic extent a buffer's size (see Stage::extentDims).
  Value extentValue(const Stage &stage, unsigned index);

  tensorir::PrimFuncOp func;
  Location loc;
  std::map<int64_t, Value> indexConstants;
  llvm::DenseMap<std::pair<Value, unsigned>, Value> dimValues;
};

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_PRIMFUNCBUILDER_H
