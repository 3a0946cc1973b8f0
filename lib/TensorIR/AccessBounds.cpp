//===- AccessBounds.cpp - compile-time bounds of tensorir accesses --------===//
//
// An index is read as a linear form `c + sum(k * atom)` over atoms: loop
// induction variables and block iteration variables (whose ranges their ops
// give), and the results of min/max/division/remainder/select (whose ranges
// interval arithmetic gives from their operands). The range of the form is
// exact (both ends attained) when its atoms are exact and depend on disjoint
// variables: independent variables over a box reach a linear function's
// extremes at its corners. Only an exact range past the bounds is an error, so
// that a clamped index (`min(max(i - 1, 0), n - 1)`, as TVM's pad_temp reads)
// or any index the ranges cannot settle is never rejected.
//
//===----------------------------------------------------------------------===//

#include "AccessBounds.h"

#include "tvmlir/TensorIR/TensorIR.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::tensorir;

namespace {

/// The values an index takes, `[lo, hi]`; `exact` when some iteration
/// attains each end; `roots` are the variables it depends on.
struct IndexRange {
  int64_t lo = 0, hi = 0;
  bool exact = true;
  SmallVector<Value, 4> roots;
};

/// `constant + sum(coefficient * atom)`.
struct Linear {
  int64_t constant = 0;
  llvm::MapVector<Value, int64_t> terms;
};

std::optional<int64_t> add(int64_t a, int64_t b) { return llvm::checkedAdd(a, b); }
std::optional<int64_t> mul(int64_t a, int64_t b) { return llvm::checkedMul(a, b); }

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t ceilDiv(int64_t a, int64_t b) { return a / b + ((a % b != 0) && ((a < 0) == (b < 0))); }

/// The constant value of `value`, if it is an integer constant that fits.
std::optional<int64_t> constantOf(Value value) {
  APInt constant;
  if (!matchPattern(value, m_ConstantInt(&constant)) || constant.getSignificantBits() > 64)
    return std::nullopt;
  return constant.getSExtValue();
}

/// True when `op` has the `count` operands its kind takes (the verifier of a
/// malformed arith op may not have run yet).
bool hasOperands(Operation *op, unsigned count) { return op && op->getNumOperands() == count; }

/// Evaluates index expressions over the enclosing loops and blocks.
class IndexRangeEvaluator {
public:
  /// Evaluates the indices of an access whose nearest enclosing block is
  /// `block` (null when it is in no block).
  explicit IndexRangeEvaluator(BlockOp block) : block(block) {}

  /// The range of `value`, or nothing when it is not known at compile time.
  std::optional<IndexRange> range(Value value, unsigned depth = 0) {
    std::optional<Linear> form = linear(value, depth);
    if (!form)
      return std::nullopt;
    return rangeOf(*form);
  }

private:
  static constexpr unsigned kMaxDepth = 32;

  std::optional<Linear> linear(Value value, unsigned depth) {
    if (depth > kMaxDepth)
      return std::nullopt;
    if (std::optional<int64_t> constant = constantOf(value))
      return Linear{*constant, {}};
    Operation *def = value.getDefiningOp();
    if (hasOperands(def, 1) && llvm::isa<arith::IndexCastOp, arith::ExtSIOp>(def))
      return linear(def->getOperand(0), depth + 1);
    if (hasOperands(def, 2) && llvm::isa<arith::AddIOp, arith::SubIOp>(def)) {
      std::optional<Linear> lhs = linear(def->getOperand(0), depth + 1);
      std::optional<Linear> rhs = linear(def->getOperand(1), depth + 1);
      if (!lhs || !rhs)
        return std::nullopt;
      return combine(*lhs, *rhs, llvm::isa<arith::SubIOp>(def) ? -1 : 1);
    }
    if (hasOperands(def, 2) && llvm::isa<arith::MulIOp>(def)) {
      std::optional<Linear> lhs = linear(def->getOperand(0), depth + 1);
      std::optional<Linear> rhs = linear(def->getOperand(1), depth + 1);
      if (lhs && rhs && rhs->terms.empty())
        return scale(*lhs, rhs->constant);
      if (lhs && rhs && lhs->terms.empty())
        return scale(*rhs, lhs->constant);
    }
    if (!atomRange(value, depth))
      return std::nullopt;
    Linear form;
    form.terms[value] = 1;
    return form;
  }

