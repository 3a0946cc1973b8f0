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

/// Operators whose legalization handles symbolic dimensions: their loops run
/// over the output's dimensions, so a symbolic extent is the output buffer's
/// size (elementwise, permute_dims, and matmul over a static reduction).
bool legalizesSymbolicShapes(Operation *op) {
  if (op->hasTrait<OpTrait::RelaxElementwise>() || llvm::isa<PermuteDimsOp>(op))
    return true;
  if (auto matmul = llvm::dyn_cast<MatmulOp>(op)) {
    auto lhs = llvm::cast<RankedTensorType>(matmul.getLhs().getType());
    return !lhs.isDynamicDim(lhs.getRank() - 1);
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
    for (Operation *op : ops)
      legalize(module, op);
  }

  void legalize(ModuleOp module, Operation *op) {
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
    LegalizeContext ctx{module, op};
    tensorir::PrimFuncOp func = it->second(ctx);
    // Functions come before their callers in the module, as TVM prints them.
    OpBuilder builder(op);
    auto call = CallTIROp::create(builder, op->getLoc(), op->getResultTypes(),
                                  func.getSymName(), op->getOperands());
    op->replaceAllUsesWith(call);
    op->erase();
  }
};

} // namespace
