//===- TensorIRDialect.td - the loop-level `tensorir` dialect -*- tablegen -*-===//
//
// The `tensorir` dialect is TVM's TensorIR: functions over buffers whose bodies
// are loop nests of blocks, each block an iteration space with declared
// read and write regions.
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_TENSORIR_DIALECT_TD
#define TVMLIR_TENSORIR_DIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def TensorIR_Dialect : Dialect {
  let name = "tensorir";
  let cppNamespace = "::mlir::tensorir";
  let summary = "TVM's loop-level TensorIR over buffers";
  let description = [{
    Buffers are builtin memrefs (`T.Buffer((1, 256), "float32")` is
    `memref<1x256xf32>`), loop and iteration variables are `index` values, and
    scalar arithmetic uses upstream `arith` and `math`.
  }];
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def TensorIR_ForKind : I32EnumAttr<"ForKind", "the kind of a tensorir loop", [
    I32EnumAttrCase<"serial", 0>,
    I32EnumAttrCase<"parallel", 1>,
    I32EnumAttrCase<"vectorized", 2>,
    I32EnumAttrCase<"unrolled", 3>,
    I32EnumAttrCase<"thread_binding", 4>
  ]> {
  let cppNamespace = "::mlir::tensorir";
  let genSpecializedAttr = 0;
}

def TensorIR_ForKindAttr : EnumAttr<TensorIR_Dialect, TensorIR_ForKind, "for_kind"> {
  let assemblyFormat = "`<` $value `>`";
}

class TensorIR_Op<string mnemonic, list<Trait> traits = []>
    : Op<TensorIR_Dialect, mnemonic, traits>;

#endif // TVMLIR_TENSORIR_DIALECT_TD
