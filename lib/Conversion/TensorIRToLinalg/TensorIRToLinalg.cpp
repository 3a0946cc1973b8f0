//===- TensorIRToLinalg.cpp - structured tensorir stages to linalg --------===//
//
// A prim_func whose every stage (top-level loop nest) is one block with affine
// accesses is rebuilt as a sequence of `linalg.generic`s on tensors: each
// stage's loops are the generic's dimensions (in loop order), its loads the
// inputs (indexing maps from their indices), its store the output, its `S`/`R`
// kinds the iterator types, and a constant `T.init()` a `linalg.fill` of the
// output. Buffer arguments enter through `bufferization.to_tensor` and leave
// through `bufferization.materialize_in_destination`; `alloc_buffer`s become
// SSA tensors, so upstream tiling and fusion see the producer-consumer chain.
// Any other prim_func (data-dependent indices, predicates, symbolic extents,
// boolean buffers) is left as it is, for `convert-tensorir-to-scf`.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include "Transforms/LoopNest.h"

namespace mlir::relax {
#define GEN_PASS_DEF_CONVERTTENSORIRTOLINALG
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// One operand of a stage: a buffer read (or written) through an indexing map.
struct Access {
  Value buffer;
  AffineMap map;
};

/// What one top-level loop nest computes, in the terms of a linalg.generic.
struct Stage {
  tensorir::BlockOp block;
  SmallVector<int64_t> extents;                  // per dimension, in loop order
  SmallVector<utils::IteratorType> iterators;    // per dimension
  DenseMap<Value, unsigned> dimOf;               // iteration variable or loop value -> dimension
  SmallVector<Access> inputs;
  DenseMap<Operation *, unsigned> inputOfLoad;   // load -> index into inputs
  SmallPtrSet<Operation *, 2> accumulatorLoads;  // loads of the output at the output's indices
  Access output;
  tensorir::StoreOp store;
  TypedAttr initValue;                           // the constant `T.init()` stores, if any
  /// A padding stage (TVM's `pad_temp`): the output is `source` with `low`
  /// and `high` elements of `padValue` around each dimension.
  struct Pad {
    Value source;
    SmallVector<int64_t> low, high;
    TypedAttr padValue;
  };
  std::optional<Pad> pad;
};

/// The smallest and largest value an affine expression of the dimensions
/// takes over the iteration space (dimension d in [0, extents[d])).
std::optional<std::pair<int64_t, int64_t>> valueRange(AffineExpr expr, ArrayRef<int64_t> extents) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return std::make_pair(int64_t(0), extents[dim.getPosition()] - 1);
  if (auto cst = dyn_cast<AffineConstantExpr>(expr))
    return std::make_pair(cst.getValue(), cst.getValue());
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return std::nullopt;
  auto lhs = valueRange(binary.getLHS(), extents), rhs = valueRange(binary.getRHS(), extents);
  if (!lhs || !rhs)
    return std::nullopt;
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return std::make_pair(lhs->first + rhs->first, lhs->second + rhs->second);
  case AffineExprKind::Mul: {
    if (rhs->first != rhs->second) // affine: one side is a constant
      return std::nullopt;
    int64_t a = lhs->first * rhs->first, b = lhs->second * rhs->first;
    return std::make_pair(std::min(a, b), std::max(a, b));
  }
  case AffineExprKind::FloorDiv:
    if (rhs->first != rhs->second || rhs->first <= 0 || lhs->first < 0)
      return std::nullopt;
    return std::make_pair(lhs->first / rhs->first, lhs->second / rhs->first);
  case AffineExprKind::Mod:
    if (rhs->first != rhs->second || rhs->first <= 0 || lhs->first < 0)
      return std::nullopt;
    return std::make_pair(int64_t(0), std::min(lhs->second, rhs->first - 1));
  default:
    return std::nullopt;
  }
}

