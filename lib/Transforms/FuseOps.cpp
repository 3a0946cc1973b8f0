//===- FuseOps.cpp - group call_tir bindings by op pattern ----------------===//
//
// TVM's fusion rules over each dataflow block: a group absorbs the single
// consumer of its single-use result when
//   - the group is out-elementwise-fusable or a reduction and the consumer
//     is elementwise or broadcast (an epilogue),
//   - the group is injective (or less) and the consumer is injective (or
//     less) or a reduction (a prologue).
// Each group of two or more calls becomes a private relax function
// `fused_<callees>` with `Primitive = 1`, called by `relax.call`.
//
//===----------------------------------------------------------------------===//

#include "Names.h"
#include "OpPattern.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace mlir::relax {
#define GEN_PASS_DEF_FUSEOPS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

OpPattern patternOf(CallTIROp call, SymbolTable &symbols) {
  auto func = symbols.lookup<tensorir::PrimFuncOp>(call.getCallee());
  std::optional<OpPattern> pattern = func ? getOpPattern(func) : std::nullopt;
  return pattern.value_or(OpPattern::Opaque);
}

bool canFuse(OpPattern group, OpPattern consumer) {
  if (group == OpPattern::OutEWiseFusable || group == OpPattern::CommReduce)
    return consumer <= OpPattern::Broadcast;
  if (group <= OpPattern::Injective)
    return consumer <= OpPattern::Injective || consumer == OpPattern::CommReduce;
  return false;
}

/// One group of calls to fuse, in program order.
struct Group {
  SmallVector<CallTIROp> calls;
  OpPattern pattern;
};

SmallVector<Group> formGroups(Block &block, SymbolTable &symbols) {
  SmallVector<Group> groups;
  DenseMap<Operation *, size_t> groupOf;
  for (auto call : block.getOps<CallTIROp>()) {
    OpPattern pattern = patternOf(call, symbols);
    auto it = groupOf.find(call);
    if (it == groupOf.end()) {
      groupOf[call] = groups.size();
      groups.push_back(Group{{call}, pattern});
      it = groupOf.find(call);
    }
    Group &group = groups[it->second];
    if (pattern == OpPattern::Opaque || call->getNumResults() != 1 ||
        !call->getResult(0).hasOneUse())
      continue;
    auto consumer = llvm::dyn_cast<CallTIROp>(*call->getResult(0).getUsers().begin());
    // FuseTIR merges single-output prim_funcs only: a multi-output consumer
    // (split, a tuple-returning kernel) starts its own group.
    if (!consumer || consumer->getBlock() != &block || groupOf.count(consumer) ||
        consumer->getNumResults() != 1)
      continue;
    OpPattern consumerPattern = patternOf(consumer, symbols);
    if (!canFuse(group.pattern, consumerPattern))
      continue;
    group.calls.push_back(consumer);
    group.pattern = std::max(group.pattern, consumerPattern);
    groupOf[consumer] = it->second;
  }
  return groups;
}

/// Values the group reads from outside it, in order of first use.
SmallVector<Value> groupInputs(const Group &group) {
  llvm::SmallPtrSet<Operation *, 8> members;
  for (CallTIROp call : group.calls)
    members.insert(call);
  SmallVector<Value> inputs;
  for (CallTIROp call : group.calls)
    for (Value arg : call.getArgs())
      if (!members.contains(arg.getDefiningOp()) && !llvm::is_contained(inputs, arg))
        inputs.push_back(arg);
  return inputs;
}

/// The name of the dataflow result that `value` becomes, if any.
std::optional<std::string> yieldedName(Value value) {
  for (OpOperand &use : value.getUses())
    if (auto output = llvm::dyn_cast<OutputOp>(use.getOwner())) {
      auto dataflow = llvm::cast<DataflowOp>(output->getParentOp());
      return getValueName(dataflow->getResult(use.getOperandNumber()), "gv");
    }
  return std::nullopt;
}

void fuse(ModuleOp module, const Group &group, SymbolNames &names) {
  CallTIROp last = group.calls.back();
  Location loc = last.getLoc();
  MLIRContext *context = module.getContext();
  std::string name = "fused";
  for (CallTIROp call : group.calls)
    name += "_" + call.getCallee().str();
  name = names.unique(name);
  SmallVector<Value> inputs = groupInputs(group);

  // The fused function: the calls, in a dataflow block, returning the last.
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  Type resultType = last->getResult(0).getType();
  auto func = FuncOp::create(builder, loc, name,
                             FunctionType::get(context, TypeRange(ValueRange(inputs)), {resultType}),
                             builder.getStringAttr("private"), nullptr, nullptr);
  func->setAttr("Primitive", builder.getI64IntegerAttr(1));
  Block *entry = new Block();
  func.getBody().push_back(entry);
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, entry->addArgument(input.getType(),
                                          withName(loc, getValueName(input, "x"))));
  builder.setInsertionPointToEnd(entry);
  auto dataflow = DataflowOp::create(builder, loc, TypeRange{resultType});
  Block *body = new Block();
  dataflow.getBody().push_back(body);
  builder.setInsertionPointToEnd(body);
  for (CallTIROp call : group.calls)
    builder.clone(*call, mapping);
  OutputOp::create(builder, loc, ValueRange{mapping.lookup(last->getResult(0))});
  builder.setInsertionPointToEnd(entry);
  ReturnOp::create(builder, loc, dataflow->getResults());

  // The call replaces the group, named as TVM names a new binding: after the
  // dataflow result it becomes, else `lv`.
  builder.setInsertionPoint(last);
  std::string callName = yieldedName(last->getResult(0)).value_or("lv");
  auto call = CallOp::create(builder, withName(loc, callName), TypeRange{resultType},
                             name, inputs);
  last->getResult(0).replaceAllUsesWith(call->getResult(0));
  for (CallTIROp member : llvm::reverse(group.calls))
    member->erase();
}

struct FuseOpsPass : public relax::impl::FuseOpsBase<FuseOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<DataflowOp> dataflows;
    module.walk([&](DataflowOp op) {
      if (!op->getParentOfType<FuncOp>()->hasAttr("Primitive"))
        dataflows.push_back(op);
    });
    SymbolNames names(module);
    for (DataflowOp dataflow : dataflows)
      for (const Group &group : formGroups(dataflow.getBody().front(), symbols))
        if (group.calls.size() > 1)
          fuse(module, group, names);
  }
};

} // namespace
