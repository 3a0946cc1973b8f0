//===- RelaxManipulateOps.td - relax shape manipulation: reshape, concat, split, ... -*- tablegen -*-===//
//
// Included by RelaxOps.td (which defines Relax_Op and the shared classes).
//
// Attribute names are TVM's keyword names (TVMScript prints them as such);
// negative axes count from the end as in NumPy. Shape inference keeps the
// names of symbolic dimensions that an operator moves without changing.
//
//===----------------------------------------------------------------------===//

#ifndef TVMLIR_RELAX_MANIPULATE_OPS_TD
#define TVMLIR_RELAX_MANIPULATE_OPS_TD

//===----------------------------------------------------------------------===//
// Reshaping: reshape, expand_dims, squeeze, flatten
//===----------------------------------------------------------------------===//

def Relax_ReshapeOp : Relax_Op<"reshape", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "gives a tensor a new shape of as many elements (TVM's `R.reshape`)";
  let description = [{
    The elements in row-major order, in a tensor of shape `shape`. One entry
    of `shape` may be `-1`: that extent is inferred from the element count,
    which needs an input of static shape. Without `-1` the input may have
    symbolic dimensions (their product is then checked at run time, as in TVM);
    with a static input the element counts must agree. The result is static.

    ```mlir
    %r = relax.reshape %x shape [2, -1] : tensor<2x3x4xf32> -> tensor<2x12xf32>
    %s = relax.reshape %y shape [4, 8] : tensor<?x8xf32, #relax.sym<["n"]>> -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, DenseI64ArrayAttr:$shape);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `shape` $shape attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_ExpandDimsOp : Relax_Op<"expand_dims", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "inserts dimensions of extent 1 (TVM's `R.expand_dims`)";
  let description = [{
    `axis` lists the positions of the new dimensions in the result (rank
    `rank(data) + len(axis)`), each in `[-(result rank), result rank)` and
    given once; the input dimensions fill the other positions in order.

    ```mlir
    %e = relax.expand_dims %x axis [0, -1] : tensor<2x3xf32> -> tensor<1x2x3x1xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, DenseI64ArrayAttr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `axis` $axis attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_SqueezeOp : Relax_Op<"squeeze", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "removes dimensions of extent 1 (TVM's `R.squeeze`)";
  let description = [{
    Removes the dimensions listed in `axis`; each must have extent 1 (a
    symbolic one is taken to be 1, as TVM does). Without `axis` (TVM's
    `axis=None`) every dimension of extent 1 goes, which needs static extents
    to know which ones those are.

    ```mlir
    %s = relax.squeeze %x axis [1] : tensor<2x1x3xf32> -> tensor<2x3xf32>
    %t = relax.squeeze %x : tensor<1x2x1xf32> -> tensor<2xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, OptionalAttr<DenseI64ArrayAttr>:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`axis` $axis^)? attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_FlattenOp : Relax_Op<"flatten", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "the elements as a 1-D tensor (TVM's `R.flatten`)";
  let description = [{
    A tensor of one dimension holding the elements in row-major order; a 0-D
    tensor becomes a tensor of one element. With symbolic dimensions the
    extent is known by no name (unless one named dimension is all there is).

    ```mlir
    %f = relax.flatten %x : tensor<2x3x4xf32> -> tensor<24xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$data attr-dict `:` type($data) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Joining and slicing: concat, split, strided_slice, take
//===----------------------------------------------------------------------===//

def Relax_ConcatOp : Relax_Op<"concat", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "joins tensors along an existing dimension (TVM's `R.concat`)";
  let description = [{
    The tensors (one or more, TVM's tuple argument) have the same rank (at
    least 1) and element type, and the same extents except along `axis`
    (default 0), where the result's extent is their sum.

    ```mlir
    %c = relax.concat %a, %b axis 1 : tensor<2x3xf32>, tensor<2x5xf32> -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$tensors,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $tensors (`axis` $axis^)? attr-dict `:` type($tensors) `->` type($result)
  }];
}

def Relax_SplitOp : Relax_Op<"split", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "splits a tensor along a dimension (TVM's `R.split`)";
  let description = [{
    `indices_or_sections` is TVM's attribute of that name: an integer `n`
    cuts dimension `axis` (default 0) into `n` equal sections (the extent
    must divide by `n`); a list of ascending non-negative indices cuts it
    before each index, as `numpy.split` does (indices past the end are
    clamped to it), giving `len(indices) + 1` results. The text spells the
    two forms `sections(n)` and `indices [...]`.

    ```mlir
    %s:2 = relax.split %x sections(2) axis 1 : tensor<4x6xf32> -> tensor<4x3xf32>, tensor<4x3xf32>
    %t:3 = relax.split %y indices [2, 5] : tensor<8xf32> -> tensor<2xf32>, tensor<3xf32>, tensor<3xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data,
                       AnyAttrOf<[I64Attr, DenseI64ArrayAttr]>:$indices_or_sections,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $data custom<IndicesOrSections>($indices_or_sections) (`axis` $axis^)? attr-dict
    `:` type($data) `->` type($results)
  }];
  let extraClassDeclaration = [{
    /// The number of equal sections, or nothing when split at indices.
    std::optional<int64_t> getSections();
    /// The split indices, or nothing when split into sections.
    std::optional<::llvm::ArrayRef<int64_t>> getIndices();

    /// `sections(n)` / `indices [...]`: the two kinds of TVM's attribute.
    static ::mlir::ParseResult parseIndicesOrSections(::mlir::OpAsmParser &parser,
                                                      ::mlir::Attribute &attr);
    static void printIndicesOrSections(::mlir::OpAsmPrinter &printer, ::mlir::Operation *,
                                       ::mlir::Attribute attr);
  }];
}

def Relax_StridedSliceOp : Relax_Op<"strided_slice", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "slices dimensions with strides (TVM's `R.strided_slice`)";
  let description = [{
    For each `axes[i]` the result keeps `data[begin[i]:end[i]:strides[i]]`
    along that dimension, with Python's rules: negative `begin`/`end` count
    from the end, and out-of-range ones are clamped (so a huge `end` means
    "to the end", and with a negative stride an `end` below `-extent` means
    "through the first element"). Strides are non-zero, 1 when absent (TVM's
    `strides=None`). Dimensions not listed are kept whole; a sliced symbolic
    dimension has an extent known by no name.

    ```mlir
    %s = relax.strided_slice %x axes [0, 1] begin [1, -1] end [3, -100] strides [1, -2]
        : tensor<4x5xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, DenseI64ArrayAttr:$axes,
                       DenseI64ArrayAttr:$begin, DenseI64ArrayAttr:$end,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `axes` $axes `begin` $begin `end` $end (`strides` $strides^)? attr-dict
    `:` type($data) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// Python's `slice(begin, end, stride).indices(extent)` for a non-zero
    /// stride: where the slice starts, and how many elements it takes.
    static std::pair<int64_t, int64_t> normalizeSlice(int64_t extent, int64_t begin,
                                                      int64_t end, int64_t stride);
  }];
}

def Relax_TakeOp : Relax_Op<"take", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "gathers slices at integer indices along a dimension (TVM's `R.take`)";
  let description = [{
    `numpy.take`: the result is `data[..., indices[j...], ...]` with the
    indexed dimension `axis` replaced by the dimensions of `indices`, an
    integer tensor (shape `data.shape[:axis] + indices.shape +
    data.shape[axis+1:]`). Without `axis` (TVM's `axis=None`) `data` must be
    1-D. Indices must lie in `[0, extent)`: TVM's default mode `"fast"`, which
    does not check them.

    ```mlir
    %t = relax.take %x, %i axis 1 : tensor<3x4xf32>, tensor<2x2xi64> -> tensor<3x2x2xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, AnyRankedTensor:$indices,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `,` $indices (`axis` $axis^)? attr-dict
    `:` type($data) `,` type($indices) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Broadcasting and creation: broadcast_to, full, zeros, ones, where
//===----------------------------------------------------------------------===//

def Relax_BroadcastToOp : Relax_Op<"broadcast_to", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "broadcasts a tensor to a shape (TVM's `R.broadcast_to`)";
  let description = [{
    NumPy's rule: `data`'s dimensions, aligned at the right of `shape`, each
    equal the target extent or are 1 (a symbolic one is checked at run time,
    as in TVM); `shape` has at least `data`'s rank.

    ```mlir
    %b = relax.broadcast_to %x shape [2, 3, 4] : tensor<3x1xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, DenseI64ArrayAttr:$shape);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `shape` $shape attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_FullOp : Relax_Op<"full", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "a tensor filled with one value (TVM's `R.full`)";
  let description = [{
    A tensor of shape `shape` and element type `dtype` (a float or signless
    integer type) whose elements are all `fill_value`. Unlike TVM, where the
    fill value is a 0-D tensor operand, it is a float attribute here (an
    `f64`) converted to `dtype`: for an integer `dtype` it must be a whole
    number that the type holds (0 or 1 for `i1`), so integers beyond 2^53
    cannot be written exactly.

    ```mlir
    %f = relax.full shape [2, 3] fill_value(1.5) dtype(f32) : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape, F64Attr:$fill_value, Relax_DtypeAttr:$dtype);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    `shape` $shape `fill_value` `(` $fill_value `)` `dtype` `(` $dtype `)` attr-dict
    `:` type($result)
  }];
}

class Relax_FilledOp<string mnemonic, string opSummary, string value>
    : Relax_Op<mnemonic, [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = opSummary;
  let description = [{
    A tensor of shape `shape` and element type `dtype` (a float or signless
    integer type) whose elements are all }] # value # [{.

    ```mlir
    %z = relax.}] # mnemonic # [{ shape [2, 3] dtype(f32) : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape, Relax_DtypeAttr:$dtype);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    `shape` $shape `dtype` `(` $dtype `)` attr-dict `:` type($result)
  }];
}

def Relax_ZerosOp : Relax_FilledOp<"zeros", "a tensor of zeros (TVM's `R.zeros`)", "0">;
def Relax_OnesOp : Relax_FilledOp<"ones", "a tensor of ones (TVM's `R.ones`)", "1">;

def Relax_WhereOp : Relax_Op<"where", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "elementwise choice by a condition (TVM's `R.where`)";
  let description = [{
    `numpy.where`: `x1` where `condition` (an `i1` tensor) is true, `x2`
    elsewhere. The three shapes broadcast together with NumPy's rules;
    `x1` and `x2` have the same element type, which the result has.

    ```mlir
    %w = relax.where %c, %a, %b : tensor<2x3xi1>, tensor<3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, AnyRankedTensor:$x1,
                       AnyRankedTensor:$x2);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $condition `,` $x1 `,` $x2 attr-dict
    `:` type($condition) `,` type($x1) `,` type($x2) `->` type($result)
  }];
}

