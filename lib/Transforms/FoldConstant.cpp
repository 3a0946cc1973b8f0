//===- FoldConstant.cpp - evaluate call_tir of constants at compile time --===//
//
// A call_tir whose arguments are all relax.constant is evaluated by
// interpreting its prim_func: loops and blocks run as TensorIR defines them
// (a block's init runs when its reduction variables are all 0), scalar ops
// are evaluated by their own MLIR folders. The call becomes a constant.
//
//===----------------------------------------------------------------------===//

#include "Names.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>

namespace mlir::relax {
#define GEN_PASS_DEF_FOLDCONSTANT
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Row-major buffer contents, one attribute per element.
struct Buffer {
  MemRefType type;
  SmallVector<Attribute> elements;
};

/// Interprets one prim_func over constant buffers.
class Interpreter {
public:
  explicit Interpreter(int64_t budget) : budget(budget) {}

  LogicalResult run(tensorir::PrimFuncOp func, ArrayRef<Buffer> args) {
    Block &entry = func.getBody().front();
    for (auto [arg, buffer] : llvm::zip(entry.getArguments(), args))
      buffers[arg] = buffer;
    return runBlock(entry);
  }

  Buffer &bufferOf(Value value) { return buffers[value]; }

private:
  FailureOr<int64_t> offset(Value buffer, ValueRange indices) {
    Buffer &b = buffers[buffer];
    int64_t flat = 0;
    for (auto [index, extent] : llvm::zip(indices, b.type.getShape())) {
      auto attr = llvm::dyn_cast_or_null<IntegerAttr>(scalars.lookup(index));
      if (!attr || attr.getInt() < 0 || attr.getInt() >= extent)
        return failure();
      flat = flat * extent + attr.getInt();
    }
    return flat;
  }

  LogicalResult runBlock(Block &block) {
    for (Operation &op : block)
      if (failed(runOp(op)))
        return failure();
    return success();
  }

  Attribute index(int64_t value, MLIRContext *context) {
    return IntegerAttr::get(IndexType::get(context), value);
  }

  LogicalResult runOp(Operation &op) {
    if (--budget < 0)
      return failure();
    MLIRContext *context = op.getContext();
    if (auto loop = llvm::dyn_cast<tensorir::ForOp>(op)) {
      auto lower = llvm::dyn_cast_or_null<IntegerAttr>(scalars.lookup(loop.getLower()));
      auto upper = llvm::dyn_cast_or_null<IntegerAttr>(scalars.lookup(loop.getUpper()));
      if (!lower || !upper)
        return failure();
      for (int64_t i = lower.getInt(); i < upper.getInt(); ++i) {
        if (--budget < 0) // an empty body costs its iterations too
          return failure();
        scalars[loop.getInductionVar()] = index(i, context);
        if (failed(runBlock(loop.getBody().front())))
          return failure();
      }
      return success();
    }
    if (auto block = llvm::dyn_cast<tensorir::BlockOp>(op)) {
      if (Value predicate = block.getPredicate()) {
        auto attr = llvm::dyn_cast_or_null<IntegerAttr>(scalars.lookup(predicate));
        if (!attr)
          return failure();
        if (attr.getInt() == 0)
          return success();
      }
      bool firstReduction = true;
      for (auto [iv, binding, kind] :
           llvm::zip(block.getIterVars(), block.getBindings(), block.getIterKinds())) {
        Attribute value = scalars.lookup(binding);
        if (!value)
          return failure();
        scalars[iv] = value;
        if (kind == 'R' && llvm::cast<IntegerAttr>(value).getInt() != 0)
          firstReduction = false;
      }
      for (Operation &inner : block.getBody().front()) {
        if (auto init = llvm::dyn_cast<tensorir::InitOp>(inner)) {
          if (firstReduction && failed(runBlock(init.getBody().front())))
            return failure();
          continue;
        }
        if (failed(runOp(inner)))
          return failure();
      }
      return success();
    }
    if (auto alloc = llvm::dyn_cast<tensorir::AllocBufferOp>(op)) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape()) // only static functions are folded
        return failure();
      // A buffer larger than the work left would not be filled anyway.
      int64_t elements = 1;
      for (int64_t extent : type.getShape())
        if (llvm::MulOverflow(elements, extent, elements) || elements > budget)
          return failure();
      Attribute zero = llvm::isa<FloatType>(type.getElementType())
                           ? Attribute(FloatAttr::get(type.getElementType(), 0.0))
                           : Attribute(IntegerAttr::get(type.getElementType(), 0));
      buffers[alloc] = Buffer{type, SmallVector<Attribute>(type.getNumElements(), zero)};
      return success();
    }
    if (auto load = llvm::dyn_cast<tensorir::LoadOp>(op)) {
      FailureOr<int64_t> at = offset(load.getBuffer(), load.getIndices());
      if (failed(at))
        return failure();
      scalars[load] = buffers[load.getBuffer()].elements[*at];
      return success();
    }
    if (auto store = llvm::dyn_cast<tensorir::StoreOp>(op)) {
      FailureOr<int64_t> at = offset(store.getBuffer(), store.getIndices());
      Attribute value = scalars.lookup(store.getValue());
      if (failed(at) || !value)
        return failure();
      buffers[store.getBuffer()].elements[*at] = value;
      return success();
    }
    // Scalar ops: their folders evaluate them on constant operands.
    if (op.getNumRegions() != 0 || op.getNumResults() != 1)
      return failure();
    SmallVector<Attribute> operands;
    for (Value operand : op.getOperands())
      operands.push_back(scalars.lookup(operand));
    SmallVector<OpFoldResult> results;
    if (failed(op.fold(operands, results)) || results.size() != 1)
      return evaluateUnfoldable(op, operands);
    Attribute value = llvm::dyn_cast_if_present<Attribute>(results[0]);
    if (!value) // folded to an existing value
      value = scalars.lookup(llvm::cast<Value>(results[0]));
    if (!value)
      return failure();
    scalars[op.getResult(0)] = value;
    return success();
  }

  /// Scalar ops that MLIR does not fold, evaluated here.
  LogicalResult evaluateUnfoldable(Operation &op, ArrayRef<Attribute> operands) {
    if (auto rsqrt = llvm::dyn_cast<math::RsqrtOp>(op)) {
      auto x = llvm::dyn_cast_or_null<FloatAttr>(operands[0]);
      if (!x)
        return failure();
      scalars[rsqrt] = FloatAttr::get(x.getType(), 1.0 / std::sqrt(x.getValueAsDouble()));
      return success();
    }
    return failure();
  }