/// Sums of dimensions with positive coefficients and constants: what linalg's
/// tiling takes (it asserts on a negative coefficient, and cannot tile a
/// floordiv or mod, a reshape's access, which stays on the loop path).
bool isTileable(AffineExpr expr) {
  if (isa<AffineDimExpr, AffineConstantExpr>(expr))
    return true;
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  if (expr.getKind() == AffineExprKind::Add)
    return isTileable(binary.getLHS()) && isTileable(binary.getRHS());
  if (expr.getKind() == AffineExprKind::Mul) {
    auto cst = dyn_cast<AffineConstantExpr>(binary.getRHS());
    return cst && cst.getValue() > 0 && isTileable(binary.getLHS());
  }
  return false;
}

class StageAnalysis {
public:
  explicit StageAnalysis(MLIRContext *ctx) : ctx(ctx) {}

  /// The stage a top-level loop nest computes, or failure when it is not one
  /// block with affine, in-bounds accesses over static extents.
  FailureOr<Stage> analyze(tensorir::ForOp root) {
    Stage stage;
    tensorir::BlockOp block = innermostBlock(root);
    if (!block || block.getPredicate())
      return failure();
    stage.block = block;
    SmallVector<tensorir::ForOp> loops = perfectNestAround(block);
    if (loops.empty() || loops.front() != root)
      return failure();
    for (tensorir::ForOp loop : loops) {
      if (loop.getKind() == tensorir::ForKind::thread_binding || !isConstant(loop.getLower(), 0))
        return failure();
      std::optional<int64_t> extent = getConstantIntValue(loop.getUpper());
      if (!extent || *extent <= 0)
        return failure();
      stage.dimOf[loop.getInductionVar()] = stage.extents.size();
      stage.extents.push_back(*extent);
      stage.iterators.push_back(utils::IteratorType::parallel);
    }
    // Each iteration variable is bound to its own loop.
    if (block.getIterVars().size() != loops.size())
      return failure();
    SmallPtrSet<Value, 4> boundLoops;
    for (auto [iv, binding, kind] :
         llvm::zip(block.getIterVars(), block.getBindings(), block.getIterKinds())) {
      auto it = stage.dimOf.find(binding);
      if (it == stage.dimOf.end() || !boundLoops.insert(binding).second)
        return failure();
      unsigned dim = it->second;
      stage.dimOf[iv] = dim;
      if (kind == 'R')
        stage.iterators[dim] = utils::IteratorType::reduction;
    }
    if (failed(analyzeStore(stage)) || failed(analyzeInit(stage)))
      return failure();
    if (failed(analyzeBody(stage)) && failed(analyzePad(stage)))
      return failure();
    return stage;
  }

private:
  static tensorir::BlockOp innermostBlock(tensorir::ForOp root) {
    Operation *op = root;
    while (auto loop = dyn_cast<tensorir::ForOp>(op)) {
      Block &body = loop.getBody().front();
      if (!llvm::hasSingleElement(body))
        return nullptr;
      op = &body.front();
    }
    return dyn_cast<tensorir::BlockOp>(op);
  }

  static bool isConstant(Value value, int64_t expected) {
    std::optional<int64_t> v = getConstantIntValue(value);
    return v && *v == expected;
  }

  static bool storableElement(Value buffer) {
    auto type = dyn_cast<MemRefType>(buffer.getType());
    return type && type.hasStaticShape() && type.getLayout().isIdentity() &&
           !type.getElementType().isInteger(1) && type.getElementType().isIntOrFloat();
  }