def Relax_AstypeOp : Relax_Op<"astype", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "converts the elements to another type (TVM's `R.astype`)";
  let description = [{
    Each element converted to `dtype`, as TVM's `T.Cast` (and NumPy's
    `astype`) does: floats to integers truncate toward zero, `i1` reads as
    0/1, and a value converts to `i1` as `value != 0`. The shape is kept.
    Both element types are floats or signless integers (tensorir computes
    with `arith`, which has no unsigned integers).

    ```mlir
    %h = relax.astype %x dtype(f16) : tensor<2x3xf32> -> tensor<2x3xf16>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, Relax_DtypeAttr:$dtype);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `dtype` `(` $dtype `)` attr-dict `:` type($data) `->` type($result)
  }];
}

class Relax_TriangleOp<string mnemonic, string which, string keep>
    : Relax_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "the " # which # " triangle of the last two dimensions (TVM's `R." # mnemonic # "`)";
  let description = [{
    Keeps element `[..., i, j]` where `}] # keep # [{` and sets the others
    to zero; `k` shifts the diagonal (positive: above the main one). The
    operand has rank at least 2.

    ```mlir
    %y = relax.}] # mnemonic # [{ %x k(1) : tensor<4x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, DefaultValuedAttr<I64Attr, "0">:$k);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$data (`k` `(` $k^ `)`)? attr-dict `:` type($data)";
  let hasVerifier = 1;
}

def Relax_TrilOp : Relax_TriangleOp<"tril", "lower", "j - i <= k">;
def Relax_TriuOp : Relax_TriangleOp<"triu", "upper", "j - i >= k">;

def Relax_CumsumOp : Relax_Op<"cumsum", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "cumulative sum along one dimension (TVM's `R.cumsum`)";
  let description = [{
    Element `i` along `axis` (negative counts from the end) is the sum of the
    elements `0..i` (`0..i-1` with `exclusive`, so the first is 0). Without
    `axis` the tensor is summed as if flattened in row-major order and the
    result is 1-D. `dtype`, when given, is the element type of the sum and the
    result (the elements are converted first); by default the operand's.

    ```mlir
    %y = relax.cumsum %x axis 1 : tensor<2x3xf32> -> tensor<2x3xf32>
    %z = relax.cumsum %i dtype(i64) exclusive(true) : tensor<2x3xi32> -> tensor<6xi64>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, OptionalAttr<I64Attr>:$axis,
                       OptionalAttr<Relax_DtypeAttr>:$dtype,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data (`axis` $axis^)? (`dtype` `(` $dtype^ `)`)? (`exclusive` `(` $exclusive^ `)`)?
    attr-dict `:` type($data) `->` type($result)
  }];
}

