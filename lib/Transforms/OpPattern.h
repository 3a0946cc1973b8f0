//===- OpPattern.h - TVM's operator pattern kinds ---------------*- C++ -*-===//
#ifndef TVMLIR_TRANSFORMS_OPPATTERN_H
#define TVMLIR_TRANSFORMS_OPPATTERN_H

#include "tvmlir/TensorIR/TensorIR.h"

namespace mlir::relax {

/// TVM's OpPatternKind, the value of a prim_func's `op_pattern` attribute.
enum class OpPattern : int64_t {
  ElemWise = 0,
  Broadcast = 1,
  Injective = 2,
  CommReduce = 3,
  OutEWiseFusable = 4,
  Opaque = 8,
};

inline constexpr llvm::StringLiteral kOpPatternAttr = "op_pattern";

/// The pattern a prim_func is annotated with, if any.
std::optional<OpPattern> getOpPattern(tensorir::PrimFuncOp func);

/// The pattern of a prim_func, from the accesses of its blocks.
OpPattern analyzeOpPattern(tensorir::PrimFuncOp func);

} // namespace mlir::relax

#endif // TVMLIR_TRANSFORMS_OPPATTERN_H
