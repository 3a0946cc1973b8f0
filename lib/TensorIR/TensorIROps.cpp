//===- TensorIROps.cpp - `tensorir` operations ----------------------------===//

#include "tvmlir/TensorIR/TensorIR.h"

#include "AccessBounds.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::tensorir;

//===----------------------------------------------------------------------===//
// PrimFuncOp
//===----------------------------------------------------------------------===//

ParseResult PrimFuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results, function_interface_impl::VariadicFlag,
                          std::string &) { return builder.getFunctionType(argTypes, results); };
  if (function_interface_impl::parseFunctionOp(
          parser, result, /*allowVariadic=*/false, getFunctionTypeAttrName(result.name),
          buildFuncType, getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name)))
    return failure();
  // A function written without a body still gets its (empty) block.
  Region &body = *result.regions.front();
  if (body.empty()) {
    auto type = llvm::cast<FunctionType>(
        llvm::cast<TypeAttr>(result.attributes.get(getFunctionTypeAttrName(result.name)))
            .getValue());
    Block *block = new Block();
    body.push_back(block);
    for (Type input : type.getInputs())
      block->addArgument(input, result.location);
  }
  return success();
}

void PrimFuncOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(p, *this, /*isVariadic=*/false,
                                           getFunctionTypeAttrName(),
                                           getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult PrimFuncOp::verify() {
  if (!getResultTypes().empty())
    return emitOpError("returns nothing: outputs are written into buffer arguments, "
                       "but the type declares ")
           << getResultTypes().size() << " result(s)";
  Block &entry = getBody().front();
  if (entry.getNumArguments() != getArgumentTypes().size())
    return emitOpError("has ") << entry.getNumArguments()
                               << " body arguments but its type has "
                               << getArgumentTypes().size() << " inputs";
  for (auto [index, arg, type] : llvm::enumerate(entry.getArguments(), getArgumentTypes())) {
    if (arg.getType() != type)
      return emitOpError("body argument #")
             << index << " has type " << arg.getType() << " but the function type says "
             << type;
    if (!llvm::isa<MemRefType, IndexType, IntegerType, FloatType>(type))
      return emitOpError("argument #")
             << index << " must be a buffer (memref) or a scalar, got " << type;
  }
  return verifyNoDivisionByZero(*this);
}

//===----------------------------------------------------------------------===//
// AllocBufferOp
//===----------------------------------------------------------------------===//

LogicalResult AllocBufferOp::verify() {
  static constexpr llvm::StringLiteral kScopes[] = {"global", "shared", "shared.dyn",
                                                    "local", "warp"};
  if (!llvm::is_contained(kScopes, getScope()))
    return emitOpError("unknown storage scope '")
           << getScope() << "'; expected one of global, shared, shared.dyn, local, warp";
  MemRefType type = getType();
  if (static_cast<int64_t>(getDynamicSizes().size()) != type.getNumDynamicDims())
    return emitOpError("has ") << getDynamicSizes().size() << " dynamic size operand(s) for "
                               << type.getNumDynamicDims() << " dynamic dimension(s) of " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// ForOp
//===----------------------------------------------------------------------===//

ParseResult ForOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &builder = parser.getBuilder();
  Type indexType = builder.getIndexType();
  OpAsmParser::Argument inductionVar;
  OpAsmParser::UnresolvedOperand lower, upper;
  if (parser.parseArgument(inductionVar) || parser.parseEqual() ||
      parser.parseOperand(lower) || parser.parseKeyword("to") ||
      parser.parseOperand(upper) ||
      parser.resolveOperand(lower, indexType, result.operands) ||
      parser.resolveOperand(upper, indexType, result.operands))
    return failure();
  inductionVar.type = indexType;

  StringRef kindName;
  SMLoc kindLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalKeyword(
          &kindName, {"serial", "parallel", "vectorized", "unrolled", "thread_binding"}))) {
    ForKind kind = *symbolizeForKind(kindName);
    result.addAttribute(getKindAttrName(result.name),
                        ForKindAttr::get(builder.getContext(), kind));
    if (kind == ForKind::thread_binding) {
      std::string thread;
      if (failed(parser.parseOptionalLParen()))
        return parser.emitError(kindLoc, "thread_binding needs a thread axis, e.g. "
                                         "thread_binding(\"threadIdx.x\")");
      if (parser.parseString(&thread) || parser.parseRParen())
        return failure();
      result.addAttribute(getThreadAttrName(result.name), builder.getStringAttr(thread));
    }
  }
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, {inductionVar}))
    return failure();
  return success();
}

