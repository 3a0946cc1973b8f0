//===- Strategies.cpp - CPU schedules of linalg kernels -------------------===//
//
// Three strategies, each one function that picks its tile sizes and writes its
// transform-dialect ops:
//   - contractions (matmul, batch matmul, dense): cache tiles as the thread
//     loop, the fill and the elementwise epilogue fused into each tile (the
//     epilogue runs on a tile still in L2), a K cache tile, and an mr x nr
//     register tile over one k step, vectorized into FMAs whose accumulators
//     stay in registers across k;
//   - convolutions and pooling (reads through windows, `oh + kh`), in the
//     layout they come in (NCHW): a register tile of output channels times a
//     vector along the output width, the reduction (input channels and the
//     window) walked one step at a time with the tile in registers;
//   - elementwise and injective ops: vectors along the innermost dimension;
//   - reductions: a vector along the innermost dimension, reduced across its
//     lanes when that dimension is the reduction, element-wise otherwise.
//
//===----------------------------------------------------------------------===//

#include "Conversion/CPUStrategy/Strategies.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::relax::cpu;

CPUTarget CPUTarget::host() {
  CPUTarget target;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f")) {
    target.vectorBits = 512;
    target.numRegisters = 32;
  } else if (features.lookup("avx2") || features.lookup("avx")) {
    target.vectorBits = 256;
  }
  return target;
}

int64_t CPUTarget::lanes(Type element) const {
  unsigned bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 32;
  return std::max<int64_t>(1, vectorBits / std::max(8u, bits));
}

namespace {

/// The largest divisor of `extent` not above `limit`, preferring multiples
/// of `multiple`: tiles that divide their dimension stay static.
int64_t divisorTile(int64_t extent, int64_t limit, int64_t multiple = 1) {
  if (extent <= limit)
    return extent;
  for (int64_t t = limit - limit % multiple; t >= multiple; t -= multiple)
    if (extent % t == 0)
      return t;
  for (int64_t t = limit; t > 1; --t)
    if (extent % t == 0)
      return t;
  return 1;
}

std::string list(ArrayRef<int64_t> values) {
  return "[" + llvm::join(llvm::map_range(values, [](int64_t v) { return std::to_string(v); }), ", ") +
         "]";
}

/// Handles a transform op returns: the tiled op, then one loop per non-zero size.
std::string tileResultTypes(ArrayRef<int64_t> sizes) {
  std::string types = "!transform.any_op";
  for (int64_t size : sizes)
    if (size != 0)
      types += ", !transform.any_op";
  return types;
}

/// Counts names for the handles of one kernel's section.
struct Section {
  int64_t id;
  std::string text;

  std::string name(StringRef what) const { return llvm::formatv("%k{0}_{1}", id, what).str(); }

  std::string match(StringRef what, StringRef attr) {
    std::string handle = name(what);
    text += llvm::formatv("  {0} = transform.structured.match attributes {{{1} = {2} : i64} in %func"
                          " : (!transform.any_op) -> !transform.any_op\n",
                          handle, attr, id)
                .str();
    return handle;
  }

  /// Tiles `op` with a scf.for per non-zero size; returns the tiled op.
  std::string tileFor(const std::string &op, ArrayRef<int64_t> sizes, StringRef what) {
    if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
      return op;
    std::string tiled = name(what);
    std::string loops;
    int64_t count = 0;
    for (int64_t size : sizes)
      if (size != 0)
        loops += ", " + name(what) + "_loop" + std::to_string(count++);
    text += llvm::formatv("  {0}{1} = transform.structured.tile_using_for {2} tile_sizes {3}"
                          " : (!transform.any_op) -> ({4})\n",
                          tiled, loops, op, list(sizes), tileResultTypes(sizes))
                .str();
    return tiled;
  }

  /// Tiles `op` into an scf.forall (the loop threads may share); returns
  /// {tiled op, forall}.
  std::pair<std::string, std::string> tileForall(const std::string &op, ArrayRef<int64_t> sizes,
                                                 StringRef what) {
    std::string tiled = name(what), forall = name(std::string(what) + "_forall");
    text += llvm::formatv("  {0}, {1} = transform.structured.tile_using_forall {2} tile_sizes {3}"
                          " : (!transform.any_op) -> (!transform.any_op, !transform.any_op)\n",
                          tiled, forall, op, list(sizes))
                .str();
    return {tiled, forall};
  }

