// One case per verifier rule of the reductions and the normalization /
// activation operators.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

relax.function @reduce_bool(%x: tensor<2x3xi1>) -> tensor<2xi1> {
  // expected-error@+2 {{'relax.sum' op data must have a float or signless integer element type (not i1), got 'i1'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.sum %x axis [1] : tensor<2x3xi1> -> tensor<2xi1>
  relax.return %0 : tensor<2xi1>
}

// -----

relax.function @reduce_unsigned(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  // expected-error@+2 {{'relax.max' op data must have a float or signless integer element type (not i1), got 'ui8'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.max %x axis [1] : tensor<2x3xui8> -> tensor<2xui8>
  relax.return %0 : tensor<2xui8>
}

// -----

relax.function @reduce_axis_range(%x: tensor<2x3x4xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.mean' op axis 3 is out of range for rank 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.mean %x axis [3] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @reduce_axis_twice(%x: tensor<2x3x4xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.variance' op axis names dimension 1 twice (axis -2)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.variance %x axis [1, -2] : tensor<2x3x4xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @reduce_axis_empty(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.prod' op axis is empty; leave it out to reduce every dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.prod %x axis [] : tensor<2x3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

// keepdims keeps the reduced dimension as extent 1: the annotation is wrong.
relax.function @reduce_wrong_result(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'relax.min' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.min %x axis [1] keepdims(true) : tensor<2x3xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @argmax_axis_range(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error@+2 {{'relax.argmax' op axis -3 is out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.argmax %x axis -3 : tensor<2x3xf32> -> tensor<2xi64>
  relax.return %0 : tensor<2xi64>
}

// -----

relax.function @argmax_result_i32(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{'relax.argmax' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = relax.argmax %x axis 1 : tensor<2x3xf32> -> tensor<2xi32>
  relax.return %0 : tensor<2xi32>
}

// -----

relax.function @softmax_axis_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relax.nn.softmax' op axis 2 is out of range for rank 2}}
  %0 = relax.nn.softmax %x axis 2 : tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @log_softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error@+1 {{'relax.nn.log_softmax' op data must have rank at least 1, got a scalar tensor}}
  %0 = relax.nn.log_softmax %x : tensor<f32>
  relax.return %0 : tensor<f32>
}

// -----

relax.function @softmax_integer(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error@+1 {{'relax.nn.softmax' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<2x3xi32>'}}
  %0 = relax.nn.softmax %x : tensor<2x3xi32>
  relax.return %0 : tensor<2x3xi32>
}

// -----

relax.function @layer_norm_dtype(%x: tensor<2x3xf32>, %g: tensor<3xf16>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.layer_norm' op gamma must have element type 'f32' (that of data), got 'f16'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %b : tensor<2x3xf32>, tensor<3xf16>, tensor<3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @layer_norm_gamma_shape(%x: tensor<2x3x4xf32>, %g: tensor<4x3xf32>) -> tensor<2x3x4xf32> {
  // expected-error@+2 {{'relax.nn.layer_norm' op gamma must have shape (3, 4) (the dimensions of data (2, 3, 4) that axes normalizes), got (4, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %g axes [2, 1] : tensor<2x3x4xf32>, tensor<4x3xf32>, tensor<4x3xf32> -> tensor<2x3x4xf32>
  relax.return %0 : tensor<2x3x4xf32>
}

// -----

relax.function @layer_norm_beta_shape(%x: tensor<?x8xf32, #relax.sym<["n"]>>, %g: tensor<8xf32>, %b: tensor<4xf32>)
    -> tensor<?x8xf32, #relax.sym<["n"]>> {
  // expected-error@+2 {{'relax.nn.layer_norm' op beta must have shape (8,) (the dimensions of data (n, 8) that axes normalizes), got (4,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %b : tensor<?x8xf32, #relax.sym<["n"]>>, tensor<8xf32>, tensor<4xf32> -> tensor<?x8xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<?x8xf32, #relax.sym<["n"]>>
}

// -----

relax.function @layer_norm_axes_empty(%x: tensor<2x3xf32>, %g: tensor<f32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.layer_norm' op axes must name at least one dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %g axes [] : tensor<2x3xf32>, tensor<f32>, tensor<f32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @layer_norm_axes_twice(%x: tensor<2x3xf32>, %g: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.layer_norm' op axes names dimension 1 twice (axis 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %g axes [-1, 1] : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @layer_norm_axis_range(%x: tensor<2x3xf32>, %g: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.layer_norm' op axis 2 is out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.layer_norm %x, %g, %g axes [2] : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @batch_norm_axis_range(%x: tensor<2x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.batch_norm' op axis 2 is out of range for rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0:3 = relax.nn.batch_norm %x, %c, %c, %c, %c axis 2
      : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
      -> tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
  relax.return %0#0 : tensor<2x3xf32>
}

// -----

relax.function @batch_norm_channels(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %v: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error@+2 {{'relax.nn.batch_norm' op moving_var must have shape (3,) (the extent of dimension 1 of data), got (4,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0:3 = relax.nn.batch_norm %x, %c, %c, %c, %v
      : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>
      -> tensor<2x3x4xf32>, tensor<3xf32>, tensor<4xf32>
  relax.return %0#0 : tensor<2x3x4xf32>
}

// -----

relax.function @batch_norm_dtype(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %g: tensor<3xf64>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.batch_norm' op gamma must have element type 'f32' (that of data), got 'f64'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0:3 = relax.nn.batch_norm %x, %g, %c, %c, %c
      : tensor<2x3xf32>, tensor<3xf64>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
      -> tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
  relax.return %0#0 : tensor<2x3xf32>
}

// -----

relax.function @dropout_rate(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'relax.nn.dropout' op rate must be in [0, 1), got 1}}
  %0:2 = relax.nn.dropout %x rate(1.0) : tensor<4xf32> -> tensor<4xf32>, tensor<4xf32>
  relax.return %0#0 : tensor<4xf32>
}

// -----

relax.function @attention_rank(%q: tensor<8x4x16xf32>, %k: tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op query must have rank 4 (batch, seq_len, num_heads, head_dim), got shape (8, 4, 16)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %k, %k : tensor<8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

relax.function @attention_dtype(%q: tensor<1x8x4x16xf32>, %k: tensor<1x8x4x16xf16>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op key must have element type 'f32' (that of query), got 'f16'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %k, %q : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf16>, tensor<1x8x4x16xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

relax.function @attention_batch(%q: tensor<2x8x4x16xf32>, %k: tensor<3x8x4x16xf32>) -> tensor<2x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op query (2, 8, 4, 16) and key (3, 8, 4, 16) differ in batch (dimension 0): 2 vs 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %k, %k : tensor<2x8x4x16xf32>, tensor<3x8x4x16xf32>, tensor<3x8x4x16xf32> -> tensor<2x8x4x16xf32>
  relax.return %0 : tensor<2x8x4x16xf32>
}

// -----

relax.function @attention_heads(%q: tensor<1x8x4x16xf32>, %k: tensor<1x8x4x16xf32>, %v: tensor<1x8x2x16xf32>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op query (1, 8, 4, 16) and value (1, 8, 2, 16) differ in num_heads (dimension 2): 4 vs 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %k, %v : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x8x2x16xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

relax.function @attention_head_dim(%q: tensor<1x8x4x16xf32>, %k: tensor<1x8x4x32xf32>) -> tensor<1x8x4x32xf32> {
  // expected-error@+2 {{'relax.nn.attention' op query (1, 8, 4, 16) and key (1, 8, 4, 32) differ in head_dim (dimension 3): 16 vs 32}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %k, %k : tensor<1x8x4x16xf32>, tensor<1x8x4x32xf32>, tensor<1x8x4x32xf32> -> tensor<1x8x4x32xf32>
  relax.return %0 : tensor<1x8x4x32xf32>
}

// -----

relax.function @attention_seq_kv(%q: tensor<1x8x4x16xf32>, %v: tensor<1x6x4x16xf32>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op key (1, 8, 4, 16) and value (1, 6, 4, 16) differ in seq_len_kv (dimension 1): 8 vs 6}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %q, %v : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x6x4x16xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

relax.function @attention_causal_mask(%q: tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op causal_mask must be "TopLeft" or "BottomRight", got "Diagonal"}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %q, %q causal_mask("Diagonal") : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

// The result has value's head_dim_v, not query's head_dim.
relax.function @attention_wrong_result(%q: tensor<1x8x4x16xf32>, %v: tensor<1x8x4x32xf32>) -> tensor<1x8x4x16xf32> {
  // expected-error@+2 {{'relax.nn.attention' op inferred type(s) 'tensor<1x8x4x32xf32>' are incompatible with return type(s) of operation 'tensor<1x8x4x16xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.attention %q, %q, %v : tensor<1x8x4x16xf32>, tensor<1x8x4x16xf32>, tensor<1x8x4x32xf32> -> tensor<1x8x4x16xf32>
  relax.return %0 : tensor<1x8x4x16xf32>
}

// -----

relax.function @rms_norm_weight(%x: tensor<2x3xf32>, %w: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'relax.nn.rms_norm' op weight must have shape (3,) (the dimensions of data (2, 3) that axes normalizes), got (2,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.rms_norm %x, %w : tensor<2x3xf32>, tensor<2xf32> -> tensor<2x3xf32>
  relax.return %0 : tensor<2x3xf32>
}

// -----

relax.function @group_norm_groups(%x: tensor<2x6x3xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error@+2 {{'relax.nn.group_norm' op num_groups 4 does not divide the 6 channels}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.group_norm %x, %g, %g num_groups(4) channel_axis(1) axes [2] : tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32> -> tensor<2x6x3xf32>
  relax.return %0 : tensor<2x6x3xf32>
}

// -----

relax.function @group_norm_channel_in_axes(%x: tensor<2x6x3xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error@+2 {{'relax.nn.group_norm' op axes must not name the channel axis 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.group_norm %x, %g, %g num_groups(2) channel_axis(1) axes [1, 2] : tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32> -> tensor<2x6x3xf32>
  relax.return %0 : tensor<2x6x3xf32>
}

// -----

relax.function @group_norm_gamma(%x: tensor<2x6x3xf32>, %g: tensor<3xf32>) -> tensor<2x6x3xf32> {
  // expected-error@+2 {{'relax.nn.group_norm' op gamma must have shape (6,)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.group_norm %x, %g, %g num_groups(2) channel_axis(1) axes [2] : tensor<2x6x3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x6x3xf32>
  relax.return %0 : tensor<2x6x3xf32>
}

// -----

relax.function @group_norm_groups_positive(%x: tensor<2x6x3xf32>, %g: tensor<6xf32>) -> tensor<2x6x3xf32> {
  // expected-error@+2 {{'relax.nn.group_norm' op num_groups must be positive, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.group_norm %x, %g, %g num_groups(0) channel_axis(1) axes [2] : tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32> -> tensor<2x6x3xf32>
  relax.return %0 : tensor<2x6x3xf32>
}
