//===- FuseTIR.cpp - one prim_func per fused relax function ---------------===//
//
// A `relax.call` of a `Primitive` function (made by FuseOps) becomes a
// `relax.call_tir` of a new prim_func of the same name: the bodies of the
// prim_funcs the function called, in order, over the function's parameters,
// the intermediates in `tensorir.alloc_buffer`s. Buffers are named as TVM
// names them: inputs after the first callee parameter that reads them, the
// intermediates and the output `<callee output>_intermediate`.
//
//===----------------------------------------------------------------------===//

#include "Names.h"
#include "PrimFuncBuilder.h"
#include "tvmlir/Relax/ShapeInference.h"
#include "tvmlir/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <map>

namespace mlir::relax {
#define GEN_PASS_DEF_FUSETIR
#include "tvmlir/Transforms/Passes.h.inc"
} // namespace mlir::relax

using namespace mlir;
using namespace mlir::relax;

namespace {

/// The name of the symbolic dimension that `dim` reads from a parameter of
/// `callee` (its `relax.sym` argument attribute), or "" when unnamed.
StringRef symbolicDimName(tensorir::PrimFuncOp callee, memref::DimOp dim) {
  auto arg = llvm::dyn_cast<BlockArgument>(dim.getSource());
  std::optional<int64_t> index = dim.getConstantIndex();
  if (!arg || arg.getOwner() != &callee.getBody().front() || !index)
    return "";
  auto sym = callee.getArgAttrOfType<SymShapeAttr>(arg.getArgNumber(), "relax.sym");
  auto type = llvm::dyn_cast<MemRefType>(arg.getType());
  if (!sym || !type || !type.isDynamicDim(*index))
    return "";
  unsigned position = 0;
  for (int64_t d = 0; d < *index; ++d)
    position += type.isDynamicDim(d);
  return position < sym.getNames().size() ? sym.getNames()[position].getValue() : "";
}

/// Builds the fused prim_func of `fused`, a Primitive relax function whose
/// body is a dataflow block of single-output call_tirs.
FailureOr<tensorir::PrimFuncOp> fuseFunction(ModuleOp module, FuncOp fused,
                                            SymbolTable &symbols) {
  Block &entry = fused.getBody().front();
  auto dataflow = llvm::dyn_cast<DataflowOp>(entry.front());
  if (!dataflow)
    return fused.emitOpError("FuseTIR expects a fused function whose body is a dataflow block");
  // A fused function holds call_tirs only: a call of a relax function (a
  // cycle through fused functions, or anything FuseOps does not make) has no
  // prim_func to merge.
  for (Operation &op : dataflow.getBody().front().without_terminator())
    if (!llvm::isa<CallTIROp>(op))
      return op.emitOpError("cannot be fused into a prim_func: fused function @")
             << fused.getSymName() << " may hold only relax.call_tir";
  SmallVector<CallTIROp> calls(dataflow.getBody().front().getOps<CallTIROp>());
  SmallVector<tensorir::PrimFuncOp> callees;
  for (CallTIROp call : calls) {
    auto callee = symbols.lookup<tensorir::PrimFuncOp>(call.getCallee());
    if (!callee || call->getNumResults() != 1)
      return call.emitOpError("FuseTIR can fuse only single-output calls of prim_funcs");
    callees.push_back(callee);
  }
  Location loc = fused.getLoc();
  MLIRContext *context = module.getContext();

  // Buffer names: inputs after the first callee parameter bound to them,
  // intermediates and output after their callee's output parameter.
  auto paramName = [](tensorir::PrimFuncOp func, unsigned index) {
    return getValueName(func.getBody().front().getArgument(index), "buf");
  };
  DenseMap<Value, std::string> inputNames;
  for (auto [call, callee] : llvm::zip(calls, callees))
    for (auto [index, arg] : llvm::enumerate(call.getArgs()))
      inputNames.try_emplace(arg, paramName(callee, index));

  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto func = tensorir::PrimFuncOp::create(builder, loc, fused.getSymName().str() + ".fusing",
                                           builder.getFunctionType({}, {}),
                                           builder.getStringAttr("private"), nullptr, nullptr);
  func->setAttr("tir.noalias", builder.getBoolAttr(true));
  symbols.insert(func);
  Block *body = new Block();
  func.getBody().push_back(body);
  DenseMap<Value, Value> bufferOfValue;
  SmallVector<Type> paramTypes;
  for (BlockArgument arg : entry.getArguments()) {
    MemRefType type = getBufferType(arg.getType());
    paramTypes.push_back(type);
    bufferOfValue[arg] = body->addArgument(type, withName(loc, inputNames.lookup(arg)));
  }
  CallTIROp last = calls.back();
  tensorir::PrimFuncOp lastCallee = callees.back();
  unsigned lastOutput = lastCallee.getBody().front().getNumArguments() - 1;
  MemRefType outType = getBufferType(last->getResult(0).getType());
  paramTypes.push_back(outType);
  bufferOfValue[last->getResult(0)] = body->addArgument(
      outType, withName(loc, paramName(lastCallee, lastOutput) + "_intermediate"));
  func.setFunctionType(FunctionType::get(context, paramTypes, {}));

  // Index constants once, at the top; then the intermediates.
  builder.setInsertionPointToEnd(body);
  std::map<int64_t, Value> constants;
  auto indexConstant = [&](int64_t value) {
    auto [it, inserted] = constants.try_emplace(value, Value());
    if (inserted)
      it->second = arith::ConstantIndexOp::create(builder, loc, value);
    return it->second;
  };
  for (auto [call, callee] : llvm::zip(calls, callees))
    for (auto constant : callee.getBody().front().getOps<arith::ConstantOp>())
      if (auto attr = llvm::dyn_cast<IntegerAttr>(constant.getValue());
          attr && attr.getType().isIndex())
        indexConstant(attr.getInt());
  // Symbolic sizes: each name read from the first parameter that has it.
  SmallVector<Type> tensorTypes(entry.getArgumentTypes());
  tensorTypes.push_back(last->getResult(0).getType());
  llvm::StringMap<Value> sizeOf;
  for (auto [index, type] : llvm::enumerate(tensorTypes))
    for (auto [dim, size] : llvm::enumerate(getDims(llvm::cast<RankedTensorType>(type))))
      if (!size.isStatic() && !size.isAnonymous() && !sizeOf.count(size.name))
        sizeOf[size.name] = memref::DimOp::create(builder, loc, body->getArgument(index),
                                                  indexConstant(dim));
  auto sizesOf = [&](Type tensorType) -> FailureOr<SmallVector<Value>> {
    SmallVector<Value> sizes;
    for (const Dim &dim : getDims(llvm::cast<RankedTensorType>(tensorType))) {
      if (dim.isStatic())
        continue;
      Value size = dim.isAnonymous() ? Value() : sizeOf.lookup(dim.name);
      if (!size)
        return failure();
      sizes.push_back(size);
    }
    return sizes;
  };
  for (auto [call, callee] : llvm::zip(calls, callees)) {
    Value result = call->getResult(0);
    if (result == last->getResult(0))
      continue;
    FailureOr<SmallVector<Value>> sizes = sizesOf(result.getType());
    if (failed(sizes))
      return call.emitOpError("FuseTIR: a symbolic dimension of the intermediate ")
             << result.getType() << " is in no parameter of the fused function";
    unsigned output = callee.getBody().front().getNumArguments() - 1;
    bufferOfValue[result] = tensorir::AllocBufferOp::create(
        builder, withName(loc, paramName(callee, output) + "_intermediate"),
        getBufferType(result.getType()), *sizes, builder.getStringAttr("global"));
  }

  // Each callee's body, its parameters mapped to the fused buffers.
  for (auto [call, callee] : llvm::zip(calls, callees)) {
    IRMapping mapping;
    Block &calleeEntry = callee.getBody().front();
    for (auto [index, arg] : llvm::enumerate(call.getArgs()))
      mapping.map(calleeEntry.getArgument(index), bufferOfValue.lookup(arg));
    mapping.map(calleeEntry.getArguments().back(), bufferOfValue.lookup(call->getResult(0)));
    for (Operation &op : calleeEntry) {
      auto constant = llvm::dyn_cast<arith::ConstantOp>(op);
      auto attr = constant ? llvm::dyn_cast<IntegerAttr>(constant.getValue()) : IntegerAttr();
      if (attr && attr.getType().isIndex()) {
        mapping.map(constant.getResult(), indexConstant(attr.getInt()));
        continue;
      }
      // A callee's named size is the fused function's (its buffer may be an
      // intermediate, whose size the function reads from a parameter).
      if (auto dim = llvm::dyn_cast<memref::DimOp>(op)) {
        if (Value size = sizeOf.lookup(symbolicDimName(callee, dim))) {
          mapping.map(dim.getResult(), size);
          continue;
        }
      }
      builder.clone(op, mapping);
    }
  }
  sortIndexConstants(*body);
  nameSymbolicDims(func, tensorTypes);
  return func;
}

struct FuseTIRPass : public relax::impl::FuseTIRBase<FuseTIRPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<CallOp> calls;
    module.walk([&](CallOp call) {
      auto callee = symbols.lookup<FuncOp>(call.getCallee());
      if (callee && callee->hasAttr("Primitive") && !call->getParentOfType<FuncOp>()->hasAttr("Primitive"))
        calls.push_back(call);
    });
    llvm::MapVector<Operation *, tensorir::PrimFuncOp> fusedOf;
    llvm::SetVector<Operation *> callees;
    for (CallOp call : calls) {
      auto fused = symbols.lookup<FuncOp>(call.getCallee());
      auto &prim = fusedOf[fused];
      if (!prim) {
        FailureOr<tensorir::PrimFuncOp> built = fuseFunction(module, fused, symbols);
        if (failed(built))
          return signalPassFailure();
        prim = *built;
        for (auto inner : fused.getBody().front().front().getRegion(0).front().getOps<CallTIROp>())
          callees.insert(symbols.lookup(inner.getCallee()));
      }
      OpBuilder builder(call);
      auto callTIR = CallTIROp::create(builder, call.getLoc(), call->getResultTypes(),
                                       fused.getSymName(), call.getArgs());
      call->replaceAllUsesWith(callTIR);
      call->erase();
    }
    // The fused prim_funcs take the names of the relax functions they replace.
    for (auto &[fused, prim] : fusedOf) {
      std::string name = llvm::cast<FuncOp>(fused).getSymName().str();
      symbols.erase(fused);
      symbols.setSymbolName(prim, name);
    }
    eraseUnusedSymbols(module, symbols, callees.getArrayRef());
  }
};

} // namespace
