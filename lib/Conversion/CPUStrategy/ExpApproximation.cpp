//===- ExpApproximation.cpp - math.exp on f32 vectors as a polynomial -----===//
//
// LLVM lowers `exp` on a vector to one libm call per lane, which makes a
// vectorized softmax slower than a scalar one. Here exp(x) becomes Cephes'
// expf: x = n ln2 + r with |r| <= ln2 / 2, exp(r) by a degree-7 polynomial,
// 2^n by building the float's exponent bits (about 1 ulp over the range).
// Upstream has the same rewrite (populateMathPolynomialApproximationPatterns),
// but the Python bindings' library does not export it.
//
//===----------------------------------------------------------------------===//

#include "Conversion/CPUStrategy/Strategies.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

using namespace mlir;

namespace {

struct ExpOnF32Vectors : public OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::ExpOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<VectorType>(op.getType());
    if (!type || !type.getElementType().isF32())
      return failure();
    Location loc = op.getLoc();
    ImplicitLocOpBuilder b(loc, rewriter);
    auto f32 = [&](float value) -> Value {
      return arith::ConstantOp::create(b, DenseElementsAttr::get(type, b.getF32FloatAttr(value)));
    };
    VectorType intType = type.clone(b.getI32Type());
    auto i32 = [&](int32_t value) -> Value {
      return arith::ConstantOp::create(b, DenseElementsAttr::get(intType, b.getI32IntegerAttr(value)));
    };
    Value x = op.getOperand();
    Value clamped = arith::MinimumFOp::create(b, arith::MaximumFOp::create(b, x, f32(-88.3762626647949f)),
                                              f32(88.3762626647949f));
    // n = round(x / ln2); r = x - n ln2, with ln2 split in two for precision.
    Value n = math::FloorOp::create(
        b, arith::AddFOp::create(b, arith::MulFOp::create(b, clamped, f32(1.44269504088896341f)), f32(0.5f)));
    Value r = arith::SubFOp::create(b, clamped, arith::MulFOp::create(b, n, f32(0.693359375f)));
    r = arith::SubFOp::create(b, r, arith::MulFOp::create(b, n, f32(-2.12194440e-4f)));
    Value poly = f32(1.9875691500e-4f);
    for (float c : {1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f})
      poly = math::FmaOp::create(b, poly, r, f32(c));
    Value r2 = arith::MulFOp::create(b, r, r);
    Value expR = arith::AddFOp::create(b, math::FmaOp::create(b, poly, r2, r), f32(1.0f));
    // 2^n: n + 127 in the exponent bits.
    Value bits = arith::ShLIOp::create(b, arith::AddIOp::create(b, arith::FPToSIOp::create(b, intType, n), i32(127)),
                                       i32(23));
    Value result = arith::MulFOp::create(b, expR, arith::BitcastOp::create(b, type, bits));
    // Past float's range: +inf (the clamp would give 2^127.5).
    Value overflow = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, x, f32(88.7228391116729996f));
    result = arith::SelectOp::create(b, overflow, f32(std::numeric_limits<float>::infinity()), result);
    Value isNan = arith::CmpFOp::create(b, arith::CmpFPredicate::UNO, x, x);
    result = arith::SelectOp::create(b, isNan, x, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

LogicalResult mlir::relax::cpu::approximateExp(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  patterns.add<ExpOnF32Vectors>(root->getContext());
  return applyPatternsGreedily(root, std::move(patterns));
}