  static std::optional<Linear> combine(Linear lhs, const Linear &rhs, int64_t sign) {
    std::optional<int64_t> constant = add(lhs.constant, sign * rhs.constant);
    if (!constant)
      return std::nullopt;
    lhs.constant = *constant;
    for (auto [atom, coefficient] : rhs.terms) {
      std::optional<int64_t> sum = add(lhs.terms.lookup(atom), sign * coefficient);
      if (!sum)
        return std::nullopt;
      lhs.terms[atom] = *sum;
    }
    return lhs;
  }

  static std::optional<Linear> scale(Linear form, int64_t factor) {
    std::optional<int64_t> constant = mul(form.constant, factor);
    if (!constant)
      return std::nullopt;
    form.constant = *constant;
    for (auto &[atom, coefficient] : form.terms) {
      std::optional<int64_t> product = mul(coefficient, factor);
      if (!product)
        return std::nullopt;
      coefficient = *product;
    }
    return form;
  }

  std::optional<IndexRange> rangeOf(const Linear &form) {
    IndexRange result{form.constant, form.constant, true, {}};
    for (auto [atom, coefficient] : form.terms) {
      if (coefficient == 0)
        continue;
      std::optional<IndexRange> range = atomRange(atom, 0);
      if (!range)
        return std::nullopt;
      std::optional<int64_t> a = mul(coefficient, range->lo), b = mul(coefficient, range->hi);
      if (!a || !b)
        return std::nullopt;
      std::optional<int64_t> lo = add(result.lo, std::min(*a, *b));
      std::optional<int64_t> hi = add(result.hi, std::max(*a, *b));
      if (!lo || !hi)
        return std::nullopt;
      result.lo = *lo;
      result.hi = *hi;
      merge(result, *range);
    }
    return result;
  }

  /// Adds the roots of `part` to `whole`; shared roots make it inexact.
  static void merge(IndexRange &whole, const IndexRange &part) {
    whole.exact = whole.exact && part.exact;
    for (Value root : part.roots) {
      if (llvm::is_contained(whole.roots, root))
        whole.exact = false;
      else
        whole.roots.push_back(root);
    }
  }

  std::optional<IndexRange> atomRange(Value value, unsigned depth) {
    auto cached = cache.find(value);
    if (cached != cache.end())
      return cached->second;
    std::optional<IndexRange> result = computeAtomRange(value, depth);
    cache[value] = result;
    return result;
  }

  std::optional<IndexRange> computeAtomRange(Value value, unsigned depth) {
    if (auto arg = llvm::dyn_cast<BlockArgument>(value))
      return variableRange(arg);
    Operation *def = value.getDefiningOp();
    if (!def || depth > kMaxDepth)
      return std::nullopt;
    if (llvm::isa<arith::SelectOp>(def))
      return hasOperands(def, 3) ? selectRange(def, depth) : std::nullopt;
    if (!hasOperands(def, 2))
      return std::nullopt;
    if (llvm::isa<arith::MaxSIOp, arith::MinSIOp>(def))
      return minMaxRange(def, llvm::isa<arith::MaxSIOp>(def), depth);
    if (llvm::isa<arith::DivSIOp, arith::FloorDivSIOp, arith::CeilDivSIOp, arith::RemSIOp>(def))
      return divisionRange(def, depth);
    return std::nullopt;
  }

