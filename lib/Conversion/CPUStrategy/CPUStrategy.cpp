//===- CPUStrategy.cpp - schedule linalg kernels for the host CPU ---------===//
//
// For each function holding linalg on tensors (a prim_func rebuilt by
// convert-tensorir-to-linalg): elementwise chains are fused, the ops are
// grouped into kernels (a contraction with its fill and epilogue, or one op),
// each kernel gets its strategy's transform-dialect section, and the script
// runs through the transform interpreter, ending in bufferization. The
// kernels' outer tile loops then become scf.parallel (threads) or scf.for,
// and the buffers that remain get their deallocations.
//
//===----------------------------------------------------------------------===//

#include "Conversion/CPUStrategy/Strategies.h"
#include "tvmlir/Conversion/Passes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/TransformOps/BufferizationTransformOps.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/TransformOps/DialectExtension.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/TransformOps/MemRefTransformOps.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/TransformOps/SCFTransformOps.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/TransformOps/TensorTransformOps.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Vector/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/TransformOps/VectorTransformOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/Threading.h"

namespace mlir::relax {
#define GEN_PASS_DEF_TVMLIRCPUSTRATEGY
#include "tvmlir/Conversion/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;
using cpu::Kernel;

namespace {

bool isAllParallel(linalg::LinalgOp op) {
  return isa<linalg::GenericOp>(op) && op.getNumLoops() == op.getNumParallelLoops();
}

bool isStatic(linalg::LinalgOp op) {
  return llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic);
}

/// Reads an input through a window (`oh + kh`): convolution or pooling,
/// whose output's innermost dimension is a plain parallel dimension.
bool isWindowed(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() == 0 || op.getNumReductionLoops() == 0)
    return false;
  AffineMap output = op.getIndexingMapMatchingResult(op->getResult(0));
  if (output.getNumResults() == 0 || !output.isProjectedPermutation())
    return false;
  return llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *operand) {
    return !op.getMatchingIndexingMap(operand).isProjectedPermutation();
  });
}

/// A dimension-times-coefficient sum (`oh * 2 + kh`) as dimension -> coefficient.
std::optional<llvm::SmallDenseMap<unsigned, int64_t>> linearTerms(AffineExpr expr) {
  llvm::SmallDenseMap<unsigned, int64_t> terms;
  std::function<bool(AffineExpr)> walk = [&](AffineExpr e) -> bool {
    if (auto dim = dyn_cast<AffineDimExpr>(e)) {
      terms[dim.getPosition()] += 1;
      return true;
    }
    auto binary = dyn_cast<AffineBinaryOpExpr>(e);
    if (!binary)
      return false;
    if (e.getKind() == AffineExprKind::Add)
      return walk(binary.getLHS()) && walk(binary.getRHS());
    auto dim = dyn_cast<AffineDimExpr>(binary.getLHS());
    auto cst = dyn_cast<AffineConstantExpr>(binary.getRHS());
    if (e.getKind() != AffineExprKind::Mul || !dim || !cst)
      return false;
    terms[dim.getPosition()] += cst.getValue();
    return true;
  };
  if (!walk(expr))
    return std::nullopt;
  return terms;
}

/// `yield acc + a * b` (either order of each operation).
bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getNumArguments() != 3)
    return false;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body.getArgument(2);
  Value product = add.getLhs() == acc ? add.getRhs() : add.getRhs() == acc ? add.getLhs() : Value();
  auto mul = product ? product.getDefiningOp<arith::MulFOp>() : nullptr;
  if (!mul)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) || (mul.getLhs() == b && mul.getRhs() == a);
}

/// An NCHW/OIHW 2-D convolution as LegalizeOps writes it (after its pad):
/// out[n, f, oh, ow] += in[n, c, oh * sh + kh * dh, ow * sw + kw * dw] * w[f, c, kh, kw].
struct NchwConvolution {
  int64_t strides[2], dilations[2];
};

