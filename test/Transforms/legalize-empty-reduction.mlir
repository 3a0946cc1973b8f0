// A reduction over an extent of 0 never enters its reduction loop, so its
// init would never run: it is legalized as the init stored over the output.
// RUN: relax-opt %s --relax-legalize-ops | FileCheck %s

relax.function @sums(%x: tensor<3x0xf32>) -> tensor<3xf32> {
  %0 = relax.sum %x axis [1] : tensor<3x0xf32> -> tensor<3xf32>
  relax.return %0 : tensor<3xf32>
}

relax.function @products(%x: tensor<3x0xf32>, %a: tensor<5x0xf32>, %b: tensor<0x4xf32>) -> tensor<3xf32> {
  %1 = relax.matmul %a, %b : tensor<5x0xf32>, tensor<0x4xf32> -> tensor<5x4xf32>
  %2 = relax.prod %x axis [1] : tensor<3x0xf32> -> tensor<3xf32>
  relax.return %2 : tensor<3xf32>
}

// CHECK-LABEL: tensorir.prim_func private @sum(
// CHECK: tensorir.block "A_red"({{.*}}) in (%c3) kinds "S" writes
// CHECK-NEXT: arith.constant 0.000000e+00 : f32
// CHECK-NEXT: tensorir.store
// CHECK-LABEL: tensorir.prim_func private @matmul(
// CHECK: kinds "SS" writes
// CHECK-NOT: tensorir.init
// CHECK-LABEL: tensorir.prim_func private @prod(
// CHECK: kinds "S" writes
// CHECK-NEXT: arith.constant 1.000000e+00 : f32
