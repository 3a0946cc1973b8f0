//===- AnnotateTIROpPattern.cpp - TVM's op pattern of each prim_func ------===//
//
// Classifies each block by how it reads compared with how it writes (TVM's
// PatternKindAnalyzer): reads at the written index are elementwise, reads at
// a subsequence of it broadcast, other reads injective; a reduction over
// several inputs (matmul) is out-elementwise-fusable, over one a reduction.
// The function's kind is the largest of its blocks'.
//
//===----------------------------------------------------------------------===//

#include "OpPattern.h"
#include "tvmlir/Transforms/Passes.h"

namespace mlir::relax {
#define GEN_PASS_DEF_ANNOTATETIROPPATTERN
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

std::optional<OpPattern> relax::getOpPattern(tensorir::PrimFuncOp func) {
  auto attr = func->getAttrOfType<IntegerAttr>(kOpPatternAttr);
  if (!attr || !attr.getType().isSignlessInteger())
    return std::nullopt;
  switch (attr.getInt()) {
  case 0: case 1: case 2: case 3: case 4:
    return static_cast<OpPattern>(attr.getInt());
  default:
    return OpPattern::Opaque;
  }
}

/// True when `read` indexes with some of `write`'s dimensions, in the same
/// order, or constants: a broadcast of a smaller operand.
static bool isBroadcastRead(AffineMap read, AffineMap write) {
  size_t next = 0;
  for (AffineExpr expr : read.getResults()) {
    if (llvm::isa<AffineConstantExpr>(expr))
      continue;
    ArrayRef<AffineExpr> rest = write.getResults().drop_front(next);
    auto it = llvm::find(rest, expr);
    if (!llvm::isa<AffineDimExpr>(expr) || it == rest.end())
      return false;
    next += (it - rest.begin()) + 1;
  }
  return true;
}

static OpPattern blockPattern(tensorir::BlockOp block) {
  if (block.getWrites().size() != 1)
    return OpPattern::Opaque;
  if (block.getIterKinds().contains('R')) {
    llvm::SmallPtrSet<Value, 4> inputs(block.getReads().begin(), block.getReads().end());
    return inputs.size() > 1 ? OpPattern::OutEWiseFusable : OpPattern::CommReduce;
  }
  AffineMap write = llvm::cast<AffineMapAttr>(block.getWriteMaps()[0]).getValue();
  OpPattern pattern = OpPattern::ElemWise;
  for (Attribute attr : block.getReadMaps()) {
    AffineMap read = llvm::cast<AffineMapAttr>(attr).getValue();
    OpPattern kind = read == write              ? OpPattern::ElemWise
                     : isBroadcastRead(read, write) ? OpPattern::Broadcast
                                                    : OpPattern::Injective;
    pattern = std::max(pattern, kind);
  }
  return pattern;
}

OpPattern relax::analyzeOpPattern(tensorir::PrimFuncOp func) {
  std::optional<OpPattern> pattern;
  bool opaque = false;
  func.walk([&](Operation *op) {
    if (auto block = llvm::dyn_cast<tensorir::BlockOp>(op)) {
      OpPattern kind = blockPattern(block);
      pattern = pattern ? std::max(*pattern, kind) : kind;
    } else if (llvm::isa<tensorir::StoreOp>(op) && !op->getParentOfType<tensorir::BlockOp>()) {
      opaque = true; // a store outside any block: nothing to reason with
    }
  });
  return opaque || !pattern ? OpPattern::Opaque : *pattern;
}

namespace {
struct AnnotateTIROpPatternPass
    : public relax::impl::AnnotateTIROpPatternBase<AnnotateTIROpPatternPass> {
  void runOnOperation() override {
    getOperation().walk([](tensorir::PrimFuncOp func) {
      if (getOpPattern(func))
        return;
      auto kind = static_cast<int64_t>(analyzeOpPattern(func));
      func->setAttr(kOpPatternAttr, IntegerAttr::get(IntegerType::get(func.getContext(), 64), kind));
    });
  }
};
} // namespace
