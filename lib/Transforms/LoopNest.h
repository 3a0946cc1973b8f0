//===- LoopNest.h - the perfect loop nest around a tensorir block -*- C++ -*-===//
#ifndef TVMLIR_TRANSFORMS_LOOPNEST_H
#define TVMLIR_TRANSFORMS_LOOPNEST_H

#include "tvmlir/TensorIR/TensorIR.h"

namespace mlir::relax {

/// The perfect nest of loops around `block`, outermost first: each loop's
/// body holds only the next loop (or the block).
inline SmallVector<tensorir::ForOp> perfectNestAround(tensorir::BlockOp block) {
  SmallVector<tensorir::ForOp> loops;
  Operation *inner = block;
  while (auto loop = llvm::dyn_cast_or_null<tensorir::ForOp>(inner->getParentOp())) {
    if (!llvm::hasSingleElement(loop.getBody().front()))
      break;
    loops.insert(loops.begin(), loop);
    inner = loop;
  }
  return loops;
}

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_LOOPNEST_H
