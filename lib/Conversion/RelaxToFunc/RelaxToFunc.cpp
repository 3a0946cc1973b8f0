//===- RelaxToFunc.cpp - relax functions to host code ---------------------===//
//
// A relax function (after legalization, in call_tir form) becomes a func.func
// in destination-passing style: `@main(inputs..., results...)`. Its body runs
// the calls in order; each call's outputs are allocated, or are a result
// buffer of the function when the value is returned (so the last kernel
// writes straight into the caller's buffer); intermediates are freed after
// their last use, and one freed buffer serves a later one of the same type.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Conversion/Passes.h"
#include "tvmlir/Relax/ShapeInference.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::relax {
#define GEN_PASS_DEF_CONVERTRELAXTOFUNC
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// A relax value at run time: one buffer, or the buffers of a tuple's fields.
using Buffers = SmallVector<Value, 1>;

/// The buffer of a tensor; booleans are stored as bytes (as the lowered
/// prim_funcs and NumPy store them).
MemRefType bufferType(Type type) {
  auto tensor = llvm::cast<RankedTensorType>(type);
  Type element = tensor.getElementType();
  if (element.isInteger(1))
    element = IntegerType::get(type.getContext(), 8);
  return MemRefType::get(tensor.getShape(), element);
}

/// The memref types a relax type becomes (a tuple: its fields, flattened).
LogicalResult flattenTypes(Type type, SmallVectorImpl<Type> &types, Location loc) {
  if (auto tuple = llvm::dyn_cast<TupleType>(type)) {
    for (Type field : tuple.getTypes())
      if (failed(flattenTypes(field, types, loc)))
        return failure();
    return success();
  }
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return emitError(loc, "cannot compile a value of type ") << type;
  for (const Dim &dim : getDims(tensor))
    if (dim.isAnonymous())
      return emitError(loc, "cannot compile a dimension known by no name: ")
             << type << " (name it with #relax.sym)";
  types.push_back(bufferType(type));
  return success();
}

/// The host code's memory plan (TVM's StaticPlanBlockMemory, on the
/// straight-line body): each intermediate is freed right after its last use,
/// and a later intermediate of the same type takes a freed buffer instead of
/// a new allocation, so the kernels' outputs land in memory that is still in
/// cache and the peak is the largest live set, not the sum.
void planBuffers(SmallVector<Value> allocated) {
  if (allocated.empty())
    return;
  Block *body = Value(allocated.front()).getParentBlock();
  llvm::DenseMap<Operation *, unsigned> position;
  for (auto [index, op] : llvm::enumerate(*body))
    position[&op] = index;
  // The op after which `buffer` is dead: its last user in the body.
  auto lastUse = [&](Value buffer) {
    Operation *last = buffer.getDefiningOp();
    for (Operation *user : buffer.getUsers()) {
      Operation *inBody = body->findAncestorOpInBlock(*user);
      if (inBody && position[inBody] > position[last])
        last = inBody;
    }
    return last;
  };
  // Buffers freed so far, by type, and where each was last used; walking
  // the allocations in program order.
  llvm::DenseMap<Type, SmallVector<std::pair<Value, Operation *>>> free;
  SmallVector<std::pair<Value, Operation *>> live;
  for (Value buffer : allocated) {
    Operation *alloc = buffer.getDefiningOp();
    // Buffers whose last use came before this allocation are free now.
    for (auto it = live.begin(); it != live.end();) {
      if (position[it->second] < position[alloc]) {
        free[it->first.getType()].push_back(*it);
        it = live.erase(it);
      } else {
        ++it;
      }
    }
    auto type = llvm::cast<MemRefType>(buffer.getType());
    SmallVector<std::pair<Value, Operation *>> &candidates = free[type];
    if (type.hasStaticShape() && !candidates.empty()) {
      auto [reused, lastUsed] = candidates.pop_back_val();
      buffer.replaceAllUsesWith(reused);
      alloc->erase();
      live.push_back({reused, lastUse(reused)});
      continue;
    }
    live.push_back({buffer, lastUse(buffer)});
  }
  for (auto &[type, buffers] : free)
    live.append(buffers.begin(), buffers.end());
  for (auto [buffer, last] : live) {
    OpBuilder builder(last->getContext());
    builder.setInsertionPointAfter(last);
    memref::DeallocOp::create(builder, last->getLoc(), buffer);
  }
}

class FunctionLowering {
public:
  FunctionLowering(ModuleOp module, OpBuilder &builder, unsigned &constants)
      : module(module), b(builder), constants(constants) {}