  /// The affine form of an index, from iteration variables, constants and
  /// `arith` integer ops.
  std::optional<AffineExpr> affineIndex(Value value, const Stage &stage) {
    if (auto it = stage.dimOf.find(value); it != stage.dimOf.end())
      return getAffineDimExpr(it->second, ctx);
    if (std::optional<int64_t> cst = getConstantIntValue(value))
      return getAffineConstantExpr(*cst, ctx);
    Operation *def = value.getDefiningOp();
    if (!def || def->getNumOperands() != 2)
      return std::nullopt;
    auto lhs = affineIndex(def->getOperand(0), stage);
    auto rhs = affineIndex(def->getOperand(1), stage);
    if (!lhs || !rhs)
      return std::nullopt;
    auto constRhs = dyn_cast<AffineConstantExpr>(*rhs);
    std::optional<AffineExpr> expr =
        llvm::TypeSwitch<Operation *, std::optional<AffineExpr>>(def)
            .Case([&](arith::AddIOp) { return *lhs + *rhs; })
            .Case([&](arith::SubIOp) { return *lhs - *rhs; })
            .Case([&](arith::MulIOp) -> std::optional<AffineExpr> {
              if (!isa<AffineConstantExpr>(*lhs) && !constRhs)
                return std::nullopt;
              return *lhs * *rhs;
            })
            .Case<arith::FloorDivSIOp, arith::DivUIOp>([&](auto) -> std::optional<AffineExpr> {
              if (!constRhs || constRhs.getValue() <= 0)
                return std::nullopt;
              return lhs->floorDiv(*rhs);
            })
            .Case<arith::RemSIOp, arith::RemUIOp>([&](auto) -> std::optional<AffineExpr> {
              if (!constRhs || constRhs.getValue() <= 0)
                return std::nullopt;
              return *lhs % *rhs;
            })
            .Default([](Operation *) { return std::nullopt; });
    return expr;
  }

  /// The access map of `indices` into `buffer`, checked to stay inside it.
  /// A plain dimension must span its buffer dimension exactly: linalg takes
  /// loop bounds from such operand dimensions.
  std::optional<AffineMap> accessMap(Value buffer, ValueRange indices, const Stage &stage) {
    if (!storableElement(buffer))
      return std::nullopt;
    ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
    SmallVector<AffineExpr> exprs;
    for (auto [index, size] : llvm::zip(indices, shape)) {
      std::optional<AffineExpr> expr = affineIndex(index, stage);
      if (!expr || !isTileable(*expr))
        return std::nullopt;
      auto range = valueRange(*expr, stage.extents);
      if (!range || range->first < 0 || range->second >= size)
        return std::nullopt;
      if (auto dim = dyn_cast<AffineDimExpr>(*expr); dim && stage.extents[dim.getPosition()] != size)
        return std::nullopt;
      exprs.push_back(*expr);
    }
    return AffineMap::get(stage.extents.size(), 0, exprs, ctx);
  }

  /// The one store, last in the body, writes every spatial point once: its
  /// indices are the spatial dimensions, each once.
  LogicalResult analyzeStore(Stage &stage) {
    Block &body = stage.block.getBody().front();
    auto store = dyn_cast<tensorir::StoreOp>(body.back());
    if (!store)
      return failure();
    stage.store = store;
    std::optional<AffineMap> map = accessMap(store.getBuffer(), store.getIndices(), stage);
    if (!map || !map->isProjectedPermutation(/*allowZeroInResults=*/false))
      return failure();
    llvm::SmallBitVector stored(stage.extents.size());
    for (AffineExpr expr : map->getResults())
      stored.set(cast<AffineDimExpr>(expr).getPosition());
    for (auto [d, iterator] : llvm::enumerate(stage.iterators))
      if (stored.test(d) != (iterator == utils::IteratorType::parallel))
        return failure();
    stage.output = {store.getBuffer(), *map};
    return success();
  }

  /// `T.init()` must store a constant to the output at the body's indices.
  LogicalResult analyzeInit(Stage &stage) {
    tensorir::InitOp init = stage.block.getInitOp();
    if (!init)
      return success();
    tensorir::StoreOp store;
    for (Operation &op : init.getBody().front()) {
      if (auto s = dyn_cast<tensorir::StoreOp>(op)) {
        if (store)
          return failure();
        store = s;
      } else if (!op.hasTrait<OpTrait::ConstantLike>()) {
        return failure();
      }
    }
    if (!store || store.getBuffer() != stage.output.buffer ||
        accessMap(store.getBuffer(), store.getIndices(), stage) != stage.output.map)
      return failure();
    Attribute value;
    if (!matchPattern(store.getValue(), m_Constant(&value)))
      return failure();
    stage.initValue = dyn_cast<TypedAttr>(value);
    return success(static_cast<bool>(stage.initValue));
  }

