//===- RelaxDialect.td - the graph-level `relax` dialect ----*- tablegen -*-===//
//
// The `relax` dialect is TVM Unity's graph-level IR: functions over tensors
// whose bodies hold dataflow blocks of operator calls and `call_tir` calls into
// loop-level `tensorir` functions.
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_DIALECT_TD
#define TVMLIR_RELAX_DIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/TensorEncoding.td"

def Relax_Dialect : Dialect {
  let name = "relax";
  let cppNamespace = "::mlir::relax";
  let summary = "TVM Unity's graph-level IR over tensors";
  let description = [{
    Tensors are MLIR builtin ranked tensors. A static shape is written as
    usual (`tensor<1x784xf32>`); a symbolic dimension (TVM's
    `R.Tensor(("n", 784))`) is a dynamic `?` dimension whose name is carried by
    the `#relax.sym` encoding, one entry per dynamic dimension, in order:

    ```mlir
    tensor<?x784xf32, #relax.sym<["n"]>>
    ```

    The name survives printing and parsing and is what shape inference compares:
    two dimensions named `n` are equal, `n` and `m` are not known to be.
  }];
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::tensorir::TensorIRDialect"];
}

def Relax_SymShapeAttr : AttrDef<Relax_Dialect, "SymShape",
    [DeclareAttrInterfaceMethods<VerifiableTensorEncoding>]> {
  let mnemonic = "sym";
  let summary = "names of the symbolic (dynamic) dimensions of a tensor";
  let description = [{
    A tensor encoding that names each dynamic dimension of a ranked tensor, in
    order. A name is an identifier such as `"n"`; `"?"` marks a dimension whose
    extent is not known by name (for example the result of broadcasting `n`
    against `m`).

    ```mlir
    tensor<?x?x64xf32, #relax.sym<["batch", "seq"]>>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::StringAttr", "dimension names">:$names);
  let assemblyFormat = "`<` `[` $names `]` `>`";
  let genVerifyDecl = 1;
}

class Relax_Op<string mnemonic, list<Trait> traits = []>
    : Op<Relax_Dialect, mnemonic, traits>;

#endif // TVMLIR_RELAX_DIALECT_TD
