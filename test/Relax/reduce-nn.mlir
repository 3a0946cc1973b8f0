// Round trip of the reductions and the normalization / activation operators,
// custom and generic forms; default attributes are not printed.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s
// The defaults are attributes of the op all the same.
// RUN: relax-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: relax.function @reductions
relax.function @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3x4xi32>) -> tensor<2x4xi64> {
  // CHECK: relax.sum %{{.*}} axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // GENERIC: "relax.sum"(%{{.*}}) <{axis = array<i64: 1>, keepdims = false}>
  %0 = relax.sum %x axis [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // CHECK: relax.mean %{{.*}} axis [0, -1] keepdims(true) : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  %1 = relax.mean %x axis [0, -1] keepdims(true) : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  // CHECK: relax.max %{{.*}} : tensor<2x3x4xf32> -> tensor<f32>
  %2 = relax.max %x : tensor<2x3x4xf32> -> tensor<f32>
  // CHECK: relax.min %{{.*}} keepdims(true) : tensor<2x3x4xi32> -> tensor<1x1x1xi32>
  %3 = relax.min %i keepdims(true) : tensor<2x3x4xi32> -> tensor<1x1x1xi32>
  // CHECK: relax.prod %{{.*}} axis [2] : tensor<2x3x4xi32> -> tensor<2x3xi32>
  %4 = relax.prod %i axis [2] : tensor<2x3x4xi32> -> tensor<2x3xi32>
  // CHECK: relax.variance %{{.*}} axis [1, 2] : tensor<2x3x4xf32> -> tensor<2xf32>
  %5 = relax.variance %x axis [1, 2] : tensor<2x3x4xf32> -> tensor<2xf32>
  // CHECK: relax.argmax %{{.*}} axis 1 : tensor<2x3x4xf32> -> tensor<2x4xi64>
  // GENERIC: "relax.argmax"(%{{.*}}) <{axis = 1 : i64, keepdims = false}>
  %6 = relax.argmax %x axis 1 : tensor<2x3x4xf32> -> tensor<2x4xi64>
  // CHECK: relax.argmax %{{.*}} keepdims(true) : tensor<2x3x4xi32> -> tensor<1x1x1xi64>
  %7 = relax.argmax %i keepdims(true) : tensor<2x3x4xi32> -> tensor<1x1x1xi64>
  relax.return %6 : tensor<2x4xi64>
}

// Symbolic dimensions that are not reduced keep their names.
// CHECK-LABEL: relax.function @symbolic_reductions
relax.function @symbolic_reductions(%x: tensor<?x?x8xf32, #relax.sym<["n", "m"]>>)
    -> tensor<?x1xf32, #relax.sym<["n"]>> {
  // CHECK: relax.sum %{{.*}} axis [1, 2] keepdims(true) : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x1x1xf32, #relax.sym<["n"]>>
  %0 = relax.sum %x axis [1, 2] keepdims(true)
      : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x1x1xf32, #relax.sym<["n"]>>
  // CHECK: relax.argmax %{{.*}} axis -1 : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x?xi64, #relax.sym<["n", "m"]>>
  %1 = relax.argmax %x axis -1 : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x?xi64, #relax.sym<["n", "m"]>>
  // CHECK: relax.variance %{{.*}} axis [1] : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x8xf32, #relax.sym<["n"]>>
  %2 = relax.variance %x axis [1] : tensor<?x?x8xf32, #relax.sym<["n", "m"]>> -> tensor<?x8xf32, #relax.sym<["n"]>>
  %3 = relax.max %0 axis [2] : tensor<?x1x1xf32, #relax.sym<["n"]>> -> tensor<?x1xf32, #relax.sym<["n"]>>
  relax.return %3 : tensor<?x1xf32, #relax.sym<["n"]>>
}

// CHECK-LABEL: relax.function @nn
relax.function @nn(%x: tensor<2x3x4x5xf32>, %c: tensor<3xf32>, %g: tensor<4x5xf32>)
    -> tensor<2x3x4x5xf32> {
  // CHECK: relax.nn.softmax %{{.*}} : tensor<2x3x4x5xf32>
  // GENERIC: "relax.nn.softmax"(%{{.*}}) <{axis = -1 : i64}>
  %0 = relax.nn.softmax %x : tensor<2x3x4x5xf32>
  // CHECK: relax.nn.log_softmax %{{.*}} axis 1 : tensor<2x3x4x5xf32>
  %1 = relax.nn.log_softmax %0 axis 1 : tensor<2x3x4x5xf32>
  // CHECK: relax.nn.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axes [-2, -1] epsilon(9.9999999999999995E-7) center(false) : tensor<2x3x4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32> -> tensor<2x3x4x5xf32>
  // GENERIC: "relax.nn.layer_norm"(%{{.*}}, %{{.*}}, %{{.*}}) <{axes = array<i64: -2, -1>, center = false, epsilon = 9.9999999999999995E-7 : f64, scale = true}>
  %2 = relax.nn.layer_norm %1, %g, %g axes [-2, -1] epsilon(1.0e-6) center(false)
      : tensor<2x3x4x5xf32>, tensor<4x5xf32>, tensor<4x5xf32> -> tensor<2x3x4x5xf32>
  // CHECK: relax.nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon(1.000000e-03) scale(false) : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
  // GENERIC: "relax.nn.batch_norm"({{.*}}) <{axis = 1 : i64, center = true, epsilon = 1.000000e-03 : f64, momentum = 1.000000e-01 : f64, scale = false}>
  %3:3 = relax.nn.batch_norm %2, %c, %c, %c, %c epsilon(1.0e-3) scale(false)
      : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
      -> tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
  // CHECK: relax.nn.batch_norm {{.*}} axis -3 momentum(2.000000e-01) :
  %4:3 = relax.nn.batch_norm %3#0, %c, %c, %c, %c axis -3 momentum(0.2)
      : tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
      -> tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>
  // CHECK: relax.nn.dropout %{{.*}} rate(2.000000e-01) : tensor<2x3x4x5xf32> -> tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
  %5:2 = relax.nn.dropout %4#0 rate(0.2) : tensor<2x3x4x5xf32> -> tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
  // CHECK: relax.nn.dropout %{{.*}} : tensor<2x3x4x5xf32> -> tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
  %6:2 = relax.nn.dropout %5#0 : tensor<2x3x4x5xf32> -> tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
  relax.return %6#0 : tensor<2x3x4x5xf32>
}

// Symbolic dimensions flow through the normalizations.
// CHECK-LABEL: relax.function @symbolic_nn
relax.function @symbolic_nn(%x: tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, %g: tensor<16xf32>,
                            %c: tensor<?xf32, #relax.sym<["s"]>>) -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>> {
  // CHECK: relax.nn.softmax %{{.*}} axis 1 : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  %0 = relax.nn.softmax %x axis 1 : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  // CHECK: relax.nn.layer_norm {{.*}} -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  %1 = relax.nn.layer_norm %0, %g, %g
      : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<16xf32>, tensor<16xf32> -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  // The channel extent s matches by name.
  // CHECK: relax.nn.batch_norm {{.*}} -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<?xf32, #relax.sym<["s"]>>, tensor<?xf32, #relax.sym<["s"]>>
  %2:3 = relax.nn.batch_norm %1, %c, %c, %c, %c
      : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<?xf32, #relax.sym<["s"]>>, tensor<?xf32, #relax.sym<["s"]>>,
        tensor<?xf32, #relax.sym<["s"]>>, tensor<?xf32, #relax.sym<["s"]>>
      -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<?xf32, #relax.sym<["s"]>>, tensor<?xf32, #relax.sym<["s"]>>
  // CHECK: relax.nn.dropout {{.*}} -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  %3:2 = relax.nn.dropout %2#0 : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
      -> tensor<?x?x16xf32, #relax.sym<["b", "s"]>>, tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
  relax.return %3#0 : tensor<?x?x16xf32, #relax.sym<["b", "s"]>>
}

// CHECK-LABEL: relax.function @attention
relax.function @attention(%q: tensor<1x8x4x16xf32>, %k: tensor<1x6x4x16xf32>, %v: tensor<1x6x4x32xf32>)
    -> tensor<1x8x4x32xf32> {
  // CHECK: relax.nn.attention %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x8x4x16xf32>, tensor<1x6x4x16xf32>, tensor<1x6x4x32xf32> -> tensor<1x8x4x32xf32>
  %0 = relax.nn.attention %q, %k, %v
      : tensor<1x8x4x16xf32>, tensor<1x6x4x16xf32>, tensor<1x6x4x32xf32> -> tensor<1x8x4x32xf32>
  // CHECK: relax.nn.attention {{.*}} scale(2.500000e-01) causal_mask("BottomRight") :
  %1 = relax.nn.attention %q, %k, %v scale(0.25) causal_mask("BottomRight")
      : tensor<1x8x4x16xf32>, tensor<1x6x4x16xf32>, tensor<1x6x4x32xf32> -> tensor<1x8x4x32xf32>
  relax.return %1 : tensor<1x8x4x32xf32>
}

// Attention over symbolic batch and sequence lengths.
// CHECK-LABEL: relax.function @symbolic_attention
relax.function @symbolic_attention(%q: tensor<?x?x4x16xf32, #relax.sym<["b", "n"]>>,
                                   %k: tensor<?x?x4x16xf32, #relax.sym<["b", "m"]>>,
                                   %v: tensor<?x?x4x8xf32, #relax.sym<["b", "m"]>>)
    -> tensor<?x?x4x8xf32, #relax.sym<["b", "n"]>> {
  // CHECK: relax.nn.attention {{.*}} causal_mask("TopLeft") : {{.*}} -> tensor<?x?x4x8xf32, #relax.sym<["b", "n"]>>
  %0 = relax.nn.attention %q, %k, %v causal_mask("TopLeft")
      : tensor<?x?x4x16xf32, #relax.sym<["b", "n"]>>, tensor<?x?x4x16xf32, #relax.sym<["b", "m"]>>,
        tensor<?x?x4x8xf32, #relax.sym<["b", "m"]>> -> tensor<?x?x4x8xf32, #relax.sym<["b", "n"]>>
  relax.return %0 : tensor<?x?x4x8xf32, #relax.sym<["b", "n"]>>
}

// CHECK-LABEL: relax.function @norms
relax.function @norms(%x: tensor<2x4x3xf32>, %g: tensor<4xf32>, %w: tensor<3xf32>) -> tensor<2x3xi64> {
  // CHECK: relax.nn.rms_norm %{{.*}}, %{{.*}} epsilon(9.9999999999999995E-7) : tensor<2x4x3xf32>, tensor<3xf32> -> tensor<2x4x3xf32>
  %0 = relax.nn.rms_norm %x, %w epsilon(1.0e-6) : tensor<2x4x3xf32>, tensor<3xf32> -> tensor<2x4x3xf32>
  // CHECK: relax.nn.group_norm %{{.*}}, %{{.*}}, %{{.*}} num_groups(2) channel_axis(1) axes [2] : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x4x3xf32>
  %1 = relax.nn.group_norm %0, %g, %g num_groups(2) channel_axis(1) axes [2] : tensor<2x4x3xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<2x4x3xf32>
  // CHECK: relax.argmin %{{.*}} axis 1 : tensor<2x4x3xf32> -> tensor<2x3xi64>
  %2 = relax.argmin %1 axis 1 : tensor<2x4x3xf32> -> tensor<2x3xi64>
  relax.return %2 : tensor<2x3xi64>
}
