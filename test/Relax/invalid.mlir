// One case per verifier rule of the relax dialect.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

relax.function @add_not_broadcastable(%x: tensor<1x784xf32>, %b: tensor<256xf32>) -> tensor<1x784xf32> {
  // expected-error@+2 {{'relax.add' op cannot broadcast shapes (1, 784) and (256,): dimension 1 of lhs is 784 but dimension 0 of rhs is 256}}
  // expected-error@+1 {{'relax.add' op failed to infer returned types}}
  %0 = relax.add %x, %b : tensor<1x784xf32>, tensor<256xf32> -> tensor<1x784xf32>
  relax.return %0 : tensor<1x784xf32>
}

// -----

relax.function @add_dtypes(%x: tensor<4xf32>, %y: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.add' op lhs and rhs must have the same element type, got 'f32' and 'f16'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.add %x, %y : tensor<4xf32>, tensor<4xf16> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @add_wrong_result(%x: tensor<2x1xf32>, %y: tensor<3xf32>) -> tensor<2x1xf32> {
  // expected-error@+2 {{'relax.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.add %x, %y : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x1xf32>
  relax.return %0 : tensor<2x1xf32>
}

// -----

relax.function @matmul_shapes(%x: tensor<1x784xf32>, %w: tensor<256x784xf32>) -> tensor<1x256xf32> {
  // expected-error@+2 {{'relax.matmul' op cannot multiply shapes (1, 784) and (256, 784): the reduction extents 784 and 256 differ}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.matmul %x, %w : tensor<1x784xf32>, tensor<256x784xf32> -> tensor<1x256xf32>
  relax.return %0 : tensor<1x256xf32>
}

// -----

