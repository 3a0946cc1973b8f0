//===- LiftTransformParams.cpp - weight transforms paid once --------------===//
//
// TVM's LiftTransformParams. In a function with `num_input = k`, the
// arguments after the first k are parameters (weights). The dataflow
// bindings that depend on parameters (and constants) only are moved into a
// new function `<name>_transform_params`, which takes the parameters as one
// tuple and returns, as one tuple, every value the rest of the function
// still reads: the parameters it reads directly, in order, then the lifted
// values, in program order. The function then takes those values as its
// parameters, so a user runs the transform once and every call after it
// skips the transposes, reshapes and casts of the weights.
//
//===----------------------------------------------------------------------===//

#include "Names.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::relax {
#define GEN_PASS_DEF_LIFTTRANSFORMPARAMS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

bool hasStaticShape(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape();
}

/// What one function's lifting moves and keeps.
struct Lifting {
  SmallVector<BlockArgument> params;         // the arguments after num_input
  llvm::SetVector<Operation *> lifted;       // bindings over parameters only
  SmallVector<Value> boundary;               // values the function still reads
};

/// The bindings of `func`'s dataflow blocks that read parameters (and
/// constants) only: their values are the same on every call.
void findLiftable(FuncOp func, Lifting &lifting) {
  llvm::DenseSet<Value> paramOnly(lifting.params.begin(), lifting.params.end());
  for (auto dataflow : func.getBody().front().getOps<DataflowOp>())
    for (Operation &op : dataflow.getBody().front().without_terminator()) {
      if (op.getNumRegions() != 0 || op.getNumResults() == 0 ||
          !llvm::all_of(op.getResultTypes(), hasStaticShape))
        continue;
      bool readsParam = false, readsInput = false;
      for (Value operand : op.getOperands()) {
        if (paramOnly.contains(operand))
          readsParam = true;
        else if (!operand.getDefiningOp<ConstantOp>())
          readsInput = true;
      }
      // Bindings of constants alone are FoldConstant's.
      if (!readsParam || readsInput)
        continue;
      lifting.lifted.insert(&op);
      paramOnly.insert(op.result_begin(), op.result_end());
    }
}

/// True when something the lifting leaves in place reads `value`.
bool readByRest(Value value, const Lifting &lifting) {
  return llvm::any_of(value.getUsers(),
                      [&](Operation *user) { return !lifting.lifted.contains(user); });
}

void findBoundary(Lifting &lifting) {
  for (BlockArgument param : lifting.params)
    if (readByRest(param, lifting))
      lifting.boundary.push_back(param);
  for (Operation *op : lifting.lifted)
    for (Value result : op->getResults())
      if (readByRest(result, lifting))
        lifting.boundary.push_back(result);
}

/// Builds `<name>_transform_params`: the parameters as one tuple in, the
/// boundary values as one tuple out.
void buildTransformFunction(ModuleOp module, FuncOp func, const Lifting &lifting) {
  MLIRContext *context = module.getContext();
  Location loc = func.getLoc();
  SmallVector<Type> paramTypes, boundaryTypes;
  for (BlockArgument param : lifting.params)
    paramTypes.push_back(param.getType());
  for (Value value : lifting.boundary)
    boundaryTypes.push_back(value.getType());
  auto paramsType = TupleType::get(context, paramTypes);
  auto resultType = TupleType::get(context, boundaryTypes);

  OpBuilder builder(context);
  builder.setInsertionPointAfter(func);
  std::string name = (func.getSymName() + "_transform_params").str();
  auto transform = FuncOp::create(builder, loc, name,
                                  FunctionType::get(context, {paramsType}, {resultType}),
                                  /*sym_visibility=*/nullptr, nullptr, nullptr);
  transform->setAttr("num_input", builder.getI64IntegerAttr(0));
  Block *entry = new Block();
  transform.getBody().push_back(entry);
  Value params = entry->addArgument(paramsType, withName(loc, "params"));
  builder.setInsertionPointToEnd(entry);
  auto dataflow = DataflowOp::create(builder, withName(loc, "gv"), TypeRange{resultType});
  Block *body = new Block();
  dataflow.getBody().push_back(body);
  builder.setInsertionPointToEnd(body);

  IRMapping mapping;
  for (auto [index, param] : llvm::enumerate(lifting.params))
    if (!param.use_empty())
      mapping.map(param, TupleGetItemOp::create(builder, withName(loc, getValueName(param, "lv")),
                                                param.getType(), params,
                                                builder.getI64IntegerAttr(index)));
  for (Operation *op : lifting.lifted) {
    for (Value operand : op->getOperands())
      if (!mapping.contains(operand))  // a constant: cloned where it is read
        builder.clone(*operand.getDefiningOp(), mapping);
    builder.clone(*op, mapping);
  }
  SmallVector<Value> results;
  for (Value value : lifting.boundary)
    results.push_back(mapping.lookup(value));
  Value tuple = TupleOp::create(builder, withName(loc, "gv"), resultType, results);
  OutputOp::create(builder, loc, ValueRange{tuple});
  builder.setInsertionPointToEnd(entry);
  ReturnOp::create(builder, loc, dataflow->getResults());
}

/// Makes `func` take the boundary values in place of its parameters.
void rewriteFunction(FuncOp func, const Lifting &lifting) {
  unsigned numArgs = func.getNumArguments();
  auto function = llvm::cast<FunctionOpInterface>(func.getOperation());
  for (auto [position, boundaryValue] : llvm::enumerate(lifting.boundary)) {
    Value value = boundaryValue;
    DictionaryAttr attrs;
    std::string name = getValueName(value, "param" + std::to_string(position));
    if (auto param = llvm::dyn_cast<BlockArgument>(value))
      attrs = func.getArgAttrDict(param.getArgNumber());
    function.insertArgument(numArgs + position, value.getType(), attrs,
                            withName(func.getLoc(), name));
    BlockArgument replacement = func.getBody().front().getArgument(numArgs + position);
    value.replaceUsesWithIf(replacement, [&](OpOperand &use) {
      return !lifting.lifted.contains(use.getOwner());
    });
  }
  for (Operation *op : llvm::reverse(lifting.lifted))
    op->erase();
  llvm::BitVector erased(func.getNumArguments());
  for (BlockArgument param : lifting.params)
    erased.set(param.getArgNumber());
  (void)function.eraseArguments(erased);
}

struct LiftTransformParamsPass
    : public relax::impl::LiftTransformParamsBase<LiftTransformParamsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<FuncOp> funcs;
    // A function whose transform exists was lifted already: running the
    // pass again changes nothing.
    for (FuncOp func : module.getOps<FuncOp>())
      if (func->hasAttr("num_input") && !func->hasAttr("Primitive") && !func.isPrivate() &&
          !symbols.lookup((func.getSymName() + "_transform_params").str()) &&
          !func.getSymName().ends_with("_transform_params"))
        funcs.push_back(func);
    for (FuncOp func : funcs) {
      auto numInput = func->getAttrOfType<IntegerAttr>("num_input").getInt();
      Lifting lifting;
      for (BlockArgument arg : func.getBody().front().getArguments().drop_front(numInput))
        lifting.params.push_back(arg);
      if (lifting.params.empty())
        continue;
      findLiftable(func, lifting);
      findBoundary(lifting);
      buildTransformFunction(module, func, lifting);
      rewriteFunction(func, lifting);
    }
  }
};

} // namespace
