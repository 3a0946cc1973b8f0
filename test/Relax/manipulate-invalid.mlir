// One case per verifier rule of the shape-manipulation operators.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

relax.function @reshape_two_inferred(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error@+2 {{'relax.reshape' op shape may hold -1 only once, got positions 0 and 1}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [-1, -1] : tensor<2x3xf32> -> tensor<6xf32>
  relax.return %0 : tensor<6xf32>
}

// -----

relax.function @reshape_negative(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error@+2 {{'relax.reshape' op shape has the negative extent -2 at position 0 (only -1 is allowed)}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [-2, 3] : tensor<2x3xf32> -> tensor<6xf32>
  relax.return %0 : tensor<6xf32>
}

// -----

relax.function @reshape_symbolic_inferred(%x: tensor<?x3xf32, #relax.sym<["n"]>>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'relax.reshape' op shape [-1, 2] infers a dimension with -1, which needs a static input shape, or one symbolic dimension and the other extents multiplying to the same count; got (n, 3)}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [-1, 2] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<3x2xf32>
  relax.return %0 : tensor<3x2xf32>
}

// -----

relax.function @reshape_indivisible(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error@+2 {{'relax.reshape' op cannot reshape (2, 3) (6 elements) to [-1, 4]: the other extents multiply to 4}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [-1, 4] : tensor<2x3xf32> -> tensor<4x2xf32>
  relax.return %0 : tensor<4x2xf32>
}

// -----

relax.function @reshape_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error@+2 {{'relax.reshape' op cannot reshape (2, 3) (6 elements) to (4, 2) (8 elements)}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [4, 2] : tensor<2x3xf32> -> tensor<4x2xf32>
  relax.return %0 : tensor<4x2xf32>
}

// -----

relax.function @reshape_overflow(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error@+2 {{'relax.reshape' op the shape [4294967296, 4294967296] has more elements than fit in 64 bits}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [4294967296, 4294967296] : tensor<2x3xf32> -> tensor<6xf32>
  relax.return %0 : tensor<6xf32>
}

// -----

relax.function @reshape_wrong_result(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'relax.reshape' op inferred type(s) 'tensor<6xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error@+1 {{'relax.reshape' op failed to infer returned types}}
  %0 = relax.reshape %x shape [6] : tensor<2x3xf32> -> tensor<3x2xf32>
  relax.return %0 : tensor<3x2xf32>
}

// -----

relax.function @expand_dims_range(%x: tensor<2x3xf32>) -> tensor<2x3x1xf32> {
  // expected-error@+2 {{'relax.expand_dims' op axis 3 is out of range for rank 3}}
  // expected-error@+1 {{'relax.expand_dims' op failed to infer returned types}}
  %0 = relax.expand_dims %x axis [3] : tensor<2x3xf32> -> tensor<2x3x1xf32>
  relax.return %0 : tensor<2x3x1xf32>
}

// -----

relax.function @expand_dims_twice(%x: tensor<2x3xf32>) -> tensor<1x1x2x3xf32> {
  // expected-error@+2 {{'relax.expand_dims' op axis -4 appears twice in axis}}
  // expected-error@+1 {{'relax.expand_dims' op failed to infer returned types}}
  %0 = relax.expand_dims %x axis [0, -4] : tensor<2x3xf32> -> tensor<1x1x2x3xf32>
  relax.return %0 : tensor<1x1x2x3xf32>
}

// -----

relax.function @squeeze_not_one(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.squeeze' op cannot squeeze dimension 0 of (2, 3): its extent is 2, not 1}}
  // expected-error@+1 {{'relax.squeeze' op failed to infer returned types}}
  %0 = relax.squeeze %x axis [0] : tensor<2x3xf32> -> tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

// -----

relax.function @squeeze_symbolic(%x: tensor<?x1xf32, #relax.sym<["n"]>>) -> tensor<?xf32, #relax.sym<["n"]>> {
  // expected-error@+2 {{'relax.squeeze' op squeeze without axis needs static extents to know which dimensions are 1, got (n, 1); list the axes to remove}}
  // expected-error@+1 {{'relax.squeeze' op failed to infer returned types}}
  %0 = relax.squeeze %x : tensor<?x1xf32, #relax.sym<["n"]>> -> tensor<?xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<?xf32, #relax.sym<["n"]>>
}

// -----

relax.function @flatten_overflow(%x: tensor<4294967296x4294967296xf32>) -> tensor<1xf32> {
  // expected-error@+2 {{'relax.flatten' op the shape [4294967296, 4294967296] has more elements than fit in 64 bits}}
  // expected-error@+1 {{'relax.flatten' op failed to infer returned types}}
  %0 = relax.flatten %x : tensor<4294967296x4294967296xf32> -> tensor<1xf32>
  relax.return %0 : tensor<1xf32>
}

// -----

// The custom syntax cannot write no tensors; the generic form can.
relax.function @concat_none() -> tensor<2xf32> {
  // expected-error@+2 {{'relax.concat' op needs at least one tensor}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = "relax.concat"() : () -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @concat_dtypes(%a: tensor<2xf32>, %b: tensor<2xf16>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.concat' op tensor #1 has element type 'f16' but tensor #0 has 'f32'}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = relax.concat %a, %b : tensor<2xf32>, tensor<2xf16> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @concat_ranks(%a: tensor<2xf32>, %b: tensor<2x1xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.concat' op tensor #1 has rank 2 but tensor #0 has rank 1}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = relax.concat %a, %b : tensor<2xf32>, tensor<2x1xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @concat_scalars(%a: tensor<f32>, %b: tensor<f32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.concat' op cannot concatenate 0-D tensors}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = relax.concat %a, %b : tensor<f32>, tensor<f32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @concat_axis(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.concat' op axis 1 is out of range for rank 1}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = relax.concat %a, %b axis 1 : tensor<2xf32>, tensor<2xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error@+2 {{'relax.concat' op tensor #1 has shape (2, 4) but tensor #0 has (2, 3): they may differ only in dimension 0}}
  // expected-error@+1 {{'relax.concat' op failed to infer returned types}}
  %0 = relax.concat %a, %b : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<4x3xf32>
  relax.return %0 : tensor<4x3xf32>
}

// -----

relax.function @split_zero_sections(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.split' op indices_or_sections must be a positive number of sections, got 0}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0 = relax.split %x sections(0) : tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @split_indivisible(%x: tensor<7xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.split' op dimension 0 of extent 7 does not split into 2 equal sections}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0:2 = relax.split %x sections(2) : tensor<7xf32> -> tensor<3xf32>, tensor<4xf32>
  relax.return %0#0 : tensor<3xf32>
}

// -----

relax.function @split_negative_index(%x: tensor<4xf32>) -> tensor<0xf32> {
  // expected-error@+2 {{'relax.split' op split indices must be non-negative, got -1 at position 0}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0:2 = relax.split %x indices [-1] : tensor<4xf32> -> tensor<0xf32>, tensor<4xf32>
  relax.return %0#0 : tensor<0xf32>
}

// -----

relax.function @split_descending(%x: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.split' op split indices must be ascending, got 3 then 1}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0:3 = relax.split %x indices [3, 1] : tensor<4xf32> -> tensor<3xf32>, tensor<0xf32>, tensor<3xf32>
  relax.return %0#0 : tensor<3xf32>
}

// -----

relax.function @split_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error@+2 {{'relax.split' op cannot split a 0-D tensor}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0 = relax.split %x sections(1) : tensor<f32> -> tensor<f32>
  relax.return %0 : tensor<f32>
}

// -----

relax.function @split_result_count(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.split' op inferred type(s) 'tensor<2xf32>', 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error@+1 {{'relax.split' op failed to infer returned types}}
  %0 = relax.split %x sections(2) : tensor<4xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

// The two forms of indices_or_sections are the only ones.
relax.function @split_syntax(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{custom op 'relax.split' expected `sections(n)` or `indices [...]`}}
  %0 = relax.split %x parts(2) : tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @slice_lengths(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+2 {{'relax.strided_slice' op axes, begin, end and strides need one entry per axis: axes has 2 but begin has 1}}
  // expected-error@+1 {{'relax.strided_slice' op failed to infer returned types}}
  %0 = relax.strided_slice %x axes [0, 1] begin [0] end [2, 5] : tensor<4x5xf32> -> tensor<2x5xf32>
  relax.return %0 : tensor<2x5xf32>
}

// -----

relax.function @slice_strides_length(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+2 {{'relax.strided_slice' op axes, begin, end and strides need one entry per axis: axes has 1 but strides has 2}}
  // expected-error@+1 {{'relax.strided_slice' op failed to infer returned types}}
  %0 = relax.strided_slice %x axes [0] begin [0] end [2] strides [1, 1] : tensor<4x5xf32> -> tensor<2x5xf32>
  relax.return %0 : tensor<2x5xf32>
}

// -----

relax.function @slice_zero_stride(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+2 {{'relax.strided_slice' op stride of axis 0 is 0}}
  // expected-error@+1 {{'relax.strided_slice' op failed to infer returned types}}
  %0 = relax.strided_slice %x axes [0] begin [0] end [2] strides [0] : tensor<4x5xf32> -> tensor<2x5xf32>
  relax.return %0 : tensor<2x5xf32>
}

// -----

relax.function @slice_axes_twice(%x: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+2 {{'relax.strided_slice' op axis -2 appears twice in axes}}
  // expected-error@+1 {{'relax.strided_slice' op failed to infer returned types}}
  %0 = relax.strided_slice %x axes [0, -2] begin [0, 0] end [2, 2] : tensor<4x5xf32> -> tensor<2x5xf32>
  relax.return %0 : tensor<2x5xf32>
}

// -----

relax.function @take_float_indices(%x: tensor<4xf32>, %i: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.take' op indices must be a tensor of integers, got 'tensor<2xf32>'}}
  // expected-error@+1 {{'relax.take' op failed to infer returned types}}
  %0 = relax.take %x, %i : tensor<4xf32>, tensor<2xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @take_bool_indices(%x: tensor<4xf32>, %i: tensor<2xi1>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.take' op indices must be a tensor of integers, got 'tensor<2xi1>'}}
  // expected-error@+1 {{'relax.take' op failed to infer returned types}}
  %0 = relax.take %x, %i : tensor<4xf32>, tensor<2xi1> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @take_no_axis(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.take' op without axis, data must be 1-D, got shape (4, 3)}}
  // expected-error@+1 {{'relax.take' op failed to infer returned types}}
  %0 = relax.take %x, %i : tensor<4x3xf32>, tensor<2xi64> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @take_scalar(%x: tensor<f32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.take' op cannot take from a 0-D tensor}}
  // expected-error@+1 {{'relax.take' op failed to infer returned types}}
  %0 = relax.take %x, %i axis 0 : tensor<f32>, tensor<2xi64> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @take_axis(%x: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<4x2xf32> {
  // expected-error@+2 {{'relax.take' op axis 2 is out of range for rank 2}}
  // expected-error@+1 {{'relax.take' op failed to infer returned types}}
  %0 = relax.take %x, %i axis 2 : tensor<4x3xf32>, tensor<2xi64> -> tensor<4x2xf32>
  relax.return %0 : tensor<4x2xf32>
}

// -----

relax.function @broadcast_rank(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.broadcast_to' op cannot broadcast (2, 3) to (3,): the target has a lower rank}}
  // expected-error@+1 {{'relax.broadcast_to' op failed to infer returned types}}
  %0 = relax.broadcast_to %x shape [3] : tensor<2x3xf32> -> tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

// -----

relax.function @broadcast_extent(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+2 {{'relax.broadcast_to' op cannot broadcast (2, 3) to (4, 3): dimension 0 of data is 2, not 1 or 4}}
  // expected-error@+1 {{'relax.broadcast_to' op failed to infer returned types}}
  %0 = relax.broadcast_to %x shape [4, 3] : tensor<2x3xf32> -> tensor<4x3xf32>
  relax.return %0 : tensor<4x3xf32>
}

// -----

relax.function @broadcast_negative(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.broadcast_to' op shape has the negative extent -2 at position 0}}
  // expected-error@+1 {{'relax.broadcast_to' op failed to infer returned types}}
  %0 = relax.broadcast_to %x shape [-2, 3] : tensor<3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @full_fraction() -> tensor<2xi32> {
  // expected-error@+2 {{'relax.full' op fill_value 1.500000e+00 is not a value of dtype 'i32'}}
  // expected-error@+1 {{'relax.full' op failed to infer returned types}}
  %0 = relax.full shape [2] fill_value(1.5) dtype(i32) : tensor<2xi32>
  relax.return %0 : tensor<2xi32>
}

// -----

relax.function @full_range() -> tensor<2xi8> {
  // expected-error@+2 {{'relax.full' op fill_value 3.000000e+02 is not a value of dtype 'i8'}}
  // expected-error@+1 {{'relax.full' op failed to infer returned types}}
  %0 = relax.full shape [2] fill_value(300.0) dtype(i8) : tensor<2xi8>
  relax.return %0 : tensor<2xi8>
}

// -----

relax.function @full_bool() -> tensor<2xi1> {
  // expected-error@+2 {{'relax.full' op fill_value 2.000000e+00 is not a value of dtype 'i1'}}
  // expected-error@+1 {{'relax.full' op failed to infer returned types}}
  %0 = relax.full shape [2] fill_value(2.0) dtype(i1) : tensor<2xi1>
  relax.return %0 : tensor<2xi1>
}

// -----

relax.function @zeros_dtype() -> tensor<2xindex> {
  // expected-error@+1 {{'relax.zeros' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.zeros shape [2] dtype(index) : tensor<2xindex>
  relax.return %0 : tensor<2xindex>
}

// -----

// The ODS type of the condition is checked first.
relax.function @where_condition(%c: tensor<2xf32>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'relax.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = relax.where %c, %a, %a : tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @where_dtypes(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.where' op x1 and x2 must have the same element type, got 'f32' and 'i32'}}
  // expected-error@+1 {{'relax.where' op failed to infer returned types}}
  %0 = relax.where %c, %a, %b : tensor<2xi1>, tensor<2xf32>, tensor<2xi32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @where_values(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.where' op x1 and x2: cannot broadcast shapes (2,) and (3,): dimension 0 of lhs is 2 but dimension 0 of rhs is 3}}
  // expected-error@+1 {{'relax.where' op failed to infer returned types}}
  %0 = relax.where %c, %a, %b : tensor<2xi1>, tensor<2xf32>, tensor<3xf32> -> tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

// -----

relax.function @where_condition_shape(%c: tensor<4xi1>, %a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.where' op condition against the broadcast of x1 and x2: cannot broadcast shapes (4,) and (2, 3): dimension 0 of lhs is 4 but dimension 1 of rhs is 3}}
  // expected-error@+1 {{'relax.where' op failed to infer returned types}}
  %0 = relax.where %c, %a, %b : tensor<4xi1>, tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @astype_dtype(%x: tensor<2xf32>) -> tensor<2xindex> {
  // expected-error@+1 {{'relax.astype' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.astype %x dtype(index) : tensor<2xf32> -> tensor<2xindex>
  relax.return %0 : tensor<2xindex>
}

// -----

relax.function @astype_unsigned(%x: tensor<2xui8>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.astype' op data must hold floats or signless integers, got 'tensor<2xui8>'}}
  // expected-error@+1 {{'relax.astype' op failed to infer returned types}}
  %0 = relax.astype %x dtype(f32) : tensor<2xui8> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @tril_rank(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.tril' op data must have rank at least 2, got rank 1}}
  %0 = relax.tril %x : tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @cumsum_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.cumsum' op axis 2 is out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.cumsum %x axis 2 : tensor<2x3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @cumsum_flat_symbolic(%x: tensor<?x3xf32, #relax.sym<["n"]>>) -> tensor<?xf32> {
  // expected-error@+2 {{'relax.cumsum' op without axis, data must have a static shape, got (n, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.cumsum %x : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?xf32>
  relax.return %0 : tensor<?xf32>
}

// -----

relax.function @arange_step() -> tensor<0xf32> {
  // expected-error@+2 {{'relax.arange' op start, end and step must be finite and step nonzero, got 0.000000e+00, 1.000000e+00, 0.000000e+00}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.arange start(0.0) end(1.0) step(0.0) dtype(f32) : tensor<0xf32>
  relax.return %0 : tensor<0xf32>
}

// -----

relax.function @arange_integer_step() -> tensor<2xi64> {
  // expected-error@+2 {{'relax.arange' op start and step must be whole numbers for dtype 'i64', got 0.000000e+00 and 5.000000e-01}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.arange start(0.0) end(1.0) step(0.5) dtype(i64) : tensor<2xi64>
  relax.return %0 : tensor<2xi64>
}

// -----

relax.function @arange_wrong_length() -> tensor<3xf32> {
  // expected-error@+2 {{'relax.arange' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.arange start(0.0) end(1.0) step(0.25) dtype(f32) : tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

// -----

relax.function @flip_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relax.flip' op axis -3 is out of range for rank 2}}
  %0 = relax.flip %x axis(-3) : tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}
