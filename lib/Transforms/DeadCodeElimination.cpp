//===- DeadCodeElimination.cpp - unused bindings and functions ------------===//
//
// TVM's DeadCodeElimination. A dataflow block's bindings are side-effect free
// by definition (TVM's rule for `with R.dataflow()`), so a binding whose
// value nothing reads is dead even when the op itself (a call_tir) is not
// marked pure; a dataflow result nothing reads is dropped from the block's
// `relax.output`, which may make more bindings dead. Outside dataflow blocks
// only ops MLIR knows to be trivially dead go. Functions that no public
// function reaches go last, through upstream symbol-dce.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::relax {
#define GEN_PASS_DEF_DEADCODEELIMINATION
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// The location naming `kept` results of an op located at `loc` (a FusedLoc
/// of NameLocs names each result in order, see Names.cpp).
Location keepNames(Location loc, ArrayRef<unsigned> kept) {
  auto fused = llvm::dyn_cast<FusedLoc>(loc);
  if (!fused)
    return kept.size() == 1 && kept[0] == 0 ? loc : UnknownLoc::get(loc.getContext());
  SmallVector<Location> parts;
  for (unsigned index : kept)
    if (index < fused.getLocations().size())
      parts.push_back(fused.getLocations()[index]);
  if (parts.size() == 1)
    return parts[0];
  return FusedLoc::get(loc.getContext(), parts);
}

/// Rebuilds `dataflow` without the results nothing reads; true on a change.
bool dropUnusedResults(DataflowOp dataflow) {
  SmallVector<unsigned> kept;
  for (OpResult result : dataflow->getResults())
    if (!result.use_empty())
      kept.push_back(result.getResultNumber());
  if (kept.size() == dataflow->getNumResults())
    return false;
  auto output = llvm::cast<OutputOp>(dataflow.getBody().front().getTerminator());
  SmallVector<Value> yielded;
  SmallVector<Type> types;
  for (unsigned index : kept) {
    yielded.push_back(output->getOperand(index));
    types.push_back(dataflow->getResult(index).getType());
  }
  OpBuilder builder(dataflow);
  auto rebuilt = DataflowOp::create(builder, keepNames(dataflow.getLoc(), kept), types);
  rebuilt.getBody().takeBody(dataflow.getBody());
  output->setOperands(yielded);
  for (auto [position, index] : llvm::enumerate(kept))
    dataflow->getResult(index).replaceAllUsesWith(rebuilt->getResult(position));
  dataflow->erase();
  return true;
}

/// Erases the bindings of `block` nothing reads, last first so that a chain
/// of dead bindings goes in one sweep; true on a change.
bool eraseDeadBindings(Block &block, bool inDataflow) {
  bool changed = false;
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
    if (op.hasTrait<OpTrait::IsTerminator>() || !op.use_empty())
      continue;
    if (op.getNumRegions() != 0 && !llvm::isa<DataflowOp>(op))
      continue;
    // A dataflow block as a whole is side-effect free too.
    bool dead = inDataflow ? op.getNumResults() != 0
                           : llvm::isa<DataflowOp>(op) || isOpTriviallyDead(&op);
    if (dead) {
      op.erase();
      changed = true;
    }
  }
  return changed;
}

/// Removes dead code from one relax function until nothing changes.
void simplifyFunction(FuncOp func) {
  bool changed = true;
  while (changed) {
    changed = false;
    SmallVector<DataflowOp> dataflows(func.getBody().front().getOps<DataflowOp>());
    for (DataflowOp dataflow : dataflows) {
      changed |= eraseDeadBindings(dataflow.getBody().front(), /*inDataflow=*/true);
      changed |= dropUnusedResults(dataflow);
    }
    changed |= eraseDeadBindings(func.getBody().front(), /*inDataflow=*/false);
  }
}

struct DeadCodeEliminationPass
    : public relax::impl::DeadCodeEliminationBase<DeadCodeEliminationPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (FuncOp func : module.getOps<FuncOp>())
      simplifyFunction(func);
    // symbol-dce keeps what public symbols reach: the named private entries
    // are public while it runs.
    SmallVector<Operation *> madePublic;
    for (const std::string &name : entryFunctions) {
      Operation *entry = SymbolTable::lookupSymbolIn(module, name);
      if (!entry) {
        module.emitError("DeadCodeElimination: no function named '") << name << "' to keep";
        return signalPassFailure();
      }
      if (SymbolTable::getSymbolVisibility(entry) == SymbolTable::Visibility::Private) {
        SymbolTable::setSymbolVisibility(entry, SymbolTable::Visibility::Public);
        madePublic.push_back(entry);
      }
    }
    OpPassManager symbols(ModuleOp::getOperationName());
    symbols.addPass(createSymbolDCEPass());
    LogicalResult result = runPipeline(symbols, module);
    for (Operation *entry : madePublic)
      SymbolTable::setSymbolVisibility(entry, SymbolTable::Visibility::Private);
    if (failed(result))
      signalPassFailure();
  }
};

} // namespace
