//===- InputGuard.cpp - tvmlir-input-guard ---------------------------------===//
//
// Runs lib/Support/InputGuards' IR checks as a pass, so that input that would
// make an upstream pattern assert fails with a located error instead.
//
//===----------------------------------------------------------------------===//

#include "Support/InputGuards.h"
#include "tvmlir/Transforms/Passes.h"

namespace mlir::relax {
#define GEN_PASS_DEF_INPUTGUARD
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;

namespace {
struct InputGuardPass : public relax::impl::InputGuardBase<InputGuardPass> {
  void runOnOperation() override {
    if (failed(tvmlir::checkUpstreamAssertions(getOperation())))
      signalPassFailure();
  }
};
} // namespace
