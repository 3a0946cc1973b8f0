// RUN: relax-opt %s --convert-tensorir-to-scf --convert-relax-to-func | FileCheck %s

tensorir.prim_func private @copy(%a: memref<2xf32>, %b: memref<2xf32>) {
}

// Constants become globals; a returned argument is copied into its result
// buffer, a returned tuple's computed field is computed into it.
// CHECK: memref.global "private" constant @__constant_0 : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]>
// CHECK-LABEL: func.func @pair(
// CHECK-SAME: %[[X:[^:]*]]: memref<2xf32>, %[[R0:[^:]*]]: memref<2xf32>, %[[R1:[^:]*]]: memref<2xf32>)
relax.function @pair(%x: tensor<2xf32>) -> tuple<tensor<2xf32>, tensor<2xf32>> {
  // CHECK: %[[C:.*]] = memref.get_global @__constant_0 : memref<2xf32>
  %c = relax.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: call @copy(%[[C]], %[[R1]]) :
  %y = relax.call_tir @copy(%c) : (tensor<2xf32>) -> tensor<2xf32>
  %t = relax.tuple %x, %y : tensor<2xf32>, tensor<2xf32>
  // CHECK: memref.copy %[[X]], %[[R0]]
  // CHECK-NOT: memref.copy
  // CHECK: return
  relax.return %t : tuple<tensor<2xf32>, tensor<2xf32>>
}

// The memory plan: a chain of same-typed intermediates takes turns in two
// buffers; each is freed after its last use.
tensorir.prim_func private @step(%a: memref<4xf32>, %b: memref<4xf32>) {
}
// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[IN:[^:]*]]: memref<4xf32>, %[[OUT:[^:]*]]: memref<4xf32>)
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: call @step(%[[IN]], %[[A]])
// CHECK-NEXT: %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: call @step(%[[A]], %[[B]])
// CHECK-NEXT: call @step(%[[B]], %[[A]])
// CHECK-NEXT: call @step(%[[A]], %[[B]])
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: call @step(%[[B]], %[[OUT]])
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: return
relax.function @chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %gv = relax.dataflow -> tensor<4xf32> {
    %0 = relax.call_tir @step(%x) : (tensor<4xf32>) -> tensor<4xf32>
    %1 = relax.call_tir @step(%0) : (tensor<4xf32>) -> tensor<4xf32>
    %2 = relax.call_tir @step(%1) : (tensor<4xf32>) -> tensor<4xf32>
    %3 = relax.call_tir @step(%2) : (tensor<4xf32>) -> tensor<4xf32>
    %4 = relax.call_tir @step(%3) : (tensor<4xf32>) -> tensor<4xf32>
    relax.output %4 : tensor<4xf32>
  }
  relax.return %gv : tensor<4xf32>
}
