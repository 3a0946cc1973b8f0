//===- ParallelToPool.cpp - scf.parallel onto tvmlir's thread pool --------===//
//
// Each outermost scf.parallel (without results) of a func.func becomes a call
// of the runtime's `tvmlir_parallel_for(body, context, iterations, threads)`
// (python/tvmlir/runtime/pool.c): the loop body is outlined into a function
// `body(context, begin, end)` that runs the linearized iterations
// [begin, end), and the values it uses from above are stored in a struct on
// the caller's stack, the context. The pool's workers spin between jobs, so
// a launch costs about a microsecond where the async runtime's
// coroutine-per-block and condition-variable wakeups cost tens.
//
// Values are stored as their LLVM types (a memref as its descriptor), through
// unrealized casts that the memref and func lowerings later cancel; only
// constants are cloned into the body instead.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Conversion/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Threading.h"

namespace mlir::relax {
#define GEN_PASS_DEF_CONVERTPARALLELTOPOOL
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

constexpr StringLiteral kLaunch = "tvmlir_parallel_for";

bool isConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->hasTrait<OpTrait::ConstantLike>();
}

/// The values the body of `loop` uses from above it that are not constants
/// (constants are cloned into the outlined body).
SmallVector<Value> capturedValues(scf::ParallelOp loop) {
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(loop.getRegion(), above);
  return llvm::to_vector(llvm::make_filter_range(above, [](Value v) { return !isConstant(v); }));
}

/// A loop's lower bounds, steps and iteration counts, per dimension.
struct Dimensions {
  SmallVector<Value> lowers, steps, counts;
};

/// The signature of the outlined body and of the launch's body argument.
FunctionType bodyType(MLIRContext *context) {
  Type i64 = IntegerType::get(context, 64);
  return FunctionType::get(context, {LLVM::LLVMPointerType::get(context), i64, i64}, {});
}

/// `value` as the LLVM type it will have (a memref's descriptor, an index's
/// integer): a cast the LLVM lowerings cancel, none for an LLVM type.
Value toLLVM(OpBuilder &builder, Location loc, Value value, Type llvmType) {
  if (value.getType() == llvmType)
    return value;
  return UnrealizedConversionCastOp::create(builder, loc, llvmType, value).getResult(0);
}

Value fromLLVM(OpBuilder &builder, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return UnrealizedConversionCastOp::create(builder, loc, type, value).getResult(0);
}

