// RUN: relax-opt %s --relax-fuse-tir | FileCheck %s

tensorir.prim_func private @double(%a: memref<4xf32>, %out: memref<4xf32>) attributes {op_pattern = 0 : i64, tir.noalias = true} {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.block "compute"(%v) = (%i) in (%c4) kinds "S" reads(%a[%v] : memref<4xf32>) writes(%out[%v] : memref<4xf32>) {
      %x = tensorir.load %a[%v] : memref<4xf32>
      %y = arith.addf %x, %x : f32
      tensorir.store %y, %out[%v] : memref<4xf32>
    }
  }
}
tensorir.prim_func private @kept(%a: memref<4xf32>, %out: memref<4xf32>) attributes {op_pattern = 0 : i64} {
}

relax.function private @fused_double_double1(%x: tensor<4xf32>) -> tensor<4xf32> attributes {Primitive = 1 : i64} {
  %gv = relax.dataflow -> tensor<4xf32> {
    %0 = relax.call_tir @double(%x) : (tensor<4xf32>) -> tensor<4xf32>
    %1 = relax.call_tir @double(%0) : (tensor<4xf32>) -> tensor<4xf32>
    relax.output %1 : tensor<4xf32>
  }
  relax.return %gv : tensor<4xf32>
}

// CHECK-LABEL: relax.function @main
relax.function @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: relax.call_tir @fused_double_double1(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
  %0 = relax.call @fused_double_double1(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // Calls of prim_funcs outside fused functions are untouched.
  // CHECK: relax.call_tir @kept(
  %1 = relax.call_tir @kept(%0) : (tensor<4xf32>) -> tensor<4xf32>
  relax.return %1 : tensor<4xf32>
}

// The fused relax function and the prim_func it alone called are gone.
// CHECK-NOT: relax.function private @fused_double_double1
// CHECK-NOT: tensorir.prim_func private @double(
// CHECK-LABEL: tensorir.prim_func private @fused_double_double1(
// CHECK-SAME: %[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>) attributes {tir.noalias = true}
// CHECK-NEXT: %c0 = arith.constant 0 : index
// CHECK-NEXT: %c4 = arith.constant 4 : index
// CHECK-NEXT: %[[MID:.*]] = tensorir.alloc_buffer : memref<4xf32>
// CHECK: tensorir.block "compute"{{.*}} reads(%[[IN]]{{.*}} writes(%[[MID]]
// CHECK: tensorir.block "compute"{{.*}} reads(%[[MID]]{{.*}} writes(%[[OUT]]