void ForOp::print(OpAsmPrinter &p) {
  // As a region argument, so that its location (its name) prints with
  // --mlir-print-debuginfo and parses back.
  p << " ";
  p.printRegionArgument(getInductionVar(), {}, /*omitType=*/true);
  p << " = " << getLower() << " to " << getUpper();
  if (getKind() != ForKind::serial)
    p << " " << stringifyForKind(getKind());
  if (std::optional<StringRef> thread = getThread()) {
    p << "(";
    p.printString(*thread);
    p << ")";
  }
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {getKindAttrName(), getThreadAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false, /*printBlockTerminators=*/false);
}

LogicalResult ForOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 || !body.getArgument(0).getType().isIndex())
    return emitOpError("body must take exactly one 'index' induction variable");
  bool isBound = getKind() == ForKind::thread_binding;
  if (isBound != getThread().has_value())
    return emitOpError(isBound ? "a thread_binding loop needs a thread axis"
                               : "only a thread_binding loop names a thread axis");
  // An empty loop (upper == lower) is fine; one that runs backwards is a
  // mistake TVM rejects too (and lowered code may not expect).
  std::optional<int64_t> lower = getConstantIntValue(getLower());
  std::optional<int64_t> upper = getConstantIntValue(getUpper());
  if (lower && upper && *upper < *lower) {
    InFlightDiagnostic diag = emitOpError("has a negative extent");
    if (std::optional<int64_t> extent = llvm::checkedSub(*upper, *lower))
      diag << " " << *extent;
    return diag << " (from " << *lower << " to " << *upper << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// BlockOp
//===----------------------------------------------------------------------===//

InitOp BlockOp::getInitOp() {
  Block &body = getBody().front();
  if (body.empty())
    return {};
  return llvm::dyn_cast<InitOp>(body.front());
}

namespace {
/// One `%buffer[i, j] : type` entry of a `reads(...)`/`writes(...)` list.
struct RegionEntry {
  OpAsmParser::UnresolvedOperand buffer;
  AffineMap map;
  Type type;
};
} // namespace

/// Parses `%buf[<affine exprs of iteration variables>] : type`, rewriting the
/// map over the block's iteration variables `iterVars`.
static ParseResult parseRegionEntry(OpAsmParser &parser,
                                    ArrayRef<OpAsmParser::Argument> iterVars,
                                    RegionEntry &entry) {
  SmallVector<OpAsmParser::UnresolvedOperand> mapOperands;
  NamedAttrList scratch;
  Attribute mapAttr;
  if (parser.parseOperand(entry.buffer) ||
      parser.parseAffineMapOfSSAIds(mapOperands, mapAttr, "map", scratch) ||
      parser.parseColonType(entry.type))
    return failure();
  AffineMap map = llvm::cast<AffineMapAttr>(mapAttr).getValue();
  // The parsed map numbers its SSA ids in order of appearance (dims, then
  // symbols); renumber them as positions among the iteration variables.
  MLIRContext *context = parser.getContext();
  SmallVector<AffineExpr> replacements;
  for (const OpAsmParser::UnresolvedOperand &operand : mapOperands) {
    auto it = llvm::find_if(iterVars, [&](const OpAsmParser::Argument &iv) {
      return iv.ssaName.name == operand.name && iv.ssaName.number == operand.number;
    });
    if (it == iterVars.end())
      return parser.emitError(operand.location,
                              "a region index may use only the block's iteration "
                              "variables");
    replacements.push_back(getAffineDimExpr(it - iterVars.begin(), context));
  }
  ArrayRef<AffineExpr> all(replacements);
  entry.map = map.replaceDimsAndSymbols(all.take_front(map.getNumDims()),
                                        all.drop_front(map.getNumDims()),
                                        iterVars.size(), 0);
  return success();
}

/// Parses an optional `keyword(entry, ...)` list of buffer regions.
static ParseResult parseRegionList(OpAsmParser &parser, StringRef keyword,
                                   ArrayRef<OpAsmParser::Argument> iterVars,
                                   SmallVectorImpl<RegionEntry> &entries) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  return parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren, [&] {
    return parseRegionEntry(parser, iterVars, entries.emplace_back());
  });
}

/// Resolves the buffers of `entries` and returns their maps as an attribute.
static ParseResult resolveRegionList(OpAsmParser &parser, ArrayRef<RegionEntry> entries,
                                     OperationState &result, ArrayAttr &maps) {
  SmallVector<Attribute> mapAttrs;
  for (const RegionEntry &entry : entries) {
    if (parser.resolveOperand(entry.buffer, entry.type, result.operands))
      return failure();
    mapAttrs.push_back(AffineMapAttr::get(entry.map));
  }
  maps = parser.getBuilder().getArrayAttr(mapAttrs);
  return success();
}

