//===- InputGuards.h - checks of MLIR text before MLIR parses it -*- C++ -*-===//
//
// MLIR's parser sizes its table of an SSA name's results by the largest result
// number referenced (`%v#N`) before it knows whether `%v` has that many, so a
// huge N exhausts memory and aborts the process. These checks find such input
// first, so that relax-opt and the Python bindings report it as an error.
//
// Some IR verifies and still makes upstream patterns assert: a `memref.dim`
// or `tensor.dim` whose constant index is outside its operand's rank (upstream
// calls it undefined behaviour; canonicalization's SimplifyDimOfAllocOp
// asserts on it). checkUpstreamAssertions finds such IR before any pass runs
// (the `tvmlir-input-guard` pass, first in relax-opt and in
// tvmlir-cpu-pipeline).
//
//===----------------------------------------------------------------------===//
#ifndef TVMLIR_SUPPORT_INPUTGUARDS_H
#define TVMLIR_SUPPORT_INPUTGUARDS_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace tvmlir {

/// The largest `%v#N` result number accepted.
inline constexpr unsigned kMaxResultNumber = 1u << 16;

/// A problem found in the text: 1-based line and column, and what is wrong.
struct InputProblem {
  unsigned line = 0, column = 0;
  std::string message;
};

/// The first `%name#N` whose N exceeds kMaxResultNumber, if any.
std::optional<InputProblem> findOversizedResultNumber(llvm::StringRef text);

/// Emits an error at the first op under `root` that verifies but that an
/// upstream pattern would assert on, and fails; succeeds when there is none.
llvm::LogicalResult checkUpstreamAssertions(mlir::Operation *root);

} // namespace tvmlir

#endif // TVMLIR_SUPPORT_INPUTGUARDS_H
