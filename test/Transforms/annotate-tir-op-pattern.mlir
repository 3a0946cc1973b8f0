// RUN: relax-opt %s --relax-legalize-ops --relax-annotate-tir-op-pattern | FileCheck %s

relax.function @ops(%x: tensor<4x3xf32>, %y: tensor<3xf32>, %z: tensor<4x3xf32>, %w: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = relax.add %x, %z : tensor<4x3xf32>, tensor<4x3xf32> -> tensor<4x3xf32>
  %1 = relax.add %0, %y : tensor<4x3xf32>, tensor<3xf32> -> tensor<4x3xf32>
  %2 = relax.permute_dims %1 : tensor<4x3xf32> -> tensor<3x4xf32>
  %3 = relax.matmul %1, %w : tensor<4x3xf32>, tensor<3x5xf32> -> tensor<4x5xf32>
  relax.return %3 : tensor<4x5xf32>
}

// A reduction over one input, and a function already annotated (left as is).
// CHECK-LABEL: tensorir.prim_func private @row_sum(
// CHECK-SAME: op_pattern = 3 : i64
tensorir.prim_func private @row_sum(%a: memref<4x8xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %k = %c0 to %c8 {
      tensorir.block "sum"(%vi, %vk) = (%i, %k) in (%c4, %c8) kinds "SR"
          reads(%a[%vi, %vk] : memref<4x8xf32>) writes(%out[%vi] : memref<4xf32>) {
        %x = tensorir.load %a[%vi, %vk] : memref<4x8xf32>
        tensorir.store %x, %out[%vi] : memref<4xf32>
      }
    }
  }
}
// CHECK-LABEL: tensorir.prim_func private @annotated(
// CHECK-SAME: op_pattern = 8 : i64
tensorir.prim_func private @annotated(%a: memref<4xf32>) attributes {op_pattern = 8 : i64} {
}
// A store outside any block is opaque.
// CHECK-LABEL: tensorir.prim_func private @opaque(
// CHECK-SAME: op_pattern = 8 : i64
tensorir.prim_func private @opaque(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = arith.constant 1.0 : f32
  tensorir.store %x, %a[%c0] : memref<4xf32>
}

// CHECK-LABEL: tensorir.prim_func private @add(
// CHECK-SAME: op_pattern = 0 : i64
// CHECK-LABEL: tensorir.prim_func private @add1(
// CHECK-SAME: op_pattern = 1 : i64
// CHECK-LABEL: tensorir.prim_func private @transpose(
// CHECK-SAME: op_pattern = 2 : i64
// CHECK-LABEL: tensorir.prim_func private @matmul(
// CHECK-SAME: op_pattern = 4 : i64
