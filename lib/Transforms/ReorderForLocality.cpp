//===- ReorderForLocality.cpp - a spatial loop inside the reductions ------===//
//
// TVM's naive reduction nests run the reduction innermost: matmul's
// `C[i, j] += A[i, k] * B[k, j]` walks B down a column and keeps C's element
// in place. This pass reorders a block's perfect loop nest so that the
// innermost loop is the spatial loop that indexes the most accesses along
// their last (contiguous) dimension, when it indexes more of them than the
// innermost reduction loop does: matmul becomes `i, k, j`, whose inner loop
// reads B's row and updates C's row, which LLVM vectorizes. Each output
// element still sums its terms in the same order, so results do not change;
// the block's init still runs where its reduction variables are 0.
//
//===----------------------------------------------------------------------===//

#include "LoopNest.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/IR/AffineExpr.h"

namespace mlir::relax {
#define GEN_PASS_DEF_REORDERFORLOCALITY
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// How many of the block's accesses index their last dimension with exactly
/// one step per step of iteration variable `var`.
unsigned contiguousAccesses(tensorir::BlockOp block, unsigned var) {
  unsigned count = 0;
  auto countMaps = [&](ArrayAttr maps) {
    for (Attribute attr : maps) {
      AffineMap map = llvm::cast<AffineMapAttr>(attr).getValue();
      if (map.getNumResults() == 0)
        continue;
      AffineExpr last = map.getResults().back();
      // The coefficient of `var`: the change of `last` when var steps by 1.
      SmallVector<int64_t> at(map.getNumDims(), 0), next(map.getNumDims(), 0);
      next[var] = 1;
      auto value = [&](ArrayRef<int64_t> point) -> std::optional<int64_t> {
        AffineExpr e = last.replaceDims(llvm::map_to_vector(point, [&](int64_t v) {
          return getAffineConstantExpr(v, map.getContext());
        }));
        if (auto constant = llvm::dyn_cast<AffineConstantExpr>(e))
          return constant.getValue();
        return std::nullopt;
      };
      std::optional<int64_t> a = value(at), b = value(next);
      if (last.isPureAffine() && a && b && *b - *a == 1)
        ++count;
    }
  };
  countMaps(block.getReadMaps());
  countMaps(block.getWriteMaps());
  return count;
}

/// Reorders the nest of `block` if a spatial loop makes the better innermost
/// loop; returns whether it did.
bool reorder(tensorir::BlockOp block) {
  SmallVector<tensorir::ForOp> loops = perfectNestAround(block);
  if (loops.size() < 2)
    return false;
  // Each loop binds exactly one iteration variable, and nothing else uses it;
  // the bounds come from outside the nest.
  SmallVector<int64_t> varOf(loops.size(), -1);
  for (auto [index, loop] : llvm::enumerate(loops)) {
    Value iv = loop.getInductionVar();
    if (!iv.hasOneUse() || iv.getUses().begin()->getOwner() != block.getOperation())
      return false;
    unsigned operand = iv.getUses().begin()->getOperandNumber();
    unsigned first = block.getBindings().getBeginOperandIndex();
    if (operand < first || operand >= first + block.getBindings().size())
      return false;
    varOf[index] = operand - first;
    for (Value bound : {loop.getLower(), loop.getUpper()})
      if (loops.front()->isAncestor(bound.getParentBlock()->getParentOp()))
        return false;
  }
  StringRef kinds = block.getIterKinds();
  unsigned innermost = loops.size() - 1;
  if (kinds[varOf[innermost]] != 'R')
    return false;
  // The best spatial loop, the outer one on ties.
  std::optional<unsigned> best;
  unsigned bestScore = contiguousAccesses(block, varOf[innermost]);
  for (unsigned index = 0; index < innermost; ++index) {
    if (kinds[varOf[index]] != 'S')
      continue;
    unsigned score = contiguousAccesses(block, varOf[index]);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  if (!best)
    return false;

  // The new order: the others as they were, then the chosen loop. Loop ops
  // stay where they are; each takes the bounds, kind and name of the loop
  // now at its place, and the block binds its variables to them.
  SmallVector<unsigned> order;
  for (unsigned index = 0; index < loops.size(); ++index)
    if (index != *best)
      order.push_back(index);
  order.push_back(*best);
  struct LoopState {
    Value lower, upper;
    tensorir::ForKind kind;
    StringAttr thread;
    Location loc;
  };
  SmallVector<LoopState> old;
  for (tensorir::ForOp loop : loops)
    old.push_back({loop.getLower(), loop.getUpper(), loop.getKind(), loop.getThreadAttr(),
                   loop.getInductionVar().getLoc()});
  SmallVector<Value> bindings(block.getBindings());
  for (auto [position, source] : llvm::enumerate(order)) {
    tensorir::ForOp loop = loops[position];
    loop.getLowerMutable().assign(old[source].lower);
    loop.getUpperMutable().assign(old[source].upper);
    loop.setKind(old[source].kind);
    loop.setThreadAttr(old[source].thread);
    loop.getInductionVar().setLoc(old[source].loc);
    bindings[varOf[source]] = loop.getInductionVar();
  }
  block.getBindingsMutable().assign(bindings);
  return true;
}

struct ReorderForLocalityPass : public relax::impl::ReorderForLocalityBase<ReorderForLocalityPass> {
  void runOnOperation() override {
    SmallVector<tensorir::BlockOp> blocks;
    getOperation().walk([&](tensorir::BlockOp block) { blocks.push_back(block); });
    for (tensorir::BlockOp block : blocks)
      reorder(block);
  }
};

} // namespace
