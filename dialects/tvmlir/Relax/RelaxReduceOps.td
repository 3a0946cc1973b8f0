//===- RelaxReduceOps.td - relax reductions: sum, mean, max, argmax, ... -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_REDUCE_OPS_TD
#define TVMLIR_RELAX_REDUCE_OPS_TD

// TVM's statistical operators: `R.sum(x, axis=None, keepdims=False)` and its
// siblings share one attribute set and one shape rule.
class Relax_ReduceOp<string mnemonic, string opSummary, string semantics>
    : Relax_Op<mnemonic, [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = semantics # [{

    `axis` lists the reduced dimensions (negative values count from the end;
    each dimension at most once); without it every dimension is reduced (TVM's
    `axis=None`). With `keepdims` the reduced dimensions stay as extent 1,
    otherwise they are dropped. The result has the operand's element type,
    a float or a signless integer wider than `i1`; symbolic dimensions that
    are not reduced keep their names.

    ```mlir
    %s = relax.}] # mnemonic # [{ %x axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
    %k = relax.}] # mnemonic # [{ %x axis [0, -1] keepdims(true)
        : tensor<?x3x4xf32, #relax.sym<["n"]>> -> tensor<1x3x1xf32>
    %a = relax.}] # mnemonic # [{ %x : tensor<2x3x4xf32> -> tensor<f32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, OptionalAttr<DenseI64ArrayAttr>:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`axis` $axis^)? (`keepdims` `(` $keepdims^ `)`)? attr-dict
    `:` type($data) `->` type($result)
  }];
}

def Relax_SumOp : Relax_ReduceOp<"sum", "sum over dimensions (TVM's `R.sum`)",
    "Adds the elements along the reduced dimensions.">;
def Relax_MeanOp : Relax_ReduceOp<"mean", "arithmetic mean over dimensions (TVM's `R.mean`)",
    "The sum along the reduced dimensions divided by the number of elements " #
    "reduced; for an integer tensor the division truncates, as in TVM.">;
def Relax_MaxOp : Relax_ReduceOp<"max", "maximum over dimensions (TVM's `R.max`)",
    "The largest element along the reduced dimensions.">;
def Relax_MinOp : Relax_ReduceOp<"min", "minimum over dimensions (TVM's `R.min`)",
    "The smallest element along the reduced dimensions.">;
def Relax_ProdOp : Relax_ReduceOp<"prod", "product over dimensions (TVM's `R.prod`)",
    "Multiplies the elements along the reduced dimensions.">;
def Relax_VarianceOp : Relax_ReduceOp<"variance",
    "population variance over dimensions (TVM's `R.variance`)",
    "`mean((x - mean(x))**2)` along the reduced dimensions: the population " #
    "variance (NumPy's `var` with `ddof=0`), as TVM computes it.">;

class Relax_ArgReduceOp<string mnemonic, string which>
    : Relax_Op<mnemonic, [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "index of the " # which # " along one dimension (TVM's `R." # mnemonic # "`)";
  let description = [{
    The index (`i64`) of the first }] # which # [{ element along dimension `axis`
    (negative counts from the end). Without `axis` the tensor is searched as
    if flattened in row-major order and the result is that flat index (TVM's
    `axis=None`). With `keepdims` the searched dimension(s) stay as extent 1.
    The operand's element type is a float or a signless integer wider than
    `i1`; a NaN counts as the }] # which # [{, as in NumPy.

    ```mlir
    %i = relax.}] # mnemonic # [{ %x axis 1 : tensor<2x3x4xf32> -> tensor<2x4xi64>
    %j = relax.}] # mnemonic # [{ %x keepdims(true) : tensor<2x3x4xf32> -> tensor<1x1x1xi64>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, OptionalAttr<I64Attr>:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $data (`axis` $axis^)? (`keepdims` `(` $keepdims^ `)`)? attr-dict
    `:` type($data) `->` type($result)
  }];
}

def Relax_ArgmaxOp : Relax_ArgReduceOp<"argmax", "largest">;
def Relax_ArgminOp : Relax_ArgReduceOp<"argmin", "smallest">;

#endif // TVMLIR_RELAX_REDUCE_OPS_TD
