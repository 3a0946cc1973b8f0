//===- PrimFuncBuilder.cpp - TE-like construction of prim_funcs -----------===//

#include "PrimFuncBuilder.h"
#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "Names.h"

using namespace mlir;
using namespace mlir::relax;

MemRefType relax::getBufferType(Type tensor) {
  auto type = llvm::cast<RankedTensorType>(tensor);
  return MemRefType::get(type.getShape(), type.getElementType());
}

void relax::sortIndexConstants(Block &block) {
  SmallVector<std::pair<int64_t, Operation *>> constants;
  for (auto constant : block.getOps<arith::ConstantOp>())
    if (auto attr = llvm::dyn_cast<IntegerAttr>(constant.getValue()); attr && attr.getType().isIndex())
      constants.emplace_back(attr.getInt(), constant);
  llvm::stable_sort(constants, [](const auto &a, const auto &b) {
    return std::make_pair(a.first != 0, a.first) < std::make_pair(b.first != 0, b.first);
  });
  Operation *previous = nullptr;
  for (auto &[value, op] : constants) {
    if (previous)
      op->moveAfter(previous);
    else
      op->moveBefore(&block, block.begin());
    previous = op;
  }
}

void relax::nameSymbolicDims(tensorir::PrimFuncOp func, TypeRange tensorTypes) {
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

//===----------------------------------------------------------------------===//
// StageContext
//===----------------------------------------------------------------------===//

StageContext::StageContext(PrimFuncBuilder &func, OpBuilder &builder, Location loc,
                           ValueRange iterVars, Value output,
                           ArrayRef<AffineExpr> outputIndices)
    : builder(builder), loc(loc), iterVars(iterVars), func(func), output(output),
      outputIndices(outputIndices) {}

AffineExpr StageContext::iterVar(unsigned index) const {
  return getAffineDimExpr(index, builder.getContext());
}

Value StageContext::indexValue(AffineExpr expr) {
  if (auto dim = llvm::dyn_cast<AffineDimExpr>(expr))
    return iterVars[dim.getPosition()];
  if (auto constant = llvm::dyn_cast<AffineConstantExpr>(expr))
    return func.indexConstant(constant.getValue());
  auto binary = llvm::cast<AffineBinaryOpExpr>(expr);
  Value lhs = indexValue(binary.getLHS()), rhs = indexValue(binary.getRHS());
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return arith::AddIOp::create(builder, loc, lhs, rhs);
  case AffineExprKind::Mul:
    return arith::MulIOp::create(builder, loc, lhs, rhs);
  case AffineExprKind::FloorDiv:
    return arith::FloorDivSIOp::create(builder, loc, lhs, rhs);
  case AffineExprKind::Mod:
    return arith::RemSIOp::create(builder, loc, lhs, rhs);
  default:
    return arith::CeilDivSIOp::create(builder, loc, lhs, rhs);
  }
}

Value StageContext::load(Value buffer, ArrayRef<AffineExpr> indices) {
  SmallVector<Value> values;
  for (AffineExpr index : indices)
    values.push_back(indexValue(index));
  AffineMap map = AffineMap::get(iterVars.size(), 0, indices, builder.getContext());
  if (!llvm::is_contained(reads, std::make_pair(buffer, map)))
    reads.emplace_back(buffer, map);
  return tensorir::LoadOp::create(builder, loc, buffer, values);
}

Value StageContext::loadAt(Value buffer, ValueRange indices, ArrayRef<AffineExpr> region) {
  AffineMap map = AffineMap::get(iterVars.size(), 0, region, builder.getContext());
  if (!llvm::is_contained(reads, std::make_pair(buffer, map)))
    reads.emplace_back(buffer, map);
  return tensorir::LoadOp::create(builder, loc, buffer, indices);
}

Value StageContext::loadOutput() {
  SmallVector<Value> values;
  for (AffineExpr index : outputIndices)
    values.push_back(indexValue(index));
  return tensorir::LoadOp::create(builder, loc, output, values);
}

Value StageContext::indexConstant(int64_t value) { return func.indexConstant(value); }