  /// Fuses the producer `op` into `forall`; returns {fused op, new forall}.
  std::pair<std::string, std::string> fuseInto(const std::string &op, const std::string &forall,
                                               StringRef what) {
    std::string fused = name(what), containing = name(std::string(what) + "_in");
    text += llvm::formatv("  {0}, {1} = transform.structured.fuse_into_containing_op {2} into {3}"
                          " : (!transform.any_op, !transform.any_op) -> (!transform.any_op, "
                          "!transform.any_op)\n",
                          fused, containing, op, forall)
                .str();
    return {fused, containing};
  }

  /// Marks the forall whose iterations run on the CPU's threads.
  void annotateThreads(const std::string &forall) {
    text += llvm::formatv("  transform.annotate {0} \"tvmlir.threads\" : !transform.any_op\n", forall).str();
  }

  void vectorize(const std::string &op) {
    text += llvm::formatv("  transform.structured.vectorize {0} : !transform.any_op\n", op).str();
  }
};

int64_t totalWork(linalg::LinalgOp op) {
  int64_t work = 1;
  for (int64_t extent : op.getStaticLoopRanges())
    work *= std::max<int64_t>(1, extent);
  return work;
}

bool vectorizable(linalg::LinalgOp op) {
  return op.hasPureTensorSemantics() && succeeded(linalg::vectorizeOpPrecondition(op));
}

/// Contraction: [Mc, Nc] cache tiles (the thread loop) with the fill and the
/// epilogue fused, a Kc tile of the reduction, then mr x nr x 1 register
/// tiles. mr rows times nr/lanes vectors are the accumulators: half the
/// vector registers, the rest hold the B row and the broadcast A values.
std::string scheduleContraction(const Kernel &kernel, const CPUTarget &target, bool &threads) {
  linalg::LinalgOp op = kernel.op;
  linalg::ContractionDimensions dims = *linalg::inferContractionDims(op);
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  int64_t lanes = target.lanes(cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getElementType());
  unsigned n = dims.n.back();
  std::optional<unsigned> m = dims.m.empty() ? std::nullopt : std::optional(dims.m.back());
  unsigned k = dims.k.back();

  int64_t mr = m ? divisorTile(extents[*m], 8) : 1;
  int64_t accumulators = target.numRegisters / 2;
  int64_t nr = divisorTile(extents[n], std::max<int64_t>(2, accumulators / mr) * lanes, lanes);
  int64_t mc = m ? divisorTile(extents[*m], 64, mr) : 1;
  int64_t nc = divisorTile(extents[n], 256, nr);
  int64_t kc = divisorTile(extents[k], 256);

  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> cache(numLoops, 0), reduction(numLoops, 0), registers(numLoops, 1);
  for (unsigned d : dims.batch)
    cache[d] = 1;
  for (unsigned d : dims.m)
    cache[d] = 1;
  for (unsigned d : dims.n)
    cache[d] = 1;
  if (m)
    cache[*m] = mc, registers[*m] = mr;
  cache[n] = nc, registers[n] = nr;
  reduction[k] = kc;
  auto countTiles = [&] {
    int64_t tiles = 1;
    for (unsigned d = 0; d < numLoops; ++d)
      if (cache[d] != 0)
        tiles *= extents[d] / cache[d];
    return tiles;
  };
  threads = totalWork(op) >= target.minParallelWork;
  // Enough cache tiles for the threads to share: split N first, so that
  // each thread reads its own part of B (A is the smaller operand then).
  while (threads && countTiles() < 2) {
    if (cache[n] > nr)
      cache[n] = divisorTile(extents[n], cache[n] / 2, nr);
    else if (m && cache[*m] > mr)
      cache[*m] = divisorTile(extents[*m], cache[*m] / 2, mr);
    else
      threads = false;
  }

  Section s{kernel.id, ""};
  std::string contraction = s.match("op", "tvmlir.kernel");
  std::string fill = kernel.fill ? s.match("fill", "tvmlir.kernel_fill") : "";
  std::string epilogue = kernel.epilogue ? s.match("epilogue", "tvmlir.kernel_epilogue") : "";

  std::string tiledEpilogue, forall;
  if (kernel.epilogue) {
    // The epilogue's loops are the contraction's output dimensions.
    AffineMap output = op.getIndexingMapMatchingResult(op->getResult(0));
    SmallVector<int64_t> outputTile;
    for (AffineExpr expr : output.getResults())
      outputTile.push_back(cache[cast<AffineDimExpr>(expr).getPosition()]);
    std::tie(tiledEpilogue, forall) = s.tileForall(epilogue, outputTile, "epilogue_tile");
    std::tie(contraction, forall) = s.fuseInto(contraction, forall, "op_fused");
  } else {
    std::tie(contraction, forall) = s.tileForall(contraction, cache, "op_tile");
  }
  if (kernel.fill)
    std::tie(fill, forall) = s.fuseInto(fill, forall, "fill_fused");
  if (threads)
    s.annotateThreads(forall);
  contraction = s.tileFor(contraction, reduction, "op_k");
  contraction = s.tileFor(contraction, registers, "op_reg");
  s.vectorize(contraction);

  // Fill and epilogue: one row of nr at a time, over the output dimensions.
  SmallVector<int64_t> rowTile(op.getRank(op.getDpsInitOperand(0)), 1);
  rowTile.back() = nr;
  if (kernel.fill)
    s.vectorize(s.tileFor(fill, rowTile, "fill_row"));
  if (kernel.epilogue) {
    std::string row = s.tileFor(tiledEpilogue, rowTile, "epilogue_row");
    if (vectorizable(kernel.epilogue))
      s.vectorize(row);
  }
  return s.text;
}

/// Convolution and pooling: the output's innermost dimension (the width,
/// contiguous in NCHW) is the vector; a parallel dimension the input does not
/// depend on (the output channel, which only the filter has) gives the rows
/// of the register tile, so each input vector loaded serves every row; the
/// input channels are the tile's reduction. Every other dimension (the
/// window, the rows) is walked one step at a time: with its unit dimensions
/// dropped, each step is a small matmul of filter values and input rows,
/// lowered to outer products accumulated in registers.
std::string scheduleConvolution(const Kernel &kernel, const CPUTarget &target, bool &threads) {
  linalg::LinalgOp op = kernel.op;
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned numLoops = op.getNumLoops();
  AffineMap output = op.getIndexingMapMatchingResult(op->getResult(0));
  unsigned width = cast<AffineDimExpr>(output.getResults().back()).getPosition();
  AffineMap input = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  std::optional<unsigned> channel;
  for (AffineExpr expr : output.getResults()) {
    unsigned d = cast<AffineDimExpr>(expr).getPosition();
    if (d != width && !input.isFunctionOfDim(d) && extents[d] > 1)
      channel = d;
  }
  int64_t lanes = target.lanes(cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getElementType());
  int64_t wt = divisorTile(extents[width], 2 * lanes, lanes);
  int64_t vectors = llvm::divideCeil(wt, lanes);
  int64_t ft = channel ? divisorTile(extents[*channel], std::max<int64_t>(1, target.numRegisters / 2 / vectors)) : 1;

  SmallVector<int64_t> registers(numLoops, 1);
  registers[width] = wt;
  if (channel)
    registers[*channel] = ft;
  // A window dimension the input holds innermost (a split strided window)
  // stays whole: the tile reads its rows contiguously and reduces them.
  bool wholeWindow = false;
  if (auto inner = dyn_cast<AffineDimExpr>(input.getResults().back()))
    if (iterators[inner.getPosition()] == utils::IteratorType::reduction && extents[inner.getPosition()] <= 4) {
      registers[inner.getPosition()] = extents[inner.getPosition()];
      wholeWindow = true;
    }
  // The input channels (a reduction dimension that indexes the input
  // plainly) stay in the tile: the tile is then a contraction over them,
  // whose outer products keep the accumulators in registers.
  SmallVector<bool> inTile(numLoops, false);
  if (channel)
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::reduction &&
          llvm::is_contained(input.getResults(), getAffineDimExpr(d, op->getContext()))) {
        registers[d] = divisorTile(extents[d], 64);
        inTile[d] = registers[d] == extents[d];
      }
  // The threads share the output's outer dimensions, in register-tile steps
  // (convolutions: 4x a contraction's threshold; their transposes and small
  // planes keep a second thread from paying off sooner).
  threads = totalWork(op) / 4 >= target.minParallelWork;
  SmallVector<int64_t> outer(numLoops, 0);
  for (AffineExpr expr : output.getResults()) {
    unsigned d = cast<AffineDimExpr>(expr).getPosition();
    if (d != width)
      outer[d] = channel && d == *channel ? ft : 1;
  }