public:
  int64_t budgetLeft() const { return budget; }

private:
  int64_t budget;
  DenseMap<Value, Attribute> scalars;
  DenseMap<Value, Buffer> buffers;
};

struct FoldConstantPass : public relax::impl::FoldConstantBase<FoldConstantPass> {
  using FoldConstantBase::FoldConstantBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    workLeft = int64_t(8) * maxElements;
    SymbolTable symbols(module);
    SmallVector<CallTIROp> calls;
    module.walk([&](CallTIROp call) { calls.push_back(call); });
    llvm::SetVector<Operation *> callees;
    for (CallTIROp call : calls) {
      Operation *callee = symbols.lookup(call.getCallee());
      if (succeeded(fold(call, symbols)))
        callees.insert(callee);
    }
    eraseUnusedSymbols(module, symbols, callees.getArrayRef());
  }

  int64_t workLeft = 0; // of the interpreter's work units, for the whole pass

  LogicalResult fold(CallTIROp call, SymbolTable &symbols) {
    auto func = symbols.lookup<tensorir::PrimFuncOp>(call.getCallee());
    if (!func)
      return failure();
    SmallVector<Buffer> args;
    for (Value arg : call.getArgs()) {
      auto constant = arg.getDefiningOp<ConstantOp>();
      auto dense = constant ? llvm::dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
      if (!dense)
        return failure();
      auto type = llvm::cast<RankedTensorType>(dense.getType());
      args.push_back(Buffer{MemRefType::get(type.getShape(), type.getElementType()),
                            SmallVector<Attribute>(dense.getValues<Attribute>())});
    }
    for (Type result : call.getResultTypes()) {
      auto type = llvm::cast<RankedTensorType>(result);
      if (!type.hasStaticShape() || type.getNumElements() > maxElements)
        return failure();
      Attribute zero = llvm::isa<FloatType>(type.getElementType())
                           ? Attribute(FloatAttr::get(type.getElementType(), 0.0))
                           : Attribute(IntegerAttr::get(type.getElementType(), 0));
      args.push_back(Buffer{MemRefType::get(type.getShape(), type.getElementType()),
                            SmallVector<Attribute>(type.getNumElements(), zero)});
    }
    // A budget of work keeps compile time bounded: each op or loop step
    // costs one unit (about 2 us, since every scalar is a uniqued
    // attribute), a call at most 4 per element of the largest constant
    // folded, the whole pass 8: seconds at worst. What is left over
    // runs at run time.
    int64_t budget = std::min(int64_t(4) * maxElements, workLeft);
    Interpreter interpreter(budget);
    LogicalResult folded = interpreter.run(func, args);
    workLeft -= budget - std::max<int64_t>(interpreter.budgetLeft(), 0);
    if (failed(folded))
      return failure();
    Block &entry = func.getBody().front();
    OpBuilder builder(call);
    unsigned firstOutput = call.getArgs().size();
    for (auto [index, result] : llvm::enumerate(call.getResults())) {
      Buffer &out = interpreter.bufferOf(entry.getArgument(firstOutput + index));
      auto value = DenseElementsAttr::get(llvm::cast<ShapedType>(result.getType()),
                                          out.elements);
      auto constant = ConstantOp::create(builder, call.getLoc(), value);
      result.replaceAllUsesWith(constant);
    }
    call->erase();
    return success();
  }
};

} // namespace