  LogicalResult lower(FuncOp relaxFunc) {
    Location loc = relaxFunc.getLoc();
    SmallVector<Type> inputs, results;
    for (Type type : relaxFunc.getArgumentTypes())
      if (failed(flattenTypes(type, inputs, loc)))
        return failure();
    for (Type type : relaxFunc.getResultTypes())
      if (failed(flattenTypes(type, results, loc)))
        return failure();
    SmallVector<Type> params(inputs);
    llvm::append_range(params, results);
    b.setInsertionPoint(relaxFunc);
    std::string name = relaxFunc.getSymName().str();
    auto func = func::FuncOp::create(b, loc, name + ".lowering", b.getFunctionType(params, {}));
    func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    // Where the inputs end and the result buffers begin, for passes that
    // treat them differently (convert-host-buffers-to-gpu copies results out).
    func->setAttr("relax.num_inputs", b.getI64IntegerAttr(inputs.size()));
    Block *entry = func.addEntryBlock();

    // Arguments: tuples take several buffers, in order.
    unsigned next = 0;
    for (BlockArgument arg : relaxFunc.getBody().front().getArguments()) {
      SmallVector<Type> types;
      (void)flattenTypes(arg.getType(), types, loc);
      buffers[arg] = Buffers(entry->getArguments().slice(next, types.size()));
      next += types.size();
    }
    resultBuffers = entry->getArguments().drop_front(inputs.size());
    auto ret = llvm::cast<ReturnOp>(relaxFunc.getBody().front().getTerminator());
    assignResultBuffers(ret);

    b.setInsertionPointToStart(entry);
    bindSymbols(relaxFunc, loc);
    if (failed(lowerBlock(relaxFunc.getBody().front())))
      return failure();
    relaxFunc.erase();
    func.setSymName(name);
    return success();
  }

private:
  /// Values returned directly, or as fields of a returned tuple, are
  /// computed into the caller's buffers.
  void assignResultBuffers(ReturnOp ret) {
    unsigned next = 0;
    for (Value value : ret.getOperands())
      assignResultBuffer(value, next);
  }

  void assignResultBuffer(Value value, unsigned &next) {
    Value source = value;
    // Through dataflow results to the value computed inside.
    if (auto result = llvm::dyn_cast<OpResult>(source))
      if (auto dataflow = llvm::dyn_cast<DataflowOp>(result.getOwner()))
        source = llvm::cast<OutputOp>(dataflow.getBody().front().getTerminator())
                     .getValues()[result.getResultNumber()];
    if (auto tuple = source.getDefiningOp<TupleOp>()) {
      for (Value field : tuple.getFields())
        assignResultBuffer(field, next);
      return;
    }
    SmallVector<Type> types;
    (void)flattenTypes(value.getType(), types, value.getLoc());
    if (types.size() == 1 && source.getDefiningOp<CallTIROp>() && !destinations.count(source))
      destinations[source] = resultBuffers[next];
    next += types.size();
  }

  LogicalResult lowerBlock(Block &block) {
    for (Operation &op : block) {
      LogicalResult result =
          llvm::TypeSwitch<Operation *, LogicalResult>(&op)
              .Case([&](DataflowOp dataflow) {
                if (failed(lowerBlock(dataflow.getBody().front())))
                  return failure();
                auto output = llvm::cast<OutputOp>(dataflow.getBody().front().getTerminator());
                for (auto [result, value] : llvm::zip(dataflow.getResults(), output.getValues())) {
                  // A copy first: inserting `result` may grow the map and
                  // move the entry of `value`.
                  Buffers computed = buffers.lookup(value);
                  buffers[result] = computed;
                }
                return success();
              })
              .Case([&](OutputOp) { return success(); })
              .Case([&](CallTIROp call) { return lowerCall(call); })
              .Case([&](ConstantOp constant) { return lowerConstant(constant); })
              .Case([&](TupleOp tuple) {
                Buffers fields;
                for (Value field : tuple.getFields())
                  llvm::append_range(fields, buffers[field]);
                buffers[tuple] = fields;
                return success();
              })
              .Case([&](TupleGetItemOp item) { return lowerTupleGetItem(item); })
              .Case([&](ReturnOp ret) { return lowerReturn(ret); })
              .Default([&](Operation *other) -> LogicalResult {
                auto symbolic = [](Type type) {
                  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
                  return tensor && !tensor.hasStaticShape();
                };
                if (llvm::any_of(other->getOperandTypes(), symbolic) ||
                    llvm::any_of(other->getResultTypes(), symbolic))
                  return other->emitOpError(
                      "cannot be compiled: LegalizeOps does not legalize it with these symbolic "
                      "shapes yet (they must be static where the operator reduces, slices or "
                      "joins)");
                return other->emitOpError("cannot be compiled: run LegalizeOps first "
                                          "(tvmlir.compile does) or this operator has no "
                                          "legalization yet");
              });
      if (failed(result))
        return failure();
    }
    return success();
  }