relax.function @matmul_dtypes(%x: tensor<2x3xf32>, %w: tensor<3x4xi32>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'relax.matmul' op lhs and rhs must have the same element type, got 'f32' and 'i32'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xi32> -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @matmul_scalar(%x: tensor<f32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'relax.matmul' op operands must have rank at least 1, got shapes () and (3,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.matmul %x, %w : tensor<f32>, tensor<3xf32> -> tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

// -----

relax.function @matmul_batch(%x: tensor<2x4x3xf32>, %w: tensor<5x3x4xf32>) -> tensor<2x4x4xf32> {
  // expected-error@+2 {{'relax.matmul' op batch dimensions: cannot broadcast shapes (2,) and (5,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.matmul %x, %w : tensor<2x4x3xf32>, tensor<5x3x4xf32> -> tensor<2x4x4xf32>
  relax.return %0 : tensor<2x4x4xf32>
}

// -----

relax.function @permute_duplicate(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error@+2 {{'relax.permute_dims' op axis 0 appears twice in axes}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.permute_dims %x axes [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  relax.return %0 : tensor<2x2xf32>
}

// -----

relax.function @permute_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'relax.permute_dims' op axis 2 is out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.permute_dims %x axes [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  relax.return %0 : tensor<3x2xf32>
}

// -----

relax.function @permute_count(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'relax.permute_dims' op axes has 1 entries but the tensor has rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.permute_dims %x axes [1] : tensor<2x3xf32> -> tensor<3x2xf32>
  relax.return %0 : tensor<3x2xf32>
}

// -----

relax.function @relu_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.nn.relu' op requires the same type for all operands and results}}
  %0 = "relax.nn.relu"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @constant_scalar() -> tensor<4xf32> {
  // expected-error@+1 {{'relax.constant' op value must be a ranked tensor attribute}}
  %0 = relax.constant 1.0 : f32
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @tuple_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.tuple' op inferred type(s) 'tuple<tensor<4xf32>>' are incompatible with return type(s) of operation 'tuple<tensor<5xf32>>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = "relax.tuple"(%x) : (tensor<4xf32>) -> tuple<tensor<5xf32>>
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @tuple_index(%x: tensor<4xf32>) -> tensor<4xf32> {
  %t = relax.tuple %x : tensor<4xf32>
  // expected-error@+1 {{'relax.tuple_get_item' op index 1 is out of range for a tuple of 1 field(s)}}
  %0 = relax.tuple_get_item %t[1] : tuple<tensor<4xf32>>
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @call_missing(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.call_tir' op callee @missing does not exist}}
  %0 = relax.call_tir @missing(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function private @not_tir(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
relax.function @call_relax(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.call_tir' op callee @not_tir is a 'relax.function', not a 'tensorir.prim_func'}}
  %0 = relax.call_tir @not_tir(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

tensorir.prim_func private @copy(%a: memref<4xf32>, %b: memref<4xf32>) {
}
relax.function @call_arity(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.call_tir' op callee @copy takes 2 buffer(s) but the call passes 2 argument(s) and 1 output(s)}}
  %0 = relax.call_tir @copy(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

tensorir.prim_func private @copy(%a: memref<4xf32>, %b: memref<4xf32>) {
}
relax.function @call_shape(%x: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{'relax.call_tir' op callee @copy parameter #1 is 'memref<4xf32>' but the call writes output 0 as 'tensor<8xf32>'}}
  %0 = relax.call_tir @copy(%x) : (tensor<4xf32>) -> tensor<8xf32>
  relax.return %0 : tensor<8xf32>
}

// -----

relax.function @return_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error@+1 {{'relax.return' op value #0 has type 'tensor<4xf32>' but function @return_type declares 'tensor<4xf16>'}}
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @dataflow_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.dataflow -> tensor<4xf16> {
    // expected-error@+1 {{'relax.output' op value #0 has type 'tensor<4xf32>' but the enclosing relax.dataflow declares 'tensor<4xf16>'}}
    relax.output %x : tensor<4xf32>
  }
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @dataflow_scope(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relax.dataflow -> tensor<4xf32> {
    %inner = relax.nn.relu %x : tensor<4xf32>
    relax.output %inner : tensor<4xf32>
  }
  // Values bound inside a dataflow block are invisible outside it.
  // expected-error@+1 {{use of undeclared SSA value name}}
  relax.return %inner : tensor<4xf32>
}

// -----

relax.function @output_outside(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.output' op expects parent op 'relax.dataflow'}}
  relax.output %x : tensor<4xf32>
  relax.return %x : tensor<4xf32>
}

// -----

// expected-error@+1 {{'relax.function' op num_input = 3 is out of range for a function of 1 arguments}}
relax.function @num_input(%x: tensor<4xf32>) -> tensor<4xf32> attributes {num_input = 3 : i64} {
  relax.return %x : tensor<4xf32>
}

// -----

// expected-error@+1 {{#relax.sym names 2 dimension(s) but the tensor has 1 dynamic dimension(s)}}
relax.function @sym_count(%x: tensor<?x4xf32, #relax.sym<["n", "m"]>>) -> tensor<4xf32>

// -----

// expected-error@+1 {{symbolic dimension name '1n' is not an identifier or '?'}}
relax.function @sym_name(%x: tensor<?x4xf32, #relax.sym<["1n"]>>) -> tensor<4xf32>

// -----

relax.function private @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  relax.return %x : tensor<4xf32>
}
relax.function @call_types(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{'relax.call' op call of @callee as '(tensor<8xf32>) -> tensor<8xf32>' does not match its type '(tensor<4xf32>) -> tensor<4xf32>'}}
  %0 = relax.call @callee(%x) : (tensor<8xf32>) -> tensor<8xf32>
  relax.return %0 : tensor<8xf32>
}

// -----

tensorir.prim_func private @kernel(%a: memref<4xf32>, %b: memref<4xf32>) {
}
relax.function @call_prim(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.call' op callee @kernel is a 'tensorir.prim_func', not a 'relax.function'}}
  %0 = relax.call @kernel(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @call_missing(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.call' op callee @nowhere does not exist}}
  %0 = relax.call @nowhere(%x) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{'relax.function' op num_input must be a signless integer, got 1 : ui8}}
relax.function @num_input_type(%x: tensor<4xf32>) -> tensor<4xf32> attributes {num_input = 1 : ui8} {
  relax.return %x : tensor<4xf32>
}

// -----

relax.function @exp_of_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error@+1 {{'relax.exp' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = relax.exp %x : tensor<4xi32>
  relax.return %0 : tensor<4xi32>
}

// -----

relax.function @compare_result(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.less' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = relax.less %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @logic_of_floats(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.logical_and' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = relax.logical_and %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @subtract_shapes(%x: tensor<4xf32>, %y: tensor<5xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'relax.subtract' op cannot broadcast shapes (4,) and (5,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.subtract %x, %y : tensor<4xf32>, tensor<5xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @clip_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.clip' op min (6.000000e+00) is greater than max (-1.000000e+00)}}
  %0 = relax.clip %x min(6.0) max(-1.0) : tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

// expected-error@+1 {{#relax.sym names no dimension; leave the encoding out}}
relax.function @sym_anonymous(%x: tensor<?x4xf32, #relax.sym<["?"]>>) -> tensor<4xf32>

// -----

relax.function @softplus_beta(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.nn.softplus' op beta must be nonzero}}
  %0 = relax.nn.softplus %x beta(0.0) threshold(20.0) : tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @bitwise_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.bitwise_and' op operand #0 must be ranked tensor of signless integer values}}
  %0 = relax.bitwise_and %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}

// -----

relax.function @isnan_result(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.isnan' op result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = relax.isnan %x : tensor<4xf32> -> tensor<4xf32>
  relax.return %0 : tensor<4xf32>
}