  /// Loads become inputs (or the accumulator); every other op must be pure
  /// scalar math without regions.
  LogicalResult analyzeBody(Stage &stage) {
    for (Operation &op : stage.block.getBody().front()) {
      if (isa<tensorir::InitOp>(op) || &op == stage.store.getOperation())
        continue;
      if (auto load = dyn_cast<tensorir::LoadOp>(op)) {
        std::optional<AffineMap> map = accessMap(load.getBuffer(), load.getIndices(), stage);
        if (!map)
          return failure();
        if (load.getBuffer() == stage.output.buffer) {
          if (*map != stage.output.map)
            return failure();
          stage.accumulatorLoads.insert(load);
          continue;
        }
        auto same = llvm::find_if(stage.inputs, [&](const Access &access) {
          return access.buffer == load.getBuffer() && access.map == *map;
        });
        stage.inputOfLoad[load] = same - stage.inputs.begin();
        if (same == stage.inputs.end())
          stage.inputs.push_back({load.getBuffer(), *map});
        continue;
      }
      if (op.getNumRegions() != 0 || !isPure(&op) || isa<tensorir::TensorIRDialect>(op.getDialect()))
        return failure();
    }
    return success();
  }

  /// `clamp(d + c, 0, size - 1)` as TVM's pad writes a load index: the
  /// dimension d and the offset c.
  std::optional<std::pair<unsigned, int64_t>> clampedIndex(Value index, int64_t size,
                                                           const Stage &stage) {
    auto min = index.getDefiningOp<arith::MinSIOp>();
    if (!min || getConstantIntValue(min.getRhs()) != size - 1)
      return std::nullopt;
    auto max = min.getLhs().getDefiningOp<arith::MaxSIOp>();
    if (!max || getConstantIntValue(max.getRhs()) != 0)
      return std::nullopt;
    std::optional<AffineExpr> expr = affineIndex(max.getLhs(), stage);
    if (!expr)
      return std::nullopt;
    AffineExpr e = *expr;
    int64_t offset = 0;
    if (auto add = dyn_cast<AffineBinaryOpExpr>(e); add && e.getKind() == AffineExprKind::Add) {
      auto cst = dyn_cast<AffineConstantExpr>(add.getRHS());
      if (!cst)
        return std::nullopt;
      offset = cst.getValue();
      e = add.getLHS();
    }
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (!dim)
      return std::nullopt;
    return std::make_pair(dim.getPosition(), offset);
  }

  /// The conditions `d >= lo` / `d < hi` of an `and` of comparisons.
  bool boundsOf(Value cond, const Stage &stage, SmallVectorImpl<std::tuple<unsigned, bool, int64_t>> &bounds) {
    if (auto both = cond.getDefiningOp<arith::AndIOp>())
      return boundsOf(both.getLhs(), stage, bounds) && boundsOf(both.getRhs(), stage, bounds);
    auto cmp = cond.getDefiningOp<arith::CmpIOp>();
    if (!cmp)
      return false;
    auto it = stage.dimOf.find(cmp.getLhs());
    std::optional<int64_t> bound = getConstantIntValue(cmp.getRhs());
    if (it == stage.dimOf.end() || !bound)
      return false;
    if (cmp.getPredicate() == arith::CmpIPredicate::sge)
      bounds.emplace_back(it->second, /*isLower=*/true, *bound);
    else if (cmp.getPredicate() == arith::CmpIPredicate::slt)
      bounds.emplace_back(it->second, /*isLower=*/false, *bound);
    else
      return false;
    return true;
  }