  Section s{kernel.id, ""};
  std::string handle = s.match("op", "tvmlir.kernel");
  // Loop order: output channels, the window, the other output dimensions,
  // the tile's channels: the filter block of one window position is loaded
  // once for a whole plane of outputs.
  if (channel) {
    SmallVector<int64_t> order;
    order.push_back(*channel);
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::reduction && !inTile[d])
        order.push_back(d);
    for (unsigned d = 0; d < numLoops; ++d)
      if (iterators[d] == utils::IteratorType::parallel && d != *channel)
        order.push_back(d);
    for (unsigned d = 0; d < numLoops; ++d)
      if (inTile[d])
        order.push_back(d);
    std::string interchanged = s.name("interchanged");
    s.text += llvm::formatv("  {0} = transform.structured.interchange {1} iterator_interchange = {2}"
                            " : (!transform.any_op) -> !transform.any_op\n",
                            interchanged, handle, list(order))
                  .str();
    handle = interchanged;
    registers = llvm::map_to_vector(order, [&](int64_t d) { return registers[d]; });
    outer = llvm::map_to_vector(order, [&](int64_t d) { return outer[d]; });
  }
  if (threads) {
    auto [tiled, forall] = s.tileForall(handle, outer, "thread");
    s.annotateThreads(forall);
    handle = tiled;
  }
  handle = s.tileFor(handle, registers, "reg");
  // Drop the unit dimensions of the tile (its maps become projected
  // permutations, which the vectorizer takes), inside its loops only.
  s.text += llvm::formatv("  transform.apply_patterns to {0} {{\n"
                          "    transform.apply_patterns.linalg.fold_unit_extent_dims_via_slices\n"
                          "    transform.apply_patterns.canonicalization\n"
                          "  } : !transform.any_op\n",
                          s.name("reg") + "_loop0")
                .str();
  // The folded op is new (and untagged): the only linalg op in its loops.
  std::string folded = s.name("folded");
  s.text += llvm::formatv("  {0} = transform.structured.match interface{{LinalgOp} in {1}"
                          " : (!transform.any_op) -> !transform.any_op\n",
                          folded, s.name("reg") + "_loop0")
                .str();
  s.vectorize(folded);
  // A window kept whole in the tile is reduced across its lanes: as whole
  // vectors (a deinterleave and an elementwise max or sum), not lane by lane.
  if (wholeWindow)
    s.text += llvm::formatv("  transform.apply_patterns to {0} {{\n"
                            "    transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = \"innerparallel\"\n"
                            "  } : !transform.any_op\n",
                            s.name("reg") + "_loop0")
                  .str();
  return s.text;
}

