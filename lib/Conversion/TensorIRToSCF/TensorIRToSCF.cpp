//===- TensorIRToSCF.cpp - tensorir prim_funcs to func/scf/memref ---------===//
//
// Rebuilds each prim_func as a func.func, op by op: structure (loops, blocks,
// init) becomes scf, buffer accesses memref, and scalar ops are cloned as they
// are (they are arith/math already).
//
//===----------------------------------------------------------------------===//

#include "Transforms/Names.h"
#include "tvmlir/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::relax {
#define GEN_PASS_DEF_CONVERTTENSORIRTOSCF
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Booleans are stored as bytes: LLVM's memref lowering has no sub-byte
/// elements, and NumPy stores a bool in a byte too.
Type storageType(Type type) {
  auto memref = llvm::dyn_cast<MemRefType>(type);
  if (!memref || !memref.getElementType().isInteger(1))
    return type;
  return MemRefType::get(memref.getShape(), IntegerType::get(type.getContext(), 8),
                         memref.getLayout(), memref.getMemorySpace());
}

/// The GPU processor a TVM thread axis names ("blockIdx.x" -> block_x).
std::optional<gpu::Processor> gpuProcessor(StringRef thread) {
  return llvm::StringSwitch<std::optional<gpu::Processor>>(thread)
      .Case("blockIdx.x", gpu::Processor::BlockX)
      .Case("blockIdx.y", gpu::Processor::BlockY)
      .Case("blockIdx.z", gpu::Processor::BlockZ)
      .Case("threadIdx.x", gpu::Processor::ThreadX)
      .Case("threadIdx.y", gpu::Processor::ThreadY)
      .Case("threadIdx.z", gpu::Processor::ThreadZ)
      .Default(std::nullopt);
}

/// The file:line of `loc`, or "" where it has none.
std::string sourceOf(Location loc) {
  std::string where;
  loc->walk([&](Location inner) {
    if (auto file = llvm::dyn_cast<FileLineColLoc>(inner)) {
      where = (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine())).str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return where;
}

/// `text` safe inside a printf format.
std::string escapePercent(StringRef text) {
  std::string escaped;
  for (char c : text) {
    escaped += c;
    if (c == '%')
      escaped += '%';
  }
  return escaped;
}

/// The run-time checks of accesses whose index is read from data: the
/// runtime's reporting function and one message format per access.
class BoundsChecks {
public:
  explicit BoundsChecks(ModuleOp module) : module(module) {}

  /// Where `index` (mapped) is outside [0, extent): reports it and gives 0.
  Value check(OpBuilder &b, Location loc, Value index, Value extent, StringRef buffer) {
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, index, extent);
    auto report = scf::IfOp::create(b, loc, arith::XOrIOp::create(b, loc, inside,
                                                                  arith::ConstantIntOp::create(b, loc, 1, 1)),
                                    /*withElseRegion=*/false);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(report.thenBlock()->getTerminator());
      Value message = LLVM::AddressOfOp::create(b, loc, formatGlobal(b, loc, buffer));
      Type i64 = b.getI64Type();
      func::CallOp::create(b, loc, reporter(b), ValueRange{
          message, arith::IndexCastOp::create(b, loc, i64, index),
          arith::IndexCastOp::create(b, loc, i64, extent)});
    }
    return arith::SelectOp::create(b, loc, inside, index, arith::ConstantIndexOp::create(b, loc, 0));
  }

private:
  func::FuncOp reporter(OpBuilder &b) {
    if (auto existing = module.lookupSymbol<func::FuncOp>("tvmlir_bounds_failed"))
      return existing;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    Type i64 = b.getI64Type();
    auto func = func::FuncOp::create(b, module.getLoc(), "tvmlir_bounds_failed",
                                     b.getFunctionType({LLVM::LLVMPointerType::get(b.getContext()), i64, i64}, {}));
    func.setPrivate();
    return func;
  }

  LLVM::GlobalOp formatGlobal(OpBuilder &b, Location loc, StringRef buffer) {
    std::string where = sourceOf(loc);
    std::string text = "index %lld out of range [0, %lld) for '" + escapePercent(buffer) + "'" +
                       (where.empty() ? "" : " (" + escapePercent(where) + ")");
    text.push_back('\0');
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    std::string name = "__tvmlir_bounds_" + std::to_string(count++);
    while (module.lookupSymbol(name))
      name = "__tvmlir_bounds_" + std::to_string(count++);
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), text.size());
    return LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true, LLVM::Linkage::Internal, name,
                                  b.getStringAttr(text));
  }

  ModuleOp module;
  unsigned count = 0;
};