  /// A stage that stores `select(in bounds, X[clamped indices], constant)`
  /// at every point: a pad of X. The condition must be exactly the bounds
  /// that the clamping assumes, or the rewrite would change the values.
  LogicalResult analyzePad(Stage &stage) {
    if (stage.initValue || llvm::any_of(stage.iterators, [](utils::IteratorType t) {
          return t != utils::IteratorType::parallel;
        }))
      return failure();
    auto select = stage.store.getValue().getDefiningOp<arith::SelectOp>();
    if (!select)
      return failure();
    auto load = select.getTrueValue().getDefiningOp<tensorir::LoadOp>();
    Attribute padValue;
    if (!load || !matchPattern(select.getFalseValue(), m_Constant(&padValue)) ||
        !storableElement(load.getBuffer()) || load.getBuffer() == stage.output.buffer)
      return failure();
    auto sourceType = cast<MemRefType>(load.getBuffer().getType());
    auto outputType = cast<MemRefType>(stage.output.buffer.getType());
    if (sourceType.getRank() != outputType.getRank())
      return failure();
    Stage::Pad pad{load.getBuffer(), {}, {}, dyn_cast<TypedAttr>(padValue)};
    SmallVector<std::tuple<unsigned, bool, int64_t>> expected;
    for (auto [p, index] : llvm::enumerate(load.getIndices())) {
      unsigned outputDim = cast<AffineDimExpr>(stage.output.map.getResult(p)).getPosition();
      int64_t size = sourceType.getDimSize(p), extent = outputType.getDimSize(p);
      int64_t low = 0;
      if (auto it = stage.dimOf.find(index); it != stage.dimOf.end()) {
        if (it->second != outputDim || size != extent)
          return failure();
      } else {
        auto clamped = clampedIndex(index, size, stage);
        if (!clamped || clamped->first != outputDim || clamped->second > 0)
          return failure();
        low = -clamped->second;
        if (low > 0)
          expected.emplace_back(outputDim, true, low);
        if (extent - size - low > 0)
          expected.emplace_back(outputDim, false, low + size);
      }
      if (extent - size - low < 0)
        return failure();
      pad.low.push_back(low);
      pad.high.push_back(extent - size - low);
    }
    SmallVector<std::tuple<unsigned, bool, int64_t>> bounds;
    if (!boundsOf(select.getCondition(), stage, bounds))
      return failure();
    // Every bound the clamping relies on is checked, and nothing else
    // (lower bounds of 0 are always true).
    llvm::erase_if(bounds, [](auto &b) { return std::get<1>(b) && std::get<2>(b) == 0; });
    llvm::sort(bounds);
    llvm::sort(expected);
    if (bounds != expected || !pad.padValue)
      return failure();
    stage.pad = std::move(pad);
    return success();
  }

  MLIRContext *ctx;
};

/// Rebuilds one prim_func's stages as linalg on tensors.
class PrimFuncRewriter {
public:
  PrimFuncRewriter(tensorir::PrimFuncOp prim, bool windowed)
      : prim(prim), b(prim.getContext()), windowed(windowed) {}

  LogicalResult run() {
    Block &body = prim.getBody().front();
    StageAnalysis analysis(prim.getContext());
    SmallVector<Stage, 4> stages;
    SmallVector<Operation *> replaced;
    for (Operation &op : body) {
      if (auto loop = dyn_cast<tensorir::ForOp>(op)) {
        FailureOr<Stage> stage = analysis.analyze(loop);
        if (failed(stage) || (!windowed && isWindowed(*stage)))
          return failure();
        stages.push_back(std::move(*stage));
        replaced.push_back(&op);
      } else if (auto alloc = dyn_cast<tensorir::AllocBufferOp>(op)) {
        if (!alloc.getDynamicSizes().empty())
          return failure();
        replaced.push_back(&op);
      } else if (!op.hasTrait<OpTrait::ConstantLike>()) {
        return failure();
      }
    }
    if (stages.empty() || failed(checkDataflow(stages)))
      return failure();

    b.setInsertionPointToEnd(&body);
    for (Stage &stage : stages)
      buildStage(stage);
    for (auto &[buffer, tensor] : current) {
      if (!isa<BlockArgument>(buffer) || readOnly.contains(buffer))
        continue;
      auto write = bufferization::MaterializeInDestinationOp::create(b, prim.getLoc(), tensor, buffer);
      write.setRestrict(true);
      write.setWritable(true);
    }
    for (Operation *op : llvm::reverse(replaced))
      op->erase();
    return success();
  }

private:
  /// A read through a window (`oh * s + kh`): conv and pooling.
  static bool isWindowed(const Stage &stage) {
    return llvm::any_of(stage.inputs, [](const Access &access) {
      return !access.map.isProjectedPermutation(/*allowZeroInResults=*/true);
    });
  }