  /// A loop's induction variable or a block's iteration variable.
  std::optional<IndexRange> variableRange(BlockArgument arg) {
    Operation *owner = arg.getOwner()->getParentOp();
    std::optional<int64_t> lo, end;
    bool exact = true;
    if (auto loop = llvm::dyn_cast_if_present<ForOp>(owner)) {
      lo = constantOf(loop.getLower());
      end = constantOf(loop.getUpper());
      // A loop around the access's block binds its iteration variables: the
      // two are not independent.
      exact = !(block && loop->isProperAncestor(block));
    } else if (auto block = llvm::dyn_cast_if_present<BlockOp>(owner)) {
      if (arg.getArgNumber() >= block.getExtents().size())
        return std::nullopt;
      lo = 0;
      end = constantOf(block.getExtents()[arg.getArgNumber()]);
    }
    if (!lo || !end)
      return std::nullopt;
    if (*end <= *lo) // the access never runs (neverRuns)
      return std::nullopt;
    return IndexRange{*lo, *end - 1, exact, {arg}};
  }

  std::optional<IndexRange> minMaxRange(Operation *op, bool isMax, unsigned depth) {
    std::optional<IndexRange> lhs = range(op->getOperand(0), depth + 1);
    std::optional<IndexRange> rhs = range(op->getOperand(1), depth + 1);
    if (!lhs || !rhs)
      return std::nullopt;
    auto pick = [&](int64_t a, int64_t b) { return isMax ? std::max(a, b) : std::min(a, b); };
    IndexRange result{pick(lhs->lo, rhs->lo), pick(lhs->hi, rhs->hi), true, {}};
    // Monotone in one variable operand when the other is a constant.
    bool oneConstant = lhs->roots.empty() || rhs->roots.empty();
    merge(result, *lhs);
    merge(result, *rhs);
    result.exact = result.exact && oneConstant;
    return result;
  }

  std::optional<IndexRange> selectRange(Operation *op, unsigned depth) {
    std::optional<IndexRange> lhs = range(op->getOperand(1), depth + 1);
    std::optional<IndexRange> rhs = range(op->getOperand(2), depth + 1);
    if (!lhs || !rhs)
      return std::nullopt;
    IndexRange result{std::min(lhs->lo, rhs->lo), std::max(lhs->hi, rhs->hi), false, {}};
    merge(result, *lhs);
    merge(result, *rhs);
    result.exact = false; // which side runs depends on the condition
    return result;
  }

  /// Division and remainder by a positive constant.
  std::optional<IndexRange> divisionRange(Operation *op, unsigned depth) {
    std::optional<int64_t> divisor = constantOf(op->getOperand(1));
    std::optional<IndexRange> operand = range(op->getOperand(0), depth + 1);
    if (!divisor || *divisor <= 0 || !operand)
      return std::nullopt;
    int64_t d = *divisor;
    IndexRange result = *operand;
    if (llvm::isa<arith::RemSIOp>(op)) {
      if (operand->lo >= 0 && operand->hi < d)
        return result;
      result.lo = std::max(-(d - 1), std::min<int64_t>(operand->lo, 0));
      result.hi = std::min(d - 1, std::max<int64_t>(operand->hi, 0));
      result.exact = false;
      return result;
    }
    // Division rounds monotonically, so the ends map to the ends.
    auto divide = [&](int64_t x) {
      if (llvm::isa<arith::FloorDivSIOp>(op))
        return floorDiv(x, d);
      if (llvm::isa<arith::CeilDivSIOp>(op))
        return ceilDiv(x, d);
      return x / d;
    };
    result.lo = divide(operand->lo);
    result.hi = divide(operand->hi);
    return result;
  }