class PrimFuncLowering {
public:
  PrimFuncLowering(OpBuilder &builder, bool gpuThreadBindings, BoundsChecks *checks)
      : b(builder), gpuThreadBindings(gpuThreadBindings), checks(checks) {}

  LogicalResult lower(tensorir::PrimFuncOp prim) {
    b.setInsertionPoint(prim);
    SmallVector<Type> params = llvm::map_to_vector(prim.getArgumentTypes(), storageType);
    auto func = func::FuncOp::create(b, prim.getLoc(), prim.getSymName(),
                                     b.getFunctionType(params, {}));
    if (prim.isPrivate())
      func.setPrivate();
    func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    Block *entry = func.addEntryBlock();
    for (auto [from, to] : llvm::zip(prim.getBody().front().getArguments(), entry->getArguments()))
      map.map(from, to);
    b.setInsertionPointToStart(entry);
    if (failed(lowerOps(prim.getBody().front())))
      return failure();
    for (Value buffer : llvm::reverse(allocs))
      memref::DeallocOp::create(b, prim.getLoc(), buffer);
    func::ReturnOp::create(b, prim.getLoc());
    prim.erase();
    return success();
  }

private:
  SmallVector<Value> mapped(ValueRange values) {
    return llvm::map_to_vector(values, [&](Value v) { return map.lookup(v); });
  }

  /// Whether `value` (of the prim_func) depends on a value loaded from a
  /// buffer: an index only the data knows.
  bool readsData(Value value) {
    auto known = fromData.find(value);
    if (known != fromData.end())
      return known->second;
    Operation *def = value.getDefiningOp();
    bool result = def && (llvm::isa<tensorir::LoadOp>(def) ||
                          llvm::any_of(def->getOperands(), [&](Value v) { return readsData(v); }));
    fromData[value] = result;
    return result;
  }

  /// The mapped indices of an access to `buffer`, those read from data
  /// checked against the buffer's extents (on the CPU).
  SmallVector<Value> checkedIndices(Location loc, Value buffer, ValueRange indices) {
    SmallVector<Value> result = mapped(indices);
    if (!checks)
      return result;
    Value memref = map.lookup(buffer);
    for (auto [dim, index] : llvm::enumerate(indices)) {
      if (!readsData(index))
        continue;
      Value extent = memref::DimOp::create(b, loc, memref, dim);
      result[dim] = checks->check(b, loc, result[dim], extent, getValueName(buffer, "buffer"));
    }
    return result;
  }


  LogicalResult lowerOps(Block &block) {
    for (Operation &op : block) {
      LogicalResult result =
          llvm::TypeSwitch<Operation *, LogicalResult>(&op)
              .Case([&](tensorir::ForOp loop) { return lowerFor(loop); })
              .Case([&](tensorir::BlockOp inner) { return lowerBlock(inner); })
              .Case([&](tensorir::InitOp) { return success(); }) // lowered by its block
              .Case([&](tensorir::LoadOp load) {
                Value value = memref::LoadOp::create(b, load.getLoc(), map.lookup(load.getBuffer()),
                                                     checkedIndices(load.getLoc(), load.getBuffer(),
                                                                    load.getIndices()));
                if (value.getType() != load.getType()) // a byte holding a bool
                  value = arith::TruncIOp::create(b, load.getLoc(), load.getType(), value);
                map.map(load.getResult(), value);
                return success();
              })
              .Case([&](tensorir::StoreOp store) {
                Value buffer = map.lookup(store.getBuffer());
                Value value = map.lookup(store.getValue());
                Type element = llvm::cast<MemRefType>(buffer.getType()).getElementType();
                if (value.getType() != element)
                  value = arith::ExtUIOp::create(b, store.getLoc(), element, value);
                memref::StoreOp::create(b, store.getLoc(), value, buffer,
                                        checkedIndices(store.getLoc(), store.getBuffer(),
                                                       store.getIndices()));
                return success();
              })
              .Case([&](tensorir::AllocBufferOp alloc) {
                Value buffer = memref::AllocOp::create(
                    b, alloc.getLoc(), llvm::cast<MemRefType>(storageType(alloc.getType())),
                    mapped(alloc.getDynamicSizes()));
                allocs.push_back(buffer);
                map.map(alloc.getResult(), buffer);
                return success();
              })
              .Default([&](Operation *other) -> LogicalResult {
                if (other->getDialect() && other->getDialect()->getNamespace() == "tensorir")
                  return other->emitOpError("has no lowering to scf");
                b.clone(*other, map);
                return success();
              });
      if (failed(result))
        return failure();
    }
    return success();
  }

