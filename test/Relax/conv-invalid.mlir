// One case per verifier rule of convolution and pooling.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

// Layouts other than NCHW / OIHW are refused, not computed with the wrong axes.
relax.function @conv_data_layout(%x: tensor<1x8x8x4xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data_layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w data_layout "NHWC" : tensor<1x8x8x4xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_kernel_layout(%x: tensor<1x4x8x8xf32>, %w: tensor<3x3x4x6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op kernel_layout "HWIO" is not supported; only "OIHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w kernel_layout "HWIO" : tensor<1x4x8x8xf32>, tensor<3x3x4x6xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_out_layout(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op out_layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w out_layout "NHWC" : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_data_rank(%x: tensor<4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data must be a 4-D tensor in NCHW layout, got shape (4, 8, 8)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w : tensor<4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_weight_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op weight must be a 4-D tensor in OIHW layout, got shape (6, 4, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

// Without out_dtype the operands share their element type.
relax.function @conv_dtypes(%x: tensor<1x4x8x8xf16>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data and weight must have the same element type, got 'f16' and 'f32' (or give out_dtype)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf16>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op groups must be positive, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w groups 0 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

// data channels = weight input channels * groups.
relax.function @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data has 4 input channels but weight expects 3 per group x groups 1 = 3; data (1, 4, 8, 8), weight (6, 3, 3, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x3x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_group_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data has 4 input channels but weight expects 4 per group x groups 2 = 8; data (1, 4, 8, 8), weight (6, 4, 3, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w groups 2 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

// The output channels divide by groups.
relax.function @conv_out_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op the output channels of weight (6) must be divisible by groups (4)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w groups 4 : tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_padding_count(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op padding must have 1, 2 or 4 entries, got [1, 1, 1]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w padding [1, 1, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op padding must not be negative, got [1, -1]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w padding [1, -1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_strides_count(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op strides must have 2 entries (height, width), got [2]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w strides [2] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_dilation_positive(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op dilation must be positive, got [1, 0]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w dilation [1, 0] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_symbolic_kernel(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x?x3xf32, #relax.sym<["k"]>>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op the kernel height and width must be static and positive, got weight (6, 4, k, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x?x3xf32, #relax.sym<["k"]>> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

// The dilated kernel must fit in the padded input.
relax.function @conv_window(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op the padded input height 8 (8 + 0 + 0) is smaller than the dilated window height 9 (4 * (3 - 1) + 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w dilation [4, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

// A wrong result annotation.
relax.function @conv_result(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op inferred type(s) 'tensor<1x6x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x6x6x6xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w padding [1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @max_pool_layout(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+2 {{'relax.nn.max_pool2d' op layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.max_pool2d %x layout "NHWC" : tensor<1x8x8x4xf32> -> tensor<1x8x8x4xf32>
  relax.return %0 : tensor<1x8x8x4xf32>
}

// -----

relax.function @max_pool_out_layout(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+2 {{'relax.nn.max_pool2d' op out_layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.max_pool2d %x out_layout "NHWC" : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  relax.return %0 : tensor<1x4x8x8xf32>
}

// -----

relax.function @max_pool_rank(%x: tensor<4x8x8xf32>) -> tensor<4x8x8xf32> {
  // expected-error@+2 {{'relax.nn.max_pool2d' op data must be a 4-D tensor in NCHW layout, got shape (4, 8, 8)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.max_pool2d %x : tensor<4x8x8xf32> -> tensor<4x8x8xf32>
  relax.return %0 : tensor<4x8x8xf32>
}

// -----

relax.function @max_pool_size(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+2 {{'relax.nn.max_pool2d' op pool_size must have 2 entries (height, width), got [3, 3, 3]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.max_pool2d %x pool_size [3, 3, 3] : tensor<1x4x8x8xf32> -> tensor<1x4x6x6xf32>
  relax.return %0 : tensor<1x4x6x6xf32>
}

// -----

relax.function @avg_pool_size_positive(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+2 {{'relax.nn.avg_pool2d' op pool_size must be positive, got [0, 3]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.avg_pool2d %x pool_size [0, 3] : tensor<1x4x8x8xf32> -> tensor<1x4x6x6xf32>
  relax.return %0 : tensor<1x4x6x6xf32>
}

// -----

relax.function @avg_pool_padding(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x9x9xf32> {
  // expected-error@+2 {{'relax.nn.avg_pool2d' op padding must have 1, 2 or 4 entries, got [1, 1, 1, 1, 1]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.avg_pool2d %x pool_size [2, 2] padding [1, 1, 1, 1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x9x9xf32>
  relax.return %0 : tensor<1x4x9x9xf32>
}

// -----

relax.function @avg_pool_strides(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+2 {{'relax.nn.avg_pool2d' op strides must be positive, got [0, 2]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.avg_pool2d %x pool_size [2, 2] strides [0, 2] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  relax.return %0 : tensor<1x4x4x4xf32>
}

// -----

relax.function @avg_pool_window(%x: tensor<1x4x2x8xf32>) -> tensor<1x4x1x8xf32> {
  // expected-error@+2 {{'relax.nn.avg_pool2d' op the padded input height 2 (2 + 0 + 0) is smaller than the dilated window height 3 (1 * (3 - 1) + 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.avg_pool2d %x pool_size [3, 3] padding [0, 1] : tensor<1x4x2x8xf32> -> tensor<1x4x1x8xf32>
  relax.return %0 : tensor<1x4x1x8xf32>
}

// -----

// ceil_mode rounds up: (8 - 3 + 1) // 2 + 1 = 4.
relax.function @avg_pool_result(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error@+2 {{'relax.nn.avg_pool2d' op inferred type(s) 'tensor<1x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x3x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.avg_pool2d %x pool_size [3, 3] strides [2, 2] ceil_mode true : tensor<1x4x8x8xf32> -> tensor<1x4x3x3xf32>
  relax.return %0 : tensor<1x4x3x3xf32>
}

// -----

relax.function @adaptive_layout(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x layout "NHWC" : tensor<1x8x8x4xf32> -> tensor<1x8x8x4xf32>
  relax.return %0 : tensor<1x8x8x4xf32>
}

// -----

relax.function @adaptive_out_layout(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op out_layout "NHWC" is not supported; only "NCHW" is}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x out_layout "NHWC" : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  relax.return %0 : tensor<1x4x8x8xf32>
}

// -----

relax.function @adaptive_rank(%x: tensor<1x4x8x8x2xf32>) -> tensor<1x4x8x8x2xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op data must be a 4-D tensor in NCHW layout, got shape (1, 4, 8, 8, 2)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x : tensor<1x4x8x8x2xf32> -> tensor<1x4x8x8x2xf32>
  relax.return %0 : tensor<1x4x8x8x2xf32>
}

// -----

relax.function @adaptive_output_size_count(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op output_size must have 1 or 2 entries, got [1, 1, 1]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x output_size [1, 1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
  relax.return %0 : tensor<1x4x1x1xf32>
}

// -----

relax.function @adaptive_output_size_positive(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op output_size must be positive, got [0]}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x output_size [0] : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
  relax.return %0 : tensor<1x4x1x1xf32>
}

// -----

relax.function @adaptive_result(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x2x1xf32> {
  // expected-error@+2 {{'relax.nn.adaptive_avg_pool2d' op inferred type(s) 'tensor<1x4x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x4x2x1xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.adaptive_avg_pool2d %x output_size [2] : tensor<1x4x8x8xf32> -> tensor<1x4x2x1xf32>
  relax.return %0 : tensor<1x4x2x1xf32>
}

// -----

// Attributes can hold any int64: no overflow in the shape arithmetic.
relax.function @conv_dilation_overflow(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op the window height (dilation 9223372036854775807, kernel 3) or its padding (0, 0) is too large}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w dilation [9223372036854775807, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv_groups_overflow(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+2 {{'relax.nn.conv2d' op data has 4 input channels but weight expects 4 per group x groups 9223372036854775807; data (1, 4, 8, 8), weight (6, 4, 3, 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.conv2d %x, %w groups 9223372036854775807 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @pool_padding_overflow(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+2 {{'relax.nn.max_pool2d' op the window height (dilation 1, kernel 1) or its padding (9223372036854775807, 9223372036854775807) is too large}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = relax.nn.max_pool2d %x padding [9223372036854775807, 0, 9223372036854775807, 0] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  relax.return %0 : tensor<1x4x8x8xf32>
}