std::optional<NchwConvolution> matchNchwConvolution(linalg::GenericOp op) {
  if (op.getNumLoops() != 7 || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !isStatic(op) || !isMultiplyAccumulate(op) || !op.hasPureTensorSemantics())
    return std::nullopt;

  AffineMap in = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap w = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (in.getNumResults() != 4 || !w.isProjectedPermutation() || w.getNumResults() != 4 ||
      !out.isProjectedPermutation() || out.getNumResults() != 4)
    return std::nullopt;
  auto dim = [](AffineMap map, unsigned i) { return map.getDimPosition(i); };
  unsigned n = dim(out, 0), f = dim(out, 1), oh = dim(out, 2), ow = dim(out, 3);
  unsigned c = dim(w, 1), kh = dim(w, 2), kw = dim(w, 3);
  if (dim(w, 0) != f || !in.getResult(0).isFunctionOfDim(n) || in.getResult(0) != getAffineDimExpr(n, op->getContext()) ||
      in.getResult(1) != getAffineDimExpr(c, op->getContext()))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d : {n, f, oh, ow})
    if (iterators[d] != utils::IteratorType::parallel)
      return std::nullopt;
  for (unsigned d : {c, kh, kw})
    if (iterators[d] != utils::IteratorType::reduction)
      return std::nullopt;
  NchwConvolution conv;
  unsigned rows[2] = {oh, ow}, windows[2] = {kh, kw};
  for (unsigned i = 0; i < 2; ++i) {
    unsigned rowDim = rows[i], windowDim = windows[i];
    auto terms = linearTerms(in.getResult(2 + i));
    if (!terms || terms->size() != 2 || !terms->count(rowDim) || !terms->count(windowDim))
      return std::nullopt;
    conv.strides[i] = terms->lookup(rowDim);
    conv.dilations[i] = terms->lookup(windowDim);
  }
  return conv;
}

/// Rewrites NCHW/OIHW convolutions as `linalg.conv_2d_nhwc_hwcf` between
/// transposes: the NHWC kernel vectorizes along the output channels (which
/// both the filter and the output hold contiguously), as the peers' fast
/// convolutions do. The transposes move each tensor once per call; the
/// filter's is a weight transform (computed once where the filter is a
/// constant and FoldConstant or a lifted parameter function got to it).
void convolutionsToNhwc(func::FuncOp func) {
  SmallVector<std::pair<linalg::GenericOp, NchwConvolution>> convs;
  func.walk([&](linalg::GenericOp op) {
    if (auto conv = matchNchwConvolution(op))
      convs.emplace_back(op, *conv);
  });
  IRRewriter b(func.getContext());
  for (auto [op, conv] : convs) {
    b.setInsertionPoint(op);
    Location loc = op.getLoc();
    auto transpose = [&](Value value, ArrayRef<int64_t> perm) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape = llvm::map_to_vector(perm, [&](int64_t d) { return type.getDimSize(d); });
      Value empty = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
      return linalg::TransposeOp::create(b, loc, value, empty, perm)->getResult(0);
    };
    Value input = transpose(op.getDpsInputOperand(0)->get(), {0, 2, 3, 1});
    Value filter = transpose(op.getDpsInputOperand(1)->get(), {2, 3, 1, 0});
    Value init = op.getDpsInitOperand(0)->get();
    Value nhwcInit;
    if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
      auto type = cast<RankedTensorType>(init.getType());
      Value empty = tensor::EmptyOp::create(
          b, loc, ArrayRef<int64_t>{type.getDimSize(0), type.getDimSize(2), type.getDimSize(3), type.getDimSize(1)},
          type.getElementType());
      nhwcInit = linalg::FillOp::create(b, loc, fill.getInputs()[0], empty).getResult(0);
    } else {
      nhwcInit = transpose(init, {0, 2, 3, 1});
    }
    auto nhwc = linalg::Conv2DNhwcHwcfOp::create(
        b, loc, TypeRange{nhwcInit.getType()}, ValueRange{input, filter}, ValueRange{nhwcInit},
        b.getI64TensorAttr({conv.strides[0], conv.strides[1]}),
        b.getI64TensorAttr({conv.dilations[0], conv.dilations[1]}));
    b.replaceOp(op, transpose(nhwc->getResult(0), {0, 3, 1, 2}));
  }
}

/// The window dimension and output dimension of `expr` when it is
/// `out * stride + window` (or `window + out * stride`) with the window as
/// wide as the stride: windows that tile their input exactly.
std::optional<std::pair<unsigned, unsigned>> exactWindow(AffineExpr expr, ArrayRef<int64_t> extents,
                                                         int64_t &stride) {
  std::optional<llvm::SmallDenseMap<unsigned, int64_t>> terms = linearTerms(expr);
  if (!terms || terms->size() != 2)
    return std::nullopt;
  auto [first, second] = std::pair(*terms->begin(), *std::next(terms->begin()));
  if (first.second == 1)
    std::swap(first, second);
  if (second.second != 1 || first.second < 2 || extents[second.first] != first.second)
    return std::nullopt;
  stride = first.second;
  return std::pair(first.first, second.first);
}