Value StageContext::constant(Type type, double value) {
  if (auto floatType = llvm::dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(builder, loc, builder.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(builder, loc,
                                   builder.getIntegerAttr(type, static_cast<int64_t>(value)));
}

//===----------------------------------------------------------------------===//
// PrimFuncBuilder
//===----------------------------------------------------------------------===//

PrimFuncBuilder::PrimFuncBuilder(ModuleOp module, Location loc, StringRef name) : loc(loc) {
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  func = tensorir::PrimFuncOp::create(builder, loc, name,
                                      builder.getFunctionType({}, {}),
                                      builder.getStringAttr("private"), nullptr, nullptr);
  func.getBody().push_back(new Block());
}

Value PrimFuncBuilder::addParam(MemRefType type, StringRef name) {
  Block &entry = func.getBody().front();
  Value arg = entry.addArgument(type, withName(loc, name));
  SmallVector<Type> inputs(entry.getArgumentTypes());
  func.setFunctionType(FunctionType::get(func.getContext(), inputs, {}));
  return arg;
}

Value PrimFuncBuilder::allocBuffer(MemRefType type, StringRef name, ValueRange dynamicSizes) {
  Block &entry = func.getBody().front();
  // After the sizes and allocations made so far, before the first loop.
  auto firstLoop = llvm::find_if(entry, [](Operation &op) {
    return !llvm::isa<arith::ConstantOp, memref::DimOp, tensorir::AllocBufferOp>(op);
  });
  OpBuilder builder(func.getContext());
  builder.setInsertionPoint(&entry, firstLoop);
  Value buffer = tensorir::AllocBufferOp::create(builder, withName(loc, name), type, dynamicSizes,
                                                 builder.getStringAttr("global"));
  // Its symbolic sizes are the operands (a memref.dim at the function's
  // start could not see the buffer).
  unsigned next = 0;
  for (unsigned dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dimValues[std::make_pair(buffer, dim)] = dynamicSizes[next++];
  return buffer;
}

Value PrimFuncBuilder::dimOf(Value buffer, unsigned dim) {
  auto key = std::make_pair(buffer, dim);
  auto it = dimValues.find(key);
  if (it != dimValues.end())
    return it->second;
  Block &entry = func.getBody().front();
  OpBuilder builder(func.getContext());
  builder.setInsertionPointToStart(&entry);
  Value size = memref::DimOp::create(builder, loc, buffer, indexConstant(dim));
  return dimValues[key] = size;
}

SmallVector<Value> PrimFuncBuilder::dynamicSizes(Value buffer, ArrayRef<unsigned> dims) {
  SmallVector<Value> sizes;
  auto type = llvm::cast<MemRefType>(buffer.getType());
  for (unsigned dim : dims)
    if (type.isDynamicDim(dim))
      sizes.push_back(dimOf(buffer, dim));
  return sizes;
}

Value PrimFuncBuilder::extentValue(const Stage &stage, unsigned index) {
  int64_t extent = stage.extents[index];
  if (!ShapedType::isDynamic(extent))
    return indexConstant(extent);
  if (index < stage.extentDims.size() && stage.extentDims[index].first)
    return dimOf(stage.extentDims[index].first, stage.extentDims[index].second);
  // A symbolic extent of a variable that indexes the output directly: the
  // size of that output dimension, which the buffer knows.
  AffineExpr var = getAffineDimExpr(index, func.getContext());
  for (auto [dim, expr] : llvm::enumerate(stage.outputIndices))
    if (expr == var)
      return dimOf(stage.output, dim);
  llvm::report_fatal_error("tvmlir: a symbolic loop extent of stage '" +
                           Twine(stage.blockName) + "' has no buffer dimension to read it from");
}

Value PrimFuncBuilder::indexConstant(int64_t value) {
  auto it = indexConstants.find(value);
  if (it != indexConstants.end())
    return it->second;
  OpBuilder builder = OpBuilder::atBlockBegin(&func.getBody().front());
  Value constant = arith::ConstantIndexOp::create(builder, loc, value);
  indexConstants[value] = constant;
  return constant;
}

/// A reduction over nothing (a reduced extent of 0) never runs its init in
/// the loop nest, so its output would stay uninitialized: it is the init
/// stored over the spatial variables instead (the sum of nothing is 0).
static std::optional<Stage> emptyReductionAsInit(const Stage &stage, MLIRContext *context) {
  if (!stage.init)
    return std::nullopt;
  bool empty = false;
  for (auto [extent, kind] : llvm::zip(stage.extents, stage.iterKinds))
    empty |= kind == 'R' && extent == 0;
  if (!empty)
    return std::nullopt;
  Stage fill{stage.blockName, {}, {}, "", stage.output, {}, nullptr, stage.init};
  SmallVector<AffineExpr> renumbered;
  unsigned next = 0;
  for (auto [index, kind] : llvm::enumerate(stage.iterKinds)) {
    bool spatial = kind == 'S';
    renumbered.push_back(getAffineDimExpr(spatial ? next : 0, context));
    if (!spatial)
      continue;
    ++next;
    fill.loopNames.push_back(stage.loopNames[index]);
    fill.extents.push_back(stage.extents[index]);
    fill.iterKinds += 'S';
    if (!stage.extentDims.empty())
      fill.extentDims.push_back(index < stage.extentDims.size() ? stage.extentDims[index]
                                                                : std::pair<Value, unsigned>());
  }
  for (AffineExpr index : stage.outputIndices)
    fill.outputIndices.push_back(index.replaceDims(renumbered));
  return fill;
}

void PrimFuncBuilder::emit(const Stage &original) {
  std::optional<Stage> fill = emptyReductionAsInit(original, func.getContext());
  const Stage &stage = fill ? *fill : original;
  OpBuilder builder = OpBuilder::atBlockEnd(&func.getBody().front());
  MLIRContext *context = func.getContext();
  Type indexType = builder.getIndexType();

  // The loop nest, one serial loop per iteration variable.
  SmallVector<Value> loopVars;
  for (auto [index, name] : llvm::enumerate(stage.loopNames)) {
    auto loop = tensorir::ForOp::create(builder, loc, indexConstant(0), extentValue(stage, index),
                                        tensorir::ForKind::serial, nullptr);
    Block *body = new Block();
    loop.getBody().push_back(body);
    loopVars.push_back(body->addArgument(indexType, withName(loc, name)));
    builder.setInsertionPointToEnd(body);
  }

  // The block body first, detached, so that its loads tell its read regions.
  Block *body = new Block();
  for (const std::string &name : stage.loopNames)
    body->addArgument(indexType, withName(loc, "v_" + name));
  OpBuilder bodyBuilder(context); // `body` has no parent yet to take it from
  bodyBuilder.setInsertionPointToEnd(body);
  StageContext ctx(*this, bodyBuilder, loc, body->getArguments(), stage.output,
                   stage.outputIndices);
  if (stage.init) {
    auto init = tensorir::InitOp::create(bodyBuilder, loc);
    Block *initBody = new Block();
    init.getBody().push_back(initBody);
    OpBuilder initBuilder = OpBuilder::atBlockEnd(initBody);
    StageContext initCtx(*this, initBuilder, loc, body->getArguments(), stage.output,
                         stage.outputIndices);
    Value value = stage.init(initCtx);
    SmallVector<Value> indices;
    for (AffineExpr index : stage.outputIndices)
      indices.push_back(initCtx.indexValue(index));
    tensorir::StoreOp::create(initBuilder, loc, value, stage.output, indices);
  }
  Value value = stage.body(ctx);
  SmallVector<Value> indices;
  for (AffineExpr index : stage.outputIndices)
    indices.push_back(ctx.indexValue(index));
  tensorir::StoreOp::create(bodyBuilder, loc, value, stage.output, indices);

  SmallVector<Value> extents, reads;
  SmallVector<Attribute> readMaps;
  for (unsigned index = 0; index < stage.extents.size(); ++index)
    extents.push_back(extentValue(stage, index));
  for (auto &[buffer, map] : ctx.reads) {
    reads.push_back(buffer);
    readMaps.push_back(AffineMapAttr::get(map));
  }
  AffineMap writeMap = AffineMap::get(stage.extents.size(), 0, stage.outputIndices, context);
  auto block = tensorir::BlockOp::create(
      builder, loc, builder.getStringAttr(stage.blockName), loopVars, extents, Value(), reads,
      ValueRange{stage.output}, builder.getStringAttr(stage.iterKinds),
      builder.getArrayAttr(readMaps), builder.getArrayAttr({AffineMapAttr::get(writeMap)}));
  block.getBody().push_back(body);
}

tensorir::PrimFuncOp PrimFuncBuilder::finish() {
  func->setAttr("tir.noalias", BoolAttr::get(func.getContext(), true));
  sortIndexConstants(func.getBody().front());
  return func;
}
