// Round trip of convolution and pooling; default attributes are elided.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s
// The generic form carries every attribute, defaults included.
// RUN: relax-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: relax.function @conv
relax.function @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %k: tensor<4x1x3x3xf32>,
                     %g: tensor<6x2x3x3xf32>, %h: tensor<1x4x8x8xf16>) -> tensor<1x6x4x4xf32> {
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  // GENERIC: "relax.nn.conv2d"(%{{.*}}, %{{.*}}) <{data_layout = "NCHW", dilation = array<i64: 1, 1>, groups = 1 : i64, kernel_layout = "OIHW", padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}>
  %0 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
  %1 = relax.nn.conv2d %x, %w strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
  // One padding entry pads every side; depthwise: groups = channels.
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} padding [1] groups 4 : tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x8x8xf32>
  %2 = relax.nn.conv2d %x, %k padding [1] groups 4 : tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x8x8xf32>
  // Two padding entries are (top and bottom, left and right).
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} padding [2, 0] dilation [2, 1] groups 2 : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x8x6xf32>
  %3 = relax.nn.conv2d %x, %g padding [2, 0] dilation [2, 1] groups 2 : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x8x6xf32>
  // Explicit defaults are the defaults: elided when printed.
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} out_layout "NCHW" out_dtype(f32) : tensor<1x4x8x8xf16>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  %4 = relax.nn.conv2d %h, %w strides [1, 1] data_layout "NCHW" kernel_layout "OIHW" out_layout "NCHW" out_dtype(f32) : tensor<1x4x8x8xf16>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %1 : tensor<1x6x4x4xf32>
}

// CHECK-LABEL: relax.function @pools
relax.function @pools(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // CHECK: relax.nn.max_pool2d %{{.*}} pool_size [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  // GENERIC: "relax.nn.max_pool2d"(%{{.*}}) <{ceil_mode = false, count_include_pad = false, dilation = array<i64: 1, 1>, layout = "NCHW", padding = array<i64: 1, 1, 1, 1>, pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>}>
  %0 = relax.nn.max_pool2d %x pool_size [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  // ceil_mode rounds the output extent up: (8 - 3) / 2 + 1 = 3.5 -> 4.
  // CHECK: relax.nn.max_pool2d %{{.*}} pool_size [3, 3] strides [2, 2] ceil_mode true : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  %1 = relax.nn.max_pool2d %x pool_size [3, 3] strides [2, 2] ceil_mode true : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  // CHECK: relax.nn.avg_pool2d %{{.*}} pool_size [2, 2] strides [2, 2] dilation [1, 2] count_include_pad true : tensor<1x4x8x8xf32> -> tensor<1x4x4x3xf32>
  %2 = relax.nn.avg_pool2d %x pool_size [2, 2] strides [2, 2] dilation [1, 2] count_include_pad true : tensor<1x4x8x8xf32> -> tensor<1x4x4x3xf32>
  // CHECK: relax.nn.adaptive_avg_pool2d %{{.*}} output_size [1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
  %3 = relax.nn.adaptive_avg_pool2d %x output_size [1, 1] : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
  // One entry is both extents; none keeps the input's.
  // CHECK: relax.nn.adaptive_avg_pool2d %{{.*}} output_size [3] : tensor<1x4x8x8xf32> -> tensor<1x4x3x3xf32>
  %4 = relax.nn.adaptive_avg_pool2d %x output_size [3] : tensor<1x4x8x8xf32> -> tensor<1x4x3x3xf32>
  // CHECK: relax.nn.adaptive_avg_pool2d %{{.*}} : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %5 = relax.nn.adaptive_avg_pool2d %x : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  relax.return %3 : tensor<1x4x1x1xf32>
}

// A symbolic batch flows through; a symbolic height stays named through a
// window that keeps it (3x3, padding 1, stride 1) and is unnamed otherwise.
// CHECK-LABEL: relax.function @symbolic
relax.function @symbolic(%x: tensor<?x4x?x8xf32, #relax.sym<["n", "h"]>>, %w: tensor<6x4x3x3xf32>)
    -> tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>> {
  // CHECK: relax.nn.conv2d %{{.*}}, %{{.*}} padding [1] : tensor<?x4x?x8xf32, #relax.sym<["n", "h"]>>, tensor<6x4x3x3xf32> -> tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>>
  %0 = relax.nn.conv2d %x, %w padding [1] : tensor<?x4x?x8xf32, #relax.sym<["n", "h"]>>, tensor<6x4x3x3xf32> -> tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>>
  // CHECK: relax.nn.max_pool2d %{{.*}} pool_size [2, 2] strides [2, 2] : tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>> -> tensor<?x6x?x4xf32, #relax.sym<["n", "?"]>>
  %1 = relax.nn.max_pool2d %0 pool_size [2, 2] strides [2, 2] : tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>> -> tensor<?x6x?x4xf32, #relax.sym<["n", "?"]>>
  // CHECK: relax.nn.adaptive_avg_pool2d %{{.*}} output_size [1, 1] : tensor<?x6x?x4xf32, #relax.sym<["n", "?"]>> -> tensor<?x6x1x1xf32, #relax.sym<["n"]>>
  %2 = relax.nn.adaptive_avg_pool2d %1 output_size [1, 1] : tensor<?x6x?x4xf32, #relax.sym<["n", "?"]>> -> tensor<?x6x1x1xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<?x6x?x8xf32, #relax.sym<["n", "h"]>>
}