/// Rewrites a window read with a stride as wide as the window (2x2 pooling
/// of stride 2) through an input whose innermost dimension is split in
/// (outputs, stride): `x[.., ow * 2 + kw]` becomes `x'[.., ow, kw]`, a plain
/// read, so that a tile of outputs vectorizes as one contiguous read of the
/// input reduced over the window, instead of a gather of every second value.
void splitStridedWindows(func::FuncOp func) {
  SmallVector<linalg::GenericOp> ops;
  func.walk([&](linalg::GenericOp op) {
    if (isWindowed(op) && isStatic(op))
      ops.push_back(op);
  });
  IRRewriter b(func.getContext());
  for (linalg::GenericOp op : ops) {
    SmallVector<int64_t> extents = op.getStaticLoopRanges();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    bool changed = false;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      AffineMap map = maps[operand->getOperandNumber()];
      auto type = dyn_cast<RankedTensorType>(operand->get().getType());
      int64_t stride = 0;
      if (!type || map.getNumResults() == 0 || type.getRank() != map.getNumResults())
        continue;
      auto window = exactWindow(map.getResults().back(), extents, stride);
      if (!window || type.getShape().back() != extents[window->first] * stride)
        continue;
      SmallVector<int64_t> shape(type.getShape());
      shape.back() = extents[window->first];
      shape.push_back(stride);
      b.setInsertionPoint(op);
      // A tensor.reshape, not an expand_shape: fold-memref-alias-ops would
      // fold an expand_shape into the tile's 2-D vector read and read rows
      // of the original instead of one contiguous run.
      Value shapeValue = arith::ConstantOp::create(
          b, op.getLoc(), DenseIntElementsAttr::get(RankedTensorType::get({(int64_t)shape.size()}, b.getIndexType()),
                                                    ArrayRef<int64_t>(shape)));
      Value split = tensor::ReshapeOp::create(
          b, op.getLoc(), RankedTensorType::get(shape, type.getElementType()), operand->get(), shapeValue);
      SmallVector<AffineExpr> results(map.getResults().drop_back());
      results.push_back(b.getAffineDimExpr(window->first));
      results.push_back(b.getAffineDimExpr(window->second));
      maps[operand->getOperandNumber()] = AffineMap::get(map.getNumDims(), 0, results, b.getContext());
      b.modifyOpInPlace(op, [&] { operand->set(split); });
      changed = true;
    }
    if (changed)
      b.modifyOpInPlace(op, [&] { op.setIndexingMapsAttr(b.getAffineMapArrayAttr(maps)); });
  }
}

/// The contraction's fill: the producer of its output operand, used only there.
linalg::LinalgOp fillOf(linalg::LinalgOp op) {
  Value init = op.getDpsInitOperand(0)->get();
  auto fill = init.getDefiningOp<linalg::FillOp>();
  return fill && init.hasOneUse() ? cast<linalg::LinalgOp>(fill.getOperation()) : nullptr;
}

/// The elementwise op that consumes the contraction's result point by point
/// (bias, activation): the contraction's only user, reading it through the
/// same map as its own output.
linalg::LinalgOp epilogueOf(linalg::LinalgOp op) {
  Value result = op->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  auto user = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!user || !isAllParallel(user) || user.getNumDpsInits() != 1 || !isStatic(user))
    return nullptr;
  OpOperand &use = *result.getUses().begin();
  if (user.isDpsInit(&use) || user.getMatchingIndexingMap(&use) !=
                                  user.getIndexingMapMatchingResult(user->getResult(0)) ||
      !user.getIndexingMapMatchingResult(user->getResult(0)).isIdentity() ||
      user->getResult(0).getType() != result.getType())
    return nullptr;
  return user;
}

/// The kernels of a function, in program order.
SmallVector<Kernel> collectKernels(func::FuncOp func) {
  SmallVector<Kernel> kernels;
  DenseSet<Operation *> taken;
  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) {
    if (op.hasPureTensorSemantics() && isStatic(op))
      ops.push_back(op);
  });
  for (linalg::LinalgOp op : ops) {
    if (!linalg::isaContractionOpInterface(op) || op.getNumDpsInits() != 1)
      continue;
    FailureOr<linalg::ContractionDimensions> dims = linalg::inferContractionDims(op);
    if (failed(dims) || dims->n.empty() || dims->k.empty())
      continue;
    Kernel kernel{Kernel::Kind::Contraction, op, fillOf(op), epilogueOf(op), 0};
    taken.insert(op);
    if (kernel.fill)
      taken.insert(kernel.fill);
    if (kernel.epilogue)
      taken.insert(kernel.epilogue);
    kernels.push_back(kernel);
  }
  for (linalg::LinalgOp op : ops) {
    if (taken.contains(op) || op.getNumDpsInits() != 1)
      continue;
    Kernel::Kind kind = op.getNumReductionLoops() ? Kernel::Kind::Reduction : Kernel::Kind::Elementwise;
    if (isa<linalg::Conv2DNhwcHwcfOp>(op))
      kind = Kernel::Kind::ConvolutionNhwc;
    else if (isWindowed(op))
      kind = Kernel::Kind::Convolution;
    kernels.push_back({kind, op, nullptr, nullptr, 0});
  }
  for (auto [id, kernel] : llvm::enumerate(kernels))
    kernel.id = id;
  return kernels;
}