  BlockOp block;
  llvm::DenseMap<Value, std::optional<IndexRange>> cache;
};

/// The range of an affine region index over the block's iteration ranges;
/// over-approximate (sound for accepting, never for rejecting).
std::optional<std::pair<int64_t, int64_t>>
exprRange(AffineExpr expr, ArrayRef<std::optional<std::pair<int64_t, int64_t>>> dims) {
  if (auto dim = llvm::dyn_cast<AffineDimExpr>(expr))
    return dim.getPosition() < dims.size() ? dims[dim.getPosition()] : std::nullopt;
  if (auto constant = llvm::dyn_cast<AffineConstantExpr>(expr))
    return std::make_pair(constant.getValue(), constant.getValue());
  auto binary = llvm::dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return std::nullopt;
  auto lhs = exprRange(binary.getLHS(), dims), rhs = exprRange(binary.getRHS(), dims);
  if (!lhs || !rhs)
    return std::nullopt;
  switch (expr.getKind()) {
  case AffineExprKind::Add: {
    std::optional<int64_t> lo = add(lhs->first, rhs->first), hi = add(lhs->second, rhs->second);
    if (!lo || !hi)
      return std::nullopt;
    return std::make_pair(*lo, *hi);
  }
  case AffineExprKind::Mul: {
    int64_t corners[4];
    int64_t *corner = corners;
    for (int64_t a : {lhs->first, lhs->second})
      for (int64_t b : {rhs->first, rhs->second}) {
        std::optional<int64_t> product = mul(a, b);
        if (!product)
          return std::nullopt;
        *corner++ = *product;
      }
    return std::make_pair(*std::min_element(corners, corners + 4),
                          *std::max_element(corners, corners + 4));
  }
  default:
    break;
  }
  // floordiv, ceildiv, mod: by a positive constant.
  if (rhs->first != rhs->second || rhs->first <= 0)
    return std::nullopt;
  int64_t d = rhs->first;
  if (expr.getKind() == AffineExprKind::FloorDiv)
    return std::make_pair(floorDiv(lhs->first, d), floorDiv(lhs->second, d));
  if (expr.getKind() == AffineExprKind::CeilDiv)
    return std::make_pair(ceilDiv(lhs->first, d), ceilDiv(lhs->second, d));
  return std::make_pair<int64_t, int64_t>(0, d - 1);
}

/// True when something between `access` and its function decides whether it
/// runs (a block predicate, `tensorir.init`, an `scf.if`): then a variable's
/// extreme may never meet the access, and no range of it is exact.
bool isConditional(Operation *access) {
  for (Operation *parent = access->getParentOp(); parent && !llvm::isa<PrimFuncOp>(parent);
       parent = parent->getParentOp()) {
    if (auto block = llvm::dyn_cast<BlockOp>(parent)) {
      if (block.getPredicate())
        return true;
    } else if (!llvm::isa<ForOp>(parent)) {
      return true;
    }
  }
  return false;
}

/// True when a loop or block around `access` ranges over nothing, whether
/// or not the access's indices use its variables (a reshape of a tensor with
/// a zero extent reads at constant indices inside a loop of extent 0): the
/// access never runs, so no index of it is out of bounds.
bool neverRuns(Operation *access) {
  for (Operation *parent = access->getParentOp(); parent && !llvm::isa<PrimFuncOp>(parent);
       parent = parent->getParentOp()) {
    if (auto loop = llvm::dyn_cast<ForOp>(parent)) {
      std::optional<int64_t> lo = constantOf(loop.getLower()), end = constantOf(loop.getUpper());
      if (lo && end && *end <= *lo)
        return true;
    } else if (auto block = llvm::dyn_cast<BlockOp>(parent)) {
      if (llvm::any_of(block.getExtents(), [](Value extent) {
            std::optional<int64_t> value = constantOf(extent);
            return value && *value <= 0;
          }))
        return true;
    }
  }
  return false;
}

/// `[lo, hi]`.
std::string formatRange(int64_t lo, int64_t hi) {
  return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

/// The hull, per dimension, of the regions `block` declares for `buffer`
/// (its writes; for a load, its reads too); empty when it declares none.
SmallVector<std::optional<std::pair<int64_t, int64_t>>>
declaredHull(BlockOp block, Value buffer, bool isStore, unsigned rank) {
  SmallVector<std::optional<std::pair<int64_t, int64_t>>> iterRanges;
  for (Value extent : block.getExtents()) {
    std::optional<int64_t> end = constantOf(extent);
    iterRanges.push_back(end && *end > 0 ? std::optional(std::make_pair<int64_t, int64_t>(0, *end - 1))
                                         : std::nullopt);
  }
  SmallVector<std::optional<std::pair<int64_t, int64_t>>> hull;
  bool any = false;
  auto addRegions = [&](ValueRange buffers, ArrayAttr maps) {
    for (auto [declared, mapAttr] : llvm::zip(buffers, maps)) {
      AffineMap map = llvm::cast<AffineMapAttr>(mapAttr).getValue();
      if (declared != buffer || map.getNumResults() != rank)
        continue;
      if (!any)
        hull.assign(rank, std::make_pair(INT64_MAX, INT64_MIN));
      any = true;
      for (unsigned d = 0; d < rank; ++d) {
        auto range = exprRange(map.getResult(d), iterRanges);
        if (!range || !hull[d]) {
          hull[d] = std::nullopt; // unknown: the region does not bound this index
          continue;
        }
        hull[d] = std::make_pair(std::min(hull[d]->first, range->first),
                                 std::max(hull[d]->second, range->second));
      }
    }
  };
  addRegions(block.getWrites(), block.getWriteMaps());
  if (!isStore)
    addRegions(block.getReads(), block.getReadMaps());
  return hull;
}

} // namespace

std::string mlir::tensorir::describeBuffer(Value buffer) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto arg = llvm::dyn_cast<BlockArgument>(buffer)) {
    if (auto func = llvm::dyn_cast<PrimFuncOp>(arg.getOwner()->getParentOp()))
      os << "buffer argument #" << arg.getArgNumber() << " of @" << func.getSymName();
    else
      os << "a block argument";
  } else {
    os << "the buffer defined by '" << buffer.getDefiningOp()->getName() << "'";
  }
  os << " (" << buffer.getType() << ")";
  return text;
}

