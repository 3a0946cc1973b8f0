//===- ParallelizeOuterLoops.cpp - the CPU's threads over spatial loops ---===//
//
// Marks the outermost loop of a block's perfect loop nest `parallel` when it
// binds a spatial variable that every write of the block indexes with it:
// then different iterations write different elements, whatever the rest of
// the nest does (reductions included), and no iteration reads what another
// writes in the same block. tvmlir.compile lowers such loops to scf.parallel
// and runs them on the CPU's threads (convert-parallel-to-pool).
//
//===----------------------------------------------------------------------===//

#include "LoopNest.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::relax {
#define GEN_PASS_DEF_PARALLELIZEOUTERLOOPS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Whether iterations of `loop` write disjoint elements of `block`'s outputs:
/// the loop binds a spatial variable, and each write map has that variable
/// alone as one of its indices.
bool writesDisjointly(tensorir::ForOp loop, tensorir::BlockOp block) {
  Value iv = loop.getInductionVar();
  std::optional<unsigned> var;
  for (auto [index, binding] : llvm::enumerate(block.getBindings()))
    if (binding == iv)
      var = index;
  if (!var || block.getIterKinds()[*var] != 'S')
    return false;
  AffineExpr expr = getAffineDimExpr(*var, block.getContext());
  return !block.getWriteMaps().empty() &&
         llvm::all_of(block.getWriteMaps(), [&](Attribute attr) {
           return llvm::is_contained(llvm::cast<AffineMapAttr>(attr).getValue().getResults(), expr);
         });
}

/// The iterations of a loop nest, when its bounds are constants.
std::optional<int64_t> staticIterations(ArrayRef<tensorir::ForOp> loops) {
  int64_t count = 1;
  for (tensorir::ForOp loop : loops) {
    std::optional<int64_t> lower = getConstantIntValue(loop.getLower());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpper());
    if (!lower || !upper)
      return std::nullopt;
    count *= std::max<int64_t>(0, *upper - *lower);
  }
  return count;
}

struct ParallelizeOuterLoopsPass
    : public relax::impl::ParallelizeOuterLoopsBase<ParallelizeOuterLoopsPass> {
  using ParallelizeOuterLoopsBase::ParallelizeOuterLoopsBase;

  void runOnOperation() override {
    getOperation().walk([&](tensorir::BlockOp block) {
      SmallVector<tensorir::ForOp> nest = perfectNestAround(block);
      if (nest.empty())
        return;
      tensorir::ForOp loop = nest.front();
      // Only a nest at the top of a prim_func, once; nests inside other
      // loops or blocks stay serial.
      if (!llvm::isa<tensorir::PrimFuncOp>(loop->getParentOp()) ||
          loop.getKind() != tensorir::ForKind::serial || !writesDisjointly(loop, block))
        return;
      // Threads pay off only for enough work (and a symbolic nest may be
      // small): a task costs microseconds.
      std::optional<int64_t> iterations = staticIterations(nest);
      if (!iterations || *iterations < minIterations)
        return;
      loop.setKind(tensorir::ForKind::parallel);
    });
  }
};

} // namespace
