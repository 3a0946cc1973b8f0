//===- AccessBounds.h - compile-time bounds of tensorir accesses -*- C++ -*-===//
//
// The tensorir verifier proves that loads and stores stay inside their
// buffers: each index is evaluated over the ranges of the loops and block
// iteration variables it depends on, giving the smallest and largest value it
// takes. An affine index of independent variables attains both, so a range
// past the buffer's extent (or past the block's declared region) is an access
// out of bounds that some iteration makes: an error. Indices whose values are
// known only at run time (loaded, symbolic) are not judged here.
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_TENSORIR_ACCESSBOUNDS_H
#define TVMLIR_TENSORIR_ACCESSBOUNDS_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::tensorir {

/// Checks the indices of a `tensorir.load`/`tensorir.store` (`access`) of
/// `buffer` against its static extents and against the regions its enclosing
/// block declares for the buffer; emits the error at `access`.
LogicalResult verifyAccessBounds(Operation *access, Value buffer, ValueRange indices,
                                 bool isStore);

/// Says which buffer `buffer` is, for diagnostics: `buffer argument #1 of @f
/// (memref<8xf32>)`.
std::string describeBuffer(Value buffer);

/// Rejects integer division and remainder by a constant zero in `root`.
LogicalResult verifyNoDivisionByZero(Operation *root);

} // namespace mlir::tensorir

#endif // TVMLIR_TENSORIR_ACCESSBOUNDS_H
