//===- LegalizeOps.cpp - relax operators to tensorir prim_funcs -----------===//
//
// Each legalized operator becomes a private prim_func, built like TVM's topi
// compute of that operator (same function, block, loop and buffer names), and
// a relax.call_tir of it. The legalizations are in Legalize/, one family per
// file.
//
//===----------------------------------------------------------------------===//

#include "Legalize/Legalize.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/Transforms/Passes.h"

namespace mlir::relax {
#define GEN_PASS_DEF_LEGALIZEOPS
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// Every legalized operator: op name -> how its prim_func is built.
const LegalizerTable &legalizers() {
  static const LegalizerTable table = [] {
    LegalizerTable table;
    populateElementwiseLegalizers(table);
    populateLinearLegalizers(table);
    populateManipulateLegalizers(table);
    populateReduceLegalizers(table);
    populateNNLegalizers(table);
    populateConvLegalizers(table);
    return table;
  }();
  return table;
}

bool hasStaticTensors(Operation *op) {
  auto isStatic = [](Type type) {
    auto tensor = llvm::dyn_cast<RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// True when the dimensions `dims` of `value`'s tensor type are static.
bool staticAt(Value value, ArrayRef<int64_t> dims) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  return llvm::none_of(dims, [&](int64_t dim) {
    return type.isDynamicDim(dim < 0 ? dim + type.getRank() : dim);
  });
}

/// The dimensions a reduction reduces: its axis attribute, or all of them.
SmallVector<int64_t> reducedAxes(Operation *op) {
  Attribute axis = op->getAttr("axis");
  if (auto list = llvm::dyn_cast_or_null<DenseI64ArrayAttr>(axis))
    return SmallVector<int64_t>(list.asArrayRef());
  if (auto one = llvm::dyn_cast_or_null<IntegerAttr>(axis))
    return {one.getInt()};
  int64_t rank = llvm::cast<RankedTensorType>(op->getOperand(0).getType()).getRank();
  return llvm::to_vector(llvm::seq<int64_t>(0, rank));
}

/// Operators whose legalization handles symbolic dimensions: their loops run
/// over the output's dimensions, whose sizes the output buffer knows, and
/// what they reduce, normalize or concatenate along is static.
bool legalizesSymbolicShapes(Operation *op) {
  if (op->hasTrait<OpTrait::RelaxElementwise>() ||
      llvm::isa<PermuteDimsOp, AstypeOp, WhereOp, ExpandDimsOp, SqueezeOp, TakeOp, DropoutOp,
                BatchNormOp>(op))
    return true;
  if (auto matmul = llvm::dyn_cast<MatmulOp>(op))
    return staticAt(matmul.getLhs(), {-1});
  if (llvm::isa<SumOp, MeanOp, MaxOp, MinOp, ProdOp, VarianceOp, ArgmaxOp, ArgminOp>(op))
    return staticAt(op->getOperand(0), reducedAxes(op));
  if (auto softmax = llvm::dyn_cast<SoftmaxOp>(op))
    return staticAt(softmax.getData(), {static_cast<int64_t>(softmax.getAxis())});
  if (auto logSoftmax = llvm::dyn_cast<LogSoftmaxOp>(op))
    return staticAt(logSoftmax.getData(), {static_cast<int64_t>(logSoftmax.getAxis())});
  if (auto norm = llvm::dyn_cast<LayerNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes());
  if (auto norm = llvm::dyn_cast<RMSNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes());
  if (auto norm = llvm::dyn_cast<GroupNormOp>(op))
    return staticAt(norm.getData(), norm.getAxes()) &&
           staticAt(norm.getData(), {static_cast<int64_t>(norm.getChannelAxis())});
  // Convolution and pooling: a symbolic batch only (the windows need static
  // heights and widths, the weights static shapes).
  if (llvm::isa<Conv2dOp, MaxPool2dOp, AvgPool2dOp, AdaptiveAvgPool2dOp>(op))
    return staticAt(op->getOperand(0), {1, 2, 3}) &&
           llvm::all_of(op->getOperands().drop_front(), [](Value v) {
             return llvm::cast<RankedTensorType>(v.getType()).hasStaticShape();
           });
  if (llvm::isa<AttentionOp>(op))
    return llvm::all_of(op->getOperands(), [](Value v) { return staticAt(v, {1, 2, 3}); });
  if (llvm::isa<ReshapeOp, FlattenOp>(op))
    return reshapeLegalizes(llvm::cast<ShapedType>(op->getOperand(0).getType()).getShape(),
                            llvm::cast<ShapedType>(op->getResult(0).getType()).getShape(),
                            op->getContext());
  if (auto split = llvm::dyn_cast<SplitOp>(op))
    return staticAt(split.getData(), {static_cast<int64_t>(split.getAxis())});
  if (auto slice = llvm::dyn_cast<StridedSliceOp>(op))
    return staticAt(slice.getData(), slice.getAxes());
  if (auto concat = llvm::dyn_cast<ConcatOp>(op)) {
    int64_t axis = static_cast<int64_t>(concat.getAxis());
    return llvm::all_of(concat.getTensors(), [&](Value v) { return staticAt(v, {axis}); });
  }
  return false;
}

/// Names the symbolic dimensions of a legalized prim_func after the relax
/// values it was made for: each buffer parameter with `?` dimensions gets the
/// `relax.sym` argument attribute of its tensor, and each name has one
/// `memref.dim` (NameLoc'd with the name) of its first (parameter,
/// dimension), right after the index constants in parameter order, which
/// every use of that name reads: TVMScript's `n = T.int64()` with
/// `T.match_buffer`, and what its parser builds back.
void nameSymbolicDims(tensorir::PrimFuncOp func, TypeRange tensorTypes) {
  Block &entry = func.getBody().front();
  llvm::StringMap<std::pair<unsigned, unsigned>> firstOf; // name -> (param, dim)
  SmallVector<std::string> order;
  DenseMap<std::pair<unsigned, unsigned>, StringRef> nameOf;
  for (auto [index, type] : llvm::enumerate(tensorTypes)) {
    auto tensor = llvm::dyn_cast<RankedTensorType>(type);
    auto sym = tensor ? llvm::dyn_cast_or_null<SymShapeAttr>(tensor.getEncoding()) : nullptr;
    if (!sym || index >= entry.getNumArguments())
      continue;
    func.setArgAttr(index, "relax.sym", sym);
    unsigned next = 0;
    for (unsigned dim = 0; dim < tensor.getRank(); ++dim) {
      if (!tensor.isDynamicDim(dim))
        continue;
      StringRef name = sym.getNames()[next++].getValue();
      if (name == kAnonymousDim)
        continue;
      nameOf[{index, dim}] = name;
      if (firstOf.try_emplace(name, index, dim).second)
        order.push_back(name.str());
    }
  }
  if (order.empty())
    return;
  // The canonical dims, in order, after the index constants (sorted first).
  sortIndexConstants(entry);
  auto afterConstants = llvm::find_if(entry, [](Operation &op) {
    auto constant = llvm::dyn_cast<arith::ConstantOp>(op);
    return !constant || !constant.getType().isIndex();
  });
  OpBuilder builder(func.getContext());
  builder.setInsertionPoint(&entry, afterConstants);
  auto indexConstant = [&](int64_t value) -> Value {
    for (auto constant : entry.getOps<arith::ConstantIndexOp>())
      if (constant.value() == value)
        return constant;
    return arith::ConstantIndexOp::create(builder, func.getLoc(), value);
  };
  llvm::StringMap<Value> canonical;
  for (const std::string &name : order) {
    auto [param, dim] = firstOf[name];
    Value index = indexConstant(dim);
    canonical[name] = memref::DimOp::create(builder, NameLoc::get(builder.getStringAttr(name)),
                                            entry.getArgument(param), index);
  }
  // Every other size read of a named dimension reads the canonical one.
  SmallVector<memref::DimOp> dims(entry.getOps<memref::DimOp>());
  for (memref::DimOp dimOp : dims) {
    auto arg = llvm::dyn_cast<BlockArgument>(dimOp.getSource());
    std::optional<int64_t> dim = dimOp.getConstantIndex();
    if (!arg || arg.getOwner() != &entry || !dim)
      continue;
    auto it = nameOf.find({arg.getArgNumber(), static_cast<unsigned>(*dim)});
    if (it == nameOf.end() || canonical[it->second] == dimOp.getResult())
      continue;
    dimOp.replaceAllUsesWith(canonical[it->second]);
    dimOp.erase();
  }
  // The dimension indices made above join the sorted constants.
  sortIndexConstants(entry);
  for (auto constant : llvm::make_early_inc_range(entry.getOps<arith::ConstantIndexOp>()))
    if (constant.use_empty())
      constant.erase();
}

struct LegalizeOpsPass : public relax::impl::LegalizeOpsBase<LegalizeOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "relax" &&
          op->getParentOfType<FuncOp>() && !op->hasTrait<OpTrait::IsTerminator>() &&
          op->getNumRegions() == 0 && !llvm::isa<CallTIROp, CallOp, ConstantOp, TupleOp,
                                                 TupleGetItemOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      legalize(module, op);
  }

  void legalize(ModuleOp module, Operation *op) {
    auto it = legalizers().find(op->getName().getStringRef());
    if (it == legalizers().end()) {
      op->emitWarning("LegalizeOps: '") << op->getName() << "' has no legalization; left as is";
      return;
    }
    if (!hasStaticTensors(op) && !legalizesSymbolicShapes(op)) {
      op->emitWarning("LegalizeOps: '")
          << op->getName() << "' with symbolic shapes is not legalized yet; left as is";
      return;
    }
    LegalizeContext ctx{module, op};
    tensorir::PrimFuncOp func = it->second(ctx);
    SmallVector<Type> tensorTypes(op->getOperandTypes());
    llvm::append_range(tensorTypes, op->getResultTypes());
    nameSymbolicDims(func, tensorTypes);
    // Functions come before their callers in the module, as TVM prints them.
    OpBuilder builder(op);
    auto call = CallTIROp::create(builder, op->getLoc(), op->getResultTypes(),
                                  func.getSymName(), op->getOperands());
    op->replaceAllUsesWith(call);
    op->erase();
  }
};

} // namespace