void tag(const Kernel &kernel) {
  Builder b(kernel.op->getContext());
  kernel.op->setAttr("tvmlir.kernel", b.getI64IntegerAttr(kernel.id));
  if (kernel.fill)
    kernel.fill->setAttr("tvmlir.kernel_fill", b.getI64IntegerAttr(kernel.id));
  if (kernel.epilogue)
    kernel.epilogue->setAttr("tvmlir.kernel_epilogue", b.getI64IntegerAttr(kernel.id));
}

/// Each fusion clones both bodies into the fused op, so fusing a chain of n
/// elementwise ops into one op costs n^2 (10,000 relus took 77 s); a chain
/// is cut into ops of at most this many body ops, which keeps it linear and
/// is far more than an epilogue or a fused TVM group holds.
constexpr size_t kMaxFusedBodyOps = 128;

size_t bodySize(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp ? linalgOp.getBlock()->getOperations().size() : 0;
}

/// Fuses chains of elementwise ops (bias then activation) into one op, so
/// that a contraction has a single epilogue; a producer with several users
/// is kept (fusing would compute it twice).
LogicalResult fuseElementwise(func::FuncOp func) {
  RewritePatternSet patterns(func.getContext());
  linalg::ControlFusionFn control = [](OpOperand *fused) {
    Operation *producer = fused->get().getDefiningOp();
    auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
    return producer && fused->get().hasOneUse() && consumer && isAllParallel(consumer) &&
           bodySize(producer) + bodySize(consumer) <= kMaxFusedBodyOps;
  };
  linalg::populateElementwiseOpsFusionPatterns(patterns, control);
  return applyPatternsGreedily(func, std::move(patterns));
}

/// The transform script: each kernel's section, inside a sequence whose
/// silenceable failures are suppressed (a kernel a strategy cannot handle is
/// left to the loops it lowers to), then the shared tail.
std::string buildScript(ArrayRef<Kernel> kernels, const cpu::CPUTarget &target) {
  std::string body;
  for (const Kernel &kernel : kernels) {
    tag(kernel);
    bool threads = false;
    std::string section = cpu::scheduleKernel(kernel, target, threads);
    body += "  transform.sequence %func : !transform.any_op failures(suppress) {\n"
            "  ^bb0(%f" + std::to_string(kernel.id) + ": !transform.any_op):\n";
    std::string inner = section;
    // The section names the function %func; inside its sequence that is %f<id>.
    for (size_t pos = 0; (pos = inner.find("%func", pos)) != std::string::npos;)
      inner.replace(pos, 5, "%f" + std::to_string(kernel.id));
    body += inner + "    transform.yield\n  }\n";
  }
  return "module attributes {transform.with_named_sequence} {\n"
         "transform.named_sequence @__transform_main(%func: !transform.any_op {transform.consumed}) {\n"
         "  transform.bufferization.eliminate_empty_tensors %func : !transform.any_op\n" +
         body + cpu::finishSchedule(target) + "  transform.yield\n}\n}\n";
}