/// `linalg.conv_2d_nhwc_hwcf` (loops n, oh, ow, f, kh, kw, c): a tile of 8
/// output columns x 2 vectors of output channels x 8 input channels, one
/// output row and one window position at a time; decomposed into 1-D
/// convolutions (the row and window-row dimensions are 1) and vectorized,
/// the tile's channels become FMAs into the output channels' vectors. Rows
/// are the thread loop.
std::string scheduleConvolutionNhwc(const Kernel &kernel, const CPUTarget &target, bool &threads) {
  linalg::LinalgOp op = kernel.op;
  SmallVector<int64_t> extents = op.getStaticLoopRanges(); // n, oh, ow, f, kh, kw, c
  int64_t lanes = target.lanes(cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getElementType());
  int64_t owt = divisorTile(extents[2], 8);
  int64_t ft = divisorTile(extents[3], 2 * lanes, lanes);
  int64_t ct = divisorTile(extents[6], 8);
  Section s{kernel.id, ""};
  std::string handle = s.match("op", "tvmlir.kernel");
  threads = totalWork(op) / 4 >= target.minParallelWork && extents[0] * extents[1] >= 2;
  if (threads) {
    auto [tiled, forall] = s.tileForall(handle, {1, 1, 0, 0, 0, 0, 0}, "thread");
    s.annotateThreads(forall);
    handle = tiled;
  }
  handle = s.tileFor(handle, {1, 1, owt, ft, 1, 1, ct}, "reg");
  std::string decomposed = s.name("decomposed");
  s.text += llvm::formatv("  {0} = transform.structured.decompose {1} : (!transform.any_op) -> !transform.any_op\n",
                          decomposed, handle)
                .str();
  s.vectorize(decomposed);
  return s.text;
}

/// The loop that an input's innermost dimension walks, when that is not the
/// innermost loop (the op reads that input transposed).
std::optional<unsigned> transposedInput(linalg::LinalgOp op) {
  unsigned inner = op.getNumLoops() - 1;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    if (map.getNumResults() == 0 || !map.isProjectedPermutation(/*allowZeroInResults=*/false))
      continue;
    unsigned last = map.getDimPosition(map.getNumResults() - 1);
    if (last != inner && map.isFunctionOfDim(inner))
      return last;
  }
  return std::nullopt;
}