def Relax_ArangeOp : Relax_Op<"arange", [Pure, Relax_InferTypeOpAdaptor]> {
  let summary = "evenly spaced values in `[start, end)` (TVM's `R.arange`)";
  let description = [{
    The 1-D tensor `start, start + step, ...` below `end` (above it for a
    negative `step`), `ceil((end - start) / step)` elements (none when that is
    not positive), of element type `dtype`. For an integer `dtype`, `start`
    and `step` are whole numbers.

    ```mlir
    %r = relax.arange start(0.0) end(5.0) step(1.0) dtype(i64) : tensor<5xi64>
    ```
  }];
  let arguments = (ins F64Attr:$start, F64Attr:$end, DefaultValuedAttr<F64Attr, "1.0">:$step,
                       Relax_DtypeAttr:$dtype);
  let results = (outs RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$result);
  let assemblyFormat = [{
    `start` `(` $start `)` `end` `(` $end `)` (`step` `(` $step^ `)`)? `dtype` `(` $dtype `)`
    attr-dict `:` type($result)
  }];
}

def Relax_FlipOp : Relax_Op<"flip", [Pure, SameOperandsAndResultType]> {
  let summary = "reverses the order of the elements along one dimension (TVM's `R.flip`)";
  let description = [{
    ```mlir
    %y = relax.flip %x axis(0) : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$data `axis` `(` $axis `)` attr-dict `:` type($data)";
  let hasVerifier = 1;
}

#endif // TVMLIR_RELAX_MANIPULATE_OPS_TD