  LogicalResult lowerFor(tensorir::ForOp loop) {
    std::optional<gpu::Processor> processor;
    if (loop.getKind() == tensorir::ForKind::thread_binding) {
      StringRef thread = loop.getThread().value_or("");
      if (!gpuThreadBindings)
        return loop.emitOpError("is bound to GPU thread ")
               << thread << ", which a CPU target cannot run";
      processor = gpuProcessor(thread);
      if (!processor)
        return loop.emitOpError("is bound to thread axis '")
               << thread << "', which is not one of blockIdx.x/y/z, threadIdx.x/y/z";
    }
    Location loc = loop.getLoc();
    Value lower = map.lookup(loop.getLower()), upper = map.lookup(loop.getUpper());
    Value step = arith::ConstantIndexOp::create(b, loc, 1);
    OpBuilder::InsertionGuard guard(b);
    if (loop.getKind() == tensorir::ForKind::parallel || processor) {
      auto parallel = scf::ParallelOp::create(b, loc, ValueRange{lower}, ValueRange{upper},
                                              ValueRange{step});
      if (processor) {
        AffineMap identity = b.getDimIdentityMap();
        parallel->setAttr("mapping", b.getArrayAttr({gpu::ParallelLoopDimMappingAttr::get(
                                         b.getContext(), *processor, identity, identity)}));
      }
      map.map(loop.getInductionVar(), parallel.getInductionVars()[0]);
      b.setInsertionPoint(parallel.getBody()->getTerminator());
    } else {
      auto serial = scf::ForOp::create(b, loc, lower, upper, step);
      map.map(loop.getInductionVar(), serial.getInductionVar());
      b.setInsertionPoint(serial.getBody()->getTerminator());
    }
    return lowerOps(loop.getBody().front());
  }

  LogicalResult lowerBlock(tensorir::BlockOp block) {
    Location loc = block.getLoc();
    for (auto [iv, binding] : llvm::zip(block.getIterVars(), block.getBindings()))
      map.map(iv, map.lookup(binding));
    OpBuilder::InsertionGuard guard(b);
    if (Value predicate = block.getPredicate()) {
      auto ifOp = scf::IfOp::create(b, loc, map.lookup(predicate), /*withElseRegion=*/false);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    }
    if (tensorir::InitOp init = block.getInitOp()) {
      // The init runs at the first step of the reduction: every reduction
      // variable at 0 (TensorIR's domains start at 0).
      Value first;
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      for (auto [iv, kind] : llvm::zip(block.getIterVars(), block.getIterKinds())) {
        if (kind != 'R')
          continue;
        Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, map.lookup(iv), zero);
        first = first ? Value(arith::AndIOp::create(b, loc, first, isZero)) : isZero;
      }
      if (!first)
        first = arith::ConstantIntOp::create(b, loc, 1, 1);
      auto ifOp = scf::IfOp::create(b, loc, first, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard initGuard(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      if (failed(lowerOps(init.getBody().front())))
        return failure();
    }
    return lowerOps(block.getBody().front());
  }

  OpBuilder &b;
  bool gpuThreadBindings;
  BoundsChecks *checks; // null on the GPU, whose kernels cannot call the runtime
  DenseMap<Value, bool> fromData;
  IRMapping map;
  SmallVector<Value> allocs;
};

struct ConvertTensorIRToSCFPass
    : public relax::impl::ConvertTensorIRToSCFBase<ConvertTensorIRToSCFPass> {
  using ConvertTensorIRToSCFBase::ConvertTensorIRToSCFBase;

  void runOnOperation() override {
    SmallVector<tensorir::PrimFuncOp> prims(getOperation().getOps<tensorir::PrimFuncOp>());
    OpBuilder builder(&getContext());
    BoundsChecks checks(getOperation());
    for (tensorir::PrimFuncOp prim : prims) {
      PrimFuncLowering lowering(builder, gpuThreadBindings, gpuThreadBindings ? nullptr : &checks);
      if (failed(lowering.lower(prim)))
        return signalPassFailure();
    }
  }
};

} // namespace
