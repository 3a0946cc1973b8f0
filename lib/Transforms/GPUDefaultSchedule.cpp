//===- GPUDefaultSchedule.cpp - every stage on GPU threads ----------------===//
//
// TVM DLight's "fallback" rule: each stage of a prim_func (a top-level loop
// nest) becomes one GPU kernel. The stage's leading spatial loops (those
// outside its reduction loops) are fused into one iteration space, which is
// split into `blockIdx.x` x `threadIdx.x`; each thread runs the rest of the
// nest (the reduction loops, sequentially) for its point. Threads past the end
// of the space do nothing: every block of the stage is predicated on the
// fused index being in bounds.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/TensorIR/TensorIR.h"
#include "tvmlir/Transforms/Passes.h"
#include "Names.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::relax {
#define GEN_PASS_DEF_GPUDEFAULTSCHEDULE
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Whether `value` is defined outside `root` (so it can size a launch that
/// replaces root).
bool definedOutside(Value value, Operation *root) {
  return value.getParentRegion()->isAncestor(root->getParentRegion());
}

/// The loops from `root` inward while each loop's body holds one loop and
/// otherwise only side-effect-free ops (the index math between loops).
SmallVector<tensorir::ForOp> loopChain(Operation *root) {
  SmallVector<tensorir::ForOp> chain;
  auto loop = llvm::dyn_cast<tensorir::ForOp>(root);
  while (loop) {
    chain.push_back(loop);
    tensorir::ForOp next;
    for (Operation &op : loop.getBody().front()) {
      if (auto inner = llvm::dyn_cast<tensorir::ForOp>(op)) {
        if (next)
          return chain;
        next = inner;
      } else if (!isMemoryEffectFree(&op) || op.getNumRegions()) {
        return chain;
      }
    }
    loop = next;
  }
  return chain;
}

/// The values the reduction bindings of `block` are computed from (loop
/// variables among them are reduction loops).
DenseSet<Value> reductionSources(tensorir::BlockOp block) {
  DenseSet<Value> sources;
  SmallVector<Value> work;
  for (auto [binding, kind] : llvm::zip(block.getBindings(), block.getIterKinds()))
    if (kind == 'R')
      work.push_back(binding);
  while (!work.empty()) {
    Value value = work.pop_back_val();
    if (!sources.insert(value).second)
      continue;
    if (Operation *def = value.getDefiningOp())
      llvm::append_range(work, def->getOperands());
  }
  return sources;
}

/// How many loops of `chain`, from the outermost, are spatial and can be
/// fused: loops whose variable feeds no reduction binding of the stage's
/// only block and whose bounds are known before the stage.
unsigned spatialPrefix(ArrayRef<tensorir::ForOp> chain, ArrayRef<tensorir::BlockOp> blocks,
                       Operation *root) {
  // Several blocks under one loop may exchange data through it; they run in
  // one thread.
  if (blocks.size() != 1)
    return 0;
  DenseSet<Value> reduction = reductionSources(blocks.front());
  unsigned count = 0;
  for (tensorir::ForOp loop : chain) {
    if (reduction.contains(loop.getInductionVar()) || !definedOutside(loop.getLower(), root) ||
        !definedOutside(loop.getUpper(), root))
      break;
    ++count;
  }
  return count;
}

class StageScheduler {
public:
  StageScheduler(OpBuilder &builder, int64_t maxThreads) : b(builder), maxThreads(maxThreads) {}

  LogicalResult schedule(Operation *root) {
    SmallVector<tensorir::BlockOp> blocks;
    root->walk([&](tensorir::BlockOp block) { blocks.push_back(block); });
    if (failed(checkAccessesInBlocks(root)))
      return failure();
    SmallVector<tensorir::ForOp> chain = loopChain(root);
    SmallVector<tensorir::ForOp> fused(
        ArrayRef<tensorir::ForOp>(chain).take_front(spatialPrefix(chain, blocks, root)));
    Location loc = root->getLoc();
    b.setInsertionPoint(root);

    // The fused extent and the launch shape.
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> extents;
    for (tensorir::ForOp loop : fused) {
      extents.push_back(b.createOrFold<arith::SubIOp>(loc, loop.getUpper(), loop.getLower()));
      total = b.createOrFold<arith::MulIOp>(loc, total, extents.back());
    }
    int64_t threads = maxThreads;
    if (std::optional<int64_t> known = getConstantIntValue(total))
      threads = std::max<int64_t>(1, std::min(threads, *known));
    Value threadCount = arith::ConstantIndexOp::create(b, loc, threads);
    // Signed index arithmetic on non-negative values: what TVMScript's `//`,
    // `%` and `<` parse to, so that the scheduled function prints and reads
    // back the same.
    Value blockCount = b.createOrFold<arith::FloorDivSIOp>(
        loc, b.createOrFold<arith::AddIOp>(loc, total, arith::ConstantIndexOp::create(b, loc, threads - 1)),
        threadCount);

    Value blockIdx = threadLoop(loc, blockCount, "blockIdx.x", "bx");
    Value threadIdx = threadLoop(loc, threadCount, "threadIdx.x", "tx");
    Value index = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, blockIdx, threadCount), threadIdx);
    Value inBounds = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, total);

    // Each fused loop's variable from the fused index, innermost first.
    Block *body = b.getInsertionBlock();
    Value rest = index;
    for (int i = fused.size() - 1; i >= 0; --i) {
      Value position = i == 0 ? rest : b.createOrFold<arith::RemSIOp>(loc, rest, extents[i]);
      Value iv = b.createOrFold<arith::AddIOp>(loc, fused[i].getLower(), position);
      fused[i].getInductionVar().replaceAllUsesWith(iv);
      if (i != 0)
        rest = b.createOrFold<arith::FloorDivSIOp>(loc, rest, extents[i]);
    }
    if (fused.empty()) {
      root->moveBefore(body, body->end());
    } else {
      Block &inner = fused.back().getBody().front();
      body->getOperations().splice(body->end(), inner.getOperations());
      root->erase();
    }
    for (tensorir::BlockOp block : blocks)
      predicate(block, inBounds);
    return success();
  }