/// Elementwise, injective and reduction kernels: the outermost dimension is
/// the thread loop; the innermost gets a vector of up to four registers and
/// every other dimension is walked one at a time. A reduction over the
/// innermost dimension keeps it whole (up to 1024 elements), so the vector
/// reduces across lanes once per output.
std::string scheduleLoopNest(const Kernel &kernel, const CPUTarget &target, bool &threads) {
  linalg::LinalgOp op = kernel.op;
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  unsigned numLoops = op.getNumLoops();
  Section s{kernel.id, ""};
  std::string handle = s.match("op", "tvmlir.kernel");
  if (numLoops == 0)
    return s.text; // a scalar: nothing to tile or vectorize
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  Type element = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getElementType();
  int64_t lanes = target.lanes(element);

  threads = totalWork(op) >= target.minParallelWork / 2 && extents[0] >= 2 &&
            iterators[0] == utils::IteratorType::parallel && numLoops >= 2;
  SmallVector<int64_t> outer(numLoops, 0);
  if (threads) {
    // One chunk of the outer dimension per thread (the last may be shorter).
    outer[0] = llvm::divideCeil(extents[0], std::min(extents[0], target.numThreads));
    auto [tiled, forall] = s.tileForall(handle, outer, "thread");
    s.annotateThreads(forall);
    handle = tiled;
  }
  SmallVector<int64_t> tile(numLoops, 1);
  unsigned inner = numLoops - 1;
  bool reducesInner = iterators[inner] == utils::IteratorType::reduction;
  tile[inner] = reducesInner && extents[inner] <= 1024 ? extents[inner]
                                                       : divisorTile(extents[inner], 4 * lanes, lanes);
  // A transpose (an input whose innermost dimension is another loop): a
  // square of lanes x lanes, read along the input's rows, transposed in
  // registers and written along the output's.
  // (Not across the thread loop's dimension: its chunks need not divide.)
  std::optional<unsigned> across = transposedInput(op);
  if (across && !reducesInner && !(threads && *across == 0)) {
    tile[inner] = divisorTile(extents[inner], lanes);
    tile[*across] = divisorTile(extents[*across], lanes);
  }
  handle = s.tileFor(handle, tile, "vec");
  if (vectorizable(op))
    s.vectorize(handle);
  return s.text;
}

} // namespace

std::string mlir::relax::cpu::scheduleKernel(const Kernel &kernel, const CPUTarget &target,
                                             bool &threads) {
  threads = false;
  if (kernel.kind == Kernel::Kind::Contraction)
    return scheduleContraction(kernel, target, threads);
  if (kernel.kind == Kernel::Kind::Convolution)
    return scheduleConvolution(kernel, target, threads);
  if (kernel.kind == Kernel::Kind::ConvolutionNhwc)
    return scheduleConvolutionNhwc(kernel, target, threads);
  return scheduleLoopNest(kernel, target, threads);
}

std::string mlir::relax::cpu::finishSchedule(const CPUTarget &target) {
  return R"mlir(
  transform.apply_patterns to %func {
    transform.apply_patterns.vector.reduction_to_contract
    transform.apply_patterns.vector.transfer_permutation_patterns
    transform.apply_patterns.canonicalization
  } : !transform.any_op
  // Only once the broadcasts are folded into contractions: unit dimensions
  // (a batch tile of 1) dropped earlier would keep them apart.
  transform.apply_patterns to %func {
    transform.apply_patterns.vector.cast_away_vector_leading_one_dim
    transform.apply_patterns.tensor.fold_tensor_subset_ops_into_vector_transfers
    transform.apply_patterns.tensor.fold_tensor_subset_ops
    transform.apply_patterns.canonicalization
  } : !transform.any_op
  %all_loops = transform.structured.match ops{["scf.for"]} in %func : (!transform.any_op) -> !transform.any_op
  transform.apply_licm to %all_loops : !transform.any_op
  transform.loop.hoist_loop_invariant_subsets %all_loops : !transform.any_op
  %buffers = transform.bufferization.one_shot_bufferize %func {bufferize_function_boundaries = false, memcpy_op = "linalg.copy"} : (!transform.any_op) -> !transform.any_op
  transform.apply_patterns to %buffers {
    transform.apply_patterns.memref.fold_memref_alias_ops
    transform.apply_patterns.canonicalization
  } : !transform.any_op
  transform.apply_cse to %buffers : !transform.any_op
  %hoisted = transform.structured.hoist_redundant_vector_transfers %buffers : (!transform.any_op) -> !transform.any_op
  transform.apply_patterns to %hoisted {
    transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
    transform.apply_patterns.vector.lower_outerproduct
    transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerreduction"
    transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
    transform.apply_patterns.vector.lower_broadcast
    transform.apply_patterns.vector.lower_transpose lowering_strategy = ")mlir" +
         std::string(target.vectorBits >= 512 ? "shuffle_16x16" : "shuffle_1d") + R"mlir("
  } : !transform.any_op
)mlir";
}
