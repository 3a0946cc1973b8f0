//===- Strategies.h - CPU schedules of linalg kernels -------------*- C++ -*-===//
//
// A strategy turns one kernel (a linalg op and the ops fused with it) into a
// section of a transform-dialect script: tiling for the caches, for threads
// and for registers, then vectorization. Tile sizes come from the host CPU's
// vector width and are chosen to divide the extents, so every tile is static
// and no vector is masked.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_CONVERSION_CPUSTRATEGY_STRATEGIES_H
#define TVMLIR_CONVERSION_CPUSTRATEGY_STRATEGIES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <string>

namespace mlir::relax::cpu {

/// What the strategies need to know of the CPU.
struct CPUTarget {
  int64_t vectorBits = 128; // 512 with AVX-512, 256 with AVX2
  int64_t numRegisters = 16;
  int64_t numThreads = 1;
  /// Multiply-adds below which a contraction stays on one thread: handing a
  /// task to a sleeping worker of the async runtime costs tens of
  /// microseconds on small VMs (2^23 multiply-adds take about 80 us on one
  /// core). Loop nests (memory-bound) need half of it, in elements: several
  /// of them in a row (softmax) lose more to the wake-ups than they gain.
  int64_t minParallelWork = int64_t(1) << 23;

  static CPUTarget host();
  int64_t lanes(Type element) const;
};

/// One kernel: the op that decides its iteration space (`root`) and the ops
/// fused into its tiles. A contraction's fill is its `fill`, the elementwise
/// op consuming it its `epilogue`.
struct Kernel {
  enum class Kind { Contraction, Convolution, ConvolutionNhwc, Elementwise, Reduction };
  Kind kind;
  linalg::LinalgOp op;
  linalg::LinalgOp fill;     // contraction only, may be null
  linalg::LinalgOp epilogue; // contraction only, may be null
  int64_t id;
};

/// Tags the kernel's ops with `tvmlir.kernel*` attributes and returns the
/// transform-dialect ops (text, inside a named sequence whose function
/// handle is `%func`) that schedule it; `threads` is set when its outer tile
/// loop is worth running on several threads.
std::string scheduleKernel(const Kernel &kernel, const CPUTarget &target, bool &threads);

/// The transform ops that follow every kernel's schedule: hoisting,
/// bufferization and the lowering of vector ops to what LLVM vectorizes.
std::string finishSchedule(const CPUTarget &target);

/// Rewrites `math.exp` on f32 vectors under `root` into a polynomial.
LogicalResult approximateExp(Operation *root);

} // namespace mlir::relax::cpu

#endif // TVMLIR_CONVERSION_CPUSTRATEGY_STRATEGIES_H
