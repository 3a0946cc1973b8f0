// Round trip of the elementwise operators.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: relax.function @elementwise
relax.function @elementwise(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %i: tensor<2x3xi32>) -> tensor<2x3xi1> {
  // CHECK: relax.subtract %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %0 = relax.subtract %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: relax.multiply
  %1 = relax.multiply %0, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: relax.divide
  %2 = relax.divide %1, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: relax.floor_divide
  %3 = relax.floor_divide %i, %i : tensor<2x3xi32>, tensor<2x3xi32> -> tensor<2x3xi32>
  // CHECK: relax.power
  %4 = relax.power %2, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: relax.maximum
  %5 = relax.maximum %4, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: relax.minimum
  %6 = relax.minimum %5, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: relax.exp %{{.*}} : tensor<2x3xf32>
  %7 = relax.exp %6 : tensor<2x3xf32>
  // CHECK: relax.nn.gelu
  %8 = relax.nn.gelu %7 : tensor<2x3xf32>
  // CHECK: relax.nn.silu
  %9 = relax.nn.silu %8 : tensor<2x3xf32>
  // CHECK: relax.clip %{{.*}} min(-1.000000e+00) max(6.000000e+00) : tensor<2x3xf32>
  %10 = relax.clip %9 min(-1.0) max(6.0) : tensor<2x3xf32>
  // CHECK: relax.abs %{{.*}} : tensor<2x3xi32>
  %11 = relax.abs %3 : tensor<2x3xi32>
  // CHECK: relax.less %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %12 = relax.less %10, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK: relax.equal
  %13 = relax.equal %11, %i : tensor<2x3xi32>, tensor<2x3xi32> -> tensor<2x3xi1>
  // CHECK: relax.logical_and %{{.*}}, %{{.*}} : tensor<2x3xi1>, tensor<2x3xi1> -> tensor<2x3xi1>
  %14 = relax.logical_and %12, %13 : tensor<2x3xi1>, tensor<2x3xi1> -> tensor<2x3xi1>
  // CHECK: relax.logical_or
  %15 = relax.logical_or %14, %13 : tensor<2x3xi1>, tensor<2x3xi1> -> tensor<2x3xi1>
  %16 = relax.not_equal %x, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %17 = relax.less_equal %x, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %18 = relax.greater %x, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %19 = relax.greater_equal %x, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %20 = relax.negative %x : tensor<2x3xf32>
  %21 = relax.log %x : tensor<2x3xf32>
  %22 = relax.sqrt %x : tensor<2x3xf32>
  %23 = relax.rsqrt %x : tensor<2x3xf32>
  %24 = relax.tanh %x : tensor<2x3xf32>
  %25 = relax.sigmoid %x : tensor<2x3xf32>
  %26 = relax.erf %x : tensor<2x3xf32>
  %27 = relax.floor %x : tensor<2x3xf32>
  %28 = relax.ceil %x : tensor<2x3xf32>
  %29 = relax.round %x : tensor<2x3xf32>
  %30 = relax.sin %x : tensor<2x3xf32>
  // CHECK: relax.cos
  %31 = relax.cos %x : tensor<2x3xf32>
  relax.return %15 : tensor<2x3xi1>
}

// CHECK-LABEL: relax.function @more_elementwise
relax.function @more_elementwise(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %j: tensor<3xi32>) -> tensor<2x3xi1> {
  // CHECK: relax.floor_mod %{{.*}}, %{{.*}} : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  %0 = relax.floor_mod %i, %j : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  // CHECK: relax.mod
  %1 = relax.mod %0, %j : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  // CHECK: relax.bitwise_and
  %2 = relax.bitwise_and %1, %j : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  // CHECK: relax.bitwise_or
  %3 = relax.bitwise_or %2, %j : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  // CHECK: relax.bitwise_xor
  %4 = relax.bitwise_xor %3, %j : tensor<2x3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  // CHECK: relax.bitwise_not %{{.*}} : tensor<2x3xi32>
  %5 = relax.bitwise_not %4 : tensor<2x3xi32>
  // CHECK: relax.nn.leakyrelu %{{.*}} alpha(2.000000e-01) : tensor<2x3xf32>
  %6 = relax.nn.leakyrelu %x alpha(0.2) : tensor<2x3xf32>
  // CHECK: relax.nn.softplus %{{.*}} beta(1.000000e+00) threshold(2.000000e+01) : tensor<2x3xf32>
  %7 = relax.nn.softplus %6 beta(1.0) threshold(20.0) : tensor<2x3xf32>
  // CHECK: relax.nn.gelu_tanh
  %8 = relax.nn.gelu_tanh %7 : tensor<2x3xf32>
  %9 = relax.tan %8 : tensor<2x3xf32>
  %10 = relax.asin %9 : tensor<2x3xf32>
  %11 = relax.acos %10 : tensor<2x3xf32>
  %12 = relax.atan %11 : tensor<2x3xf32>
  %13 = relax.sinh %12 : tensor<2x3xf32>
  %14 = relax.cosh %13 : tensor<2x3xf32>
  %15 = relax.asinh %14 : tensor<2x3xf32>
  %16 = relax.acosh %15 : tensor<2x3xf32>
  %17 = relax.atanh %16 : tensor<2x3xf32>
  %18 = relax.trunc %17 : tensor<2x3xf32>
  %19 = relax.square %18 : tensor<2x3xf32>
  // CHECK: relax.sign %{{.*}} : tensor<2x3xf32>
  %20 = relax.sign %19 : tensor<2x3xf32>
  // CHECK: relax.isnan %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi1>
  %21 = relax.isnan %20 : tensor<2x3xf32> -> tensor<2x3xi1>
  %22 = relax.isinf %20 : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: relax.isfinite
  %23 = relax.isfinite %20 : tensor<2x3xf32> -> tensor<2x3xi1>
  relax.return %23 : tensor<2x3xi1>
}