  /// Each symbolic dimension's size, read from the first argument that has
  /// it (the VM checks that all arguments agree).
  void bindSymbols(FuncOp relaxFunc, Location loc) {
    for (BlockArgument arg : relaxFunc.getBody().front().getArguments()) {
      auto tensor = llvm::dyn_cast<RankedTensorType>(arg.getType());
      if (!tensor)
        continue;
      for (auto [index, dim] : llvm::enumerate(getDims(tensor)))
        if (!dim.isStatic() && !symbols.count(dim.name)) {
          Value position = arith::ConstantIndexOp::create(b, loc, index);
          symbols[dim.name] = memref::DimOp::create(b, loc, buffers[arg][0], position);
        }
    }
  }

  /// A new buffer for `tensorType`, its symbolic sizes from the arguments.
  FailureOr<Value> allocate(Location loc, Type tensorType) {
    SmallVector<Value> sizes;
    for (const Dim &dim : getDims(llvm::cast<RankedTensorType>(tensorType))) {
      if (dim.isStatic())
        continue;
      Value size = symbols.lookup(dim.name);
      if (!size)
        return emitError(loc, "the size of symbolic dimension '")
               << dim.name.getValue() << "' is not given by any argument";
      sizes.push_back(size);
    }
    Value buffer = memref::AllocOp::create(b, loc, bufferType(tensorType), sizes);
    allocated.push_back(buffer);
    return buffer;
  }

  LogicalResult lowerCall(CallTIROp call) {
    SmallVector<Value> operands;
    for (Value arg : call.getArgs())
      llvm::append_range(operands, buffers[arg]);
    for (Value result : call.getResults()) {
      Value buffer = destinations.lookup(result);
      if (!buffer) {
        FailureOr<Value> made = allocate(call.getLoc(), result.getType());
        if (failed(made))
          return failure();
        buffer = *made;
      }
      buffers[result] = Buffers{buffer};
      operands.push_back(buffer);
    }
    func::CallOp::create(b, call.getLoc(), call.getCallee(), TypeRange{}, operands);
    return success();
  }

  LogicalResult lowerConstant(ConstantOp constant) {
    auto type = llvm::dyn_cast<RankedTensorType>(constant.getType());
    auto value = llvm::dyn_cast<ElementsAttr>(constant.getValue());
    if (!type || !type.hasStaticShape() || !value)
      return constant.emitOpError("cannot be compiled: a constant needs a static shape");
    MemRefType memrefType = bufferType(type);
    if (memrefType.getElementType() != type.getElementType()) // bools as bytes
      value = llvm::cast<DenseIntElementsAttr>(value).mapValues(
          memrefType.getElementType(), [](const APInt &bit) { return bit.zext(8); });
    std::string name = "__constant_" + std::to_string(constants++);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      memref::GlobalOp::create(b, constant.getLoc(), name, b.getStringAttr("private"), memrefType,
                               value, /*constant=*/true, /*alignment=*/nullptr);
    }
    buffers[constant] = Buffers{memref::GetGlobalOp::create(b, constant.getLoc(), memrefType, name)};
    return success();
  }

  LogicalResult lowerTupleGetItem(TupleGetItemOp item) {
    auto tuple = llvm::cast<TupleType>(item.getTuple().getType());
    unsigned first = 0;
    for (unsigned i = 0; i < item.getIndex(); ++i) {
      SmallVector<Type> types;
      (void)flattenTypes(tuple.getType(i), types, item.getLoc());
      first += types.size();
    }
    SmallVector<Type> types;
    (void)flattenTypes(item.getType(), types, item.getLoc());
    buffers[item] = Buffers(ArrayRef(buffers[item.getTuple()]).slice(first, types.size()));
    return success();
  }

  LogicalResult lowerReturn(ReturnOp ret) {
    unsigned next = 0;
    for (Value value : ret.getOperands())
      for (Value buffer : buffers[value]) {
        Value destination = resultBuffers[next++];
        if (buffer != destination)
          memref::CopyOp::create(b, ret.getLoc(), buffer, destination);
      }
    func::ReturnOp::create(b, ret.getLoc());
    planBuffers(allocated);
    return success();
  }

  ModuleOp module;
  OpBuilder &b;
  DenseMap<Value, Buffers> buffers;
  DenseMap<Value, Value> destinations;
  ArrayRef<BlockArgument> resultBuffers;
  SmallVector<Value> allocated;
  DenseMap<StringAttr, Value> symbols; // symbolic dimension -> its size
  unsigned &constants; // numbers the module's constant globals
};

struct ConvertRelaxToFuncPass
    : public relax::impl::ConvertRelaxToFuncBase<ConvertRelaxToFuncPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<FuncOp> funcs(module.getOps<FuncOp>());
    OpBuilder builder(&getContext());
    unsigned constants = 0;
    for (FuncOp func : funcs) {
      if (func->hasAttr("Primitive"))
        continue;
      FunctionLowering lowering(module, builder, constants);
      if (failed(lowering.lower(func)))
        return signalPassFailure();
    }
  }
};

} // namespace