struct ConvertParallelToPoolPass
    : public relax::impl::ConvertParallelToPoolBase<ConvertParallelToPoolPass> {
  using ConvertParallelToPoolBase::ConvertParallelToPoolBase;

  SymbolTable *symbols = nullptr;  // the module's, while the pass runs

  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t threads = numThreads > 0 ? numThreads : llvm::hardware_concurrency().compute_thread_count();
    LowerToLLVMOptions options(&getContext());
    LLVMTypeConverter converter(&getContext(), options);
    SmallVector<scf::ParallelOp> loops;
    module.walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>() && loop.getNumResults() == 0 &&
          loop->getParentOfType<func::FuncOp>())
        loops.push_back(loop);
    });
    SymbolTable symbolTable(module);
    symbols = &symbolTable;
    for (scf::ParallelOp loop : loops)
      if (failed(outline(loop, threads, converter)))
        return signalPassFailure();
  }

  /// The declaration of the runtime's launch, added once.
  func::FuncOp launchDeclaration(ModuleOp module) {
    if (auto existing = module.lookupSymbol<func::FuncOp>(kLaunch))
      return existing;
    MLIRContext *context = module.getContext();
    Type i64 = IntegerType::get(context, 64);
    auto type = FunctionType::get(context, {bodyType(context), LLVM::LLVMPointerType::get(context), i64, i64}, {});
    auto decl = func::FuncOp::create(module.getLoc(), kLaunch, type);
    decl.setPrivate();
    symbols->insert(decl);
    return decl;
  }

  LogicalResult outline(scf::ParallelOp loop, int64_t threads, const LLVMTypeConverter &converter) {
    auto func = loop->getParentOfType<func::FuncOp>();
    MLIRContext *context = loop.getContext();
    Location loc = loop.getLoc();
    Type i64 = IntegerType::get(context, 64);
    Type ptr = LLVM::LLVMPointerType::get(context);
    OpBuilder builder(loop);

    // Each dimension's lower bound, step and iteration count, which the body
    // delinearizes with (folded: constants are cloned into the body, where
    // LLVM turns the divisions by them into multiplications).
    SmallVector<Value> lowers(loop.getLowerBound()), steps(loop.getStep()), counts;
    Value total;
    for (auto [lower, upper, step] : llvm::zip(lowers, loop.getUpperBound(), steps)) {
      Value span = builder.createOrFold<arith::SubIOp>(loc, upper, lower);
      Value count = builder.createOrFold<arith::MaxSIOp>(loc, builder.createOrFold<arith::CeilDivSIOp>(loc, span, step),
                                                         arith::ConstantIndexOp::create(builder, loc, 0));
      counts.push_back(count);
      total = total ? builder.createOrFold<arith::MulIOp>(loc, total, count) : count;
    }
    // The context: the values the body uses from above and the dimensions'
    // values that are not constants.
    llvm::SetVector<Value> passed;
    for (Value value : capturedValues(loop))
      passed.insert(value);
    for (Value value : llvm::concat<Value>(lowers, steps, counts))
      if (!isConstant(value))
        passed.insert(value);
    SmallVector<Value> captured = passed.takeVector();
    SmallVector<Type> fieldTypes;
    for (Value value : captured) {
      Type type = converter.convertType(value.getType());
      if (!type || !LLVM::isCompatibleType(type))
        return loop.emitError("convert-parallel-to-pool: cannot pass a value of type ")
               << value.getType() << " to a parallel loop's body";
      fieldTypes.push_back(type);
    }
    auto contextType = LLVM::LLVMStructType::getLiteral(context, fieldTypes);

    Value contextPtr;
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(&func.getBody().front());
      Value one = LLVM::ConstantOp::create(builder, loc, i64, builder.getI64IntegerAttr(1));
      contextPtr = LLVM::AllocaOp::create(builder, loc, ptr, contextType, one);
    }
    for (auto [index, value] : llvm::enumerate(captured)) {
      Value field = LLVM::GEPOp::create(builder, loc, ptr, contextType, contextPtr,
                                        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      LLVM::StoreOp::create(builder, loc, toLLVM(builder, loc, value, fieldTypes[index]), field);
    }

    func::FuncOp body = outlineBody(loop, func, captured, fieldTypes, contextType, Dimensions{lowers, steps, counts});
    func::FuncOp launch = launchDeclaration(func->getParentOfType<ModuleOp>());
    Value bodyRef = func::ConstantOp::create(builder, loc, bodyType(context), body.getSymName());
    Value iterations = arith::IndexCastOp::create(builder, loc, i64, total);
    Value threadCount = arith::ConstantIntOp::create(builder, loc, i64, threads);
    func::CallOp::create(builder, loc, launch, ValueRange{bodyRef, contextPtr, iterations, threadCount});
    loop.erase();
    return success();
  }

  /// `body(context, begin, end)`: loads the captured values, then runs the
  /// loop's body for the linear iterations [begin, end), the last dimension
  /// fastest.
  func::FuncOp outlineBody(scf::ParallelOp loop, func::FuncOp parent, ArrayRef<Value> captured,
                           ArrayRef<Type> fieldTypes, Type contextType, const Dimensions &dims) {
    MLIRContext *context = loop.getContext();
    Location loc = loop.getLoc();
    auto body = func::FuncOp::create(loc, (parent.getSymName() + "_parallel").str(), bodyType(context));
    body.setPrivate();
    symbols->insert(body, std::next(Block::iterator(parent)));  // renamed if the name is taken
    Block *entry = body.addEntryBlock();
    OpBuilder builder = OpBuilder::atBlockBegin(entry);
    Type ptr = LLVM::LLVMPointerType::get(context);

    // The captured values, loaded; the constants used from above, cloned.
    IRMapping mapping;
    for (auto [index, value] : llvm::enumerate(captured)) {
      Value field = LLVM::GEPOp::create(builder, loc, ptr, contextType, entry->getArgument(0),
                                        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      Value load = LLVM::LoadOp::create(builder, loc, fieldTypes[index], field);
      mapping.map(value, fromLLVM(builder, loc, load, value.getType()));
    }
    auto inBody = [&](Value value) {
      if (!mapping.contains(value))
        mapping.map(value, builder.clone(*value.getDefiningOp())->getResult(0));
      return mapping.lookup(value);
    };
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(loop.getRegion(), above);
    for (Value value : above)
      inBody(value);
    size_t rank = loop.getNumLoops();
    SmallVector<Value> lowers, steps, counts;
    for (size_t d = 0; d < rank; ++d) {
      lowers.push_back(inBody(dims.lowers[d]));
      steps.push_back(inBody(dims.steps[d]));
      counts.push_back(inBody(dims.counts[d]));
    }

    Type index = builder.getIndexType();
    Value begin = arith::IndexCastOp::create(builder, loc, index, entry->getArgument(1));
    Value end = arith::IndexCastOp::create(builder, loc, index, entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto linear = scf::ForOp::create(builder, loc, begin, end, one);
    builder.setInsertionPointToStart(linear.getBody());
    Value rest = linear.getInductionVar();
    SmallVector<Value> ivs(rank);
    for (int64_t d = rank - 1; d >= 0; --d) {
      Value position = d == 0 ? rest : arith::RemSIOp::create(builder, loc, rest, counts[d]).getResult();
      if (d > 0)
        rest = arith::DivSIOp::create(builder, loc, rest, counts[d]);
      Value scaled = arith::MulIOp::create(builder, loc, position, steps[d]);
      ivs[d] = arith::AddIOp::create(builder, loc, lowers[d], scaled);
    }
    for (auto [iv, value] : llvm::zip(loop.getInductionVars(), ivs))
      mapping.map(iv, value);
    // An alloca in the body is released every iteration, not at the end of
    // the task.
    bool allocates =
        loop.getRegion().walk([](memref::AllocaOp) { return WalkResult::interrupt(); }).wasInterrupted();
    OpBuilder inner = builder;
    if (allocates) {
      auto scope = memref::AllocaScopeOp::create(builder, loc, TypeRange{});
      Block *scopeBlock = builder.createBlock(&scope.getBodyRegion());
      inner = OpBuilder::atBlockBegin(scopeBlock);
      memref::AllocaScopeReturnOp::create(inner, loc, ValueRange{});
      inner.setInsertionPointToStart(scopeBlock);
    }
    for (Operation &op : loop.getBody()->without_terminator())
      inner.clone(op, mapping);
    builder.setInsertionPointToEnd(entry);
    func::ReturnOp::create(builder, loc);
    return body;
  }
};

} // namespace
