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
include "mlir/Interfaces/InferTypeOpInterface.td"

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

// Marks an operator applied elementwise to (broadcast) operands: its
// legalization loops over the output's dimensions only, so it handles
// symbolic extents.
def Relax_Elementwise : NativeOpTrait<"RelaxElementwise">;

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

// Upstream's InferTypeOpAdaptor, except that inherent attributes passed in
// the attribute dictionary are read into the adaptor's properties: the C API
// (and so the Python bindings) creates ops with their inherent attributes in
// the dictionary and default properties, and an adaptor over those would
// ignore `axis`, `out_dtype`, ...
def Relax_InferTypeOpAdaptor : TraitList<[
    DeclareOpInterfaceMethods<InferTypeOpInterface>,
    NativeOpTrait<"InferTypeOpAdaptor", [], [{
      static ::llvm::LogicalResult
      inferReturnTypes(::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
                       Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes);
    }], [{
      ::llvm::LogicalResult
      $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
                                  std::optional<::mlir::Location> location,
                                  ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
                                  ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
                                  ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
        if (!attributes)
          attributes = ::mlir::DictionaryAttr::get(context);
        if constexpr ($cppClass::hasProperties()) {
          $cppClass::Properties merged;
          if (properties)
            merged = *properties.as<$cppClass::Properties *>();
          auto emitError = [&] {
            return ::mlir::emitError(location.value_or(::mlir::UnknownLoc::get(context)));
          };
          if (::mlir::failed($cppClass::setPropertiesFromAttr(merged, attributes, emitError)))
            return ::mlir::failure();
          // Attributes left out take their ODS default, as a builder would.
          $cppClass::populateDefaultProperties(
              ::mlir::OperationName($cppClass::getOperationName(), context), merged);
          $cppClass::Adaptor adaptor(operands, attributes, merged, regions);
          return $cppClass::inferReturnTypes(context, location, adaptor, inferredReturnTypes);
        }
        $cppClass::Adaptor adaptor(operands, attributes, properties, regions);
        return $cppClass::inferReturnTypes(context, location, adaptor, inferredReturnTypes);
      }
    }]>
  ]>;

// The element types relax computes with (tensorir lowers them through
// `arith`, which has no unsigned integers). An attribute naming a result's
// element type must name one of them: any other type (`none`, a tensor, a
// function type) would reach `RankedTensorType::get` in shape inference,
// which asserts on it.
def Relax_ElementType : AnyTypeOf<[AnyFloat, AnySignlessInteger],
                                  "float or signless integer">;
def Relax_DtypeAttr : TypeAttrOf<Relax_ElementType>;

class Relax_Op<string mnemonic, list<Trait> traits = []>
    : Op<Relax_Dialect, mnemonic, traits>;

#endif // TVMLIR_RELAX_DIALECT_TD