ParseResult BlockOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &builder = parser.getBuilder();
  Type indexType = builder.getIndexType();
  std::string name, iterKinds;
  SmallVector<OpAsmParser::Argument> iterVars;
  SmallVector<OpAsmParser::UnresolvedOperand> bindings, extents;
  if (parser.parseString(&name) ||
      parser.parseArgumentList(iterVars, OpAsmParser::Delimiter::Paren) ||
      parser.parseEqual() ||
      parser.parseOperandList(bindings, OpAsmParser::Delimiter::Paren) ||
      parser.parseKeyword("in") ||
      parser.parseOperandList(extents, OpAsmParser::Delimiter::Paren) ||
      parser.parseKeyword("kinds") || parser.parseString(&iterKinds))
    return failure();
  for (OpAsmParser::Argument &iv : iterVars)
    iv.type = indexType;

  std::optional<OpAsmParser::UnresolvedOperand> predicate;
  if (succeeded(parser.parseOptionalKeyword("where"))) {
    predicate.emplace();
    if (parser.parseLParen() || parser.parseOperand(*predicate) || parser.parseRParen())
      return failure();
  }
  SmallVector<RegionEntry> reads, writes;
  if (parseRegionList(parser, "reads", iterVars, reads) ||
      parseRegionList(parser, "writes", iterVars, writes))
    return failure();

  ArrayAttr readMaps, writeMaps;
  if (parser.resolveOperands(bindings, indexType, result.operands) ||
      parser.resolveOperands(extents, indexType, result.operands) ||
      (predicate &&
       parser.resolveOperand(*predicate, builder.getI1Type(), result.operands)) ||
      resolveRegionList(parser, reads, result, readMaps) ||
      resolveRegionList(parser, writes, result, writeMaps))
    return failure();

  result.addAttribute(getNameAttrName(result.name), builder.getStringAttr(name));
  result.addAttribute(getIterKindsAttrName(result.name), builder.getStringAttr(iterKinds));
  result.addAttribute(getReadMapsAttrName(result.name), readMaps);
  result.addAttribute(getWriteMapsAttrName(result.name), writeMaps);
  result.addAttribute(getOperandSegmentSizesAttrName(result.name),
                      builder.getDenseI32ArrayAttr(
                          {static_cast<int32_t>(bindings.size()),
                           static_cast<int32_t>(extents.size()), predicate ? 1 : 0,
                           static_cast<int32_t>(reads.size()),
                           static_cast<int32_t>(writes.size())}));
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  return parser.parseRegion(*body, iterVars);
}

static void printRegionList(OpAsmPrinter &p, StringRef keyword, ValueRange buffers,
                            ArrayAttr maps, ValueRange iterVars) {
  if (buffers.empty())
    return;
  p << " " << keyword << "(";
  llvm::interleaveComma(llvm::zip(buffers, maps), p, [&](auto entry) {
    auto [buffer, map] = entry;
    p << buffer << "[";
    p.printAffineMapOfSSAIds(llvm::cast<AffineMapAttr>(map), iterVars);
    p << "] : " << buffer.getType();
  });
  p << ")";
}