  /// Arguments are read before they are written, never after; an
  /// alloc_buffer is written before it is read.
  LogicalResult checkDataflow(ArrayRef<Stage> stages) {
    DenseSet<Value> written;
    for (const Stage &stage : stages) {
      SmallVector<Access> inputs(stage.inputs);
      if (stage.pad)
        inputs.push_back({stage.pad->source, AffineMap()});
      for (const Access &input : inputs)
        if (isa<BlockArgument>(input.buffer) ? written.contains(input.buffer)
                                             : !written.contains(input.buffer))
          return failure();
      bool accumulates = !stage.accumulatorLoads.empty() && !stage.initValue;
      if (accumulates && (isa<BlockArgument>(stage.output.buffer) || !written.contains(stage.output.buffer)))
        return failure();
      if (isa<BlockArgument>(stage.output.buffer) && readOnly.contains(stage.output.buffer))
        return failure();
      for (const Access &input : inputs)
        if (isa<BlockArgument>(input.buffer))
          readOnly.insert(input.buffer);
      if (isa<BlockArgument>(stage.output.buffer) && written.contains(stage.output.buffer))
        return failure(); // written twice: the first result would be lost
      written.insert(stage.output.buffer);
    }
    readOnly.clear();
    return success();
  }

  RankedTensorType tensorTypeOf(Value buffer) {
    auto type = cast<MemRefType>(buffer.getType());
    return RankedTensorType::get(type.getShape(), type.getElementType());
  }