private:
  /// A loop bound to GPU thread axis `thread`; the builder moves into it.
  Value threadLoop(Location loc, Value extent, StringRef thread, StringRef name) {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    auto loop = tensorir::ForOp::create(b, loc, zero, extent, tensorir::ForKind::thread_binding,
                                        b.getStringAttr(thread));
    Block *body = new Block();
    loop.getBody().push_back(body);
    Value iv = body->addArgument(b.getIndexType(), withName(loc, name));
    b.setInsertionPointToEnd(body);
    return iv;
  }

  /// Guards `block` with `inBounds` (and its own predicate, if any).
  void predicate(tensorir::BlockOp block, Value inBounds) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(block);
    Value condition = inBounds;
    if (Value own = block.getPredicate())
      condition = arith::AndIOp::create(b, block.getLoc(), own, inBounds);
    block.getPredicateMutable().assign(condition);
  }

  /// Loads and stores outside blocks could not be guarded by the bound check.
  LogicalResult checkAccessesInBlocks(Operation *root) {
    WalkResult result = root->walk([&](Operation *op) {
      if (!llvm::isa<tensorir::LoadOp, tensorir::StoreOp>(op) ||
          op->getParentOfType<tensorir::BlockOp>())
        return WalkResult::advance();
      op->emitOpError("is outside any tensorir.block, which the GPU schedule cannot guard");
      return WalkResult::interrupt();
    });
    return failure(result.wasInterrupted());
  }

  OpBuilder &b;
  int64_t maxThreads;
};

/// A prim_func with thread bindings was scheduled by hand: it stays as it is.
bool isScheduled(tensorir::PrimFuncOp prim) {
  bool bound = false;
  prim.walk([&](tensorir::ForOp loop) {
    bound |= loop.getKind() == tensorir::ForKind::thread_binding;
  });
  return bound;
}

struct GPUDefaultSchedulePass
    : public relax::impl::GPUDefaultScheduleBase<GPUDefaultSchedulePass> {
  using GPUDefaultScheduleBase::GPUDefaultScheduleBase;

  void runOnOperation() override {
    if (maxThreadsPerBlock < 1) {
      getOperation().emitError("max-threads-per-block must be positive, got ")
          << maxThreadsPerBlock;
      return signalPassFailure();
    }
    OpBuilder builder(&getContext());
    for (auto prim : getOperation().getOps<tensorir::PrimFuncOp>()) {
      if (isScheduled(prim))
        continue;
      if (failed(schedulePrimFunc(prim, builder)))
        return signalPassFailure();
    }
  }

  LogicalResult schedulePrimFunc(tensorir::PrimFuncOp prim, OpBuilder &builder) {
    SmallVector<Operation *> stages;
    for (Operation &op : prim.getBody().front()) {
      if (llvm::isa<tensorir::ForOp, tensorir::BlockOp>(op))
        stages.push_back(&op);
      else if (llvm::isa<tensorir::LoadOp, tensorir::StoreOp>(op))
        return op.emitOpError("in prim_func @")
               << prim.getSymName() << " is outside any tensorir.block, which the GPU "
               << "schedule cannot guard";
    }
    StageScheduler scheduler(builder, maxThreadsPerBlock);
    for (Operation *stage : stages)
      if (failed(scheduler.schedule(stage)))
        return failure();
    return success();
  }
};

} // namespace
