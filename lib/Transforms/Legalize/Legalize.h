//===- Legalize.h - shared pieces of the operator legalizations -*- C++ -*-===//
//
// LegalizeOps turns each relax operator into a prim_func built like TVM's topi
// compute of it. The legalizations live one family per file in this folder;
// each file adds its operators to the table with a populate function.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_TRANSFORMS_LEGALIZE_LEGALIZE_H
#define TVMLIR_TRANSFORMS_LEGALIZE_LEGALIZE_H

#include "../PrimFuncBuilder.h"
#include "tvmlir/Relax/Relax.h"

#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::relax {

/// Everything a legalization needs: where to build, and the relax op.
struct LegalizeContext {
  ModuleOp module;
  Operation *op;

  /// Starts the prim_func `base` (uniqued as TVM does: `add`, `add1`, ...),
  /// one buffer parameter per tensor operand named after the relax value.
  /// The caller adds the output buffer(s).
  PrimFuncBuilder start(StringRef base, SmallVectorImpl<Value> &params);
};

/// Builds the prim_func of one operator.
using Legalizer = std::function<tensorir::PrimFuncOp(LegalizeContext &)>;
using LegalizerTable = llvm::StringMap<Legalizer>;

/// Each family of operators adds its legalizations.
void populateElementwiseLegalizers(LegalizerTable &table);
void populateLinearLegalizers(LegalizerTable &table);
void populateManipulateLegalizers(LegalizerTable &table);
void populateReduceLegalizers(LegalizerTable &table);
void populateNNLegalizers(LegalizerTable &table);
void populateConvLegalizers(LegalizerTable &table);

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// `prefix0, prefix1, ...` (TVM's loop names: `ax0`, `i0`, `k0`).
SmallVector<std::string> numbered(StringRef prefix, unsigned count);

/// `d<first>, ..., d<first + count - 1>`.
SmallVector<AffineExpr> dims(MLIRContext *context, unsigned count, unsigned first = 0);

/// Indices of a broadcast operand of shape `shape` inside an output of shape
/// `outShape` indexed by `outIndices`: aligned at the right, extent-1
/// dimensions read index 0 (TVM's topi broadcast).
SmallVector<AffineExpr> broadcastIndices(ArrayRef<int64_t> shape, ArrayRef<int64_t> outShape,
                                         ArrayRef<AffineExpr> outIndices, MLIRContext *context);

bool isFloat(Value value);
Value addValues(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value mulValues(OpBuilder &b, Location loc, Value lhs, Value rhs);
/// Converts a scalar between element types (TVM's T.Cast).
Value castValue(OpBuilder &b, Location loc, Value value, Type to);

/// The scalar computation of an elementwise operator.
using ScalarFn = std::function<Value(StageContext &, ValueRange)>;

/// `name(x)` elementwise: prim_func `name`, block and output `compute`, loops
/// `i0, i1, ...` (TVM's topi elementwise ops).
tensorir::PrimFuncOp legalizeUnary(LegalizeContext &ctx, StringRef name, ScalarFn fn);

/// The iteration space of a reduction of an input of shape `inShape`.
struct ReduceSpace {
  SmallVector<std::string> loops; // ax0, ..., then k<d> per reduced dimension d
  SmallVector<int64_t> extents;
  std::string kinds;                   // "SS...RR..."
  SmallVector<int64_t> outShape;       // the spatial extents
  SmallVector<AffineExpr> outIndices;  // the output element: the spatial variables
  SmallVector<AffineExpr> inIndices;   // the input element read, per input dimension
  SmallVector<int64_t> reducedExtents; // in input order, one per k<d>
  int64_t count = 1;                   // elements reduced into one output element
};

ReduceSpace reduceSpace(ArrayRef<int64_t> inShape, ArrayRef<bool> reduced, bool keepdims,
                        MLIRContext *context);

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_LEGALIZE_LEGALIZE_H
