//===- RelaxOps.td - `relax` operations ---------------------*- tablegen -*-===//

#ifndef TVMLIR_RELAX_OPS_TD
#define TVMLIR_RELAX_OPS_TD

include "tvmlir/Relax/RelaxDialect.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Structure: functions, dataflow blocks, terminators
//===----------------------------------------------------------------------===//

def Relax_FuncOp : Relax_Op<"function", [
    FunctionOpInterface, IsolatedFromAbove, Symbol, SingleBlock]> {
  let summary = "a Relax function (TVM's `@R.function`)";
  let description = [{
    A function over tensors and tuples. Its body is one block that ends in
    `relax.return`; it usually holds a `relax.dataflow` block. Function
    attributes such as `num_input` (how many leading arguments are inputs, the
    rest being parameters) are plain attributes; a private function has
    private symbol visibility.

    ```mlir
    relax.function @main(%x: tensor<1x784xf32>, %w: tensor<256x784xf32>)
        -> tensor<1x256xf32> attributes {num_input = 1 : i64} {
      %gv = relax.dataflow -> tensor<1x256xf32> {
        %lv = relax.permute_dims %w : tensor<256x784xf32> -> tensor<784x256xf32>
        %lv1 = relax.matmul %x, %lv : tensor<1x784xf32>, tensor<784x256xf32> -> tensor<1x256xf32>
        relax.output %lv1 : tensor<1x256xf32>
      }
      relax.return %gv : tensor<1x256xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// FunctionOpInterface.
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
  }];
}

def Relax_ReturnOp : Relax_Op<"return", [
    Pure, HasParent<"FuncOp">, ReturnLike, Terminator]> {
  let summary = "returns from a Relax function";
  let description = [{
    Ends a `relax.function`; its operand types must be the function's result
    types.

    ```mlir
    relax.return %gv : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
  let hasVerifier = 1;
}

def Relax_DataflowOp : Relax_Op<"dataflow", [
    SingleBlockImplicitTerminator<"OutputOp">, RecursiveMemoryEffects]> {
  let summary = "a dataflow block (TVM's `with R.dataflow():`)";
  let description = [{
    A region of side-effect-free bindings. Values defined inside are not
    visible outside, except those yielded by `relax.output`, which become the
    op's results (TVM's `R.output(gv)`).

    ```mlir
    %gv = relax.dataflow -> tensor<1x256xf32> {
      %0 = relax.nn.relu %x : tensor<1x256xf32>
      relax.output %0 : tensor<1x256xf32>
    }
    ```
  }];
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "(`->` type($results)^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def Relax_OutputOp : Relax_Op<"output", [
    Pure, HasParent<"DataflowOp">, ReturnLike, Terminator]> {
  let summary = "yields values out of a dataflow block (TVM's `R.output`)";
  let description = [{
    ```mlir
    relax.output %lv6 : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, ::mlir::ValueRange()); }]>];
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

//===----------------------------------------------------------------------===//
// Values: constants and tuples
//===----------------------------------------------------------------------===//

def Relax_ConstantOp : Relax_Op<"constant", [
    ConstantLike, Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "a constant tensor (TVM's `R.const`)";
  let description = [{
    ```mlir
    %c = relax.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Relax_TupleOp : Relax_Op<"tuple", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "builds a tuple (TVM's `(a, b)` in a binding)";
  let description = [{
    ```mlir
    %t = relax.tuple %a, %b : tensor<2xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$fields);
  let results = (outs AnyTuple:$result);
  let assemblyFormat = "($fields^ `:` type($fields))? attr-dict";
}

def Relax_TupleGetItemOp : Relax_Op<"tuple_get_item", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "reads one field of a tuple (TVM's `t[i]`)";
  let description = [{
    ```mlir
    %b = relax.tuple_get_item %t[1] : tuple<tensor<2xf32>, tensor<3xf32>>
    ```
  }];
  let arguments = (ins AnyTuple:$tuple, ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$tuple `[` $index `]` attr-dict `:` type($tuple)";
}

//===----------------------------------------------------------------------===//
// Calls into tensorir
//===----------------------------------------------------------------------===//

def Relax_CallTIROp : Relax_Op<"call_tir", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "calls a `tensorir` function (TVM's `R.call_tir`)";
  let description = [{
    Calls the `tensorir.prim_func` named by `callee` in destination-passing
    style: the callee takes one buffer per argument, then one buffer per result,
    and writes the results into the latter. The result types are the explicit
    output types (TVM's `out_sinfo`). The verifier checks that the callee exists
    and that its buffers match the argument and result tensors in element type
    and shape.

    ```mlir
    %lv = relax.call_tir @transpose(%w) : (tensor<256x784xf32>) -> tensor<784x256xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyRankedTensor>:$args);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, $results)
  }];
}

def Relax_CallOp : Relax_Op<"call", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "calls a relax function (TVM's `cls.f(args)`)";
  let description = [{
    Calls the `relax.function` named by `callee`; argument and result types
    must be the callee's. FuseOps groups operators into private functions with
    the `Primitive` attribute and calls them with this op; FuseTIR then turns
    each such call into one `relax.call_tir`.

    ```mlir
    %lv = relax.call @fused_matmul_add_relu(%x, %w, %b)
        : (tensor<1x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, $results)
  }];
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

def Relax_PermuteDimsOp : Relax_Op<"permute_dims", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "permutes the dimensions of a tensor (TVM's `R.permute_dims`)";
  let description = [{
    Result dimension `i` is input dimension `axes[i]`. Without `axes` the
    dimensions are reversed (TVM's `axes=None`).

    ```mlir
    %t = relax.permute_dims %w : tensor<256x784xf32> -> tensor<784x256xf32>
    %u = relax.permute_dims %x axes [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`axes` $axes^)? attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_MatmulOp : Relax_Op<"matmul", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "matrix product with NumPy rules (TVM's `R.matmul`)";
  let description = [{
    Follows `numpy.matmul`: 1-D operands are promoted to matrices and the
    promoted dimension dropped from the result; leading (batch) dimensions
    broadcast. Both operands must have the same element type. `out_dtype` sets
    the result element type; when absent (TVM's `out_dtype="void"`) the result
    keeps the operands' element type.

    ```mlir
    %y = relax.matmul %x, %w out_dtype(f32)
        : tensor<1x784xf32>, tensor<784x256xf32> -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs,
                       OptionalAttr<Relax_DtypeAttr>:$out_dtype);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`out_dtype` `(` $out_dtype^ `)`)? attr-dict
    `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

class Relax_BroadcastBinaryOp<string mnemonic, string opSummary,
                              Type operandType = AnyRankedTensor,
                              Type resultType = AnyRankedTensor>
    : Relax_Op<mnemonic, [Pure, Relax_Elementwise, Relax_InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = [{
    Elementwise with NumPy broadcasting: shapes are aligned at the right, a
    dimension of extent 1 stretches to the other, and otherwise the extents
    (or symbolic names) must agree. Both operands have the same element type;
    comparisons give `i1` (TVM's `bool`).

    ```mlir
    %z = relax.}] # mnemonic # [{ %x, %b : tensor<1x256xf32>, tensor<256xf32> -> tensor<1x256xf32>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs resultType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

// Arithmetic: the result has the operands' element type.
def Relax_AddOp : Relax_BroadcastBinaryOp<"add", "elementwise sum with broadcasting (TVM's `R.add`)">;
def Relax_SubtractOp : Relax_BroadcastBinaryOp<"subtract", "elementwise difference (TVM's `R.subtract`)">;
def Relax_MultiplyOp : Relax_BroadcastBinaryOp<"multiply", "elementwise product (TVM's `R.multiply`)">;
def Relax_DivideOp : Relax_BroadcastBinaryOp<"divide", "elementwise quotient (TVM's `R.divide`)">;
def Relax_FloorDivideOp : Relax_BroadcastBinaryOp<"floor_divide", "elementwise quotient rounded down (TVM's `R.floor_divide`)">;
def Relax_PowerOp : Relax_BroadcastBinaryOp<"power", "elementwise power (TVM's `R.power`)",
    RankedTensorOf<[AnyFloat]>, RankedTensorOf<[AnyFloat]>>;
def Relax_MaximumOp : Relax_BroadcastBinaryOp<"maximum", "elementwise maximum (TVM's `R.maximum`)">;
def Relax_MinimumOp : Relax_BroadcastBinaryOp<"minimum", "elementwise minimum (TVM's `R.minimum`)">;
def Relax_FloorModOp : Relax_BroadcastBinaryOp<"floor_mod",
    "elementwise remainder with the divisor's sign, `x - floor(x / y) * y` (TVM's `R.floor_mod`)">;
def Relax_ModOp : Relax_BroadcastBinaryOp<"mod",
    "elementwise remainder with the dividend's sign, C's `fmod` (TVM's `R.mod`)">;

// Bitwise operators on integers (and booleans).
def Relax_BitwiseAndOp : Relax_BroadcastBinaryOp<"bitwise_and", "elementwise `&` (TVM's `R.bitwise_and`)",
    RankedTensorOf<[AnySignlessInteger]>, RankedTensorOf<[AnySignlessInteger]>>;
def Relax_BitwiseOrOp : Relax_BroadcastBinaryOp<"bitwise_or", "elementwise `|` (TVM's `R.bitwise_or`)",
    RankedTensorOf<[AnySignlessInteger]>, RankedTensorOf<[AnySignlessInteger]>>;
def Relax_BitwiseXorOp : Relax_BroadcastBinaryOp<"bitwise_xor", "elementwise `^` (TVM's `R.bitwise_xor`)",
    RankedTensorOf<[AnySignlessInteger]>, RankedTensorOf<[AnySignlessInteger]>>;

// Comparisons and logic: the result is boolean (`i1`).
def Relax_EqualOp : Relax_BroadcastBinaryOp<"equal", "elementwise `==` (TVM's `R.equal`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_NotEqualOp : Relax_BroadcastBinaryOp<"not_equal", "elementwise `!=` (TVM's `R.not_equal`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_LessOp : Relax_BroadcastBinaryOp<"less", "elementwise `<` (TVM's `R.less`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_LessEqualOp : Relax_BroadcastBinaryOp<"less_equal", "elementwise `<=` (TVM's `R.less_equal`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_GreaterOp : Relax_BroadcastBinaryOp<"greater", "elementwise `>` (TVM's `R.greater`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_GreaterEqualOp : Relax_BroadcastBinaryOp<"greater_equal", "elementwise `>=` (TVM's `R.greater_equal`)",
    AnyRankedTensor, RankedTensorOf<[I1]>>;
def Relax_LogicalAndOp : Relax_BroadcastBinaryOp<"logical_and", "elementwise `and` of booleans (TVM's `R.logical_and`)",
    RankedTensorOf<[I1]>, RankedTensorOf<[I1]>>;
def Relax_LogicalOrOp : Relax_BroadcastBinaryOp<"logical_or", "elementwise `or` of booleans (TVM's `R.logical_or`)",
    RankedTensorOf<[I1]>, RankedTensorOf<[I1]>>;
def Relax_LogicalXorOp : Relax_BroadcastBinaryOp<"logical_xor", "elementwise `xor` of booleans (TVM's `R.logical_xor`)",
    RankedTensorOf<[I1]>, RankedTensorOf<[I1]>>;

class Relax_UnaryOp<string mnemonic, string opSummary, Type tensorType = AnyRankedTensor>
    : Relax_Op<mnemonic, [Pure, Relax_Elementwise, SameOperandsAndResultType]> {
  let summary = opSummary;
  let description = [{
    Elementwise; the result has the operand's type.

    ```mlir
    %y = relax.}] # mnemonic # [{ %x : tensor<1x256xf32>
    ```
  }];
  let arguments = (ins tensorType:$data);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$data attr-dict `:` type($data)";
}

class Relax_FloatUnaryOp<string mnemonic, string opSummary>
    : Relax_UnaryOp<mnemonic, opSummary, RankedTensorOf<[AnyFloat]>>;

def Relax_ReluOp : Relax_UnaryOp<"nn.relu", "rectified linear unit, `max(x, 0)` (TVM's `R.nn.relu`)">;
def Relax_NegativeOp : Relax_UnaryOp<"negative", "elementwise `-x` (TVM's `R.negative`)">;
def Relax_LogicalNotOp : Relax_UnaryOp<"logical_not", "elementwise `not` of booleans (TVM's `R.logical_not`)",
    RankedTensorOf<[I1]>>;
def Relax_AbsOp : Relax_UnaryOp<"abs", "elementwise absolute value (TVM's `R.abs`)">;
def Relax_ExpOp : Relax_FloatUnaryOp<"exp", "elementwise `e**x` (TVM's `R.exp`)">;
def Relax_LogOp : Relax_FloatUnaryOp<"log", "elementwise natural logarithm (TVM's `R.log`)">;
def Relax_SqrtOp : Relax_FloatUnaryOp<"sqrt", "elementwise square root (TVM's `R.sqrt`)">;
def Relax_RsqrtOp : Relax_FloatUnaryOp<"rsqrt", "elementwise `1 / sqrt(x)` (TVM's `R.rsqrt`)">;
def Relax_TanhOp : Relax_FloatUnaryOp<"tanh", "elementwise hyperbolic tangent (TVM's `R.tanh`)">;
def Relax_SigmoidOp : Relax_FloatUnaryOp<"sigmoid", "elementwise `1 / (1 + exp(-x))` (TVM's `R.sigmoid`)">;
def Relax_ErfOp : Relax_FloatUnaryOp<"erf", "elementwise error function (TVM's `R.erf`)">;
def Relax_FloorOp : Relax_FloatUnaryOp<"floor", "elementwise rounding down (TVM's `R.floor`)">;
def Relax_CeilOp : Relax_FloatUnaryOp<"ceil", "elementwise rounding up (TVM's `R.ceil`)">;
def Relax_RoundOp : Relax_FloatUnaryOp<"round", "elementwise rounding, halves to even (TVM's `R.round`)">;
def Relax_SinOp : Relax_FloatUnaryOp<"sin", "elementwise sine (TVM's `R.sin`)">;
def Relax_CosOp : Relax_FloatUnaryOp<"cos", "elementwise cosine (TVM's `R.cos`)">;
def Relax_GeluOp : Relax_FloatUnaryOp<"nn.gelu", "Gaussian error linear unit, `0.5 x (1 + erf(x / sqrt 2))` (TVM's `R.nn.gelu`)">;
def Relax_SiluOp : Relax_FloatUnaryOp<"nn.silu", "sigmoid linear unit, `x * sigmoid(x)` (TVM's `R.nn.silu`)">;
def Relax_GeluTanhOp : Relax_FloatUnaryOp<"nn.gelu_tanh",
    "GELU by its tanh approximation, `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x**3)))` (TVM's `R.nn.gelu_tanh`)">;
def Relax_TanOp : Relax_FloatUnaryOp<"tan", "elementwise tangent (TVM's `R.tan`)">;
def Relax_AsinOp : Relax_FloatUnaryOp<"asin", "elementwise arcsine (TVM's `R.asin`)">;
def Relax_AcosOp : Relax_FloatUnaryOp<"acos", "elementwise arccosine (TVM's `R.acos`)">;
def Relax_AtanOp : Relax_FloatUnaryOp<"atan", "elementwise arctangent (TVM's `R.atan`)">;
def Relax_SinhOp : Relax_FloatUnaryOp<"sinh", "elementwise hyperbolic sine (TVM's `R.sinh`)">;
def Relax_CoshOp : Relax_FloatUnaryOp<"cosh", "elementwise hyperbolic cosine (TVM's `R.cosh`)">;
def Relax_AsinhOp : Relax_FloatUnaryOp<"asinh", "elementwise inverse hyperbolic sine (TVM's `R.asinh`)">;
def Relax_AcoshOp : Relax_FloatUnaryOp<"acosh", "elementwise inverse hyperbolic cosine (TVM's `R.acosh`)">;
def Relax_AtanhOp : Relax_FloatUnaryOp<"atanh", "elementwise inverse hyperbolic tangent (TVM's `R.atanh`)">;
def Relax_TruncOp : Relax_FloatUnaryOp<"trunc", "elementwise rounding toward zero (TVM's `R.trunc`)">;
def Relax_SquareOp : Relax_UnaryOp<"square", "elementwise `x * x` (TVM's `R.square`)">;
def Relax_SignOp : Relax_UnaryOp<"sign", "elementwise sign: -1, 0 or 1 (NaN stays NaN) (TVM's `R.sign`)">;
def Relax_BitwiseNotOp : Relax_UnaryOp<"bitwise_not", "elementwise `~x` (TVM's `R.bitwise_not`)",
    RankedTensorOf<[AnySignlessInteger]>>;

// Float classification: the result is boolean (`i1`) of the operand's shape.
class Relax_FloatTestOp<string mnemonic, string opSummary>
    : Relax_Op<mnemonic, [Pure, Relax_Elementwise, Relax_InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = [{
    ```mlir
    %y = relax.}] # mnemonic # [{ %x : tensor<4xf32> -> tensor<4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat = "$data attr-dict `:` type($data) `->` type($result)";
}

def Relax_IsNanOp : Relax_FloatTestOp<"isnan", "elementwise `x != x` (TVM's `R.isnan`)">;
def Relax_IsInfOp : Relax_FloatTestOp<"isinf", "elementwise `|x| == inf` (TVM's `R.isinf`)">;
def Relax_IsFiniteOp : Relax_FloatTestOp<"isfinite", "elementwise: neither NaN nor infinite (TVM's `R.isfinite`)">;

// Activations with parameters.
def Relax_LeakyReluOp : Relax_Op<"nn.leakyrelu", [Pure, Relax_Elementwise, SameOperandsAndResultType]> {
  let summary = "leaky rectified linear unit, `x if x > 0 else alpha * x` (TVM's `R.nn.leakyrelu`)";
  let description = [{
    ```mlir
    %y = relax.nn.leakyrelu %x alpha(0.01) : tensor<4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data, DefaultValuedAttr<F64Attr, "0.01">:$alpha);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = "$data `alpha` `(` $alpha `)` attr-dict `:` type($data)";
}

def Relax_SoftplusOp : Relax_Op<"nn.softplus", [Pure, Relax_Elementwise, SameOperandsAndResultType]> {
  let summary = "`log(1 + exp(beta * x)) / beta`, linear above `threshold` (TVM's `R.nn.softplus`)";
  let description = [{
    Where `beta * x > threshold` the result is `x`, as PyTorch and TVM do, so
    that `exp` does not overflow.

    ```mlir
    %y = relax.nn.softplus %x beta(1.0) threshold(20.0) : tensor<4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data, DefaultValuedAttr<F64Attr, "1.0">:$beta,
                       DefaultValuedAttr<F64Attr, "20.0">:$threshold);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = "$data `beta` `(` $beta `)` `threshold` `(` $threshold `)` attr-dict `:` type($data)";
  let hasVerifier = 1;
}

def Relax_ClipOp : Relax_Op<"clip", [Pure, Relax_Elementwise, SameOperandsAndResultType]> {
  let summary = "elementwise clamp to `[min, max]` (TVM's `R.clip`)";
  let description = [{
    ```mlir
    %y = relax.clip %x min(0.0) max(6.0) : tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, F64Attr:$min, F64Attr:$max);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$data `min` `(` $min `)` `max` `(` $max `)` attr-dict `:` type($data)";
  let hasVerifier = 1;
}

// The other operator families, one file each.
include "tvmlir/Relax/RelaxManipulateOps.td"
include "tvmlir/Relax/RelaxReduceOps.td"
include "tvmlir/Relax/RelaxNNOps.td"
include "tvmlir/Relax/RelaxConvOps.td"

#endif // TVMLIR_RELAX_OPS_TD