  /// The tensor holding a buffer's contents where the next stage runs.
  Value valueOf(Value buffer) {
    if (Value tensor = current.lookup(buffer))
      return tensor;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&prim.getBody().front());
    Value tensor = bufferization::ToTensorOp::create(b, prim.getLoc(), tensorTypeOf(buffer), buffer,
                                                     /*restrict=*/true, /*writable=*/false);
    current[buffer] = tensor;
    readOnly.insert(buffer);
    return tensor;
  }

  void buildPad(Stage &stage) {
    Location loc = stage.block.getLoc();
    Value source = valueOf(stage.pad->source);
    Value padValue = arith::ConstantOp::create(b, loc, stage.pad->padValue);
    SmallVector<OpFoldResult> low = getAsIndexOpFoldResult(b.getContext(), stage.pad->low);
    SmallVector<OpFoldResult> high = getAsIndexOpFoldResult(b.getContext(), stage.pad->high);
    auto pad = tensor::PadOp::create(b, loc, tensorTypeOf(stage.output.buffer), source, low, high, padValue);
    pad->setAttr("tensorir.block", b.getStringAttr(stage.block.getName()));
    current[stage.output.buffer] = pad.getResult();
  }

  void buildStage(Stage &stage) {
    if (stage.pad)
      return buildPad(stage);
    Location loc = stage.block.getLoc();
    MLIRContext *ctx = b.getContext();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (const Access &input : stage.inputs) {
      inputs.push_back(valueOf(input.buffer));
      maps.push_back(input.map);
    }
    // Dimensions that index no operand plainly (a pooling window) get their
    // extent from a shape-only operand, as linalg's pooling ops do.
    llvm::SmallBitVector plain(stage.extents.size());
    SmallVector<AffineMap> allMaps(maps);
    allMaps.push_back(stage.output.map);
    for (AffineMap map : allMaps)
      for (AffineExpr expr : map.getResults())
        if (auto dim = dyn_cast<AffineDimExpr>(expr))
          plain.set(dim.getPosition());
    SmallVector<int64_t> windowShape;
    SmallVector<AffineExpr> windowExprs;
    for (unsigned d = 0; d < stage.extents.size(); ++d)
      if (!plain.test(d)) {
        windowShape.push_back(stage.extents[d]);
        windowExprs.push_back(getAffineDimExpr(d, ctx));
      }
    Type element = tensorTypeOf(stage.output.buffer).getElementType();
    if (!windowShape.empty()) {
      inputs.push_back(tensor::EmptyOp::create(b, loc, windowShape, element));
      maps.push_back(AffineMap::get(stage.extents.size(), 0, windowExprs, ctx));
    }
    maps.push_back(stage.output.map);

    Value init;
    if (stage.initValue) {
      Value empty = tensor::EmptyOp::create(b, loc, tensorTypeOf(stage.output.buffer).getShape(), element);
      Value value = arith::ConstantOp::create(b, loc, stage.initValue);
      init = linalg::FillOp::create(b, loc, value, empty).getResult(0);
    } else if (!stage.accumulatorLoads.empty()) {
      init = current.lookup(stage.output.buffer);
    } else {
      init = tensor::EmptyOp::create(b, loc, tensorTypeOf(stage.output.buffer).getShape(), element);
    }

    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps, stage.iterators,
        [&](OpBuilder &nested, Location, ValueRange args) {
          IRMapping map;
          for (auto [value, dim] : stage.dimOf)
            map.map(value, linalg::IndexOp::create(nested, loc, dim));
          for (Operation &op : stage.block.getBody().front()) {
            if (isa<tensorir::InitOp>(op))
              continue;
            if (auto store = dyn_cast<tensorir::StoreOp>(op)) {
              linalg::YieldOp::create(nested, store.getLoc(), map.lookupOrDefault(store.getValue()));
              continue;
            }
            if (stage.accumulatorLoads.contains(&op)) {
              map.map(op.getResult(0), args.back());
              continue;
            }
            if (auto it = stage.inputOfLoad.find(&op); it != stage.inputOfLoad.end()) {
              map.map(op.getResult(0), args[it->second]);
              continue;
            }
            nested.clone(op, map);
          }
        });
    generic->setAttr("tensorir.block", b.getStringAttr(stage.block.getName()));
    cloneCapturedConstants(generic);
    eraseDeadOps(generic.getRegion().front());
    current[stage.output.buffer] = generic.getResult(0);
  }

  /// Constants of the prim_func that the body uses are cloned into it, so
  /// that the generic is self-contained (as tiling and vectorizing expect).
  static void cloneCapturedConstants(linalg::GenericOp generic) {
    Block &body = generic.getRegion().front();
    OpBuilder inner = OpBuilder::atBlockBegin(&body);
    generic.getRegion().walk([&](Operation *op) {
      for (OpOperand &operand : op->getOpOperands()) {
        Operation *def = operand.get().getDefiningOp();
        if (def && def->hasTrait<OpTrait::ConstantLike>() && !generic->isAncestor(def))
          operand.set(inner.clone(*def)->getResult(0));
      }
    });
  }

  static void eraseDeadOps(Block &body) {
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op))
        op.erase();
  }

  tensorir::PrimFuncOp prim;
  OpBuilder b;
  bool windowed;
  DenseMap<Value, Value> current;  // buffer -> tensor of its contents
  DenseSet<Value> readOnly;        // arguments only read
};

struct ConvertTensorIRToLinalgPass
    : public relax::impl::ConvertTensorIRToLinalgBase<ConvertTensorIRToLinalgPass> {
  using ConvertTensorIRToLinalgBase::ConvertTensorIRToLinalgBase;

  void runOnOperation() override {
    for (tensorir::PrimFuncOp prim : getOperation().getOps<tensorir::PrimFuncOp>())
      (void)PrimFuncRewriter(prim, windowed).run(); // failure: the prim_func keeps its loops
  }
};

} // namespace