LogicalResult mlir::tensorir::verifyAccessBounds(Operation *access, Value buffer,
                                                 ValueRange indices, bool isStore) {
  auto type = llvm::dyn_cast<MemRefType>(buffer.getType());
  if (!type || type.getRank() != static_cast<int64_t>(indices.size()) || isConditional(access) ||
      neverRuns(access))
    return success();
  auto block = access->getParentOfType<BlockOp>();
  IndexRangeEvaluator ranges(block);
  SmallVector<std::optional<IndexRange>> indexRanges;
  for (Value index : indices)
    indexRanges.push_back(ranges.range(index));

  for (auto [d, range] : llvm::enumerate(indexRanges)) {
    if (!range || !range->exact || type.isDynamicDim(d))
      continue;
    int64_t extent = type.getDimSize(d);
    if (range->lo < 0 || range->hi >= extent)
      return access->emitOpError("index #")
             << d << " of " << describeBuffer(buffer) << " takes values in "
             << formatRange(range->lo, range->hi) << ", outside its extent " << extent
             << " (valid: " << formatRange(0, extent - 1) << ")";
  }

  if (!block)
    return success();
  auto hull = declaredHull(block, buffer, isStore, indices.size());
  for (auto [d, range] : llvm::enumerate(indexRanges)) {
    if (d >= hull.size() || !hull[d] || !range || !range->exact)
      continue;
    if (range->lo < hull[d]->first || range->hi > hull[d]->second) {
      InFlightDiagnostic diag =
          access->emitOpError("index #")
          << d << " of " << describeBuffer(buffer) << " takes values in "
          << formatRange(range->lo, range->hi) << ", outside "
          << formatRange(hull[d]->first, hull[d]->second) << " that block \"" << block.getName()
          << "\" declares in its " << (isStore ? "writes" : "reads and writes");
      diag.attachNote(block.getLoc()) << "block \"" << block.getName() << "\" is here";
      return diag;
    }
  }
  return success();
}

LogicalResult mlir::tensorir::verifyNoDivisionByZero(Operation *root) {
  WalkResult walk = root->walk([](Operation *op) {
    if (!llvm::isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp,
                   arith::FloorDivSIOp, arith::CeilDivSIOp, arith::CeilDivUIOp>(op))
      return WalkResult::advance();
    APInt divisor;
    if (op->getNumOperands() != 2 || !matchPattern(op->getOperand(1), m_ConstantInt(&divisor)) || !divisor.isZero())
      return WalkResult::advance();
    op->emitOpError("divides by the constant zero");
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}
