//===- LegalizeOps.cpp - relax operators to tensorir prim_funcs -----------===//
//
// Each legalized operator becomes a private prim_func, built like TVM's topi
// compute of that operator (same function, block, loop and buffer names), and
// a relax.call_tir of it. The legalizations are in Legalize/, one family per
// file.
//
//===----------------------------------------------------------------------===//

#include "Legalize/Legalize.h"
#include "tvmlir/Transforms/Passes.h"

namespace mlir::relax {
#define GEN_PASS_DEF_LEGALIZEOPS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Every legalized operator: op name -> how its prim_func is built.
const LegalizerTable &legalizers() {
  static const LegalizerTable table = [] {
    LegalizerTable table;
    populateElementwiseLegalizers(table);
    populateLinearLegalizers(table);
    populateManipulateLegalizers(table);
    populateReduceLegalizers(table);
    populateNNLegalizers(table);
    populateConvLegalizers(table);
    return table;
  }();
  return table;
}

bool hasStaticTensors(Operation *op) {
  auto isStatic = [](Type type) {
    auto tensor = llvm::dyn_cast<RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// True when the dimensions that `mask` marks of `value`'s tensor type are
/// static.
bool staticWhere(Value value, ArrayRef<bool> mask) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  return llvm::none_of(llvm::seq<int64_t>(0, type.getRank()),
                       [&](int64_t d) { return mask[d] && type.isDynamicDim(d); });
}

/// True when the dimensions `dims` of `value`'s tensor type are static.
bool staticAt(Value value, ArrayRef<int64_t> dims) {
  return staticWhere(value, axesMask(dims, llvm::cast<RankedTensorType>(value.getType()).getRank()));
}

/// Operators whose legalization handles symbolic dimensions: their loops run
/// over the output's dimensions, whose sizes the output buffer knows, and
/// what they reduce, normalize or concatenate along is static.
bool legalizesSymbolicShapes(Operation *op) {
  if (op->hasTrait<OpTrait::RelaxElementwise>() ||
      llvm::isa<PermuteDimsOp, AstypeOp, WhereOp, ExpandDimsOp, SqueezeOp, TakeOp, DropoutOp,
                BatchNormOp>(op))
    return true;
  if (auto matmul = llvm::dyn_cast<MatmulOp>(op))
    return staticAt(matmul.getLhs(), {-1});
  if (llvm::isa<SumOp, MeanOp, MaxOp, MinOp, ProdOp, VarianceOp, ArgmaxOp, ArgminOp>(op)) {
    Value data = op->getOperand(0);
    return staticWhere(data, reducedDims(op, llvm::cast<RankedTensorType>(data.getType()).getRank()));
  }
  if (auto softmax = llvm::dyn_cast<SoftmaxOp>(op))
    return staticAt(softmax.getData(), {static_cast<int64_t>(softmax.getAxis())});
  if (auto logSoftmax = llvm::dyn_cast<LogSoftmaxOp>(op))
    return staticAt(logSoftmax.getData(), {static_cast<int64_t>(logSoftmax.getAxis())});
  if (auto norm = llvm::dyn_cast<LayerNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes());
  if (auto norm = llvm::dyn_cast<RMSNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes());
  if (auto norm = llvm::dyn_cast<GroupNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes()) &&
           staticAt(norm.getData(), {static_cast<int64_t>(norm.getChannelAxis())});
  // Convolution and pooling: a symbolic batch only (the windows need static
  // heights and widths, the weights static shapes).
  if (llvm::isa<Conv2dOp, MaxPool2dOp, AvgPool2dOp, AdaptiveAvgPool2dOp>(op))
    return staticAt(op->getOperand(0), {1, 2, 3}) &&
           llvm::all_of(op->getOperands().drop_front(), [](Value v) {
             return llvm::cast<RankedTensorType>(v.getType()).hasStaticShape();
           });
  if (llvm::isa<AttentionOp>(op))
    return llvm::all_of(op->getOperands(), [](Value v) { return staticAt(v, {1, 2, 3}); });
  if (llvm::isa<ReshapeOp, FlattenOp>(op))
    return reshapeLegalizes(llvm::cast<ShapedType>(op->getOperand(0).getType()).getShape(),
                            llvm::cast<ShapedType>(op->getResult(0).getType()).getShape(),
                            op->getContext());
  if (auto split = llvm::dyn_cast<SplitOp>(op))
    return staticAt(split.getData(), {static_cast<int64_t>(split.getAxis())});
  if (auto slice = llvm::dyn_cast<StridedSliceOp>(op))
    return staticAt(slice.getData(), slice.getAxes());
  if (auto concat = llvm::dyn_cast<ConcatOp>(op)) {
    int64_t axis = static_cast<int64_t>(concat.getAxis());
    return llvm::all_of(concat.getTensors(), [&](Value v) { return staticAt(v, {axis}); });
  }
  return false;
}

struct LegalizeOpsPass : public relax::impl::LegalizeOpsBase<LegalizeOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "relax" &&
          op->getParentOfType<FuncOp>() && !op->hasTrait<OpTrait::IsTerminator>() &&
          op->getNumRegions() == 0 && !llvm::isa<CallTIROp, CallOp, ConstantOp, TupleOp,
                                                 TupleGetItemOp>(op))
        ops.push_back(op);
    });
    SymbolNames names(module);
    for (Operation *op : ops)
      legalize(module, op, names);
  }

  void legalize(ModuleOp module, Operation *op, SymbolNames &names) {
    auto it = legalizers().find(op->getName().getStringRef());
    if (it == legalizers().end()) {
      op->emitWarning("LegalizeOps: '") << op->getName() << "' has no legalization; left as is";
      return;
    }
    if (!hasStaticTensors(op) && !legalizesSymbolicShapes(op)) {
      op->emitWarning("LegalizeOps: '")
          << op->getName() << "' with symbolic shapes is not legalized yet; left as is";
      return;
    }
    LegalizeContext ctx{module, op, names};
    tensorir::PrimFuncOp func = it->second(ctx);
    SmallVector<Type> tensorTypes(op->getOperandTypes());
    llvm::append_range(tensorTypes, op->getResultTypes());
    nameSymbolicDims(func, tensorTypes);
    // Functions come before their callers in the module, as TVM prints them.
    OpBuilder builder(op);
    auto call = CallTIROp::create(builder, op->getLoc(), op->getResultTypes(),
                                  func.getSymName(), op->getOperands());
    op->replaceAllUsesWith(call);
    op->erase();
  }
};

} // namespace
