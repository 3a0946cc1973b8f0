//===- RelaxConvOps.td - relax convolution and pooling -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
// The attributes keep TVM's names and defaults (they are the TVMScript keyword
// arguments). Default-valued attributes are always present on the op, so the
// TVMScript printer shows them as TVM does, and the custom assembly elides
// them when they have their default value.
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_CONV_OPS_TD
#define TVMLIR_RELAX_CONV_OPS_TD

// `padding` as TVM normalizes it (GetCompletePadding2D): one int pads every
// side, two are (top and bottom, left and right), four are (top, left, bottom,
// right). Shared by the ops that take a padding.
defvar Relax_CompletePaddingDecl = [{
    /// The padding as (top, left, bottom, right); the verifier has checked
    /// that `padding` has 1, 2 or 4 entries.
    std::array<int64_t, 4> getCompletePadding();
}];

def Relax_Conv2dOp : Relax_Op<"nn.conv2d", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "2-D convolution (TVM's `R.nn.conv2d`)";
  let description = [{
    Convolves `data` (layout `NCHW`: batch, channels, height, width) with
    `weight` (layout `OIHW`: output channels, input channels per group, kernel
    height, kernel width):

    ```
    out[n, f, y, x] = sum over c, ky, kx of
        pad(data)[n, g(f) * I + c, y * stride_h + ky * dilation_h, x * stride_w + kx * dilation_w]
        * weight[f, c, ky, kx]
    ```

    where `I` is the weight's input channels and `g(f) = f // (O / groups)` the
    group of output channel `f`. The input channels of `data` must be `I *
    groups` and the output channels `O` must divide by `groups`; `groups` equal
    to the channels is a depthwise convolution. Each output extent is
    `(in + pad_before + pad_after - dilation * (kernel - 1) - 1) // stride + 1`.

    `padding` is TVM's: 1 int (all sides), 2 (top/bottom, left/right) or 4
    (top, left, bottom, right). Only the `NCHW` data layout and the `OIHW`
    kernel layout are supported; `out_layout`, when given, must be `NCHW`.
    `out_dtype` sets the result element type (both operands are converted to
    it); without it `data` and `weight` must have the same element type, which
    the result keeps.

    ```mlir
    %y = relax.nn.conv2d %x, %w strides [2, 2] padding [1, 1, 1, 1]
        : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
    %d = relax.nn.conv2d %x, %k padding [1] groups 4
        : tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, AnyRankedTensor:$weight,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
                       DefaultValuedAttr<I64Attr, "1">:$groups,
                       DefaultValuedStrAttr<StrAttr, "NCHW">:$data_layout,
                       DefaultValuedStrAttr<StrAttr, "OIHW">:$kernel_layout,
                       OptionalAttr<StrAttr>:$out_layout,
                       OptionalAttr<Relax_DtypeAttr>:$out_dtype);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `,` $weight (`strides` $strides^)? (`padding` $padding^)?
    (`dilation` $dilation^)? (`groups` $groups^)? (`data_layout` $data_layout^)?
    (`kernel_layout` $kernel_layout^)? (`out_layout` $out_layout^)?
    (`out_dtype` `(` $out_dtype^ `)`)? attr-dict
    `:` type($data) `,` type($weight) `->` type($result)
  }];
  let extraClassDeclaration = Relax_CompletePaddingDecl;
}

// max_pool2d and avg_pool2d: the same window, a different reduction.
class Relax_Pool2dOp<string mnemonic, string opSummary, string reduction>
    : Relax_Op<mnemonic, [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = [{
    Slides a `pool_size` window over the height and width of `data` (layout
    `NCHW`, the only one supported) and }] # reduction # [{ Each output extent
    is `(in + pad_before + pad_after - dilation * (pool - 1) - 1) // stride + 1`;
    with `ceil_mode` the division rounds up (TVM pads the tail by `stride - 1`).
    `padding` is TVM's: 1 int (all sides), 2 (top/bottom, left/right) or 4
    (top, left, bottom, right).

    ```mlir
    %y = relax.}] # mnemonic # [{ %x pool_size [3, 3] strides [2, 2] padding [1, 1, 1, 1]
        : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$pool_size,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
                       DefaultValuedStrAttr<StrAttr, "NCHW">:$layout,
                       OptionalAttr<StrAttr>:$out_layout);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`pool_size` $pool_size^)? (`strides` $strides^)? (`padding` $padding^)?
    (`dilation` $dilation^)? (`ceil_mode` $ceil_mode^)?
    (`count_include_pad` $count_include_pad^)? (`layout` $layout^)?
    (`out_layout` $out_layout^)? attr-dict `:` type($data) `->` type($result)
  }];
  let extraClassDeclaration = Relax_CompletePaddingDecl;
}

def Relax_MaxPool2dOp : Relax_Pool2dOp<"nn.max_pool2d",
    "2-D max pooling (TVM's `R.nn.max_pool2d`)",
    [{takes the maximum of each window; padding never wins (it pads with the
    lowest value of the element type). `count_include_pad` is accepted, as
    TVM does, and has no effect.}]>;

def Relax_AvgPool2dOp : Relax_Pool2dOp<"nn.avg_pool2d",
    "2-D average pooling (TVM's `R.nn.avg_pool2d`)",
    [{averages each window. Padding adds zeros to the sum; the divisor counts
    the padded positions only with `count_include_pad` (TVM's default is not
    to), never the extra tail of `ceil_mode`.}]>;

def Relax_AdaptiveAvgPool2dOp : Relax_Op<"nn.adaptive_avg_pool2d", [
    Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "2-D average pooling to a given output size (TVM's `R.nn.adaptive_avg_pool2d`)";
  let description = [{
    Averages `data` (layout `NCHW`, the only one supported) over windows chosen
    so that the height and width become `output_size`: output row `i` of `OH`
    averages input rows `floor(i * H / OH)` to `ceil((i + 1) * H / OH)`
    (excluded). `output_size` is 1 int (both extents) or 2; without it the
    output keeps the input's height and width.

    ```mlir
    %y = relax.nn.adaptive_avg_pool2d %x output_size [1, 1]
        : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data,
                       OptionalAttr<DenseI64ArrayAttr>:$output_size,
                       DefaultValuedStrAttr<StrAttr, "NCHW">:$layout,
                       OptionalAttr<StrAttr>:$out_layout);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`output_size` $output_size^)? (`layout` $layout^)?
    (`out_layout` $out_layout^)? attr-dict `:` type($data) `->` type($result)
  }];
}

#endif // TVMLIR_RELAX_CONV_OPS_TD