void BlockOp::print(OpAsmPrinter &p) {
  p << " ";
  p.printString(getName());
  p << "(";
  llvm::interleaveComma(getIterVars(), p, [&](BlockArgument iv) {
    p.printRegionArgument(iv, {}, /*omitType=*/true);
  });
  p << ") = (" << getBindings() << ") in (" << getExtents() << ") kinds ";
  p.printString(getIterKinds());
  if (Value predicate = getPredicate())
    p << " where(" << predicate << ")";
  printRegionList(p, "reads", getReads(), getReadMaps(), getIterVars());
  printRegionList(p, "writes", getWrites(), getWriteMaps(), getIterVars());
  p.printOptionalAttrDictWithKeyword(
      (*this)->getAttrs(), {getNameAttrName(), getIterKindsAttrName(), getReadMapsAttrName(),
                            getWriteMapsAttrName(), getOperandSegmentSizesAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false, /*printBlockTerminators=*/false);
}

/// Checks that `maps` index `buffers` with affine functions of `numIterVars`.
static LogicalResult verifyRegionMaps(BlockOp op, StringRef what, ValueRange buffers,
                                      ArrayAttr maps, unsigned numIterVars) {
  if (buffers.size() != maps.size())
    return op.emitOpError() << "has " << buffers.size() << " " << what
                            << " buffer(s) but " << maps.size() << " index map(s)";
  for (auto [index, buffer, mapAttr] : llvm::enumerate(buffers, maps)) {
    AffineMap map = llvm::cast<AffineMapAttr>(mapAttr).getValue();
    auto type = llvm::cast<MemRefType>(buffer.getType());
    if (map.getNumDims() != numIterVars || map.getNumSymbols() != 0)
      return op.emitOpError() << what << " region #" << index
                              << " must be indexed by the block's " << numIterVars
                              << " iteration variable(s)";
    if (map.getNumResults() != type.getRank())
      return op.emitOpError() << what << " region #" << index << " has "
                              << map.getNumResults() << " index(es) for a buffer of rank "
                              << type.getRank();
  }
  return success();
}

LogicalResult BlockOp::verify() {
  unsigned numIterVars = getBody().getNumArguments();
  for (BlockArgument iv : getIterVars())
    if (!iv.getType().isIndex())
      return emitOpError("iteration variables must have type 'index'");
  if (getBindings().size() != numIterVars || getExtents().size() != numIterVars)
    return emitOpError("has ") << numIterVars << " iteration variable(s) but "
                               << getBindings().size() << " binding(s) and "
                               << getExtents().size() << " extent(s)";
  if (getIterKinds().size() != numIterVars)
    return emitOpError("iter_kinds \"")
           << getIterKinds() << "\" must give one kind per iteration variable ("
           << numIterVars << ")";
  for (auto [index, extent] : llvm::enumerate(getExtents()))
    if (std::optional<int64_t> value = getConstantIntValue(extent); value && *value < 0)
      return emitOpError("iteration variable #")
             << index << " has a negative extent " << *value;
  for (char kind : getIterKinds())
    if (kind != 'S' && kind != 'R')
      return emitOpError("iter_kinds \"")
             << getIterKinds() << "\" may hold only 'S' (spatial) and 'R' (reduction)";
  if (failed(verifyRegionMaps(*this, "read", getReads(), getReadMaps(), numIterVars)) ||
      failed(verifyRegionMaps(*this, "write", getWrites(), getWriteMaps(), numIterVars)))
    return failure();

  // Every access made directly by this block (not by a nested block, which
  // declares its own) must be to a declared or locally allocated buffer.
  Region &body = getBody();
  auto isLocal = [&](Value buffer) { return body.isAncestor(buffer.getParentRegion()); };
  auto isWritten = [&](Value buffer) {
    return llvm::is_contained(getWrites(), buffer) || isLocal(buffer);
  };
  WalkResult walk = body.walk([&](Operation *op) -> WalkResult {
    if (llvm::isa<BlockOp>(op))
      return WalkResult::skip();
    if (auto store = llvm::dyn_cast<StoreOp>(op)) {
      if (!isWritten(store.getBuffer())) {
        InFlightDiagnostic diag = store.emitOpError("writes ")
                                  << describeBuffer(store.getBuffer()) << ", which block \""
                                  << getName() << "\" does not declare in its writes";
        diag.attachNote(getLoc()) << "block \"" << getName() << "\" is here";
        return WalkResult::interrupt();
      }
    } else if (auto load = llvm::dyn_cast<LoadOp>(op)) {
      Value buffer = load.getBuffer();
      if (!llvm::is_contained(getReads(), buffer) && !isWritten(buffer)) {
        InFlightDiagnostic diag = load.emitOpError("reads ")
                                  << describeBuffer(buffer) << ", which block \""
                                  << getName() << "\" does not declare in its reads or writes";
        diag.attachNote(getLoc()) << "block \"" << getName() << "\" is here";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// InitOp, LoadOp, StoreOp
//===----------------------------------------------------------------------===//

LogicalResult InitOp::verify() {
  if (&(*this)->getBlock()->front() != getOperation())
    return emitOpError("must be the first op of its block's body");
  return success();
}

/// Checks that `indices` index every dimension of `buffer`.
static LogicalResult verifyIndexCount(Operation *op, Value buffer, ValueRange indices) {
  int64_t rank = llvm::cast<MemRefType>(buffer.getType()).getRank();
  if (static_cast<int64_t>(indices.size()) != rank)
    return op->emitOpError("has ") << indices.size() << " index(es) for a buffer of rank "
                                   << rank;
  return success();
}

LogicalResult LoadOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  auto buffer = llvm::dyn_cast<MemRefType>(adaptor.getBuffer().getType());
  if (!buffer)
    return emitOptionalError(loc, "'tensorir.load' op buffer must be a memref, got ",
                             adaptor.getBuffer().getType());
  inferred.push_back(buffer.getElementType());
  return success();
}

LogicalResult LoadOp::verify() {
  if (failed(verifyIndexCount(*this, getBuffer(), getIndices())))
    return failure();
  return verifyAccessBounds(*this, getBuffer(), getIndices(), /*isStore=*/false);
}

LogicalResult StoreOp::verify() {
  if (failed(verifyIndexCount(*this, getBuffer(), getIndices())))
    return failure();
  return verifyAccessBounds(*this, getBuffer(), getIndices(), /*isStore=*/true);
}

#define GET_OP_CLASSES
#include "tvmlir/TensorIR/TensorIROps.cpp.inc"