struct TvmlirCPUStrategyPass : public relax::impl::TvmlirCPUStrategyBase<TvmlirCPUStrategyPass> {
  using TvmlirCPUStrategyBase::TvmlirCPUStrategyBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<transform::TransformDialect, linalg::LinalgDialect, scf::SCFDialect,
                    vector::VectorDialect, tensor::TensorDialect, memref::MemRefDialect,
                    bufferization::BufferizationDialect, affine::AffineDialect,
                    arith::ArithDialect>();
    linalg::registerTransformDialectExtension(registry);
    scf::registerTransformDialectExtension(registry);
    vector::registerTransformDialectExtension(registry);
    bufferization::registerTransformDialectExtension(registry);
    memref::registerTransformDialectExtension(registry);
    tensor::registerTransformDialectExtension(registry);
    linalg::registerTilingInterfaceExternalModels(registry);
    tensor::registerTilingInterfaceExternalModels(registry);
    linalg::registerBufferizableOpInterfaceExternalModels(registry);
    tensor::registerBufferizableOpInterfaceExternalModels(registry);
    scf::registerBufferizableOpInterfaceExternalModels(registry);
    arith::registerBufferizableOpInterfaceExternalModels(registry);
    vector::registerBufferizableOpInterfaceExternalModels(registry);
    linalg::registerSubsetOpInterfaceExternalModels(registry);
    tensor::registerSubsetOpInterfaceExternalModels(registry);
    vector::registerSubsetOpInterfaceExternalModels(registry);
    affine::registerValueBoundsOpInterfaceExternalModels(registry);
    arith::registerValueBoundsOpInterfaceExternalModels(registry);
    linalg::registerValueBoundsOpInterfaceExternalModels(registry);
    memref::registerValueBoundsOpInterfaceExternalModels(registry);
    scf::registerValueBoundsOpInterfaceExternalModels(registry);
    tensor::registerValueBoundsOpInterfaceExternalModels(registry);
    vector::registerValueBoundsOpInterfaceExternalModels(registry);
  }

  void runOnOperation() override {
    cpu::CPUTarget target = cpu::CPUTarget::host();
    if (vectorBits > 0)
      target.vectorBits = vectorBits;
    target.numRegisters = target.vectorBits >= 512 ? 32 : 16;
    target.numThreads = numThreads > 0 ? numThreads : llvm::hardware_concurrency().compute_thread_count();
    if (target.numThreads <= 1)
      target.minParallelWork = std::numeric_limits<int64_t>::max();
    SmallVector<func::FuncOp> funcs;
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>())
      if (func.walk([](linalg::LinalgOp op) { return op.hasPureTensorSemantics() ? WalkResult::interrupt()
                                                                                  : WalkResult::advance(); })
              .wasInterrupted())
        funcs.push_back(func);
    for (func::FuncOp func : funcs)
      if (failed(schedule(func, target)))
        return signalPassFailure();
  }

  LogicalResult schedule(func::FuncOp func, const cpu::CPUTarget &target) {
    convolutionsToNhwc(func);
    splitStridedWindows(func);
    if (failed(fuseElementwise(func)))
      return func.emitError("elementwise fusion did not converge");
    SmallVector<Kernel> kernels = collectKernels(func);
    std::string text = buildScript(kernels, target);
    if (printScript)
      llvm::errs() << "// tvmlir-cpu-strategy: @" << func.getSymName() << "\n" << text;
    ParserConfig config(func.getContext());
    OwningOpRef<ModuleOp> script = parseSourceString<ModuleOp>(text, config, "tvmlir-cpu-strategy");
    if (!script)
      return func.emitError("the CPU strategy wrote a transform script that does not parse:\n") << text;
    auto entry = script->lookupSymbol<transform::NamedSequenceOp>("__transform_main");
    if (failed(transform::applyTransforms(func, entry, {}, transform::TransformOptions(),
                                          /*enforceToplevelTransformOp=*/false)))
      return func.emitError("the CPU strategy's transform script failed");
    return finishLoops(func);
  }

  /// Outer tile loops marked for threads become scf.parallel (which
  /// convert-parallel-to-pool puts on the CPU's threads), the others scf.for;
  /// then every buffer still allocated gets its deallocation.
  LogicalResult finishLoops(func::FuncOp func) {
    IRRewriter rewriter(func.getContext());
    SmallVector<scf::ForallOp> foralls;
    func.walk([&](scf::ForallOp forall) { foralls.push_back(forall); });
    for (scf::ForallOp forall : foralls) {
      rewriter.setInsertionPoint(forall);
      bool parallel = forall->hasAttr("tvmlir.threads") && forall.getOutputs().empty();
      if (failed(parallel ? scf::forallToParallelLoop(rewriter, forall)
                          : scf::forallToForLoop(rewriter, forall)))
        return forall.emitError("cannot lower the kernel's tile loop");
    }
    // Bufferization leaves copies of a tile onto itself where a tile was
    // read and written in place.
    func.walk([](linalg::CopyOp copy) {
      if (copy.getInputs()[0] == copy.getOutputs()[0])
        copy->erase();
    });
    func.walk([](Operation *op) {
      op->removeAttr("tvmlir.kernel");
      op->removeAttr("tvmlir.kernel_fill");
      op->removeAttr("tvmlir.kernel_epilogue");
    });
    if (failed(cpu::approximateExp(func)))
      return func.emitError("the exp approximation did not converge");
    OpPassManager pm(func::FuncOp::getOperationName());
    bufferization::BufferDeallocationPipelineOptions options;
    bufferization::buildBufferDeallocationPipeline(pm, options);
    pm.addPass(createCanonicalizerPass());
    return runPipeline(pm, func);
  }
};

} // namespace
