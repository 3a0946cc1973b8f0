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
