//===- HostBuffersToGPU.cpp - lowered host code on GPU memory -------------===//
//
// After convert-relax-to-func, convert-tensorir-to-scf and
// convert-parallel-loops-to-gpu, every buffer the code allocates is host
// memory, and every kernel (gpu.launch) would read it. This pass
// moves the buffers to the device: allocations become gpu.alloc, copies
// gpu.memcpy, constants are copied into device buffers, and the functions the
// VM calls (those with `relax.num_inputs`) copy their inputs in and their
// results out, so the caller keeps passing host arrays.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::relax {
#define GEN_PASS_DEF_CONVERTHOSTBUFFERSTOGPU
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

class FunctionOnDevice {
public:
  FunctionOnDevice(func::FuncOp func, OpBuilder &builder) : func(func), b(builder) {}

  LogicalResult convert() {
    if (failed(checkAllocationsAtTop()) || failed(checkAccessesInKernels()))
      return failure();
    if (Attribute attr = func->getAttr("relax.num_inputs")) {
      // Set by convert-relax-to-func; text may hold anything (getInt asserts
      // on an unsigned integer).
      auto numInputs = llvm::dyn_cast<IntegerAttr>(attr);
      if (!numInputs || !numInputs.getType().isSignlessInteger() || numInputs.getInt() < 0 ||
          numInputs.getInt() > func.getNumArguments())
        return func.emitOpError("relax.num_inputs must be a signless integer in [0, ")
               << func.getNumArguments() << "], got " << attr;
      moveArgumentsToDevice(numInputs.getInt());
    }
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (llvm::isa<memref::AllocOp, memref::DeallocOp, memref::CopyOp, memref::GetGlobalOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      convertOp(op);
    freeAtReturns();
    return success();
  }

private:
  /// A buffer allocated inside a loop would be allocated inside a kernel.
  LogicalResult checkAllocationsAtTop() {
    WalkResult result = func.walk([&](memref::AllocOp alloc) {
      if (alloc->getParentOp() == func.getOperation())
        return WalkResult::advance();
      alloc.emitOpError("in @") << func.getSymName()
                                << " allocates inside a loop or kernel; only host code "
                                   "allocates device memory";
      return WalkResult::interrupt();
    });
    return failure(result.wasInterrupted());
  }

  /// Host code cannot touch device buffers: every load and store must be
  /// in a kernel (a loop left on the host was not mapped to GPU threads).
  LogicalResult checkAccessesInKernels() {
    WalkResult result = func.walk([&](Operation *op) {
      if (!llvm::isa<memref::LoadOp, memref::StoreOp>(op) || op->getParentOfType<gpu::LaunchOp>())
        return WalkResult::advance();
      op->emitOpError("in @") << func.getSymName()
                              << " accesses a buffer outside any GPU kernel; on the GPU path every "
                                 "loop nest must be bound to GPU threads "
                                 "(tensorir-gpu-default-schedule)";
      return WalkResult::interrupt();
    });
    return failure(result.wasInterrupted());
  }

  /// A device buffer shaped like `buffer`, its dynamic sizes read from it;
  /// the ops that read `buffer` are added to `setup`.
  Value deviceBufferLike(Location loc, Value buffer, SmallPtrSetImpl<Operation *> &setup) {
    auto type = llvm::cast<MemRefType>(buffer.getType());
    SmallVector<Value> sizes;
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (type.isDynamicDim(dim)) {
        auto size = memref::DimOp::create(b, loc, buffer, dim);
        setup.insert(size);
        sizes.push_back(size);
      }
    return gpu::AllocOp::create(b, loc, MemRefType::get(type.getShape(), type.getElementType()),
                                Type(), ValueRange{}, sizes, ValueRange{}, false)
        .getMemref();
  }

  /// Inputs are copied to device buffers on entry; results are computed in
  /// device buffers and copied to the caller's buffers at each return.
  void moveArgumentsToDevice(int64_t numInputs) {
    Block &entry = func.getBody().front();
    Location loc = func.getLoc();
    b.setInsertionPointToStart(&entry);
    SmallVector<std::pair<Value, Value>> results; // (host, device)
    for (BlockArgument arg : entry.getArguments()) {
      if (!llvm::isa<MemRefType>(arg.getType()))
        continue;
      SmallPtrSet<Operation *, 4> setup;
      Value device = deviceBufferLike(loc, arg, setup);
      if (arg.getArgNumber() < numInputs)
        setup.insert(gpu::MemcpyOp::create(b, loc, Type(), ValueRange{}, device, arg));
      else
        results.emplace_back(arg, device);
      arg.replaceUsesWithIf(device, [&](OpOperand &use) { return !setup.contains(use.getOwner()); });
      ownedBuffers.push_back(device);
    }
    func.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      for (auto [host, device] : results)
        gpu::MemcpyOp::create(b, ret.getLoc(), Type(), ValueRange{}, host, device);
    });
  }

  void convertOp(Operation *op) {
    b.setInsertionPoint(op);
    Location loc = op->getLoc();
    if (auto alloc = llvm::dyn_cast<memref::AllocOp>(op)) {
      Value device = gpu::AllocOp::create(b, loc, alloc.getType(), Type(), ValueRange{},
                                          alloc.getDynamicSizes(), ValueRange{}, false)
                         .getMemref();
      alloc.getResult().replaceAllUsesWith(device);
    } else if (auto dealloc = llvm::dyn_cast<memref::DeallocOp>(op)) {
      gpu::DeallocOp::create(b, loc, Type(), ValueRange{}, dealloc.getMemref());
    } else if (auto copy = llvm::dyn_cast<memref::CopyOp>(op)) {
      gpu::MemcpyOp::create(b, loc, Type(), ValueRange{}, copy.getTarget(), copy.getSource());
    } else if (auto global = llvm::dyn_cast<memref::GetGlobalOp>(op)) {
      // The constant stays a host global; kernels read a device copy of it.
      b.setInsertionPointAfter(op);
      SmallPtrSet<Operation *, 4> setup;
      Value device = deviceBufferLike(loc, global.getResult(), setup);
      auto copyIn = gpu::MemcpyOp::create(b, loc, Type(), ValueRange{}, device, global.getResult());
      global.getResult().replaceAllUsesExcept(device, copyIn);
      ownedBuffers.push_back(device);
      return;
    }
    op->erase();
  }

  void freeAtReturns() {
    func.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      for (Value buffer : ownedBuffers)
        gpu::DeallocOp::create(b, ret.getLoc(), Type(), ValueRange{}, buffer);
    });
  }

  func::FuncOp func;
  OpBuilder &b;
  SmallVector<Value> ownedBuffers; // device copies this pass made, freed at returns
};

struct ConvertHostBuffersToGPUPass
    : public relax::impl::ConvertHostBuffersToGPUBase<ConvertHostBuffersToGPUPass> {
  void runOnOperation() override {
    OpBuilder builder(&getContext());
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      FunctionOnDevice device(func, builder);
      if (failed(device.convert()))
        return signalPassFailure();
    }
  }
};

} // namespace
