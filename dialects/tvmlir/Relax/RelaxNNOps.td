//===- RelaxNNOps.td - relax neural-network operators: softmax, norms, conv2d, pooling, attention -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_NN_OPS_TD
#define TVMLIR_RELAX_NN_OPS_TD

class Relax_SoftmaxLikeOp<string mnemonic, string opSummary, string formula>
    : Relax_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = opSummary;
  let description = [{
    }] # formula # [{ along dimension `axis` (negative counts from the end;
    TVM's default `-1`, the last dimension). The operand is a float tensor of
    rank at least 1; the result has its type.

    ```mlir
    %y = relax.}] # mnemonic # [{ %x : tensor<2x10xf32>
    %z = relax.}] # mnemonic # [{ %x axis 0 : tensor<2x10xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = "$data (`axis` $axis^)? attr-dict `:` type($data)";
  let hasVerifier = 1;
}

def Relax_SoftmaxOp : Relax_SoftmaxLikeOp<"nn.softmax",
    "softmax along one dimension (TVM's `R.nn.softmax`)",
    "`exp(x - max(x)) / sum(exp(x - max(x)))`">;
def Relax_LogSoftmaxOp : Relax_SoftmaxLikeOp<"nn.log_softmax",
    "logarithm of softmax along one dimension (TVM's `R.nn.log_softmax`)",
    "`x - max(x) - log(sum(exp(x - max(x))))`">;

def Relax_LayerNormOp : Relax_Op<"nn.layer_norm", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "layer normalization (TVM's `R.nn.layer_norm`)";
  let description = [{
    Normalizes `data` over the dimensions `axes` (negative counts from the
    end, each at most once; TVM's default `[-1]`):
    `(x - mean) / sqrt(var + epsilon) * gamma + beta`, with the population
    mean and variance over `axes`. `gamma` and `beta` have the shape of those
    dimensions in the order they have in `data` (as TVM's topi indexes them,
    whatever the order of `axes`); `scale = false` leaves out `gamma`,
    `center = false` leaves out `beta`. All three tensors have the same float
    element type; the result has the type of `data`.

    ```mlir
    %y = relax.nn.layer_norm %x, %gamma, %beta
        : tensor<?x16xf32, #relax.sym<["n"]>>, tensor<16xf32>, tensor<16xf32>
        -> tensor<?x16xf32, #relax.sym<["n"]>>
    %z = relax.nn.layer_norm %x, %g, %b axes [1, 2] epsilon(1.0e-06) center(false)
        : tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       RankedTensorOf<[AnyFloat]>:$gamma,
                       RankedTensorOf<[AnyFloat]>:$beta,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{-1}">:$axes,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon,
                       DefaultValuedAttr<BoolAttr, "true">:$center,
                       DefaultValuedAttr<BoolAttr, "true">:$scale);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = [{
    $data `,` $gamma `,` $beta (`axes` $axes^)? (`epsilon` `(` $epsilon^ `)`)?
    (`center` `(` $center^ `)`)? (`scale` `(` $scale^ `)`)? attr-dict
    `:` type($data) `,` type($gamma) `,` type($beta) `->` type($result)
  }];
}

def Relax_RMSNormOp : Relax_Op<"nn.rms_norm", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "root-mean-square normalization (TVM's `R.nn.rms_norm`)";
  let description = [{
    `x / sqrt(mean(x**2) + epsilon) * weight`, the mean over the dimensions
    `axes` (negative counts from the end, each at most once; TVM's default
    `[-1]`). `weight` has the shape of those dimensions in the order they have
    in `data`; both have the same float element type.

    ```mlir
    %y = relax.nn.rms_norm %x, %w epsilon(1.0e-06)
        : tensor<2x8x16xf32>, tensor<16xf32> -> tensor<2x8x16xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       RankedTensorOf<[AnyFloat]>:$weight,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{-1}">:$axes,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = [{
    $data `,` $weight (`axes` $axes^)? (`epsilon` `(` $epsilon^ `)`)? attr-dict
    `:` type($data) `,` type($weight) `->` type($result)
  }];
}

def Relax_GroupNormOp : Relax_Op<"nn.group_norm", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "group normalization (TVM's `R.nn.group_norm`)";
  let description = [{
    The channels (dimension `channel_axis`) are split into `num_groups`
    consecutive groups; each group is normalized over its channels and the
    dimensions `axes` with its population mean and variance:
    `(x - mean) / sqrt(var + epsilon) * gamma + beta`, `gamma` and `beta`
    indexed by the channel (1-D, the channel extent). `num_groups` divides
    the channel extent, and `axes` does not name `channel_axis`. `scale =
    false` leaves out `gamma`, `center = false` leaves out `beta`.

    ```mlir
    %y = relax.nn.group_norm %x, %gamma, %beta num_groups(2) channel_axis(1) axes [2, 3]
        : tensor<2x4x5x5xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x4x5x5xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       RankedTensorOf<[AnyFloat]>:$gamma,
                       RankedTensorOf<[AnyFloat]>:$beta,
                       I64Attr:$num_groups,
                       I64Attr:$channel_axis,
                       DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon,
                       DefaultValuedAttr<BoolAttr, "true">:$center,
                       DefaultValuedAttr<BoolAttr, "true">:$scale);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = [{
    $data `,` $gamma `,` $beta `num_groups` `(` $num_groups `)`
    `channel_axis` `(` $channel_axis `)` `axes` $axes (`epsilon` `(` $epsilon^ `)`)?
    (`center` `(` $center^ `)`)? (`scale` `(` $scale^ `)`)? attr-dict
    `:` type($data) `,` type($gamma) `,` type($beta) `->` type($result)
  }];
}

