//===- InputGuards.cpp - checks of MLIR text before MLIR parses it --------===//

#include "InputGuards.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringExtras.h"

using namespace tvmlir;

static bool isSSANameChar(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.' || c == '-';
}

std::optional<InputProblem> tvmlir::findOversizedResultNumber(llvm::StringRef text) {
  unsigned line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
      continue;
    }
    if (text[i] != '%')
      continue;
    size_t j = i + 1;
    while (j < text.size() && isSSANameChar(text[j]))
      ++j;
    if (j == i + 1 || j >= text.size() || text[j] != '#')
      continue;
    size_t digitsStart = ++j;
    while (j < text.size() && llvm::isDigit(text[j]))
      ++j;
    llvm::StringRef digits = text.slice(digitsStart, j);
    unsigned long long number;
    if (digits.empty())
      continue;
    if (digits.size() > 12 || digits.getAsInteger(10, number) || number > kMaxResultNumber)
      return InputProblem{line, static_cast<unsigned>(i - lineStart + 1),
                          "result number " + digits.str() + " is out of range (at most " +
                              std::to_string(kMaxResultNumber) + ")"};
    i = j - 1;
  }
  return std::nullopt;
}

/// A dim op whose constant index is outside its ranked operand.
template <typename DimOpT>
static mlir::LogicalResult checkDimIndex(DimOpT dim) {
  auto type = llvm::dyn_cast<mlir::ShapedType>(dim.getSource().getType());
  std::optional<int64_t> index = dim.getConstantIndex();
  if (!type || !type.hasRank() || !index || (*index >= 0 && *index < type.getRank()))
    return mlir::success();
  return dim.emitOpError("index ") << *index << " is out of range for " << type
                                   << " (rank " << type.getRank() << ")";
}

llvm::LogicalResult tvmlir::checkUpstreamAssertions(mlir::Operation *root) {
  mlir::WalkResult walk = root->walk([](mlir::Operation *op) {
    mlir::LogicalResult result = mlir::success();
    if (auto dim = llvm::dyn_cast<mlir::memref::DimOp>(op))
      result = checkDimIndex(dim);
    else if (auto dim = llvm::dyn_cast<mlir::tensor::DimOp>(op))
      result = checkDimIndex(dim);
    return mlir::failed(result) ? mlir::WalkResult::interrupt() : mlir::WalkResult::advance();
  });
  return mlir::failure(walk.wasInterrupted());
}
