//===- Legalize.h - shared pieces of the operator legalizations -*- C++ -*-===//
//
// LegalizeOps turns each relax operator into a prim_func built like TVM's topi
// compute of it. The legalizations live one family per file in this folder;
// each file adds its operators to the table with a populate function.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_TRANSFORMS_LEGALIZE_LEGALIZE_H
#define TVMLIR_TRANSFORMS_LEGALIZE_LEGALIZE_H

#include "../Names.h"
#include "../PrimFuncBuilder.h"
#include "tvmlir/Relax/Relax.h"

#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::relax {

/// Everything a legalization needs: where to build, and the relax op.
struct LegalizeContext {
  ModuleOp module;
  Operation *op;
  /// The module's function names, kept for the whole pass (naming each new
  /// prim_func by reading the module made legalizing n ops take n^2).
  SymbolNames &names;

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
/// Whether a reshape from `inShape` to `outShape` has affine input indices:
/// always for static shapes; with symbolic dimensions when they pair up in
/// order between groups of equal element count.
bool reshapeLegalizes(ArrayRef<int64_t> inShape, ArrayRef<int64_t> outShape, MLIRContext *context);
/// The dimensions of a rank-`rank` tensor that `axes` names (negative ones
/// count from the end), as a mask.
SmallVector<bool> axesMask(ArrayRef<int64_t> axes, int64_t rank);
/// The dimensions a verified reduction reduces: its `axis` attribute (a
/// list, or one integer for argmax/argmin), every dimension without.
SmallVector<bool> reducedDims(Operation *op, int64_t rank);
/// The dimensions where `dropped` is false (a reduction's kept ones), for
/// PrimFuncBuilder::dynamicSizes of an intermediate buffer shaped like them.
SmallVector<unsigned> keptDims(ArrayRef<bool> dropped);
Value addValues(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value mulValues(OpBuilder &b, Location loc, Value lhs, Value rhs);
/// Converts a scalar between element types (TVM's T.Cast).
Value castValue(OpBuilder &b, Location loc, Value value, Type to);

/// The scalar computation of an elementwise operator.
using ScalarFn = std::function<Value(StageContext &, ValueRange)>;

/// `name(x)` elementwise: prim_func `name`, block and output `compute`, loops
/// `i0, i1, ...` (TVM's topi elementwise ops).
tensorir::PrimFuncOp legalizeUnary(LegalizeContext &ctx, StringRef name, ScalarFn fn);

/// Integer expressions over a block's iteration variables (TVM's index
/// PrimExprs), built as arith ops on `index` values; constants are the
/// function's hoisted index constants.
class IndexMath {
public:
  explicit IndexMath(StageContext &s) : s(s) {}

  Value constant(int64_t value) { return s.indexConstant(value); }
  Value add(Value a, Value b) { return arith::AddIOp::create(s.builder, s.loc, a, b); }
  Value sub(Value a, Value b) { return arith::SubIOp::create(s.builder, s.loc, a, b); }
  Value mul(Value a, Value b) { return arith::MulIOp::create(s.builder, s.loc, a, b); }
  Value max(Value a, Value b) { return arith::MaxSIOp::create(s.builder, s.loc, a, b); }
  Value min(Value a, Value b) { return arith::MinSIOp::create(s.builder, s.loc, a, b); }
  /// `a * k`, without multiplying by 1.
  Value scale(Value a, int64_t k) { return k == 1 ? a : mul(a, constant(k)); }
  /// `a // k` (floor), without dividing by 1.
  Value floorDiv(Value a, int64_t k) {
    return k == 1 ? a : Value(arith::FloorDivSIOp::create(s.builder, s.loc, a, constant(k)));
  }
  Value compare(arith::CmpIPredicate predicate, Value a, Value b) {
    return arith::CmpIOp::create(s.builder, s.loc, predicate, a, b);
  }
  /// `a and b` (TVM's `and`); `a` may be null (nothing to conjoin yet).
  Value conjoin(Value a, Value b) {
    return a ? Value(arith::AndIOp::create(s.builder, s.loc, a, b)) : b;
  }
  /// An index as a scalar of `type`: TVM's T.Cast of an int64 index.
  Value toScalar(Value index, Type type) {
    if (!llvm::isa<FloatType>(type))
      return arith::IndexCastOp::create(s.builder, s.loc, type, index);
    Value i64 = arith::IndexCastOp::create(s.builder, s.loc, s.builder.getI64Type(), index);
    return arith::SIToFPOp::create(s.builder, s.loc, type, i64);
  }

private:
  StageContext &s;
};

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