def Relax_BatchNormOp : Relax_Op<"nn.batch_norm", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "batch normalization, inference form (TVM's `R.nn.batch_norm`)";
  let description = [{
    Normalizes `data` along the channel dimension `axis` (negative counts
    from the end; TVM's default `1`) with the running statistics:
    `(x - moving_mean) / sqrt(moving_var + epsilon) * gamma + beta`, the four
    vectors indexed by the channel; `scale = false` leaves out `gamma`,
    `center = false` leaves out `beta`. Like TVM's, the op has three results:
    the normalized tensor and the new running mean and variance, which in
    inference are `moving_mean` and `moving_var` unchanged (`momentum` only
    matters to training). The four vectors are 1-D with the channel extent; all
    five tensors have the same float element type.

    ```mlir
    %y, %mean, %var = relax.nn.batch_norm %x, %gamma, %beta, %m, %v epsilon(1.0e-03)
        : tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
        -> tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       RankedTensorOf<[AnyFloat]>:$gamma,
                       RankedTensorOf<[AnyFloat]>:$beta,
                       RankedTensorOf<[AnyFloat]>:$moving_mean,
                       RankedTensorOf<[AnyFloat]>:$moving_var,
                       DefaultValuedAttr<I64Attr, "1">:$axis,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon,
                       DefaultValuedAttr<BoolAttr, "true">:$center,
                       DefaultValuedAttr<BoolAttr, "true">:$scale,
                       DefaultValuedAttr<F64Attr, "0.1">:$momentum);
  let results = (outs RankedTensorOf<[AnyFloat]>:$output,
                      RankedTensorOf<[AnyFloat]>:$new_mean,
                      RankedTensorOf<[AnyFloat]>:$new_var);
  let assemblyFormat = [{
    $data `,` $gamma `,` $beta `,` $moving_mean `,` $moving_var (`axis` $axis^)?
    (`epsilon` `(` $epsilon^ `)`)? (`center` `(` $center^ `)`)?
    (`scale` `(` $scale^ `)`)? (`momentum` `(` $momentum^ `)`)? attr-dict
    `:` type($data) `,` type($gamma) `,` type($beta) `,` type($moving_mean) `,`
    type($moving_var) `->` type($output) `,` type($new_mean) `,` type($new_var)
  }];
}

def Relax_DropoutOp : Relax_Op<"nn.dropout", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "dropout, inference form (TVM's `R.nn.dropout`)";
  let description = [{
    In inference dropout keeps every element: the first result is `data`
    unchanged. Like TVM's, the op has a second result, the mask, of the same
    type as `data`; here it is all ones. `rate` (the probability of dropping
    an element in training, TVM's default `0.5`) lies in `[0, 1)`.

    ```mlir
    %y, %mask = relax.nn.dropout %x rate(2.000000e-01)
        : tensor<4x8xf32> -> tensor<4x8xf32>, tensor<4x8xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$data,
                       DefaultValuedAttr<F64Attr, "0.5">:$rate);
  let results = (outs RankedTensorOf<[AnyFloat]>:$output,
                      RankedTensorOf<[AnyFloat]>:$mask);
  let assemblyFormat = [{
    $data (`rate` `(` $rate^ `)`)? attr-dict
    `:` type($data) `->` type($output) `,` type($mask)
  }];
  let hasVerifier = 1;
}

def Relax_AttentionOp : Relax_Op<"nn.attention", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "scaled dot-product attention (TVM's `R.nn.attention`)";
  let description = [{
    `softmax(Q K^T * scale) V` per batch and head, with TVM's layout:
    `query` is `(batch, seq_len, num_heads, head_dim)`, `key`
    `(batch, seq_len_kv, num_heads, head_dim)`, `value`
    `(batch, seq_len_kv, num_heads, head_dim_v)`, and the result
    `(batch, seq_len, num_heads, head_dim_v)`; the softmax runs over
    `seq_len_kv`. Without `scale` it is `1 / sqrt(head_dim)`.

    `causal_mask` restricts query row `i` to key columns `j <= i + offset`:
    `"TopLeft"` has offset 0, `"BottomRight"` offset
    `|seq_len_kv - seq_len|` (TVM's choice, aligning the last query with the
    last key); without it every key is attended. The three tensors have the
    same float element type.

    ```mlir
    %o = relax.nn.attention %q, %k, %v causal_mask("TopLeft")
        : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x8x4x32xf32>
        -> tensor<1x8x4x32xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat]>:$query,
                       RankedTensorOf<[AnyFloat]>:$key,
                       RankedTensorOf<[AnyFloat]>:$value,
                       OptionalAttr<F64Attr>:$scale,
                       OptionalAttr<StrAttr>:$causal_mask);
  let results = (outs RankedTensorOf<[AnyFloat]>:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`scale` `(` $scale^ `)`)?
    (`causal_mask` `(` $causal_mask^ `)`)? attr-dict
    `:` type($query) `,` type($key) `,` type($value) `->` type($result)
  }];
}

#endif // TVMLIR_RELAX_NN_OPS_TD
